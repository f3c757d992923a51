/**
 * Our server in this process, for the scripts that compare answers or load one page
 * (bench/floor/check.ts, bench/peer/check.ts): the configuration from
 * the environment (DATABASE_URL must name a seeded, rescored database on a server), a free
 * loopback port, no logs, the rate limit out of the way, and an ANALYST token to call it with.
 */
import 'reflect-metadata';
import { loadConfig } from '../src/config';
import { openDatabase, type Database } from '../src/db/database';
import { startServer } from '../src/server';
import { Role } from '../src/auth/principal';
import { signToken } from '../src/auth/token.service';

export interface InProcessServer {
  url: string;
  token: string;
  db: Database;
  stop(): Promise<void>;
}

export async function startOursInProcess(): Promise<InProcessServer> {
  const base = loadConfig({ port: 0, host: '127.0.0.1', nodeEnv: 'test', logLevel: 'silent' });
  if (!base.databaseUrl)
    throw new Error(
      'set DATABASE_URL to a seeded and rescored database (npm run seed, npm run rescore -- --all) on a PostgreSQL server',
    );
  const db = await openDatabase({ databaseUrl: base.databaseUrl, poolMax: 10 });
  const server = await startServer({ ...base, rateLimit: { ...base.rateLimit, points: 0 } }, db);
  const token = await signToken(base.auth, { subject: 'bench', tenant: base.auth.bankTenant, role: Role.ANALYST });
  return {
    url: server.url,
    token,
    db,
    async stop() {
      await server.stop();
      await db.close();
    },
  };
}
