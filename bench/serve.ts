/**
 * Our server as a benchmark contender: the platform as `npm start` runs it (configuration from
 * the environment the harness gives: DATABASE_URL, NODE_ENV=production, a JWT secret, and for the
 * NAIVE build DATALOADER_BATCHING=false), on a free loopback port, silent, with the rate limit
 * out of the way, in its own process so that its CPU and memory are measured alone
 * (bench/probe.ts). The harness prepares a server's database; an embedded one (no DATABASE_URL)
 * is migrated and, when empty, seeded with SEED_FIRMS firms here, as `npm start` does.
 */
import 'reflect-metadata';
import { loadConfig } from '../src/config';
import { openDatabase } from '../src/db/database';
import { startServer } from '../src/server';
import { migrate } from '../src/db/data-source';
import { seedWithProgress } from '../src/seed';
import { announce, installProbe } from './probe';

async function main(): Promise<void> {
  const config = loadConfig({ port: 0, host: '127.0.0.1', logLevel: 'silent' });
  const db = await openDatabase({
    databaseUrl: config.databaseUrl,
    dataDir: config.dataDir,
    poolMax: config.dbPoolMax,
    serving: true,
  });
  if (db.embedded) {
    await migrate(db.url);
    const { rows } = await db.query<{ n: string }>('SELECT count(*) AS n FROM core.firm');
    if (Number(rows[0].n) === 0)
      await seedWithProgress(db, { firms: config.seedFirms, seed: config.seed }, process.stderr);
  }
  const server = await startServer({ ...config, rateLimit: { ...config.rateLimit, points: 0 } }, db);
  installProbe(() => db.statementCount());
  announce(server.url);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
