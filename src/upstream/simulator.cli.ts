/**
 * `npm run upstream -- [--port 4100] [--token T] [--tax-latency-ms 100] [--judicial-outage] ...`
 *
 * Serves the upstream protocol (docs/upstream-protocol.md) from DATABASE_URL, or from an
 * embedded database of its own under DATA_DIR/upstream: PGlite cannot be opened by two
 * processes, so the simulator never shares the platform's `DATA_DIR/pglite`. An empty database
 * is migrated and seeded with SEED_FIRMS firms from SEED, the same portfolio `npm start`
 * generates, so the platform's mirror and its upstream hold the same firms.
 */
import 'reflect-metadata';
import path from 'node:path';
import { ConfigError, loadConfig } from '../config';
import { openDatabase } from '../db/database';
import { migrate } from '../db/data-source';
import { seedWithProgress } from '../seed';
import { activeFaults } from './faults';
import { DEFAULT_TOKEN, SOURCES, startSimulator } from './simulator';
import { parseSimulatorArgs, USAGE, UsageError } from './simulator.args';

async function main(): Promise<void> {
  const args = parseSimulatorArgs(process.argv.slice(2));
  if (args.help) {
    console.log(USAGE);
    return;
  }
  const config = loadConfig();
  const dataDir = path.join(config.dataDir, 'upstream');
  const db = await openDatabase({ databaseUrl: config.databaseUrl, dataDir, poolMax: config.dbPoolMax });
  console.log(
    db.embedded
      ? `database: embedded PostgreSQL (PGlite) in ${dataDir}`
      : 'database: PostgreSQL server from DATABASE_URL',
  );
  await migrate(db.url);
  const { rows } = await db.query<{ n: string }>('SELECT count(*) AS n FROM core.firm');
  if (Number(rows[0].n) === 0 && config.seedFirms > 0) {
    console.log(
      `empty database: generating the portfolio of ${config.seedFirms} firms (seed ${config.seed}) the platform generates`,
    );
    await seedWithProgress(db, { firms: config.seedFirms, seed: config.seed });
  } else {
    console.log(`portfolio: ${rows[0].n} firms`);
  }

  const token = args.token ?? DEFAULT_TOKEN;
  const sim = await startSimulator({
    db,
    port: args.port,
    host: args.host,
    token,
    pageSize: args.pageSize,
    maxBatch: args.maxBatch,
    seed: args.seed,
    faults: args.faults,
  });
  const faults = sim.faults();
  const active = SOURCES.map((s) => [s, activeFaults(faults[s])] as const).filter(([, f]) => Object.keys(f).length);
  console.log(
    `\nupstream simulator at ${sim.url} (sources: ${SOURCES.join(', ')}; page size ${args.pageSize}; max batch ${args.maxBatch})`,
  );
  console.log(
    active.length ? `faults:\n${active.map(([s, f]) => `  ${s}: ${JSON.stringify(f)}`).join('\n')}` : 'faults: none',
  );
  console.log(`
point the platform at it (in another shell${db.embedded ? '; the platform keeps its own embedded database' : ''}):

  TAX_ADAPTER=http REGISTRY_ADAPTER=http SUPPLY_CHAIN_ADAPTER=http JUDICIAL_ADAPTER=http \\
  UPSTREAM_URL=${sim.url} UPSTREAM_TOKEN=${token} npm start

change faults while it runs:

  curl -X PUT ${sim.url}/admin/faults/tax -H 'authorization: Bearer ${token}' -H 'content-type: application/json' -d '{"errorRate":0.2,"latencyMs":100}'
  curl ${sim.url}/admin/stats -H 'authorization: Bearer ${token}'
`);

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal}: stopping the simulator and closing the database`);
    await sim.stop();
    await db.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
}

main().catch((err: unknown) => {
  if (err instanceof UsageError) console.error(`${err.message}\n(npm run upstream -- --help lists every flag)`);
  else console.error(err instanceof ConfigError ? err.message : err);
  process.exit(err instanceof UsageError ? 2 : 1);
});
