/**
 * Data quality beyond the stored job: checks run on read for one firm or a page
 * (DataQuality.issues(live: true), batched, merged with stored findings by fingerprint), the
 * incremental job (core.quality_run: only firms whose data changed are checked, the others'
 * findings untouched, --full agrees), and field-level completeness (missingFields,
 * fieldMissingRates). Everything writes, so on a scratch copy of the test portfolio.
 */
import 'reflect-metadata';
import type { Database } from '../src/db/database';
import { seedPortfolio, type Truth } from '../src/seed';
import { CHECKS } from '../src/quality/checks';
import { changedFirmsSince, runQuality } from '../src/quality/quality.service';
import { EXPECTED_FIELDS } from '../src/quality/completeness.service';
import { gql, openScratchDatabase, type ScratchDatabase, startTestServer, type TestServer } from './helpers';
import { TEST_PORTFOLIO } from './portfolio';

type Issue = {
  id: string | null;
  fingerprint: string;
  code: string;
  status: string;
  detectedAt: string;
  evidence: Record<string, any>;
};

let scratch: ScratchDatabase;
let db: Database;
let t: TestServer;
let truth: Truth;
let dup: { uscc: string; invoiceCode: string | null; invoiceNumber: string };

beforeAll(async () => {
  scratch = await openScratchDatabase({ embeddedConnections: 8 });
  db = scratch.db;
  truth = (await seedPortfolio(db, TEST_PORTFOLIO)).truth.toJSON();
  dup = truth.problems.DUPLICATE_INVOICE[0] as unknown as typeof dup;
  t = await startTestServer({}, { databaseUrl: scratch.url });
}, 180_000);
afterAll(async () => {
  await t?.close();
  await scratch?.drop();
});

const ISSUES = `query($u: USCC!, $live: Boolean) { borrower(uscc: $u) { dataQuality { issues(live: $live) { id fingerprint code severity status detectedAt evidence } } } }`;

async function issuesOf(uscc: string, live: boolean): Promise<Issue[]> {
  const res = await gql(t.url, ISSUES, { u: uscc, live });
  expect(res.errors).toBeUndefined();
  return res.data!.borrower.dataQuality.issues;
}

/** Each finding's row, for telling what a run touched. */
async function findingRows(): Promise<
  Map<string, { uscc: string; code: string; lastSeenAt: string; resolvedAt: string | null }>
> {
  const { rows } = await db.query<{
    fingerprint: string;
    uscc: string;
    code: string;
    lastSeenAt: string;
    resolvedAt: string | null;
  }>(
    `SELECT fingerprint, uscc, code, last_seen_at::text AS "lastSeenAt", resolved_at::text AS "resolvedAt" FROM core.quality_finding`,
  );
  return new Map(rows.map((r) => [r.fingerprint, r]));
}

/** What a write-through or import does besides the rows: stamps the firm's source as just arrived. */
async function stampArrival(uscc: string, source: string): Promise<void> {
  await db.query(
    `INSERT INTO core.source_sync (uscc, source, origin, origin_ref, as_of, fetched_at) VALUES ($1, $2, 'LIVE_FETCH', 'test correction', NULL, now())
     ON CONFLICT (uscc, source) DO UPDATE SET origin = EXCLUDED.origin, origin_ref = EXCLUDED.origin_ref, fetched_at = EXCLUDED.fetched_at`,
    [uscc, source],
  );
}

describe('issues(live: true): the checks on read', () => {
  it("finds a planted firm's problems before any job ran: not stored yet, so id null and OPEN", async () => {
    expect((await db.query('SELECT 1 FROM core.quality_run')).rowCount).toBe(0);
    expect(await issuesOf(dup.uscc, false)).toEqual([]);
    const live = await issuesOf(dup.uscc, true);
    const issue = live.find((i) => i.code === 'DUPLICATE_INVOICE')!;
    expect(issue).toMatchObject({ id: null, status: 'OPEN', fingerprint: expect.stringMatching(/^[0-9a-f]{64}$/) });
    expect(issue.evidence).toMatchObject({ invoiceCode: dup.invoiceCode, invoiceNumber: dup.invoiceNumber });
    expect(Math.abs(Date.parse(issue.detectedAt) - Date.now())).toBeLessThan(60_000);
  });

  it('runs each check once per page of firms, not once per firm', async () => {
    const page = (live: boolean | null) =>
      `query($first: Int!) { borrowers(first: $first) { edges { node { uscc ${live === null ? '' : `dataQuality { issues(live: ${live}) { code } }`} } } } }`;
    const statements = async (first: number, live: boolean | null) => {
      t.db.resetStatementCount();
      const res = await gql(t.url, page(live), { first });
      expect(res.errors).toBeUndefined();
      expect(res.data!.borrowers.edges).toHaveLength(first);
      return t.db.statementCount();
    };
    const bare = await statements(20, null);
    // Every check once and the stored findings to merge once; the as-of month once a minute at most (cached).
    expect(await statements(20, true)).toBeLessThanOrEqual(bare + CHECKS.length + 2);
    expect(await statements(20, true)).toBe(bare + CHECKS.length + 1);
    expect(await statements(5, true)).toBe(bare + CHECKS.length + 1);
    expect(await statements(20, false)).toBe(bare + 1);
  });

  it('after the job, match the stored findings: same fingerprints, with their ids, status and detection time', async () => {
    await runQuality(db);
    const { rows } = await db.query<{ id: string }>(
      `UPDATE core.quality_finding SET status = 'CONFIRMED' WHERE uscc = $1 AND code = 'DUPLICATE_INVOICE' RETURNING id`,
      [dup.uscc],
    );
    expect(rows).toHaveLength(1);
    for (const uscc of [
      ...new Set(
        Object.values(truth.problems)
          .flat()
          .map((e) => e.uscc as string),
      ),
    ].slice(0, 20)) {
      const [stored, live] = await Promise.all([issuesOf(uscc, false), issuesOf(uscc, true)]);
      const key = (i: Issue) => [i.fingerprint, i.id, i.status, i.detectedAt, i.code].join(' ');
      expect(live.map(key).sort()).toEqual(stored.map(key).sort());
      expect(live.every((i) => i.id !== null)).toBe(true);
    }
    const live = await issuesOf(dup.uscc, true);
    expect(live.find((i) => i.code === 'DUPLICATE_INVOICE')).toMatchObject({ id: rows[0].id, status: 'CONFIRMED' });
  });
});

describe('the incremental job', () => {
  it('checks only the firms whose data changed, resolves a corrected finding there, and leaves the others untouched', async () => {
    const full = await runQuality(db, { full: true });
    expect(full).toMatchObject({ mode: 'FULL', firms: TEST_PORTFOLIO.firms, reason: '--full' });

    const nothing = await runQuality(db);
    expect(nothing).toMatchObject({ mode: 'INCREMENTAL', firms: 0 });
    expect(nothing.checks.every((c) => c.scope === 'INCREMENTAL' && c.findings === 0 && c.resolved === 0)).toBe(true);

    const before = await findingRows();
    // Correct the planted duplicate: drop the later row, and stamp the arrival as a write-through does.
    const { rowCount } = await db.query(
      `DELETE FROM tax.invoice WHERE id = (SELECT max(id) FROM tax.invoice WHERE invoice_code IS NOT DISTINCT FROM $1 AND invoice_number = $2)`,
      [dup.invoiceCode, dup.invoiceNumber],
    );
    expect(rowCount).toBe(1);
    await stampArrival(dup.uscc, 'TAX');

    const run = await runQuality(db);
    expect(run).toMatchObject({ mode: 'INCREMENTAL', firms: 1 });
    expect(run.checks.find((c) => c.code === 'DUPLICATE_INVOICE')).toMatchObject({
      findings: 0,
      resolved: 1,
      inserted: 0,
    });
    const after = await findingRows();
    for (const [fp, row] of before) {
      if (row.uscc === dup.uscc) continue;
      expect(after.get(fp)).toEqual(row); // not even last_seen_at moved
    }
    const mine = [...after.entries()].filter(([, r]) => r.uscc === dup.uscc);
    expect(mine.find(([, r]) => r.code === 'DUPLICATE_INVOICE')![1].resolvedAt).not.toBeNull();
    // The firm's other findings were seen again by the run, and stay unresolved.
    for (const [fp, r] of mine.filter(([, r]) => r.code !== 'DUPLICATE_INVOICE')) {
      expect(r.resolvedAt).toBeNull();
      expect(r.lastSeenAt).not.toBe(before.get(fp)!.lastSeenAt);
    }

    // A full run now agrees on that firm, and on everyone else.
    const unresolved = async () =>
      [...(await findingRows()).entries()]
        .filter(([, r]) => r.resolvedAt === null)
        .map(([fp]) => fp)
        .sort();
    const incremental = await unresolved();
    await runQuality(db, { full: true });
    expect(await unresolved()).toEqual(incremental);

    const { rows: runs } = await db.query<{
      mode: string;
      firmsChecked: number;
      status: string;
      checks: Record<string, { scope: string }>;
    }>(`SELECT mode, firms_checked AS "firmsChecked", status, checks FROM core.quality_run ORDER BY id`);
    expect(runs.map((r) => [r.mode, r.firmsChecked, r.status])).toEqual([
      ['FULL', TEST_PORTFOLIO.firms, 'COMPLETED'], // the run in the on-read test: the first one
      ['FULL', TEST_PORTFOLIO.firms, 'COMPLETED'],
      ['INCREMENTAL', 0, 'COMPLETED'],
      ['INCREMENTAL', 1, 'COMPLETED'],
      ['FULL', TEST_PORTFOLIO.firms, 'COMPLETED'],
    ]);
    expect(Object.keys(runs[3].checks).sort()).toEqual(CHECKS.map((c) => c.code).sort());
  });

  it('stores a new finding a changed firm creates for an unchanged one, and resolves it when the changed firm corrects', async () => {
    // B (unchanged) and A (changed, larger USCC) with no duplicates; A's data gains a copy of one of B's invoice numbers.
    const { rows: pair } = await db.query<{ b: string; a: string }>(
      `SELECT f.uscc AS b, (SELECT min(g.uscc) FROM core.firm g WHERE g.uscc > f.uscc
                             AND NOT EXISTS (SELECT 1 FROM core.quality_finding q WHERE q.uscc = g.uscc AND q.code = 'DUPLICATE_INVOICE')) AS a
         FROM core.firm f
        WHERE EXISTS (SELECT 1 FROM tax.invoice i WHERE i.seller_uscc = f.uscc)
          AND NOT EXISTS (SELECT 1 FROM core.quality_finding q WHERE q.uscc = f.uscc AND q.code = 'DUPLICATE_INVOICE')
        ORDER BY f.uscc LIMIT 1`,
    );
    const { a, b } = pair[0];
    const { rows: copy } = await db.query<{ id: string; invoiceNumber: string }>(
      `INSERT INTO tax.invoice (invoice_code, invoice_number, kind, seller_uscc, seller_name, buyer_uscc, buyer_name, issue_date, amount, tax_amount, status)
       SELECT invoice_code, invoice_number, kind, $2, 'A copy', buyer_uscc, buyer_name, issue_date, amount + 1, tax_amount, status
         FROM tax.invoice WHERE seller_uscc = $1 ORDER BY id LIMIT 1
       RETURNING id, invoice_number AS "invoiceNumber"`,
      [b, a],
    );
    await stampArrival(a, 'TAX');
    const before = await findingRows();
    const run = await runQuality(db);
    expect(run).toMatchObject({ mode: 'INCREMENTAL', firms: 1 });
    const found = [...(await findingRows()).values()].filter((r) => r.code === 'DUPLICATE_INVOICE' && r.uscc === b);
    expect(found).toEqual([expect.objectContaining({ resolvedAt: null })]);
    expect([...(await findingRows()).keys()].filter((fp) => !before.has(fp))).toHaveLength(1);

    // A deletes the copy: B's finding names A's row, so B is checked too and the finding resolves.
    await db.query('DELETE FROM tax.invoice WHERE id = $1', [copy[0].id]);
    await stampArrival(a, 'TAX');
    const fix = await runQuality(db);
    expect(fix).toMatchObject({ mode: 'INCREMENTAL', firms: 2 });
    expect(fix.checks.find((c) => c.code === 'DUPLICATE_INVOICE')).toMatchObject({ resolved: 1 });
    expect(
      [...(await findingRows()).values()].filter(
        (r) => r.code === 'DUPLICATE_INVOICE' && r.uscc === b && r.resolvedAt === null,
      ),
    ).toEqual([]);
  });

  it('counts a firm an import carried as changed, and a firm whose finding names a changed firm', async () => {
    // The exact timestamp (a Date keeps milliseconds: the previous test's arrival, stamped in the run's first millisecond, counted as after it).
    const { rows: last } = await db.query<{ startedAt: string }>(
      `SELECT max(started_at)::text AS "startedAt" FROM core.quality_run`,
    );
    const since = last[0].startedAt;
    expect(await changedFirmsSince(db, since)).toEqual([]);
    const { rows: firms } = await db.query<{ uscc: string }>('SELECT uscc FROM core.firm ORDER BY uscc LIMIT 1');
    const { rows: run } = await db.query<{ id: string }>(
      `INSERT INTO core.import_run (source, kind, file, format, bytes, status, started_at, finished_at)
       VALUES ('tax', 'invoice', 'fix.csv', 'csv', 10, 'SUCCEEDED', now(), now()) RETURNING id`,
    );
    await db.query(
      `INSERT INTO core.import_run_firm (run_id, uscc, first_line, last_line, as_of) VALUES ($1, $2, 2, 2, NULL)`,
      [run[0].id, firms[0].uscc],
    );
    expect(await changedFirmsSince(db, since)).toEqual([firms[0].uscc]);

    // A receivable pledged twice is the creditor's finding; its evidence names the debtor.
    const pledged = truth.problems.RECEIVABLE_PLEDGED_TWICE[0] as unknown as { uscc: string };
    const { rows: ev } = await db.query<{ debtor: string }>(
      `SELECT evidence #>> '{receivable,debtorUscc}' AS debtor FROM core.quality_finding WHERE code = 'RECEIVABLE_PLEDGED_TWICE' AND uscc = $1`,
      [pledged.uscc],
    );
    await stampArrival(ev[0].debtor, 'SUPPLY_CHAIN');
    expect(await changedFirmsSince(db, since)).toEqual(
      expect.arrayContaining([firms[0].uscc, ev[0].debtor, pledged.uscc]),
    );
  });
});

describe('field-level completeness', () => {
  const COMPLETENESS = `query($u: USCC!) { borrower(uscc: $u) { dataQuality { completeness { source missingFields } } } }`;
  const fieldsOf = async (uscc: string) => {
    const res = await gql(t.url, COMPLETENESS, { u: uscc });
    expect(res.errors).toBeUndefined();
    return Object.fromEntries(
      res.data!.borrower.dataQuality.completeness.map((c: { source: string; missingFields: string[] }) => [
        c.source,
        c.missingFields,
      ]),
    );
  };

  it("names the declared fields a firm's current records lack", async () => {
    const { rows } = await db.query<{ uscc: string }>(
      `SELECT c.uscc FROM registry.company c JOIN tax.taxpayer t USING (uscc) WHERE c.legal_rep_phone IS NOT NULL ORDER BY c.uscc LIMIT 1`,
    );
    const u = rows[0].uscc;
    const before = await fieldsOf(u);
    expect(before.REGISTRY).toEqual([]);
    expect(before.TAX).toEqual([]);
    expect(before.JUDICIAL).toEqual([]);

    await db.query(`UPDATE registry.company SET legal_rep_phone = NULL, address = '  ' WHERE uscc = $1`, [u]);
    await db.query(`DELETE FROM tax.taxpayer WHERE uscc = $1`, [u]);
    await db.query(`UPDATE bank.account SET closed_on = '2020-01-01' WHERE uscc = $1 AND account_type = 'BASIC'`, [u]);
    const after = await fieldsOf(u);
    expect(after.REGISTRY).toEqual(['legalRepPhone', 'address']);
    expect(after.TAX).toEqual(['taxpayerType', 'creditRating']);
    expect(after.BANK).toEqual(['accounts[accountType=BASIC]']);
  });

  it("gives the portfolio's missing rate per declared field", async () => {
    const res = await gql(t.url, `{ qualityReport { fieldMissingRates { source field firms missingFirms rate } } }`);
    expect(res.errors).toBeUndefined();
    const rates = res.data!.qualityReport.fieldMissingRates as Array<{
      source: string;
      field: string;
      firms: number;
      missingFirms: number;
      rate: string;
    }>;
    expect(rates.map((r) => `${r.source}.${r.field}`)).toEqual(EXPECTED_FIELDS.map((f) => `${f.source}.${f.field}`));
    const { rows } = await db.query<{ phone: string; tax: string }>(
      `SELECT (SELECT count(*) FROM core.firm f LEFT JOIN registry.company c USING (uscc) WHERE nullif(trim(c.legal_rep_phone), '') IS NULL) AS phone,
              (SELECT count(*) FROM core.firm f WHERE NOT EXISTS (SELECT 1 FROM tax.taxpayer t WHERE t.uscc = f.uscc)) AS tax`,
    );
    const phone = rates.find((r) => r.field === 'legalRepPhone')!;
    expect(phone).toMatchObject({ firms: TEST_PORTFOLIO.firms, missingFirms: Number(rows[0].phone) });
    expect(phone.missingFirms).toBeGreaterThan(0);
    expect(phone.rate).toBe((phone.missingFirms / phone.firms).toFixed(4));
    expect(rates.find((r) => r.field === 'creditRating')).toMatchObject({ missingFirms: Number(rows[0].tax) });
    expect(Number(rows[0].tax)).toBeGreaterThanOrEqual(1); // the firm emptied above
  });
});
