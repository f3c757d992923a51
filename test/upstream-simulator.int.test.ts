/**
 * The upstream simulator (src/upstream) against the shared seeded test database: every source's
 * profiles validate against the payload schema the platform's connectors check, batches take a
 * fixed number of statements, long lists page without overlap, and every fault produces what
 * docs/upstream-protocol.md says, as seen over HTTP and by the platform's own client.
 */
import type { z } from 'zod';
import type { Database } from '../src/db/database';
import { buildUscc } from '../src/lib/uscc';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import path from 'node:path';
import { SOURCES, STATEMENTS_PER_BATCH, startSimulator, type Simulator, type Source } from '../src/upstream/simulator';
import { parseSimulatorArgs, UsageError } from '../src/upstream/simulator.args';
import { taxProfileSchema } from '../connectors/tax/tax.upstream';
import { registryProfileSchema } from '../connectors/registry/registry.upstream';
import { supplyChainProfileSchema } from '../connectors/supply-chain/supply-chain.upstream';
import { judicialProfileSchema } from '../connectors/judicial/judicial.upstream';
import { createUpstreamClient, UpstreamError, type UpstreamSettings } from '../connectors/shared/upstream.client';
import { ConnectorMetrics } from '../connectors/shared/metrics';
import type { SourceName } from '../connectors/shared/connector';
import { openTestDatabase } from './helpers';

const TOKEN = 'test-upstream-token';
const SCHEMAS: Record<Source, z.ZodObject> = {
  tax: taxProfileSchema,
  registry: registryProfileSchema,
  'supply-chain': supplyChainProfileSchema,
  judicial: judicialProfileSchema,
};
/** The profile's lists (its other fields are single records). */
const LISTS: Record<Source, string[]> = {
  tax: ['creditRatings', 'declarations', 'invoicesIssued', 'invoicesReceived'],
  registry: ['shareholders', 'changes', 'abnormalListings'],
  'supply-chain': ['coreEnterprises', 'orders', 'receivables'],
  judicial: ['cases', 'enforcements', 'dishonestListings'],
};
/** Items per firm and list, counted straight from the tables ($1: the firms). */
const COUNTS: Record<Source, Record<string, string>> = {
  tax: {
    creditRatings: 'SELECT uscc AS k, count(*) AS n FROM tax.credit_rating WHERE uscc = ANY($1) GROUP BY 1',
    declarations: 'SELECT uscc AS k, count(*) AS n FROM tax.vat_declaration WHERE uscc = ANY($1) GROUP BY 1',
    invoicesIssued: 'SELECT seller_uscc AS k, count(*) AS n FROM tax.invoice WHERE seller_uscc = ANY($1) GROUP BY 1',
    invoicesReceived: 'SELECT buyer_uscc AS k, count(*) AS n FROM tax.invoice WHERE buyer_uscc = ANY($1) GROUP BY 1',
  },
  registry: {
    shareholders: 'SELECT uscc AS k, count(*) AS n FROM registry.shareholder WHERE uscc = ANY($1) GROUP BY 1',
    changes: 'SELECT uscc AS k, count(*) AS n FROM registry.change_log WHERE uscc = ANY($1) GROUP BY 1',
    abnormalListings: 'SELECT uscc AS k, count(*) AS n FROM registry.abnormal_listing WHERE uscc = ANY($1) GROUP BY 1',
  },
  'supply-chain': {
    coreEnterprises: `SELECT k, count(DISTINCT core) AS n FROM (
        SELECT supplier_uscc AS k, core_uscc AS core FROM supply_chain.purchase_order UNION SELECT creditor_uscc, debtor_uscc FROM supply_chain.receivable) s
        JOIN supply_chain.core_enterprise c ON c.uscc = s.core WHERE k = ANY($1) GROUP BY 1`,
    orders:
      'SELECT supplier_uscc AS k, count(*) AS n FROM supply_chain.purchase_order WHERE supplier_uscc = ANY($1) GROUP BY 1',
    receivables:
      'SELECT creditor_uscc AS k, count(*) AS n FROM supply_chain.receivable WHERE creditor_uscc = ANY($1) GROUP BY 1',
  },
  judicial: {
    cases: 'SELECT uscc AS k, count(DISTINCT case_id) AS n FROM judicial.case_party WHERE uscc = ANY($1) GROUP BY 1',
    enforcements: 'SELECT uscc AS k, count(*) AS n FROM judicial.enforcement WHERE uscc = ANY($1) GROUP BY 1',
    dishonestListings:
      'SELECT uscc AS k, count(*) AS n FROM judicial.dishonest_listing WHERE uscc = ANY($1) GROUP BY 1',
  },
};

/** Valid USCCs no source knows. */
const UNKNOWN = buildUscc('9', '1', '110101', '00000001');
const UNKNOWN_2 = buildUscc('9', '1', '110101', '00000002');

interface Reply {
  status: number;
  headers: Headers;
  text: string;
  body: any;
}

async function call(url: string, init: RequestInit & { token?: string | null; json?: unknown } = {}): Promise<Reply> {
  const headers: Record<string, string> = {};
  if (init.token !== null) headers.authorization = `Bearer ${init.token ?? TOKEN}`;
  if (init.json !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(url, {
    ...init,
    headers: { ...headers, ...(init.headers as Record<string, string>) },
    body: init.json !== undefined ? JSON.stringify(init.json) : init.body,
  });
  const text = await res.text();
  let body: any;
  try {
    body = JSON.parse(text);
  } catch {
    body = undefined;
  }
  return { status: res.status, headers: res.headers, text, body };
}

const batchGet = (sim: Simulator, source: string, usccs: unknown, token?: string | null) =>
  call(`${sim.url}/v1/${source}/profiles:batchGet`, { method: 'POST', json: { usccs }, token });
const page = (sim: Simulator, source: string, uscc: string, list: string, pageToken?: string) =>
  call(
    `${sim.url}/v1/${source}/profiles/${uscc}/${list}${pageToken === undefined ? '' : `?pageToken=${encodeURIComponent(pageToken)}`}`,
  );

/** What the platform's client would say of the envelope: a JSON object with an array of profiles. */
function isEnvelope(text: string): boolean {
  try {
    const b = JSON.parse(text);
    return !!b && Array.isArray(b.profiles) && (b.notFound === undefined || Array.isArray(b.notFound));
  } catch {
    return false;
  }
}

/** The newest `*On`/`*Date` value (a receivable's future dueDate aside), the rule asOf follows. */
function newestDate(node: unknown): string | null {
  let max: string | null = null;
  const visit = (n: unknown) => {
    if (Array.isArray(n)) n.forEach(visit);
    else if (n && typeof n === 'object') {
      for (const [k, v] of Object.entries(n)) {
        if (typeof v === 'string' && /(On|Date)$/.test(k) && k !== 'dueDate') max = max === null || v > max ? v : max;
        else visit(v);
      }
    }
  };
  visit(node);
  return max;
}

let db: Database;
let sim: Simulator;
/** 20 firms, the richest in cases, registry status changes, closed enforcements, receivables and invoices first. */
let firms: string[];
/** The firm with the most invoices received (190 in the test portfolio). */
let manyInvoices: string;
/** The firm with the most registry changes. */
let manyChanges: string;

async function topFirms(sql: string, n: number): Promise<string[]> {
  const { rows } = await db.query<{ uscc: string }>(`${sql} LIMIT ${n}`);
  return rows.map((r) => r.uscc);
}

beforeAll(async () => {
  db = await openTestDatabase();
  sim = await startSimulator({ db, token: TOKEN });
  const picked = [
    ...(await topFirms(
      'SELECT f.uscc FROM core.firm f ORDER BY (SELECT count(*) FROM judicial.case_party p WHERE p.uscc = f.uscc) DESC, f.uscc',
      6,
    )),
    ...(await topFirms(
      `SELECT f.uscc FROM core.firm f ORDER BY (SELECT count(*) FROM registry.change_log l WHERE l.uscc = f.uscc AND l.item = 'STATUS') DESC, f.uscc`,
      2,
    )),
    ...(await topFirms(
      'SELECT f.uscc FROM core.firm f ORDER BY (SELECT count(e.closed_on) FROM judicial.enforcement e WHERE e.uscc = f.uscc) DESC, f.uscc',
      2,
    )),
    ...(await topFirms(
      'SELECT f.uscc FROM core.firm f ORDER BY (SELECT count(*) FROM supply_chain.receivable r JOIN supply_chain.pledge p ON p.receivable_id = r.id WHERE r.creditor_uscc = f.uscc) DESC, f.uscc',
      6,
    )),
    ...(await topFirms(
      'SELECT f.uscc FROM core.firm f ORDER BY (SELECT count(*) FROM tax.invoice i WHERE i.buyer_uscc = f.uscc) DESC, f.uscc',
      4,
    )),
    ...(await topFirms('SELECT f.uscc FROM core.firm f ORDER BY f.uscc', 20)),
  ];
  firms = [...new Set(picked)].slice(0, 20);
  [manyInvoices] = await topFirms(
    'SELECT f.uscc FROM core.firm f ORDER BY (SELECT count(*) FROM tax.invoice i WHERE i.buyer_uscc = f.uscc) DESC, f.uscc',
    1,
  );
  [manyChanges] = await topFirms(
    'SELECT f.uscc FROM core.firm f ORDER BY (SELECT count(*) FROM registry.change_log l WHERE l.uscc = f.uscc) DESC, f.uscc',
    1,
  );
  const { rows } = await db.query('SELECT 1 FROM core.firm WHERE uscc = ANY($1)', [[UNKNOWN, UNKNOWN_2]]);
  expect(rows).toHaveLength(0);
});
afterAll(async () => {
  await sim?.stop();
  await db?.close();
});

describe('batchGet', () => {
  it.each(SOURCES)(
    '%s: 20 firms and an unknown one: every key once, profiles valid against the schema and complete',
    async (source) => {
      const asked = [...firms, UNKNOWN];
      const res = await batchGet(sim, source, asked);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/^application\/json/);
      const { profiles, notFound } = res.body as { profiles: any[]; notFound: string[] };
      expect(notFound).toEqual([UNKNOWN]);
      expect(profiles.map((p) => p.uscc)).toEqual(firms);

      const counts: Record<string, Map<string, number>> = {};
      for (const list of LISTS[source]) {
        const { rows } = await db.query<{ k: string; n: string }>(COUNTS[source][list], [firms]);
        counts[list] = new Map(rows.map((r) => [r.k, Number(r.n)]));
      }
      for (const p of profiles) {
        // Parsing strips unknown fields, so equality also proves there are none.
        expect(SCHEMAS[source].parse(p.data)).toEqual(p.data);
        expect(Object.keys(p.nextPageTokens).sort()).toEqual([...LISTS[source]].sort());
        expect(p.asOf).toBe(newestDate(p.data));
        for (const list of LISTS[source]) {
          // The first page (default size 200) of each list; a longer list (the firm the most invoices go to) has a token.
          const n = counts[list].get(p.uscc) ?? 0;
          expect(p.data[list]).toHaveLength(Math.min(n, 200));
          expect(p.nextPageTokens[list] === null).toBe(n <= 200);
        }
      }
      if (source === 'judicial') {
        // Each case with all its parties, the firm among them.
        const { rows } = await db.query<{ id: string; n: string }>(
          'SELECT case_id AS id, count(*) AS n FROM judicial.case_party GROUP BY 1',
        );
        const parties = new Map(rows.map((r) => [r.id, Number(r.n)]));
        const cases = profiles.flatMap((p) => p.data.cases.map((c: any) => ({ firm: p.uscc, c })));
        expect(cases.length).toBeGreaterThan(0);
        for (const { firm, c } of cases) {
          expect(c.parties).toHaveLength(parties.get(c.id)!);
          expect(c.parties.map((x: any) => x.uscc)).toContain(firm);
        }
      }
      if (source === 'supply-chain') {
        const receivables = profiles.flatMap((p) => p.data.receivables);
        expect(receivables.some((r: any) => r.pledges.length > 0)).toBe(true);
        expect(receivables.some((r: any) => r.confirmations.length > 0)).toBe(true);
      }
      // The records known in time arrive as the tables hold them (this batch's firms include some with each).
      const same = async (sql: string, served: (p: any) => any[], some: (rows: any[]) => boolean) => {
        const { rows } = await db.query(sql, [firms]);
        expect(some(rows)).toBe(true);
        for (const p of profiles)
          expect({ uscc: p.uscc, items: served(p) }).toEqual({
            uscc: p.uscc,
            items: rows.filter((r: any) => r.k === p.uscc).map(({ k: _k, ...r }: any) => r),
          });
      };
      if (source === 'tax') {
        await same(
          'SELECT uscc AS k, uscc, year, rating, published_on::text AS "publishedOn" FROM tax.credit_rating WHERE uscc = ANY($1) ORDER BY year DESC',
          (p) => p.data.creditRatings,
          (rows) => new Set(rows.map((r) => r.k)).size === firms.length,
        );
        // The taxpayer's rating is the newest published one.
        for (const p of profiles)
          expect([p.data.taxpayer.creditRating, p.data.taxpayer.ratingYear]).toEqual([
            p.data.creditRatings[0].rating,
            p.data.creditRatings[0].year,
          ]);
      }
      if (source === 'registry') {
        await same(
          `SELECT uscc AS k, changed_on::text AS "changedOn", before_value AS "beforeValue", after_value AS "afterValue" FROM registry.change_log WHERE uscc = ANY($1) AND item = 'STATUS' ORDER BY changed_on DESC, id DESC`,
          (p) =>
            p.data.changes
              .filter((c: any) => c.item === 'STATUS')
              .map(({ changedOn, beforeValue, afterValue }: any) => ({ changedOn, beforeValue, afterValue })),
          (rows) => rows.length > 0,
        );
      }
      if (source === 'judicial') {
        await same(
          `SELECT p.uscc AS k, c.case_no AS "caseNo", c.filed_on::text AS "filedOn", c.published_on::text AS "publishedOn", c.closed_on::text AS "closedOn"
           FROM judicial.case_party p JOIN judicial.court_case c ON c.id = p.case_id WHERE p.uscc = ANY($1) GROUP BY p.uscc, c.id ORDER BY c.filed_on DESC, c.id DESC`,
          (p) =>
            p.data.cases.map(({ caseNo, filedOn, publishedOn, closedOn }: any) => ({
              caseNo,
              filedOn,
              publishedOn,
              closedOn,
            })),
          (rows) => rows.some((r) => r.publishedOn > r.filedOn),
        );
        await same(
          `SELECT uscc AS k, case_no AS "caseNo", filed_on::text AS "filedOn", published_on::text AS "publishedOn", closed_on::text AS "closedOn"
           FROM judicial.enforcement WHERE uscc = ANY($1) ORDER BY filed_on DESC, id DESC`,
          (p) =>
            p.data.enforcements.map(({ caseNo, filedOn, publishedOn, closedOn }: any) => ({
              caseNo,
              filedOn,
              publishedOn,
              closedOn,
            })),
          (rows) => rows.some((r) => r.closedOn !== null) && rows.some((r) => r.publishedOn > r.filedOn),
        );
      }
      if (source === 'tax') {
        for (const p of profiles) {
          const periods = p.data.declarations.map((d: any) => d.period);
          expect(periods).toEqual([...periods].sort().reverse());
          const dates = p.data.invoicesReceived.map((i: any) => i.issueDate);
          expect(dates).toEqual([...dates].sort().reverse());
        }
      }
    },
  );

  it.each(SOURCES)('%s: a batch of 5 keys and one of 20 take the same statements', async (source) => {
    const count = async (keys: string[]) => {
      db.resetStatementCount();
      expect((await batchGet(sim, source, keys)).status).toBe(200);
      return db.statementCount();
    };
    const five = await count(firms.slice(0, 5));
    expect(five).toBe(STATEMENTS_PER_BATCH[source]);
    expect(await count([...firms, UNKNOWN])).toBe(five);
  });

  it('answers a repeated key once and a lower-case key under its own spelling', async () => {
    const [a] = firms;
    const lower = a.toLowerCase();
    expect(lower).not.toBe(a);
    const res = await batchGet(sim, 'registry', [a, a, lower, UNKNOWN, UNKNOWN]);
    expect(res.status).toBe(200);
    expect(res.body.profiles.map((p: any) => p.uscc)).toEqual([a, lower]);
    expect(res.body.profiles[1].data.company.uscc).toBe(a);
    expect(res.body.notFound).toEqual([UNKNOWN]);
  });
});

describe('long lists', () => {
  /** Page sizes small enough for several pages of the test firms' lists... */
  const PAGE_SIZE: Record<Source, number> = { tax: 4, registry: 1, 'supply-chain': 1, judicial: 1 };
  /** ...so that these lists (every ordering: descending dates, share then id, name then uscc) run over several pages. */
  const PAGED: Record<Source, string[]> = {
    tax: ['creditRatings', 'declarations', 'invoicesIssued', 'invoicesReceived'],
    registry: ['shareholders', 'changes'],
    'supply-chain': ['coreEnterprises', 'orders', 'receivables'],
    judicial: ['cases'],
  };
  let manyCores: string;
  let small: Record<Source, Simulator>;
  let full: Simulator;
  beforeAll(async () => {
    small = Object.fromEntries(
      await Promise.all(
        SOURCES.map(async (s) => [s, await startSimulator({ db, token: TOKEN, pageSize: PAGE_SIZE[s] })]),
      ),
    ) as Record<Source, Simulator>;
    full = await startSimulator({ db, token: TOKEN, pageSize: 100_000 });
    [manyCores] = await topFirms(
      `SELECT f.uscc FROM core.firm f ORDER BY (SELECT count(DISTINCT core) FROM (
         SELECT o.core_uscc AS core FROM supply_chain.purchase_order o WHERE o.supplier_uscc = f.uscc
         UNION SELECT r.debtor_uscc FROM supply_chain.receivable r WHERE r.creditor_uscc = f.uscc) s) DESC, f.uscc`,
      1,
    );
  });
  afterAll(async () => {
    await Promise.all(Object.values(small ?? {}).map((s) => s.stop()));
    await full?.stop();
  });

  it.each(SOURCES)(
    '%s: following the page tokens returns every item once, in order, valid against the schema',
    async (source) => {
      const keys = [...new Set([manyInvoices, manyCores, manyChanges, ...firms.slice(0, 8)])];
      const size = PAGE_SIZE[source];
      const [pagedRes, fullRes] = await Promise.all([
        batchGet(small[source], source, keys),
        batchGet(full, source, keys),
      ]);
      const paged = new Set<string>();
      for (const [i, p] of (pagedRes.body.profiles as any[]).entries()) {
        const whole = fullRes.body.profiles[i];
        expect(p.asOf).toBe(whole.asOf);
        for (const list of LISTS[source]) {
          const items = [...p.data[list]];
          expect(items.length).toBeLessThanOrEqual(size);
          let token: string | null = p.nextPageTokens[list];
          expect(token === null).toBe(items.length === whole.data[list].length);
          while (token) {
            const next = await page(small[source], source, p.uscc, list, token);
            expect(next.status).toBe(200);
            expect(next.body.items.length).toBeGreaterThan(0);
            expect(next.body.items.length).toBeLessThanOrEqual(size);
            items.push(...next.body.items);
            token = next.body.nextPageToken;
            paged.add(list);
          }
          expect(items).toEqual(whole.data[list]);
          const element = (SCHEMAS[source].shape[list] as z.ZodArray<z.ZodType>).element;
          for (const item of items) expect(element.parse(item)).toEqual(item);
          const ids = items.map((x: any) =>
            list === 'declarations'
              ? x.period
              : list === 'coreEnterprises'
                ? x.uscc
                : list === 'creditRatings'
                  ? x.year
                  : x.id,
          );
          expect(new Set(ids).size).toBe(ids.length);
        }
      }
      expect([...paged].sort()).toEqual(expect.arrayContaining(PAGED[source]));
    },
  );

  it('serves the first page without a token, and says what is wrong with a bad page request', async () => {
    const a = manyInvoices;
    const b = firms.find((x) => x !== a)!;
    const tiny = small.registry;
    const first = await page(tiny, 'tax', a, 'invoicesReceived');
    expect(first.status).toBe(200);
    const profile = (await batchGet(tiny, 'tax', [a])).body.profiles[0];
    expect(first.body).toEqual({
      items: profile.data.invoicesReceived,
      nextPageToken: profile.nextPageTokens.invoicesReceived,
    });
    const token = profile.nextPageTokens.invoicesReceived as string;
    expect(token).toEqual(expect.any(String));

    const expectError = (r: Reply, status: number, code: string, mention?: string) => {
      expect(r.status).toBe(status);
      expect(r.body.error.code).toBe(code);
      if (mention) expect(r.body.error.message).toContain(mention);
    };
    expectError(await page(tiny, 'tax', a, 'invoicesReceived', 'not-a-token'), 400, 'INVALID_ARGUMENT', 'pageToken');
    const tampered = Buffer.from(
      JSON.stringify({ ...JSON.parse(Buffer.from(token, 'base64url').toString()), a: ['yesterday', '1'] }),
    ).toString('base64url');
    expectError(await page(tiny, 'tax', a, 'invoicesReceived', tampered), 400, 'INVALID_ARGUMENT', 'pageToken');
    expectError(await page(tiny, 'tax', b, 'invoicesReceived', token), 400, 'INVALID_ARGUMENT', 'another list');
    expectError(await page(tiny, 'tax', a, 'invoicesIssued', token), 400, 'INVALID_ARGUMENT', 'another list');
    expectError(await page(tiny, 'tax', a, 'loans'), 404, 'NOT_FOUND', 'invoicesIssued');
    expectError(await page(tiny, 'tax', UNKNOWN, 'invoicesIssued'), 404, 'NOT_FOUND', UNKNOWN);
    expectError(await page(tiny, 'tax', 'ABC', 'invoicesIssued'), 400, 'INVALID_ARGUMENT', 'ABC');
  });
});

describe('authentication and bad requests', () => {
  it('answers 401 UNAUTHENTICATED without the right bearer token', async () => {
    for (const token of [null, 'wrong-token']) {
      const r = await batchGet(sim, 'tax', [firms[0]], token);
      expect(r.status).toBe(401);
      expect(r.headers.get('www-authenticate')).toBe('Bearer');
      expect(r.body.error).toEqual({ code: 'UNAUTHENTICATED', message: expect.any(String) });
    }
    expect((await call(`${sim.url}/v1/tax/profiles/${firms[0]}/declarations`, { token: 'wrong' })).status).toBe(401);
    expect(
      (await call(`${sim.url}/admin/faults/tax`, { method: 'PUT', json: { outage: true }, token: 'wrong' })).status,
    ).toBe(401);
    expect((await call(`${sim.url}/admin/stats`, { token: null })).status).toBe(401);
    // Authentication comes first, even for a body that is not JSON.
    expect(
      (
        await call(`${sim.url}/v1/tax/profiles:batchGet`, {
          method: 'POST',
          body: '{',
          headers: { 'content-type': 'application/json' },
          token: null,
        })
      ).status,
    ).toBe(401);
  });

  it('answers 400 INVALID_ARGUMENT naming a bad key or body, and BATCH_TOO_LARGE over maxBatch', async () => {
    const bad = firms[1].slice(0, 17) + (firms[1][17] === '0' ? '1' : '0');
    const cases: Array<[unknown, string, string]> = [
      [[firms[0], bad], 'INVALID_ARGUMENT', `usccs[1]: "${bad}"`],
      [[firms[0], 'ABC'], 'INVALID_ARGUMENT', 'usccs[1]'],
      [[42], 'INVALID_ARGUMENT', 'usccs[0] is not a string'],
      [[], 'INVALID_ARGUMENT', 'empty'],
      ['91330106MA2CFGNC1J', 'INVALID_ARGUMENT', '"usccs"'],
      [Array.from({ length: 101 }, () => firms[0]), 'BATCH_TOO_LARGE', '101'],
    ];
    for (const [usccs, code, mention] of cases) {
      const r = await batchGet(sim, 'tax', usccs);
      expect(r.status).toBe(400);
      expect(r.body.error.code).toBe(code);
      expect(r.body.error.message).toContain(mention);
    }
    const notJson = await call(`${sim.url}/v1/tax/profiles:batchGet`, {
      method: 'POST',
      body: '{"usccs": [',
      headers: { 'content-type': 'application/json' },
    });
    expect(notJson.status).toBe(400);
    expect(notJson.body.error.code).toBe('INVALID_ARGUMENT');
    const noBody = await call(`${sim.url}/v1/tax/profiles:batchGet`, { method: 'POST' });
    expect(noBody.status).toBe(400);
    expect(noBody.body.error.code).toBe('INVALID_ARGUMENT');
  });

  it('answers 404 NOT_FOUND for an unknown source or route, and /healthz without a token', async () => {
    const r = await batchGet(sim, 'bank', [firms[0]]);
    expect(r.status).toBe(404);
    expect(r.body.error.code).toBe('NOT_FOUND');
    expect((await call(`${sim.url}/v2/nothing`)).body.error.code).toBe('NOT_FOUND');
    const health = await call(`${sim.url}/healthz`, { token: null });
    expect(health.status).toBe(200);
    expect(health.body).toEqual({ status: 'ok', outages: [] });
  });
});

describe('faults', () => {
  let f: Simulator;
  beforeAll(async () => {
    f = await startSimulator({ db, token: TOKEN, seed: 42, faults: { judicial: { latencyMs: 1 } } });
  });
  beforeEach(() => {
    f.resetFaults();
    f.resetStats();
  });
  afterAll(() => f?.stop());

  const keys = () => [firms[0], firms[1], UNKNOWN];
  const expectError = (r: Reply, status: number, code: string) => {
    expect(r.status).toBe(status);
    expect(r.headers.get('content-type')).toMatch(/^application\/json/);
    expect(r.body).toEqual({ error: { code, message: expect.any(String) } });
  };

  it('takes faults at start, and resetFaults clears them', async () => {
    const fresh = await startSimulator({ db, token: TOKEN, faults: { tax: { outage: true } } });
    try {
      expect(fresh.faults().tax.outage).toBe(true);
      expect((await batchGet(fresh, 'tax', keys())).status).toBe(503);
      fresh.resetFaults();
      expect((await batchGet(fresh, 'tax', keys())).status).toBe(200);
    } finally {
      await fresh.stop();
    }
  });

  it('outage: 503 UNAVAILABLE for every request of the source, others unaffected', async () => {
    f.setFaults('tax', { outage: true });
    expectError(await batchGet(f, 'tax', keys()), 503, 'UNAVAILABLE');
    expectError(await page(f, 'tax', firms[0], 'declarations'), 503, 'UNAVAILABLE');
    expect((await batchGet(f, 'registry', keys())).status).toBe(200);
    expect((await call(`${f.url}/healthz`)).body.outages).toEqual(['tax']);
  });

  it('errorRate: 500 INTERNAL', async () => {
    f.setFaults('registry', { errorRate: 1 });
    expectError(await batchGet(f, 'registry', keys()), 500, 'INTERNAL');
    expectError(await page(f, 'registry', firms[0], 'changes'), 500, 'INTERNAL');
  });

  it('rateLimitRate: 429 RESOURCE_EXHAUSTED with Retry-After', async () => {
    f.setFaults('judicial', { rateLimitRate: 1, retryAfterSeconds: 7 });
    const r = await batchGet(f, 'judicial', keys());
    expectError(r, 429, 'RESOURCE_EXHAUSTED');
    expect(r.headers.get('retry-after')).toBe('7');
  });

  it('latencyMs and jitterMs delay the answer', async () => {
    f.setFaults('tax', { latencyMs: 150 });
    let started = Date.now();
    expect((await batchGet(f, 'tax', keys())).status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(145);
    f.setFaults('tax', { latencyMs: 10, jitterMs: 60 });
    const times: number[] = [];
    for (let i = 0; i < 6; i++) {
      started = Date.now();
      expect((await batchGet(f, 'tax', [firms[0]])).status).toBe(200);
      times.push(Date.now() - started);
    }
    expect(Math.min(...times)).toBeGreaterThanOrEqual(9);
    expect(Math.max(...times) - Math.min(...times)).toBeGreaterThan(5);
  });

  it('many delayed answers at once wait without a listener warning (each sleeps on the stop signal)', async () => {
    // In a process of its own, on a database of its own: Node's warnings do not reach jest's sandbox.
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ['-r', '@swc-node/register', 'test/simulator-burst.child.ts'],
      { cwd: path.join(__dirname, '..'), env: { ...process.env, DATABASE_URL: '' }, timeout: 90_000 },
    );
    expect(stdout).toContain(`STATUSES ${Array(30).fill(200).join(',')}`);
    expect(stdout).not.toContain('WARNING');
  }, 120_000);

  it('timeoutRate: the request is never answered, and stop() still returns at once', async () => {
    f.setFaults('supply-chain', { timeoutRate: 1 });
    await expect(
      fetch(`${f.url}/v1/supply-chain/profiles:batchGet`, {
        method: 'POST',
        headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
        body: JSON.stringify({ usccs: keys() }),
        signal: AbortSignal.timeout(200),
      }),
    ).rejects.toThrow(/timeout|abort/i);
    expect(f.stats()['supply-chain']).toEqual({ calls: 1, keys: 3 });

    const hung = await startSimulator({ db, token: TOKEN, faults: { tax: { timeoutRate: 1 } } });
    const pending = batchGet(hung, 'tax', keys()).then(
      () => 'answered',
      () => 'dropped',
    );
    await new Promise((r) => setTimeout(r, 50));
    const started = Date.now();
    await hung.stop();
    expect(Date.now() - started).toBeLessThan(1000);
    expect(await pending).toBe('dropped');
  });

  it('malformedRate: 200 with bodies that are not the envelope, of several kinds', async () => {
    f.setFaults('registry', { malformedRate: 1 });
    const kinds = new Set<string>();
    for (let i = 0; i < 12; i++) {
      const r = await batchGet(f, 'registry', keys());
      expect(r.status).toBe(200);
      expect(isEnvelope(r.text)).toBe(false);
      kinds.add(`${r.headers.get('content-type')}|${r.body === undefined ? 'not JSON' : 'JSON'}|${r.text.length > 0}`);
    }
    expect(kinds.size).toBeGreaterThanOrEqual(3);
    const p = await page(f, 'registry', firms[0], 'changes');
    expect(p.status).toBe(200);
    expect(Array.isArray(p.body?.items)).toBe(false);
  });

  it('invalidProfileRate: a valid envelope whose profiles break the schema, in several ways', async () => {
    f.setFaults('tax', { invalidProfileRate: 1 });
    const paths = new Set<string>();
    for (let i = 0; i < 4; i++) {
      const r = await batchGet(f, 'tax', [...firms.slice(0, 5), UNKNOWN]);
      expect(r.status).toBe(200);
      expect(isEnvelope(r.text)).toBe(true);
      expect(r.body.notFound).toEqual([UNKNOWN]);
      expect(r.body.profiles).toHaveLength(5);
      for (const p of r.body.profiles) {
        const parsed = taxProfileSchema.safeParse(p.data);
        expect(parsed.success).toBe(false);
        paths.add(parsed.error!.issues[0].message);
      }
    }
    expect(paths.size).toBeGreaterThanOrEqual(2);
  });

  it('omitRate: keys left out of both profiles and notFound', async () => {
    f.setFaults('judicial', { omitRate: 1 });
    expect((await batchGet(f, 'judicial', keys())).body).toEqual({ profiles: [], notFound: [] });
    f.setFaults('judicial', { omitRate: 0.5 });
    const asked = [...firms, UNKNOWN, UNKNOWN_2];
    const r = await batchGet(f, 'judicial', asked);
    const answered = [...r.body.profiles.map((p: any) => p.uscc), ...r.body.notFound];
    expect(new Set(answered).size).toBe(answered.length);
    expect(answered.every((k: string) => asked.includes(k))).toBe(true);
    expect(answered.length).toBeGreaterThan(0);
    expect(answered.length).toBeLessThan(asked.length);
  });

  it('draws from a seeded stream per source: the same seed meets the same faults', async () => {
    const statuses = async (s: Simulator) => {
      const out: number[] = [];
      for (let i = 0; i < 16; i++) out.push((await batchGet(s, 'tax', [firms[0]])).status);
      return out.join(',');
    };
    const settings = { tax: { errorRate: 0.3, rateLimitRate: 0.2 } };
    const [a, b, c] = await Promise.all(
      [7, 7, 8].map((seed) => startSimulator({ db, token: TOKEN, seed, faults: settings })),
    );
    try {
      const [sa, sb, sc] = [await statuses(a), await statuses(b), await statuses(c)];
      expect(sa).toBe(sb);
      expect(sa).not.toBe(sc);
      expect(sa).toMatch(/200/);
      expect(sa).toMatch(/500|429/);
      // Another source's traffic does not shift this one's draws.
      await a.stop();
      const d = await startSimulator({ db, token: TOKEN, seed: 7, faults: settings });
      try {
        await batchGet(d, 'registry', [firms[0]]);
        expect(await statuses(d)).toBe(sa);
      } finally {
        await d.stop();
      }
    } finally {
      await Promise.all([a, b, c].map((s) => s.stop()));
    }
  });

  it('sets, reads and resets faults over HTTP, rejecting unknown or out-of-range settings', async () => {
    const put = (source: string, json: unknown) => call(`${f.url}/admin/faults/${source}`, { method: 'PUT', json });
    const ok = await put('registry', { errorRate: 1 });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ errorRate: 1, outage: false, latencyMs: 0 });
    expect(f.faults().registry.errorRate).toBe(1);
    expect((await batchGet(f, 'registry', keys())).status).toBe(500);
    expect((await call(`${f.url}/admin/faults`)).body.registry.errorRate).toBe(1);

    for (const bad of [{ errorRate: 2 }, { errorrate: 0.5 }, { outage: 'yes' }, { latencyMs: -1 }]) {
      const r = await put('registry', bad);
      expect(r.status).toBe(400);
      expect(r.body.error.code).toBe('INVALID_ARGUMENT');
    }
    expect((await put('bank', { outage: true })).status).toBe(404);
    expect(f.faults().registry.errorRate).toBe(1);

    // PUT replaces: what is not given is "no fault".
    await put('registry', { latencyMs: 1 });
    expect(f.faults().registry.errorRate).toBe(0);
    await put('tax', { outage: true });
    expect((await call(`${f.url}/admin/faults`, { method: 'DELETE' })).status).toBe(200);
    expect(f.faults().tax.outage).toBe(false);
    expect(() => f.setFaults('tax', { errorRate: 1.5 })).toThrow(/errorRate/);
  });

  it('stats() counts batchGet calls and keys per source, faulted or not', async () => {
    f.setFaults('judicial', { errorRate: 1 });
    await batchGet(f, 'tax', keys());
    await batchGet(f, 'tax', [firms[0]]);
    await batchGet(f, 'judicial', keys());
    await page(f, 'registry', firms[0], 'changes');
    await batchGet(f, 'registry', keys(), 'wrong');
    expect(f.stats()).toEqual({
      tax: { calls: 2, keys: 4 },
      registry: { calls: 0, keys: 0 }, // a page request and an unauthenticated call are not batch calls
      'supply-chain': { calls: 0, keys: 0 },
      judicial: { calls: 1, keys: 3 },
    });
    expect((await call(`${f.url}/admin/stats`)).body.tax).toEqual({ calls: 2, keys: 4 });
    f.resetStats();
    expect(f.stats().tax.calls).toBe(0);
  });
});

describe("the platform's client reads every fault as the docs say", () => {
  let f: Simulator;
  beforeAll(async () => {
    f = await startSimulator({ db, token: TOKEN, seed: 3 });
  });
  beforeEach(() => {
    f.resetFaults();
    f.resetStats();
  });
  afterAll(() => f?.stop());

  const SOURCE_NAMES: Record<Source, SourceName> = {
    tax: 'TAX',
    registry: 'REGISTRY',
    'supply-chain': 'SUPPLY_CHAIN',
    judicial: 'JUDICIAL',
  };
  function client(source: Source, settings: Partial<UpstreamSettings> = {}) {
    const name = SOURCE_NAMES[source];
    return createUpstreamClient(
      name,
      source,
      {
        baseUrl: f.url,
        token: TOKEN,
        timeoutMs: 300,
        retries: 0,
        maxBatch: 100,
        concurrency: 4,
        breakerThreshold: 1000,
        breakerHalfOpenMs: 1000,
        ...settings,
      },
      SCHEMAS[source],
      { fetch, metrics: new ConnectorMetrics(name) },
    );
  }
  const deadline = () => ({ signal: AbortSignal.timeout(3000), at: Date.now() + 3000 });
  const codes = (results: unknown[]) =>
    results.map((r) =>
      r instanceof UpstreamError ? r.code : r && (r as { value: unknown }).value === null ? 'NOT_FOUND' : 'OK',
    );

  it.each(SOURCES)('%s: without faults, every firm is read and the unknown one is not found', async (source) => {
    // A generous timeout: this case is about reading, not timing (CI machines are busy).
    const results = await client(source, { timeoutMs: 2500 }).batchGet([...firms.slice(0, 10), UNKNOWN], deadline());
    expect(codes(results)).toEqual([...Array(10).fill('OK'), 'NOT_FOUND']);
    expect(f.stats()[source]).toEqual({ calls: 1, keys: 11 });
  });

  it('outage, errors and rate limits are UPSTREAM_UNAVAILABLE; a timeout is UPSTREAM_TIMEOUT', async () => {
    const k = [firms[0], UNKNOWN];
    f.setFaults('tax', { outage: true });
    expect(codes(await client('tax').batchGet(k, deadline()))).toEqual([
      'UPSTREAM_UNAVAILABLE',
      'UPSTREAM_UNAVAILABLE',
    ]);
    f.setFaults('tax', { errorRate: 1 });
    expect(codes(await client('tax').batchGet(k, deadline()))).toEqual([
      'UPSTREAM_UNAVAILABLE',
      'UPSTREAM_UNAVAILABLE',
    ]);
    f.setFaults('tax', { rateLimitRate: 1, retryAfterSeconds: 0 });
    f.resetStats();
    // Retry-After 0 fits the deadline: the client retries, twice here.
    expect(codes(await client('tax', { retries: 2 }).batchGet(k, deadline()))).toEqual([
      'UPSTREAM_UNAVAILABLE',
      'UPSTREAM_UNAVAILABLE',
    ]);
    expect(f.stats().tax.calls).toBe(3);
    f.setFaults('tax', { timeoutRate: 1 });
    expect(codes(await client('tax', { timeoutMs: 100 }).batchGet(k, deadline()))).toEqual([
      'UPSTREAM_TIMEOUT',
      'UPSTREAM_TIMEOUT',
    ]);
  });

  it('malformed bodies, invalid profiles and omitted keys are UPSTREAM_BAD_DATA, for the keys concerned', async () => {
    const k = [firms[0], firms[1], UNKNOWN];
    f.setFaults('registry', { malformedRate: 1 });
    for (let i = 0; i < 4; i++)
      expect(codes(await client('registry').batchGet(k, deadline()))).toEqual(Array(3).fill('UPSTREAM_BAD_DATA'));
    f.setFaults('registry', { invalidProfileRate: 1 });
    expect(codes(await client('registry').batchGet(k, deadline()))).toEqual([
      'UPSTREAM_BAD_DATA',
      'UPSTREAM_BAD_DATA',
      'NOT_FOUND',
    ]);
    f.setFaults('registry', { omitRate: 1 });
    expect(codes(await client('registry').batchGet(k, deadline()))).toEqual(Array(3).fill('UPSTREAM_BAD_DATA'));
  });

  it('a wrong token is UPSTREAM_UNAVAILABLE', async () => {
    expect(codes(await client('judicial', { token: 'wrong' }).batchGet([firms[0]], deadline()))).toEqual([
      'UPSTREAM_UNAVAILABLE',
    ]);
  });
});

describe('npm run upstream flags', () => {
  it('has defaults, and per-source fault flags win over the all-source ones', () => {
    const none = parseSimulatorArgs([], {});
    expect(none).toMatchObject({
      port: 4100,
      host: '127.0.0.1',
      token: undefined,
      pageSize: 200,
      maxBatch: 100,
      help: false,
    });
    expect(parseSimulatorArgs([], { UPSTREAM_TOKEN: 'from-env' }).token).toBe('from-env');
    const a = parseSimulatorArgs(
      [
        '--tax-error-rate',
        '0',
        '--error-rate',
        '0.1',
        '--judicial-outage',
        '--tax-latency-ms',
        '100',
        '--port',
        '0',
        '--token',
        't',
      ],
      {},
    );
    expect(a.port).toBe(0);
    expect(a.token).toBe('t');
    expect(a.faults).toEqual({
      tax: { errorRate: 0, latencyMs: 100 },
      registry: { errorRate: 0.1 },
      'supply-chain': { errorRate: 0.1 },
      judicial: { errorRate: 0.1, outage: true },
    });
  });

  it.each([
    [['--tax-error-rate', '2'], '--tax-error-rate expects a probability from 0 to 1, got "2"'],
    [['--port', 'x'], '--port expects a whole number from 0 to 65535'],
    [['--taxlatency-ms', '3'], 'did you mean --tax-latency-ms?'],
    [['--bank-outage'], 'unknown flag --bank-outage'],
    [['--judicial-latency-ms', '1.5'], '--judicial-latency-ms expects a whole number of milliseconds'],
    [['--tax-latency-ms', '-5'], 'starting with "-"'],
  ])('rejects %j clearly', (argv, message) => {
    expect(() => parseSimulatorArgs(argv, {})).toThrow(UsageError);
    expect(() => parseSimulatorArgs(argv, {})).toThrow(message);
  });
});
