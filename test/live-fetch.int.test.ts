/**
 * Live fetches through the upstream simulator over real sockets: one batch call per source per
 * page, sources fetched in parallel, partial results under every fault, STALE fallback,
 * freshness window, and the debug extensions.
 */
import { authHeader, gql, type TestServer } from './helpers';
import { Role } from '../src/auth/principal';
import { startLiveRig, SIM_TOKEN, type LiveRig } from './upstream.helpers';
import { startSimulator } from '../src/upstream/simulator';

const FIVE = `registry { status provenance { origin fetchedAt } } tax { creditRating } bank { accounts { accountNo } }
  supplyChain { orders(first: 2) { orderNo } } judicial { cases(first: 2) { caseNo } }`;
const PROFILE = `query($u: USCC!) { borrower(uscc: $u) { uscc ${FIVE} sources { source status fetchedAt latencyMs errorCode } } }`;
const SIM_SOURCES = ['tax', 'registry', 'supply-chain', 'judicial'] as const;
const FIELD = { tax: 'tax', registry: 'registry', 'supply-chain': 'supplyChain', judicial: 'judicial' } as const;
const SOURCE = { tax: 'TAX', registry: 'REGISTRY', 'supply-chain': 'SUPPLY_CHAIN', judicial: 'JUDICIAL' } as const;

let rig: LiveRig;
let t: TestServer;
let usccs: string[];
const unhandled: unknown[] = [];
const onUnhandled = (e: unknown) => unhandled.push(e);

/**
 * The shared server's deadline. The failing source of the fault matrix is bounded by its own
 * timeouts (700 ms an attempt); the healthy ones' fetches, write-throughs and reads share two
 * database connections, which a loaded embedded run stretched past a 1 s deadline.
 */
const DEADLINE_MS = 2000;

beforeAll(async () => {
  process.on('unhandledRejection', onUnhandled);
  rig = await startLiveRig();
  t = await rig.start({ requestDeadlineMs: DEADLINE_MS }, { timeoutMs: 700 });
  usccs = (await rig.origin.query<{ uscc: string }>('SELECT uscc FROM core.firm ORDER BY uscc')).rows.map(
    (r) => r.uscc,
  );
});
afterAll(async () => {
  process.off('unhandledRejection', onUnhandled);
  await rig.close();
});
beforeEach(() => {
  rig.sim.resetFaults();
  rig.sim.resetStats();
});

describe('live fetch', () => {
  it('a page of 100 borrowers with all five sources makes exactly one upstream batch call per source', async () => {
    // Generous timeouts: a 100-firm batch from the embedded origin takes a while, and a retry
    // would be a second call. The deadline also cuts the database reads still waiting after it
    // (Database.withDeadline): 8 s of upstream plus the write-through must not reach it on a busy box.
    const patient = await rig.start({ requestDeadlineMs: 30_000 }, { timeoutMs: 8000 });
    const res = await gql(patient.url, `{ borrowers(first: 100) { edges { node { uscc ${FIVE} } } } }`);
    expect(res.errors).toBeUndefined();
    const nodes = res.data!.borrowers.edges.map((e: { node: any }) => e.node);
    expect(nodes).toHaveLength(100);
    expect(nodes.filter((n: any) => n.registry && n.tax).length).toBeGreaterThan(80);
    const stats = rig.sim.stats();
    for (const s of SIM_SOURCES) expect(stats[s]).toMatchObject({ calls: 1, keys: 100 });
    // Written through: the mirror now holds what the origin holds for those firms.
    const { rows } = await t.db.query<{ n: string }>(
      `SELECT count(*) AS n FROM core.source_sync WHERE origin = 'LIVE_FETCH' AND source = 'TAX'`,
    );
    expect(Number(rows[0].n)).toBeGreaterThanOrEqual(80);
    // The records known in time came along: ratings by year, publication and closing days, status changes.
    const page = nodes.map((n: { uscc: string }) => n.uscc);
    for (const sql of [
      'SELECT uscc, year, rating, published_on::text FROM tax.credit_rating WHERE uscc = ANY($1) ORDER BY 1, 2',
      'SELECT uscc, case_no, filed_on::text, published_on::text, closed_on::text, status FROM judicial.enforcement WHERE uscc = ANY($1) ORDER BY 1, 2',
      `SELECT DISTINCT c.case_no, c.filed_on::text, c.published_on::text, c.closed_on::text FROM judicial.court_case c
         JOIN judicial.case_party p ON p.case_id = c.id WHERE p.uscc = ANY($1) ORDER BY 1`,
      `SELECT uscc, changed_on::text, before_value, after_value FROM registry.change_log WHERE item = 'STATUS' AND uscc = ANY($1) ORDER BY 1, 2`,
    ]) {
      const held = (await rig.origin.query(sql, [page])).rows;
      expect(held.length).toBeGreaterThan(0);
      expect((await t.db.query(sql, [page])).rows).toEqual(held);
    }
  });

  it("serves a fetched firm's records known in time as the upstream holds them", async () => {
    const KNOWN_AT = `query($u: USCC!) { borrower(uscc: $u) {
      registry { status statusChangedOn changes(first: 100) { changedOn item beforeValue afterValue } }
      tax { creditRating ratingYear creditRatings { year rating publishedOn } }
      judicial { cases(first: 100) { caseNo filedOn publishedOn closedOn } enforcements { caseNo filedOn publishedOn closedOn status } }
      sources { source status } } }`;
    // Among the first 100 firms: the fault matrix below needs firms never fetched.
    const pick = async (sql: string) =>
      (await rig.origin.query<{ uscc: string }>(sql, [usccs.slice(0, 100)])).rows[0]?.uscc;
    const picked = [
      await pick(`SELECT uscc FROM registry.change_log WHERE item = 'STATUS' AND uscc = ANY($1) ORDER BY uscc LIMIT 1`),
      await pick(
        'SELECT uscc FROM judicial.enforcement WHERE closed_on IS NOT NULL AND uscc = ANY($1) ORDER BY uscc LIMIT 1',
      ),
      await pick(
        'SELECT uscc FROM tax.credit_rating WHERE uscc = ANY($1) GROUP BY uscc ORDER BY count(*) DESC, uscc LIMIT 1',
      ),
    ];
    const firms = [...new Set(picked.filter((u): u is string => u !== undefined))];
    const seen = { status: 0, closed: 0, published: 0 };
    // Time enough for a fresh fetch (not a STALE copy) on a busy machine.
    const patient = await rig.start({ requestDeadlineMs: 10_000 }, { timeoutMs: 8000 });
    for (const u of firms) {
      const res = await gql(patient.url, KNOWN_AT, { u });
      expect(res.errors).toBeUndefined();
      const b = res.data!.borrower;
      for (const s of b.sources.filter((x: { source: string }) => ['TAX', 'REGISTRY', 'JUDICIAL'].includes(x.source)))
        expect(s.status).toBe('OK');
      const held = async (sql: string) => (await rig.origin.query(sql, [u])).rows;
      expect(b.tax.creditRatings).toEqual(
        await held(
          'SELECT year, rating, published_on::text AS "publishedOn" FROM tax.credit_rating WHERE uscc = $1 ORDER BY year DESC',
        ),
      );
      expect([b.tax.creditRating, b.tax.ratingYear]).toEqual([
        b.tax.creditRatings[0].rating,
        b.tax.creditRatings[0].year,
      ]);
      expect(b.registry.changes.filter((c: { item: string }) => c.item === 'STATUS')).toEqual(
        await held(
          `SELECT changed_on::text AS "changedOn", item, before_value AS "beforeValue", after_value AS "afterValue" FROM registry.change_log WHERE uscc = $1 AND item = 'STATUS' ORDER BY changed_on DESC, id DESC`,
        ),
      );
      expect(b.judicial.cases).toEqual(
        await held(`SELECT c.case_no AS "caseNo", c.filed_on::text AS "filedOn", c.published_on::text AS "publishedOn", c.closed_on::text AS "closedOn"
          FROM judicial.court_case c WHERE c.id IN (SELECT case_id FROM judicial.case_party WHERE uscc = $1) ORDER BY c.filed_on DESC, c.id DESC`),
      );
      expect(b.judicial.enforcements).toEqual(
        await held(`SELECT case_no AS "caseNo", filed_on::text AS "filedOn", published_on::text AS "publishedOn", closed_on::text AS "closedOn", status
          FROM judicial.enforcement WHERE uscc = $1 ORDER BY filed_on DESC, id DESC`),
      );
      seen.status += b.registry.changes.filter((c: { item: string }) => c.item === 'STATUS').length;
      seen.closed += b.judicial.enforcements.filter((e: { closedOn: string | null }) => e.closedOn !== null).length;
      seen.published += [...b.judicial.cases, ...b.judicial.enforcements].filter(
        (c: { filedOn: string; publishedOn: string }) => c.publishedOn > c.filedOn,
      ).length;
    }
    expect(seen.status).toBeGreaterThan(0);
    expect(seen.closed).toBeGreaterThan(0);
    expect(seen.published).toBeGreaterThan(0);
  });

  it('splits a page into ceil(n / maxBatch) calls', async () => {
    const small = await rig.start({ requestDeadlineMs: 10_000 }, { maxBatch: 30, timeoutMs: 8000 });
    await gql(small.url, `{ borrowers(first: 100) { edges { node { tax { creditRating } } } } }`);
    expect(rig.sim.stats().tax).toMatchObject({ calls: 4, keys: 100 });
  });

  it('fetches the sources in parallel: 400 ms of upstream latency each adds about 400 ms, not 1600', async () => {
    const patient = await rig.start({ requestDeadlineMs: 10_000 }, { timeoutMs: 8000 });
    const timed = async () => {
      const started = Date.now();
      const res = await gql(patient.url, PROFILE, { u: usccs[0] });
      expect(res.errors).toBeUndefined();
      return Date.now() - started;
    };
    await timed(); // warm up
    const base = Math.min(await timed(), await timed());
    for (const s of SIM_SOURCES) rig.sim.setFaults(s, { latencyMs: 400 });
    const slow = Math.min(await timed(), await timed());
    // Each source waits 400 ms; fetched one after another they would add 1600 ms. The margin is
    // wide (a loaded CI box adds hundreds of ms), the gap between the two outcomes wider.
    expect(slow).toBeGreaterThanOrEqual(400);
    expect(slow - base).toBeLessThan(1000);
  });

  it('serves the mirror copy marked STALE when the upstream is down after a good fetch', async () => {
    const u = usccs[1];
    expect((await gql(t.url, PROFILE, { u })).errors).toBeUndefined();
    rig.sim.setFaults('tax', { outage: true });
    const res = await gql(t.url, PROFILE, { u });
    expect(res.errors).toBeUndefined();
    expect(res.data!.borrower.tax.creditRating).toBeTruthy();
    const tax = res.data!.borrower.sources.find((s: { source: string }) => s.source === 'TAX');
    expect(tax).toMatchObject({ status: 'STALE', errorCode: 'UPSTREAM_UNAVAILABLE', fetchedAt: expect.any(String) });
  });

  it('serves fresh mirror data without calling the upstream within the freshness window', async () => {
    const fresh = await rig.start({}, {}, 60_000);
    const u = usccs[2];
    await gql(fresh.url, PROFILE, { u });
    rig.sim.resetStats();
    const res = await gql(fresh.url, PROFILE, { u });
    expect(res.errors).toBeUndefined();
    expect(rig.sim.stats().tax.calls).toBe(0);
    expect(res.data!.borrower.registry.provenance.origin).toBe('LIVE_FETCH');
  });

  it('follows page tokens so long lists reach the mirror whole', async () => {
    // Small pages, but few enough for the client's cap of 50 pages per list.
    const paging = await startSimulator({ db: rig.origin, token: SIM_TOKEN, pageSize: 10 });
    try {
      const srv = await rig.start({}, { baseUrl: paging.url });
      const u = usccs[4];
      const res = await gql(srv.url, PROFILE, { u });
      expect(res.errors).toBeUndefined();
      const count = async (db: typeof rig.origin) =>
        Number(
          (
            await db.query<{ n: string }>(
              'SELECT count(*) AS n FROM tax.invoice WHERE seller_uscc = $1 OR buyer_uscc = $1',
              [u],
            )
          ).rows[0].n,
        );
      expect(await count(rig.origin)).toBeGreaterThan(10);
      expect(await count(srv.db)).toBe(await count(rig.origin));
    } finally {
      await paging.stop();
    }
  });

  it('lists the calls and connector metrics in the extensions when the debug flag is set', async () => {
    const debug = await rig.start({ debugExtensions: true });
    const res = (await (
      await fetch(debug.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(await authHeader(Role.ANALYST)) },
        body: JSON.stringify({ query: PROFILE, variables: { u: usccs[3] } }),
      })
    ).json()) as {
      extensions: {
        connectors: {
          calls: Array<{ source: string; keys: number; outcome: string }>;
          metrics: Array<{ source: string; breakerState: string }>;
        };
      };
    };
    const { calls, metrics } = res.extensions.connectors;
    expect(calls.map((c) => c.source).sort()).toEqual(['JUDICIAL', 'REGISTRY', 'SUPPLY_CHAIN', 'TAX']);
    for (const c of calls) expect(c).toMatchObject({ keys: 1, outcome: 'OK' });
    expect(metrics.find((m) => m.source === 'TAX')).toMatchObject({ breakerState: 'CLOSED' });
  });
});

describe('fault matrix: one source failing nulls only its own sub-object', () => {
  const FAULTS: Array<[string, Record<string, unknown>, string]> = [
    ['outage', { outage: true }, 'UPSTREAM_UNAVAILABLE'],
    ['latency beyond the deadline', { latencyMs: 5000 }, 'UPSTREAM_TIMEOUT'],
    ['HTTP 500', { errorRate: 1 }, 'UPSTREAM_UNAVAILABLE'],
    ['429 with Retry-After', { rateLimitRate: 1, retryAfterSeconds: 5 }, 'UPSTREAM_UNAVAILABLE'],
    ['malformed body', { malformedRate: 1 }, 'UPSTREAM_BAD_DATA'],
    ['invalid profile', { invalidProfileRate: 1 }, 'UPSTREAM_BAD_DATA'],
    ['a batch that omits keys', { omitRate: 1 }, 'UPSTREAM_BAD_DATA'],
  ];
  let next = 100; // firms 100+ were never fetched: no mirror copy to fall back on
  // The matrix measures faults, not this server's first request (compiling the operation,
  // opening connections), which a loaded machine can stretch past the sources' timeouts.
  beforeAll(async () => {
    rig.sim.resetFaults();
    expect((await gql(t.url, PROFILE, { u: usccs[90] })).errors).toBeUndefined();
  });

  for (const source of SIM_SOURCES) {
    for (const [name, faults, code] of FAULTS) {
      it(`${source}: ${name} -> ${code}`, async () => {
        const u = usccs[next++];
        rig.sim.setFaults(source, faults);
        const started = Date.now();
        const res = await gql(t.url, PROFILE, { u });
        // Back by the deadline, not after the upstream's 5 s (its latency or its Retry-After); the margin is a loaded
        // machine's scheduling (300 ms was exceeded by 282 ms while other test suites ran beside this one).
        expect(Date.now() - started).toBeLessThan(DEADLINE_MS + 1000);
        expect(res.errors).toHaveLength(1);
        expect(res.errors![0]).toMatchObject({
          path: ['borrower', FIELD[source]],
          extensions: { code, source: SOURCE[source] },
        });
        const b = res.data!.borrower;
        expect(b[FIELD[source]]).toBeNull();
        for (const other of SIM_SOURCES) if (other !== source) expect(b[FIELD[other]]).not.toBeNull();
        expect(b.bank).not.toBeNull();
        const report = b.sources.find((s: { source: string }) => s.source === SOURCE[source]);
        expect(report).toMatchObject({
          status: code === 'UPSTREAM_TIMEOUT' ? 'TIMEOUT' : 'UNAVAILABLE',
          errorCode: code,
        });
        expect(b.sources.find((s: { source: string }) => s.source === 'ALT_DATA').status).toBe('NOT_REQUESTED');
      });
    }
  }

  it('left no unhandled rejection behind', async () => {
    await new Promise((r) => setTimeout(r, 200));
    expect(unhandled).toEqual([]);
  });
});
