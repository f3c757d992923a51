/**
 * The API as a user calls it: GraphQL over HTTP against a server on the shared, seeded test
 * database.
 */
import { buildUscc } from '../src/lib/uscc';
import { gql, startTestServer, type GraphQLResponse, type TestServer } from './helpers';
import { PROFILE_QUERY, exampleUscc } from '../src/example';
import { generatePortfolio } from '../src/seed';
import { TEST_PORTFOLIO } from './portfolio';

let t: TestServer;
let uscc: string;

beforeAll(async () => {
  t = await startTestServer();
  const found = await exampleUscc(t.db);
  if (!found) throw new Error('the test portfolio is empty');
  uscc = found;
});
afterAll(() => t.close());

describe('borrower(uscc)', () => {
  it('returns a profile with all five sources', async () => {
    const res = await gql(t.url, PROFILE_QUERY, { uscc });
    expect(res.errors).toBeUndefined();
    const b = res.data!.borrower;
    expect(b.uscc).toBe(uscc);
    expect(b.name).toMatch(/\S/);
    expect(b.industry.name).toBeTruthy();
    expect(b.region.province).toBeTruthy();
    expect(b.registry.legalRepName).toBeTruthy();
    expect(b.registry.shareholders.length).toBeGreaterThan(0);
    expect(b.tax.declarations).toHaveLength(3);
    expect(b.tax.invoices.edges.length).toBeGreaterThan(0);
    expect(b.bank.accounts.length).toBeGreaterThan(0);
    expect(b.bank.monthlyFlows).toHaveLength(3);
    expect(b.bank.loans.length).toBeGreaterThan(0);
    expect(b.supplyChain.receivables.length).toBeGreaterThan(0);
    expect(b.judicial.cases.length).toBeGreaterThan(0);
    expect(b.altData.socialInsurance).toHaveLength(3);
    // Money is an exact decimal string, months are YYYY-MM, newest first.
    for (const d of b.tax.declarations) expect(d.sales).toMatch(/^-?\d+\.\d{2}$/);
    const periods = b.tax.declarations.map((d: { period: string }) => d.period);
    expect([...periods].sort().reverse()).toEqual(periods);
  });

  it("says where each source's data came from (provenance) and how each source fared", async () => {
    const res = await gql(
      t.url,
      `query($u: USCC!) { borrower(uscc: $u) {
      registry { provenance { origin originRef asOf fetchedAt } } tax { provenance { origin } } bank { provenance { origin } }
      supplyChain { provenance { origin } } judicial { provenance { origin } } altData { provenance { origin } }
      sources { source status fetchedAt errorCode } } }`,
      { u: uscc },
    );
    expect(res.errors).toBeUndefined();
    const b = res.data!.borrower;
    expect(b.registry.provenance).toMatchObject({
      origin: 'GENERATOR',
      originRef: expect.stringContaining('--seed 7'),
      asOf: '2026-10-31',
    });
    for (const f of ['tax', 'bank', 'supplyChain', 'judicial', 'altData'])
      expect(b[f].provenance.origin).toBe('GENERATOR');
    expect(b.sources).toHaveLength(6);
    for (const s of b.sources)
      expect(s).toMatchObject({ status: 'OK', fetchedAt: expect.any(String), errorCode: null });
  });

  it('reports sources the query did not ask for as NOT_REQUESTED', async () => {
    const res = await gql(
      t.url,
      `query($u: USCC!) { borrower(uscc: $u) { tax { creditRating } sources { source status } } }`,
      { u: uscc },
    );
    const status = Object.fromEntries(
      res.data!.borrower.sources.map((s: { source: string; status: string }) => [s.source, s.status]),
    );
    expect(status).toEqual({
      BANK: 'NOT_REQUESTED',
      TAX: 'OK',
      REGISTRY: 'NOT_REQUESTED',
      SUPPLY_CHAIN: 'NOT_REQUESTED',
      JUDICIAL: 'NOT_REQUESTED',
      ALT_DATA: 'NOT_REQUESTED',
    });
  });

  it('rejects a bad check character with BAD_USER_INPUT naming the expected character', async () => {
    const bad = uscc.slice(0, 17) + (uscc[17] === '0' ? '1' : '0');
    for (const res of [
      await gql(t.url, `{ borrower(uscc: "${bad}") { name } }`),
      await gql(t.url, `query($u: USCC!) { borrower(uscc: $u) { name } }`, { u: bad }),
    ]) {
      expect(res.errors).toHaveLength(1);
      expect(res.errors![0].extensions!.code).toBe('BAD_USER_INPUT');
      expect(res.errors![0].message).toContain(`require '${uscc[17]}'`);
      expect(res.data ?? null).toBeNull();
    }
  });

  it('returns null, not an error, for a valid USCC the platform does not know', async () => {
    const unknown = buildUscc('9', '1', '110101', '00000001');
    const res = await gql(t.url, `{ borrower(uscc: "${unknown}") { name } }`);
    expect(res.errors).toBeUndefined();
    expect(res.data).toEqual({ borrower: null });
  });

  it('pages through invoices with cursors, without overlap', async () => {
    const q = `query($u: USCC!, $after: String) { borrower(uscc: $u) { tax { invoices(first: 2, after: $after) {
      edges { cursor node { id issueDate } } pageInfo { hasNextPage endCursor } } } } }`;
    const p1 = (await gql(t.url, q, { u: uscc })).data!.borrower.tax.invoices;
    expect(p1.edges).toHaveLength(2);
    expect(p1.pageInfo.hasNextPage).toBe(true);
    const p2 = (await gql(t.url, q, { u: uscc, after: p1.pageInfo.endCursor })).data!.borrower.tax.invoices;
    const ids1 = p1.edges.map((e: { node: { id: string } }) => e.node.id);
    for (const e of p2.edges) expect(ids1).not.toContain(e.node.id);
    expect(p2.edges[0].node.issueDate <= p1.edges[1].node.issueDate).toBe(true);
  });

  it('bounds list arguments with a clear message', async () => {
    const res = await gql(
      t.url,
      `query($u: USCC!) { borrower(uscc: $u) { tax { invoices(first: 1000) { pageInfo { hasNextPage } } } } }`,
      { u: uscc },
    );
    expect(res.errors![0].extensions!.code).toBe('BAD_USER_INPUT');
    expect(res.errors![0].message).toBe('`first` must be an integer from 0 to 100, got 1000');
  });
});

describe('bank { financialStatements }', () => {
  const STATEMENTS = `query($u: USCC!) { borrower(uscc: $u) { bank { loans { contractNo } financialStatements {
    id periodEnd periodType audited totalAssets currentAssets cash accountsReceivable inventory totalLiabilities
    currentLiabilities shortTermBorrowings ownersEquity revenue costOfSales netProfit operatingCashFlow receivedOn } } } }`;
  const cents = (s: string) => {
    expect(s).toMatch(/^-?\d+\.\d{2}$/);
    return BigInt(s.replace('.', ''));
  };

  it("returns a borrower's statements, newest first, that add up (assets = liabilities + equity) when nothing was planted", async () => {
    const truth = generatePortfolio(TEST_PORTFOLIO).generator.truth.toJSON();
    const planted = new Set(truth.problems.STATEMENT_IDENTITY.map((p) => p.uscc));
    const { rows } = await t.db.query<{ uscc: string }>(
      `SELECT uscc FROM bank.financial_statement GROUP BY uscc HAVING count(*) >= 3 ORDER BY uscc`,
    );
    const firm = rows.map((r) => r.uscc).find((u) => !planted.has(u));
    expect(firm).toBeDefined();
    const res = await gql(t.url, STATEMENTS, { u: firm });
    expect(res.errors).toBeUndefined();
    const bank = res.data!.borrower.bank;
    expect(bank.loans.length).toBeGreaterThan(0);
    const list = bank.financialStatements as Array<Record<string, string>>;
    expect(list.length).toBeGreaterThanOrEqual(3);
    const ends = list.map((s) => s.periodEnd);
    expect([...ends].sort().reverse()).toEqual(ends);
    for (const s of list) {
      expect(cents(s.totalAssets)).toBe(cents(s.totalLiabilities) + cents(s.ownersEquity));
      expect(cents(s.currentAssets)).toBeLessThanOrEqual(cents(s.totalAssets));
      expect(cents(s.currentAssets)).toBeGreaterThanOrEqual(
        cents(s.cash) + cents(s.accountsReceivable) + cents(s.inventory),
      );
      expect(cents(s.currentLiabilities)).toBeLessThanOrEqual(cents(s.totalLiabilities));
      expect(cents(s.shortTermBorrowings)).toBeLessThanOrEqual(cents(s.currentLiabilities));
      expect(cents(s.revenue)).toBeGreaterThan(0n);
      for (const f of ['netProfit', 'operatingCashFlow', 'costOfSales']) cents(s[f]);
      expect(s.receivedOn > s.periodEnd).toBe(true);
      expect(['ANNUAL', 'SEMI_ANNUAL']).toContain(s.periodType);
    }
  });

  it('is empty for a firm that handed in none', async () => {
    const { rows } = await t.db.query<{ uscc: string }>(
      `SELECT f.uscc FROM core.firm f WHERE NOT EXISTS (SELECT 1 FROM bank.financial_statement s WHERE s.uscc = f.uscc) ORDER BY f.uscc LIMIT 1`,
    );
    const res = await gql(t.url, `query($u: USCC!) { borrower(uscc: $u) { bank { financialStatements { id } } } }`, {
      u: rows[0].uscc,
    });
    expect(res.errors).toBeUndefined();
    expect(res.data!.borrower.bank.financialStatements).toEqual([]);
  });
});

describe('records known in time', () => {
  const firstOf = async (sql: string) => {
    const { rows } = await t.db.query<{ uscc: string }>(sql);
    expect(rows.length).toBeGreaterThan(0);
    return rows[0].uscc;
  };

  it('bank { loans { writtenOffOn classificationHistory } }: the classification history oldest first, ending in the current classification', async () => {
    const u = await firstOf(
      `SELECT uscc FROM bank.loan WHERE written_off_on IS NOT NULL GROUP BY uscc ORDER BY count(*) DESC, uscc LIMIT 1`,
    );
    const res = await gql(
      t.url,
      `query($u: USCC!) { borrower(uscc: $u) { bank { loans { id contractNo status classification writtenOffOn
      classificationHistory { changedOn classification } } } } }`,
      { u },
    );
    expect(res.errors).toBeUndefined();
    const loans = res.data!.borrower.bank.loans as Array<{
      id: string;
      status: string;
      classification: string;
      writtenOffOn: string | null;
      classificationHistory: Array<{ changedOn: string; classification: string }>;
    }>;
    const { rows: held } = await t.db.query<{ id: string; written_off_on: string | null }>(
      `SELECT id::text, written_off_on FROM bank.loan WHERE uscc = $1`,
      [u],
    );
    const { rows: history } = await t.db.query<{ loan_id: string; changedOn: string; classification: string }>(
      `SELECT c.loan_id::text, c.changed_on AS "changedOn", c.classification FROM bank.loan_classification c JOIN bank.loan l ON l.id = c.loan_id WHERE l.uscc = $1 ORDER BY c.changed_on`,
      [u],
    );
    expect(loans.some((l) => l.writtenOffOn !== null)).toBe(true);
    for (const loan of loans) {
      expect(loan.writtenOffOn).toBe(held.find((h) => h.id === loan.id)!.written_off_on);
      if (loan.writtenOffOn !== null) expect(loan.status).toBe('WRITTEN_OFF');
      expect(loan.classificationHistory).toEqual(
        history
          .filter((h) => h.loan_id === loan.id)
          .map(({ changedOn, classification }) => ({ changedOn, classification })),
      );
      expect(loan.classificationHistory.at(-1)!.classification).toBe(loan.classification);
    }
    // Some loan changed class over its life.
    const { rows: moved } = await t.db.query(
      `SELECT 1 FROM bank.loan_classification GROUP BY loan_id HAVING count(*) > 1 LIMIT 1`,
    );
    expect(moved).toHaveLength(1);
  });

  it("tax { creditRatings }: every year's rating with its publication day, newest year first; creditRating is the newest", async () => {
    const u = await firstOf(`SELECT uscc FROM tax.credit_rating GROUP BY uscc ORDER BY count(*) DESC, uscc LIMIT 1`);
    const res = await gql(
      t.url,
      `query($u: USCC!) { borrower(uscc: $u) { tax { creditRating ratingYear creditRatings { year rating publishedOn } } } }`,
      { u },
    );
    expect(res.errors).toBeUndefined();
    const tax = res.data!.borrower.tax;
    const { rows } = await t.db.query(
      `SELECT year, rating, published_on AS "publishedOn" FROM tax.credit_rating WHERE uscc = $1 ORDER BY year DESC`,
      [u],
    );
    expect(rows.length).toBeGreaterThan(1);
    expect(tax.creditRatings).toEqual(rows);
    expect([tax.creditRating, tax.ratingYear]).toEqual([rows[0].rating, rows[0].year]);
  });

  it('judicial: cases and enforcements say when they were published; enforcements when they closed', async () => {
    const u = await firstOf(`SELECT uscc FROM judicial.enforcement WHERE closed_on IS NOT NULL ORDER BY uscc LIMIT 1`);
    const c = await firstOf(
      `SELECT p.uscc FROM judicial.case_party p JOIN judicial.court_case c ON c.id = p.case_id WHERE p.uscc IS NOT NULL AND c.published_on > c.filed_on ORDER BY p.uscc LIMIT 1`,
    );
    const q = `query($u: USCC!) { borrower(uscc: $u) { judicial { cases(first: 100) { caseNo filedOn publishedOn closedOn }
      enforcements { caseNo filedOn publishedOn closedOn status } } } }`;
    const [e, k] = [await gql(t.url, q, { u }), await gql(t.url, q, { u: c })];
    expect(e.errors).toBeUndefined();
    expect(k.errors).toBeUndefined();
    expect(e.data!.borrower.judicial.enforcements).toEqual(
      (
        await t.db.query(
          `SELECT case_no AS "caseNo", filed_on AS "filedOn", published_on AS "publishedOn", closed_on AS "closedOn", status
        FROM judicial.enforcement WHERE uscc = $1 ORDER BY filed_on DESC, id DESC`,
          [u],
        )
      ).rows,
    );
    expect(
      e.data!.borrower.judicial.enforcements.some(
        (x: { closedOn: string | null; status: string }) => x.closedOn !== null && x.status === 'CLOSED',
      ),
    ).toBe(true);
    expect(k.data!.borrower.judicial.cases).toEqual(
      (
        await t.db.query(
          `SELECT c.case_no AS "caseNo", c.filed_on AS "filedOn", c.published_on AS "publishedOn", c.closed_on AS "closedOn"
        FROM judicial.court_case c WHERE c.id IN (SELECT case_id FROM judicial.case_party WHERE uscc = $1) ORDER BY c.filed_on DESC, c.id DESC`,
          [c],
        )
      ).rows,
    );
  });

  it('registry { changes }: STATUS changes are the status history, ending in the current status', async () => {
    const u = await firstOf(`SELECT uscc FROM registry.change_log WHERE item = 'STATUS' ORDER BY uscc LIMIT 1`);
    const res = await gql(
      t.url,
      `query($u: USCC!) { borrower(uscc: $u) { registry { status statusChangedOn changes(first: 100) { changedOn item beforeValue afterValue } } } }`,
      { u },
    );
    expect(res.errors).toBeUndefined();
    const r = res.data!.borrower.registry;
    const status = r.changes.filter((x: { item: string }) => x.item === 'STATUS');
    expect(status.length).toBeGreaterThan(0);
    expect(status[0]).toMatchObject({ changedOn: r.statusChangedOn, afterValue: r.status });
    for (const x of status)
      expect(['ACTIVE', 'REVOKED', 'DEREGISTERED']).toEqual(expect.arrayContaining([x.beforeValue, x.afterValue]));
  });
});

describe('borrowers(first, after, filter)', () => {
  const PAGE = `query($first: Int!, $after: String, $filter: BorrowerFilter) {
    borrowers(first: $first, after: $after, filter: $filter) {
      totalCount edges { cursor node { uscc name industry { code } region { code } } } pageInfo { hasNextPage endCursor } } }`;

  it('walks every firm exactly once, in USCC order', async () => {
    const seen: string[] = [];
    let after: string | null = null;
    let total = 0;
    for (let i = 0; i < 50; i++) {
      const res: GraphQLResponse = await gql(t.url, PAGE, { first: 40, after });
      expect(res.errors).toBeUndefined();
      const conn = res.data!.borrowers as {
        totalCount: number;
        edges: Array<{ node: { uscc: string } }>;
        pageInfo: { hasNextPage: boolean; endCursor: string };
      };
      total = conn.totalCount;
      seen.push(...conn.edges.map((e) => e.node.uscc));
      if (!conn.pageInfo.hasNextPage) break;
      after = conn.pageInfo.endCursor;
    }
    expect(seen.length).toBe(total);
    expect(new Set(seen).size).toBe(total);
    expect([...seen].sort()).toEqual(seen);
  });

  it('filters by industry, region and name', async () => {
    const all = (await gql(t.url, PAGE, { first: 100 })).data!.borrowers.edges.map((e: { node: any }) => e.node);
    const sample = all[0];
    const byIndustry = (await gql(t.url, PAGE, { first: 100, filter: { industry: sample.industry.code.slice(0, 3) } }))
      .data!.borrowers;
    expect(byIndustry.edges.length).toBeGreaterThan(0);
    for (const e of byIndustry.edges)
      expect(e.node.industry.code.startsWith(sample.industry.code.slice(0, 3))).toBe(true);

    const byRegion = (await gql(t.url, PAGE, { first: 100, filter: { region: sample.region.code.slice(0, 2) } })).data!
      .borrowers;
    for (const e of byRegion.edges) expect(e.node.region.code.startsWith(sample.region.code.slice(0, 2))).toBe(true);

    const part = [...sample.name].slice(2, 5).join('');
    const byName = (await gql(t.url, PAGE, { first: 100, filter: { name: part } })).data!.borrowers;
    expect(byName.edges.map((e: { node: { uscc: string } }) => e.node.uscc)).toContain(sample.uscc);
    for (const e of byName.edges) expect(e.node.name).toContain(part);
  });

  it('explains bad filters and cursors', async () => {
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ first: 10, filter: { industry: 'C33X' } }, 'filter.industry "C33X" is not a GB/T 4754 code prefix'],
      [{ first: 10, filter: { region: '3' } }, 'filter.region "3" is not a GB/T 2260 code prefix'],
      [{ first: 10, filter: { name: 'x' } }, 'filter.name must have 2 to 50 characters'],
      [{ first: 10, after: 'not-a-cursor' }, '`after` is not a cursor this API issued'],
      [{ first: 101 }, '`first` must be an integer from 0 to 100, got 101'],
    ];
    for (const [vars, message] of cases) {
      const res = await gql(t.url, PAGE, vars);
      expect(res.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
      expect(res.errors?.[0].message).toContain(message);
    }
  });
});

describe('federation', () => {
  it('serves _service { sdl } with the Borrower entity', async () => {
    const res = await gql(t.url, '{ _service { sdl } }');
    expect(res.data!._service.sdl).toMatch(/type Borrower\s+@key\(fields: "uscc"\)/);
  });

  it('resolves _entities by uscc: known firms, null for unknown, an error for a bad code', async () => {
    const unknown = buildUscc('9', '1', '110101', '00000001');
    const q = `query($r: [_Any!]!) { _entities(representations: $r) { ... on Borrower { uscc name registry { status } } } }`;
    const res = await gql(t.url, q, {
      r: [
        { __typename: 'Borrower', uscc },
        { __typename: 'Borrower', uscc: unknown },
      ],
    });
    expect(res.errors).toBeUndefined();
    expect(res.data!._entities[0]).toMatchObject({ uscc, registry: { status: expect.any(String) } });
    expect(res.data!._entities[1]).toBeNull();

    const bad = await gql(t.url, q, { r: [{ __typename: 'Borrower', uscc: 'ABC' }] });
    expect(bad.errors![0].extensions!.code).toBe('BAD_USER_INPUT');
  });
});
