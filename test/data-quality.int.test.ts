/**
 * Borrower.dataQuality over HTTP: after the portfolio job, a firm carrying a planted duplicate
 * invoice shows a DUPLICATE_INVOICE issue whose evidence names both invoice rows.
 */
import type { Database } from '../src/db/database';
import { seedPortfolio } from '../src/seed';
import { runQuality } from '../src/quality/quality.service';
import { gql, openScratchDatabase, type ScratchDatabase, startTestServer, type TestServer } from './helpers';
import { TEST_PORTFOLIO } from './portfolio';

let scratch: ScratchDatabase;
let db: Database;
let t: TestServer;
let planted: { uscc: string; invoiceNumber?: string };

beforeAll(async () => {
  scratch = await openScratchDatabase({ embeddedConnections: 8 });
  db = scratch.db;
  const seeded = await seedPortfolio(db, TEST_PORTFOLIO);
  planted = seeded.truth.toJSON().problems.DUPLICATE_INVOICE[0] as typeof planted;
  await runQuality(db);
  t = await startTestServer({}, { databaseUrl: scratch.url });
});
afterAll(async () => {
  await t.close();
  await scratch.drop();
});

describe('Borrower.dataQuality', () => {
  it('shows a planted duplicate invoice with both rows as evidence', async () => {
    const res = await gql(
      t.url,
      `query($u: USCC!) { borrower(uscc: $u) { dataQuality { issues { code severity message evidence sources detectedAt status
         details { code ... on DuplicateInvoiceEvidence { invoiceNumber rows { id amount } } } } } } }`,
      {
        u: planted.uscc,
      },
    );
    expect(res.errors).toBeUndefined();
    const issue = res.data!.borrower.dataQuality.issues.find((i: { code: string }) => i.code === 'DUPLICATE_INVOICE');
    expect(issue).toMatchObject({
      status: 'OPEN',
      sources: expect.arrayContaining(['tax']),
      detectedAt: expect.any(String),
    });
    const rows = issue.evidence.rows as Array<{ id: string }>;
    expect(rows.length).toBeGreaterThanOrEqual(2);
    const { rows: found } = await db.query<{ n: string }>(
      `SELECT count(*) AS n FROM tax.invoice WHERE id = ANY($1::bigint[]) AND invoice_number = $2`,
      [rows.map((r) => r.id), issue.evidence.invoiceNumber],
    );
    expect(Number(found[0].n)).toBe(rows.length);
    expect(issue.message).toContain(issue.evidence.invoiceNumber);
    // The stored finding's typed evidence: the same invoice and rows.
    expect(issue.details).toEqual({
      code: 'DUPLICATE_INVOICE',
      invoiceNumber: issue.evidence.invoiceNumber,
      rows: (issue.evidence.rows as Array<{ id: number; amount: string }>).map((r) => ({
        id: String(r.id),
        amount: r.amount,
      })),
    });
  });

  it('is empty for a firm with no findings', async () => {
    const { rows } = await db.query<{ uscc: string }>(
      `SELECT f.uscc FROM core.firm f WHERE NOT EXISTS (SELECT 1 FROM core.quality_finding q WHERE q.uscc = f.uscc) LIMIT 1`,
    );
    const res = await gql(t.url, `query($u: USCC!) { borrower(uscc: $u) { dataQuality { issues { code } } } }`, {
      u: rows[0].uscc,
    });
    expect(res.data!.borrower.dataQuality.issues).toEqual([]);
  });

  it('reports completeness per source, and a source with no records as missing', async () => {
    const u = planted.uscc;
    const q = `query($u: USCC!) { borrower(uscc: $u) { dataQuality { completeness { source expected records newest missing } } } }`;
    const before = (await gql(t.url, q, { u })).data!.borrower.dataQuality.completeness;
    expect(before.map((c: { source: string }) => c.source).sort()).toEqual([
      'ALT_DATA',
      'BANK',
      'JUDICIAL',
      'REGISTRY',
      'SUPPLY_CHAIN',
      'TAX',
    ]);
    const tax = before.find((c: { source: string }) => c.source === 'TAX');
    expect(tax).toMatchObject({ expected: true, missing: false, newest: expect.stringMatching(/^\d{4}-\d{2}-01$/) });
    expect(tax.records).toBeGreaterThan(0);

    await db.query('DELETE FROM alt_data.social_insurance_month WHERE uscc = $1', [u]);
    const after = (await gql(t.url, q, { u })).data!.borrower.dataQuality.completeness;
    expect(after.find((c: { source: string }) => c.source === 'ALT_DATA')).toMatchObject({
      records: 0,
      missing: true,
      newest: null,
    });
  });

  it('summarises the portfolio: findings by check and severity, missing rate by source, worst firms', async () => {
    const res = await gql(
      t.url,
      `{ qualityReport(worst: 3) { findings { code severity count } missingRates { source firms missingFirms rate } worstFirms { uscc name findings highFindings } } }`,
    );
    expect(res.errors).toBeUndefined();
    const r = res.data!.qualityReport;
    const { rows } = await db.query<{ n: string }>(
      'SELECT count(*) AS n FROM core.quality_finding WHERE resolved_at IS NULL',
    );
    expect(r.findings.reduce((n: number, f: { count: number }) => n + f.count, 0)).toBe(Number(rows[0].n));
    expect(r.missingRates.map((m: { source: string }) => m.source)).toEqual(['ALT_DATA', 'BANK', 'REGISTRY', 'TAX']);
    const alt = r.missingRates.find((m: { source: string }) => m.source === 'ALT_DATA');
    expect(alt.firms).toBe(TEST_PORTFOLIO.firms);
    expect(alt.missingFirms).toBeGreaterThanOrEqual(1); // the firm emptied above
    expect(alt.rate).toBe((alt.missingFirms / alt.firms).toFixed(4));
    expect(r.worstFirms).toHaveLength(3);
    const ranks = r.worstFirms.map((w: { highFindings: number; findings: number }) => [w.highFindings, w.findings]);
    expect([...ranks].sort((a, b) => b[0] - a[0] || b[1] - a[1])).toEqual(ranks);
  });
});
