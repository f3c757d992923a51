/**
 * The contract every connector meets, in every adapter it has (DESIGN.md): per-request loaders
 * whose batch functions answer every key in key order, a status per firm, health, dispose; and
 * what a live fetch writes through to the mirror reads back as the origin holds it, the records
 * known in time included (credit ratings, status changes, publication and closing days).
 */
import { registrySource } from '../connectors/registry';
import { taxSource } from '../connectors/tax';
import { bankSource } from '../connectors/bank';
import { supplyChainSource } from '../connectors/supply-chain';
import { judicialSource } from '../connectors/judicial';
import { altDataSource } from '../connectors/alt-data';
import { connectSource } from '../src/connectors';
import type { SourceDescriptor } from '../connectors/shared/source';
import type { ConnectorConfig, ConnectorDeps, RequestScope, SourceConnector } from '../connectors/shared/connector';
import { buildUscc } from '../src/lib/uscc';
import { openDatabase, type Database } from '../src/db/database';
import { exampleUscc } from '../src/example';
import { startLiveRig, SIM_TOKEN, type LiveRig } from './upstream.helpers';
import { openTestDatabase } from './helpers';

type AnyConnector = SourceConnector<any>;
/** The connector of a source as the server builds it (postgres for a source without an upstream). */
const maker =
  (source: SourceDescriptor<any, any>) =>
  (config: ConnectorConfig, deps: ConnectorDeps): AnyConnector =>
    connectSource(source, config, deps);
interface Case {
  name: string;
  http: boolean;
  make(config: ConnectorConfig, deps: ConnectorDeps): AnyConnector;
  /** Reads the source's main records of a firm through its loaders; empty means "none". */
  probe(loaders: any, uscc: string): Promise<unknown[]>;
}

const list = (v: unknown) => (v == null ? [] : Array.isArray(v) ? v : [v]);
const CASES: Case[] = [
  { name: 'registry', http: true, make: maker(registrySource), probe: async (l, u) => list(await l.company.load(u)) },
  {
    name: 'tax',
    http: true,
    make: maker(taxSource),
    probe: async (l, u) => (await l.invoices.load({ uscc: u, direction: 'ISSUED', first: 5, after: null })).rows,
  },
  {
    name: 'bank',
    http: false,
    make: maker(bankSource),
    probe: async (l, u) => list(await l.accounts.load(u)),
  },
  {
    name: 'supply-chain',
    http: true,
    make: maker(supplyChainSource),
    probe: async (l, u) => list(await l.orders.load({ uscc: u, first: 5 })),
  },
  {
    name: 'judicial',
    http: true,
    make: maker(judicialSource),
    probe: async (l, u) => list(await l.cases.load({ uscc: u, first: 5 })),
  },
  {
    name: 'alt-data',
    http: false,
    make: maker(altDataSource),
    probe: async (l, u) => list(await l.socialInsurance.load({ uscc: u, months: 6 })),
  },
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
  const out: Array<['postgres' | 'http', () => [ConnectorConfig, Database]]> = [
    ['postgres', () => [{ adapter: 'postgres', freshnessMs: 0 }, origin]],
  ];
  if (c.http) {
    out.push([
      'http',
      () => [
        {
          adapter: 'http',
          freshnessMs: 0,
          upstream: {
            baseUrl: rig.sim.url,
            token: SIM_TOKEN,
            timeoutMs: 1000,
            retries: 1,
            maxBatch: 100,
            concurrency: 4,
            breakerThreshold: 5,
            breakerHalfOpenMs: 1000,
          },
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

describe('records known in time', () => {
  const httpConfig = (): ConnectorConfig => ({
    adapter: 'http',
    freshnessMs: 0,
    upstream: {
      baseUrl: rig.sim.url,
      token: SIM_TOKEN,
      timeoutMs: 4000,
      retries: 1,
      maxBatch: 100,
      concurrency: 4,
      breakerThreshold: 5,
      breakerHalfOpenMs: 1000,
    },
  });
  const firmsWith = async (sql: string, n = 3) =>
    (await origin.query<{ uscc: string }>(`${sql} LIMIT ${n}`)).rows.map((r) => r.uscc);

  /**
   * Fetches `usccs` through the http adapter (written through to the mirror), then reads them
   * back from the mirror and from the origin (postgres adapter) with `read`: the same records.
   */
  async function fetchedIntact<T>(
    make: Case['make'],
    usccs: string[],
    read: (loaders: any, uscc: string) => Promise<T>,
  ): Promise<T[]> {
    const live = make(httpConfig(), { db: mirror }).createLoaders(scope());
    const statuses = await live.status.loadMany(usccs);
    for (const s of statuses) expect(s).toMatchObject({ status: 'OK', found: true });
    const local = make({ adapter: 'postgres', freshnessMs: 0 }, { db: origin }).createLoaders(scope());
    const fetched = await Promise.all(usccs.map((u) => read(live, u)));
    const held = await Promise.all(usccs.map((u) => read(local, u)));
    expect(fetched).toEqual(held);
    return fetched;
  }

  it("tax: every year's credit rating with its publication day, newest year first; the taxpayer's rating is the newest", async () => {
    const usccs = await firmsWith('SELECT uscc FROM tax.credit_rating GROUP BY uscc ORDER BY count(*) DESC, uscc');
    const got = await fetchedIntact(maker(taxSource), usccs, async (l, u) => ({
      taxpayer: await l.taxpayer.load(u),
      ratings: await l.creditRatings.load(u),
    }));
    for (const [i, { taxpayer, ratings }] of got.entries()) {
      const { rows } = await origin.query(
        `SELECT uscc, year, rating, published_on AS "publishedOn" FROM tax.credit_rating WHERE uscc = $1 ORDER BY year DESC`,
        [usccs[i]],
      );
      expect(ratings).toEqual(rows);
      expect(ratings.length).toBeGreaterThan(1);
      expect([taxpayer.creditRating, taxpayer.ratingYear]).toEqual([ratings[0].rating, ratings[0].year]);
      for (const r of ratings) expect(r.publishedOn.slice(0, 4) >= String(r.year)).toBe(true);
    }
  });

  it("registry: the status history (STATUS changes) with the company's status", async () => {
    const usccs = await firmsWith(
      `SELECT uscc FROM registry.change_log WHERE item = 'STATUS' GROUP BY uscc ORDER BY uscc`,
    );
    expect(usccs.length).toBeGreaterThan(0);
    const got = await fetchedIntact(maker(registrySource), usccs, async (l, u) => ({
      company: await l.company.load(u),
      changes: await l.changes.load({ uscc: u, first: 100 }),
    }));
    for (const { company, changes } of got) {
      const status = changes.filter((c: any) => c.item === 'STATUS');
      expect(status.length).toBeGreaterThan(0);
      // The newest status change ends in the company's status.
      expect(status[0]).toMatchObject({ afterValue: company.status, changedOn: company.statusChangedOn });
    }
  });

  it("judicial: cases' publication days, enforcements' publication and closing days", async () => {
    const usccs = [
      ...(await firmsWith(
        'SELECT uscc FROM judicial.enforcement WHERE closed_on IS NOT NULL GROUP BY uscc ORDER BY uscc',
        2,
      )),
      ...(await firmsWith(
        'SELECT p.uscc FROM judicial.case_party p JOIN judicial.court_case c ON c.id = p.case_id WHERE p.uscc IS NOT NULL AND c.published_on > c.filed_on GROUP BY p.uscc ORDER BY count(*) DESC, p.uscc',
        2,
      )),
    ];
    const got = await fetchedIntact(maker(judicialSource), [...new Set(usccs)], async (l, u) => ({
      cases: await l.cases.load({ uscc: u, first: 100 }),
      enforcements: await l.enforcements.load(u),
    }));
    const cases = got.flatMap((g) => g.cases);
    const enforcements = got.flatMap((g) => g.enforcements);
    expect(cases.some((c: any) => c.publishedOn > c.filedOn)).toBe(true);
    expect(enforcements.some((e: any) => e.closedOn !== null && e.status === 'CLOSED')).toBe(true);
    for (const c of cases) expect(c.publishedOn >= c.filedOn).toBe(true);
    for (const e of enforcements)
      expect(e).toMatchObject({ publishedOn: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/) });
  });

  it("bank (postgres only): loans' written-off days and classification histories, oldest first, ending in the loan's classification", async () => {
    const usccs = await firmsWith(
      'SELECT uscc FROM bank.loan WHERE written_off_on IS NOT NULL GROUP BY uscc ORDER BY uscc',
      2,
    );
    expect(usccs.length).toBeGreaterThan(0);
    const loaders = connectSource(bankSource, undefined, { db: origin }).createLoaders(scope());
    const loans = (await loaders.loans.loadMany(usccs)).flat() as any[];
    const histories = await loaders.classificationHistory.loadMany(loans.map((l) => l.id));
    const { rows } = await origin.query<{ loan_id: string; changed_on: string; classification: string }>(
      'SELECT loan_id::text, changed_on, classification FROM bank.loan_classification WHERE loan_id = ANY($1::bigint[]) ORDER BY loan_id, changed_on',
      [loans.map((l) => l.id)],
    );
    for (const [i, loan] of loans.entries()) {
      const history = histories[i] as any[];
      expect(history).toEqual(
        rows
          .filter((r) => r.loan_id === loan.id)
          .map((r) => ({ loanId: loan.id, changedOn: r.changed_on, classification: r.classification })),
      );
      expect(history.at(-1).classification).toBe(loan.classification);
      if (loan.writtenOffOn !== null) expect(loan).toMatchObject({ status: 'WRITTEN_OFF' });
    }
    expect(loans.some((l) => l.writtenOffOn !== null)).toBe(true);
  });
});
