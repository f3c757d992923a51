/**
 * Builds the database every test file shares, once per `npm test`: from migrations/, seeded
 * with a small deterministic portfolio. With DATABASE_URL it is a fresh database on that server
 * (dropped afterwards); without, an in-memory embedded PostgreSQL (PGlite) served on a loopback
 * socket from this process. Test workers find it in TEST_DATABASE_URL.
 */
import 'reflect-metadata';
import { openDatabase } from '../src/db/database';
import { migrate } from '../src/db/data-source';
import { seedPortfolio } from '../src/seed';
import { createScratchDatabase } from './helpers';
import { TEST_PORTFOLIO } from './portfolio';

declare global {
  var __dropTestDatabase: (() => Promise<void>) | undefined;
}

export default async function globalSetup(): Promise<void> {
  // Room for every test file's pools at once (2 workers, servers, simulators): PGlite queues the statements.
  const scratch = await createScratchDatabase(40);
  globalThis.__dropTestDatabase = scratch.drop;
  await migrate(scratch.url);
  const db = await openDatabase({ databaseUrl: scratch.url, poolMax: 2 });
  try {
    await seedPortfolio(db, TEST_PORTFOLIO);
  } finally {
    await db.close();
  }
  process.env.TEST_DATABASE_URL = scratch.url;
}
