/**
 * The contract every connector meets, in every adapter it has (DESIGN.md): per-request loaders
 * whose batch functions answer every key in key order, a status per firm, health, dispose.
 */
import { createRegistryConnector } from '../connectors/registry';
import { createTaxConnector } from '../connectors/tax';
import { createBankConnector } from '../connectors/bank';
import { createSupplyChainConnector } from '../connectors/supply-chain';
import { createJudicialConnector } from '../connectors/judicial';
import { createAltDataConnector } from '../connectors/alt-data';
import type { ConnectorConfig, ConnectorDeps, RequestScope, SourceConnector } from '../connectors/shared/connector';
import { buildUscc } from '../src/lib/uscc';
import { openDatabase, type Database } from '../src/db/database';
import { exampleUscc } from '../src/example';
import { startLiveRig, SIM_TOKEN, type LiveRig } from './upstream.helpers';
import { openTestDatabase } from './helpers';

type AnyConnector = SourceConnector<any>;
interface Case {
  name: string;
  http: boolean;
  make(config: ConnectorConfig, deps: ConnectorDeps): AnyConnector;
  /** Reads the source's main records of a firm through its loaders; empty means "none". */
  probe(loaders: any, uscc: string): Promise<unknown[]>;
}

const list = (v: unknown) => (v == null ? [] : Array.isArray(v) ? v : [v]);
const CASES: Case[] = [
  { name: 'registry', http: true, make: createRegistryConnector, probe: async (l, u) => list(await l.company.load(u)) },
  { name: 'tax', http: true, make: createTaxConnector, probe: async (l, u) => (await l.invoices.load({ uscc: u, direction: 'ISSUED', first: 5, after: null })).rows },
  { name: 'bank', http: false, make: (_c, d) => createBankConnector(d), probe: async (l, u) => list(await l.accounts.load(u)) },
  { name: 'supply-chain', http: true, make: createSupplyChainConnector, probe: async (l, u) => list(await l.orders.load({ uscc: u, first: 5 })) },
  { name: 'judicial', http: true, make: createJudicialConnector, probe: async (l, u) => list(await l.cases.load({ uscc: u, first: 5 })) },
  { name: 'alt-data', http: false, make: (_c, d) => createAltDataConnector(d), probe: async (l, u) => list(await l.socialInsurance.load({ uscc: u, months: 6 })) },
];

const unknown = buildUscc('9', '1', '110101', '00000001');
const scope = (): RequestScope => ({ deadline: { at: Date.now() + 2000, signal: AbortSignal.timeout(2000) } });

let origin: Database;
let known: string;
let rig: LiveRig;
let mirror: Database;

beforeAll(async () => {
  origin = await openTestDatabase();
  known = (await exampleUscc(origin))!;
  rig = await startLiveRig();
  mirror = await openDatabase({ databaseUrl: rig.mirrorUrl, poolMax: 2 });
});
afterAll(async () => {
  await mirror.close();
  await rig.close();
  await origin.close();
});

function adapters(c: Case): Array<['postgres' | 'http', () => [ConnectorConfig, Database]]> {
  const out: Array<['postgres' | 'http', () => [ConnectorConfig, Database]]> = [['postgres', () => [{ adapter: 'postgres', freshnessMs: 0 }, origin]]];
  if (c.http) {
    out.push([
      'http',
      () => [
        {
          adapter: 'http',
          freshnessMs: 0,
          upstream: { baseUrl: rig.sim.url, token: SIM_TOKEN, timeoutMs: 1000, retries: 1, maxBatch: 100, concurrency: 4, breakerThreshold: 5, breakerHalfOpenMs: 1000 },
        },
        mirror,
      ],
    ]);
  }
  return out;
}

describe.each(CASES)('connector $name', (c) => {
  describe.each(adapters(c))('%s adapter', (adapter, setup) => {
    it('answers every key in key order, with a status per firm', async () => {
      const [config, db] = setup();
      const connector = c.make(config, { db });
      expect(connector.adapter).toBe(adapter);
      const loaders = connector.createLoaders(scope());
      const statuses = await loaders.status.loadMany([known, unknown, known]);
      expect(statuses).toHaveLength(3);
      for (const s of statuses) expect(s).not.toBeInstanceOf(Error);
      expect(statuses[0]).toMatchObject({ status: 'OK', found: true });
      if (adapter === 'http') expect(statuses[1]).toMatchObject({ status: 'OK', found: false });
      const [a, b] = await Promise.all([c.probe(loaders, known), c.probe(loaders, unknown)]);
      expect(b).toEqual([]);
      if (c.name !== 'supply-chain' && c.name !== 'judicial') expect(a.length).toBeGreaterThan(0);
      if (adapter === 'http') expect(connector.metrics.calls).toBe(1);
      await expect(connector.health()).resolves.toMatchObject({ ok: true, adapter });
      await expect(connector.dispose()).resolves.toBeUndefined();
    });
  });
});
