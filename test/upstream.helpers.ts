/**
 * Live-fetch test rig: the upstream simulator serves the shared seeded test database (the
 * "origin"), and the platform runs in `http` mode on a mirror database of its own that starts
 * with the firm master only, so every source's data has to arrive through the connectors.
 */
import type { Database } from '../src/db/database';
import { openDatabase } from '../src/db/database';
import { migrate } from '../src/db/data-source';
import type { SourceConfig } from '../src/config';
import { UPSTREAM_SOURCE_NAMES } from '../connectors/sources';
import { startSimulator } from '../src/upstream/simulator';
import { createScratchDatabase, openTestDatabase, startTestServer, type TestServer } from './helpers';
import type { ServerConfig } from '../src/server';

export type Simulator = Awaited<ReturnType<typeof startSimulator>>;

export interface LiveRig {
  origin: Database;
  sim: Simulator;
  mirrorUrl: string;
  start(
    overrides?: Partial<ServerConfig>,
    upstream?: Partial<NonNullable<SourceConfig['upstream']>>,
    freshnessMs?: number,
  ): Promise<TestServer>;
  close(): Promise<void>;
}

export const SIM_TOKEN = 'test-upstream-token';

export async function startLiveRig(): Promise<LiveRig> {
  const origin = await openTestDatabase();
  const sim = await startSimulator({ db: origin, token: SIM_TOKEN, seed: 1 });
  // Several platform servers share the mirror: room for their pools on the embedded socket.
  const mirror = await createScratchDatabase(24);
  await migrate(mirror.url);
  const m = await openDatabase({ databaseUrl: mirror.url, poolMax: 1 });
  const { rows } = await origin.query('SELECT * FROM core.firm');
  await m.query(`INSERT INTO core.firm SELECT * FROM jsonb_populate_recordset(NULL::core.firm, $1::jsonb)`, [
    JSON.stringify(rows),
  ]);
  await m.close();
  const servers: TestServer[] = [];
  return {
    origin,
    sim,
    mirrorUrl: mirror.url,
    async start(overrides = {}, upstream = {}, freshnessMs = 0) {
      const sources = Object.fromEntries(
        UPSTREAM_SOURCE_NAMES.map((s) => [
          s,
          {
            adapter: 'http',
            freshnessMs,
            upstream: {
              baseUrl: sim.url,
              token: SIM_TOKEN,
              timeoutMs: 800,
              retries: 2,
              maxBatch: 100,
              concurrency: 8,
              breakerThreshold: 50,
              breakerHalfOpenMs: 5000,
              ...upstream,
            },
          },
        ]),
      ) as ServerConfig['sources'];
      const t = await startTestServer({ sources, ...overrides }, { databaseUrl: mirror.url });
      servers.push(t);
      return t;
    },
    async close() {
      for (const t of servers) await t.close();
      await sim.stop();
      await origin.close();
      await mirror.drop();
    },
  };
}
