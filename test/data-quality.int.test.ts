/**
 * Borrower.dataQuality over HTTP: after the portfolio job, a firm carrying a planted duplicate
 * invoice shows a DUPLICATE_INVOICE issue whose evidence names both invoice rows.
 */
import { openDatabase, type Database } from '../src/db/database';
import { migrate } from '../src/db/data-source';
import { seedPortfolio } from '../src/seed';
import { runQuality } from '../src/quality/quality.service';
import { createScratchDatabase, gql, startTestServer, type TestServer } from './helpers';
import { TEST_PORTFOLIO } from './portfolio';

let scratch: { url: string; drop(): Promise<void> };
let db: Database;
let t: TestServer;
let planted: { uscc: string; invoiceNumber?: string };

beforeAll(async () => {
  scratch = await createScratchDatabase(8);
  await migrate(scratch.url);
  db = await openDatabase({ databaseUrl: scratch.url, poolMax: 2 });
  const seeded = await seedPortfolio(db, TEST_PORTFOLIO);
  planted = seeded.truth.toJSON().problems.DUPLICATE_INVOICE[0] as typeof planted;
  await runQuality(db);
  t = await startTestServer({}, { databaseUrl: scratch.url });
});
afterAll(async () => {
  await t.close();
  await db.close();
  await scratch.drop();
});

describe('Borrower.dataQuality', () => {
  it('shows a planted duplicate invoice with both rows as evidence', async () => {
    const res = await gql(t.url, `query($u: USCC!) { borrower(uscc: $u) { dataQuality { issues { code severity message evidence sources detectedAt status } } } }`, {
      u: planted.uscc,
    });
    expect(res.errors).toBeUndefined();
    const issue = res.data!.borrower.dataQuality.issues.find((i: { code: string }) => i.code === 'DUPLICATE_INVOICE');
    expect(issue).toMatchObject({ status: 'OPEN', sources: expect.arrayContaining(['tax']), detectedAt: expect.any(String) });
    const rows = issue.evidence.rows as Array<{ id: string }>;
    expect(rows.length).toBeGreaterThanOrEqual(2);
    const { rows: found } = await db.query<{ n: string }>(
      `SELECT count(*) AS n FROM tax.invoice WHERE id = ANY($1::bigint[]) AND invoice_number = $2`,
      [rows.map((r) => r.id), issue.evidence.invoiceNumber],
    );
    expect(Number(found[0].n)).toBe(rows.length);
    expect(issue.message).toContain(issue.evidence.invoiceNumber);
  });

  it('is empty for a firm with no findings', async () => {
    const { rows } = await db.query<{ uscc: string }>(
      `SELECT f.uscc FROM core.firm f WHERE NOT EXISTS (SELECT 1 FROM core.quality_finding q WHERE q.uscc = f.uscc) LIMIT 1`,
    );
    const res = await gql(t.url, `query($u: USCC!) { borrower(uscc: $u) { dataQuality { issues { code } } } }`, { u: rows[0].uscc });
    expect(res.data!.borrower.dataQuality.issues).toEqual([]);
  });
});
