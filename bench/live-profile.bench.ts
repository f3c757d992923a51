/**
 * `npm run bench:live`: the latency of one borrower profile with its four upstream sources
 * fetched live from the simulator, at 0 and at 100 ms of upstream latency per source. Reads
 * DATABASE_URL (a seeded portfolio; it is both the simulator's origin and the platform's mirror,
 * so write-through rewrites identical rows). Every response is checked: a run with errors is
 * not a result.
 */
import 'reflect-metadata';
import { loadConfig } from '../src/config';
import { UPSTREAM_SOURCE_NAMES } from '../connectors/sources';
import { openDatabase } from '../src/db/database';
import { startServer } from '../src/server';
import { startSimulator } from '../src/upstream/simulator';
import { PROFILE_QUERY } from '../src/example';
import { Role } from '../src/auth/principal';
import { signToken } from '../src/auth/token.service';

const RUNS = Number(process.env.BENCH_RUNS ?? 40);

async function main(): Promise<void> {
  const base = loadConfig({ port: 0, host: '127.0.0.1', nodeEnv: 'test' });
  if (!base.databaseUrl) throw new Error('set DATABASE_URL to a seeded database (npm run seed) on a PostgreSQL server');
  const db = await openDatabase({ databaseUrl: base.databaseUrl, poolMax: 10 });
  const sim = await startSimulator({ db, token: 'bench' });
  const upstream = {
    baseUrl: sim.url,
    token: 'bench',
    timeoutMs: 1000,
    retries: 0,
    maxBatch: 100,
    concurrency: 16,
    breakerThreshold: 1000,
    breakerHalfOpenMs: 1000,
  };
  const sources = Object.fromEntries(
    UPSTREAM_SOURCE_NAMES.map((s) => [s, { adapter: 'http', freshnessMs: 0, upstream }]),
  ) as typeof base.sources;
  const server = await startServer({ ...base, sources }, db);
  const { rows } = await db.query<{ uscc: string }>('SELECT uscc FROM core.firm ORDER BY uscc LIMIT $1', [RUNS]);
  const token = await signToken(base.auth, { subject: 'bench', tenant: base.auth.bankTenant, role: Role.ANALYST });

  const measure = async (latencyMs: number) => {
    for (const s of ['tax', 'registry', 'supply-chain', 'judicial'] as const) sim.setFaults(s, { latencyMs });
    const times: number[] = [];
    for (const { uscc } of rows) {
      const started = performance.now();
      const res = await fetch(server.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ query: PROFILE_QUERY, variables: { uscc } }),
      });
      const body = (await res.json()) as { errors?: unknown[]; data?: { borrower: unknown } };
      if (body.errors || !body.data?.borrower)
        throw new Error(`bad response for ${uscc}: ${JSON.stringify(body.errors)}`);
      times.push(performance.now() - started);
    }
    times.sort((a, b) => a - b);
    return {
      latencyMs,
      runs: times.length,
      p50: times[Math.floor(times.length / 2)].toFixed(1),
      p95: times[Math.floor(times.length * 0.95)].toFixed(1),
    };
  };
  await measure(0); // warm-up
  console.table([await measure(0), await measure(100)]);
  await server.stop();
  await sim.stop();
  await db.close();
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
