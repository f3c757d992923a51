/**
 * The data-quality checks against the generator's ground truth.
 *
 * On the shared seeded database the checks only SELECT (other test files read it at the same
 * time, so nothing is stored there): every planted firm is found, with evidence naming the
 * planted rows, and no other firm. Storing is tested on a scratch database seeded with the same
 * portfolio: a run stores the findings, a re-run updates them without duplicating, a corrected
 * record resolves its finding (kept, not deleted), a person's decision survives re-runs.
 */
import 'reflect-metadata';
import type { Database } from '../src/db/database';
import { generatePortfolio, seedPortfolio, type Truth } from '../src/seed';
import { CHECKS } from '../src/quality/checks';
import type { DetectedFinding } from '../src/quality/check';
import { detect, resolveAsOf, runQuality } from '../src/quality/quality.service';
import { plantedFirms, score } from '../src/quality/eval';
import { STRUCTURE_CHECKS, foundKey, scoreStructures } from '../src/quality/structure-eval';
import { openScratchDatabase, openTestDatabase, type ScratchDatabase } from './helpers';
import { TEST_PORTFOLIO } from './portfolio';

type Evidence = Record<string, any>;

/** The planted evidence of `code`, by firm. */
function plantedBy(truth: Truth, code: string): Map<string, Evidence> {
  return new Map((truth.problems as Record<string, Evidence[]>)[code].map((e) => [e.uscc as string, e]));
}

describe('quality checks on the shared test portfolio (read only)', () => {
  let db: Database;
  let truth: Truth;
  const found = new Map<string, DetectedFinding[]>();

  beforeAll(async () => {
    db = await openTestDatabase();
    truth = generatePortfolio(TEST_PORTFOLIO).generator.truth.toJSON();
    const asOf = await resolveAsOf(db);
    for (const check of CHECKS) found.set(check.code, await detect(db, check, asOf));
  });
  afterAll(() => db.close());

  const byFirm = (code: string) => new Map(found.get(code)!.map((f) => [f.uscc, f.evidence as Evidence]));

  it('scoped to some firms, every check returns exactly its portfolio findings of those firms', async () => {
    const asOf = await resolveAsOf(db);
    const planted = [
      ...new Set(
        Object.values(truth.problems as Record<string, Evidence[]>)
          .flat()
          .map((e) => e.uscc as string),
      ),
    ].sort();
    const { rows } = await db.query<{ uscc: string }>('SELECT uscc FROM core.firm ORDER BY uscc LIMIT 5');
    const scopes = [[planted[0]], planted.slice(0, 25), [...planted.slice(25, 40), ...rows.map((r) => r.uscc)]];
    for (const check of CHECKS) {
      for (const scope of scopes) {
        const inScope = new Set(scope);
        const expected = found
          .get(check.code)!
          .filter((f) => inScope.has(f.uscc))
          .map((f) => f.fingerprint)
          .sort();
        const got = await detect(db, check, asOf, undefined, scope);
        expect({ code: check.code, scope: scope.length, fingerprints: got.map((f) => f.fingerprint).sort() }).toEqual({
          code: check.code,
          scope: scope.length,
          fingerprints: expected,
        });
      }
      expect(await detect(db, check, asOf, undefined, [])).toEqual([]);
    }
  });

  it('take the as-of month from the newest declaration, not the clock', async () => {
    // Declarations end the month before the portfolio's asOf (that month is declared next month).
    expect(await resolveAsOf(db)).toEqual({ month: TEST_PORTFOLIO.asOf, date: '2026-10-31' });
    expect(await resolveAsOf(db, '2025-02')).toEqual({ month: '2025-02', date: '2025-02-28' });
    // A later month's data is not complete: refused, naming the month to pass instead.
    await expect(resolveAsOf(db, '2026-11')).rejects.toThrow(
      `--as-of 2026-11 is after the portfolio's as-of month ${TEST_PORTFOLIO.asOf} (its newest VAT declaration period, 2026-09, plus the declaration lag of 1 month(s)): that month's data is not complete yet; pass ${TEST_PORTFOLIO.asOf} or an earlier month`,
    );
  });

  // The guarantee structures are scored structure by structure (test/seed.int.test.ts: from 300 firms on).
  const firmLevel = CHECKS.filter((c) => !(STRUCTURE_CHECKS as readonly string[]).includes(c.code));
  it.each(firmLevel.map((c) => c.code))('%s finds exactly the planted firms', (code) => {
    const planted = plantedFirms(truth, code);
    expect(planted.size).toBeGreaterThan(0);
    const s = score(code, planted, new Set(found.get(code)!.map((f) => f.uscc)));
    expect({ code, missed: s.missed, falseAlarms: s.falseAlarms }).toEqual({ code, missed: [], falseAlarms: [] });
    expect(s.precision).toBe(1);
    expect(s.recall).toBe(1);
  });

  it('GUARANTEE_CIRCLE finds each planted circle running at asOf as one finding with exactly its firms', () => {
    const keys = found
      .get('GUARANTEE_CIRCLE')!
      .map((f) => foundKey((f.evidence.members as Array<{ uscc: string }>).map((m) => m.uscc)));
    const [circles] = scoreStructures(truth, { GUARANTEE_CIRCLE: keys, GUARANTEE_CHAIN: [], GUARANTEE_STAR: [] });
    expect(circles.planted).toBeGreaterThan(0);
    expect(circles).toMatchObject({ precision: 1, recall: 1, duplicates: 0 });
  });

  it('DUPLICATE_INVOICE names every row of the planted code+number and whether they are identical', async () => {
    const got = byFirm('DUPLICATE_INVOICE');
    for (const [uscc, p] of plantedBy(truth, 'DUPLICATE_INVOICE')) {
      const e = got.get(uscc)!;
      expect({ code: e.invoiceCode, number: e.invoiceNumber, identical: e.identical }).toEqual({
        code: p.invoiceCode,
        number: p.invoiceNumber,
        identical: p.identical,
      });
      const { rows } = await db.query<{ id: string }>(
        'SELECT id FROM tax.invoice WHERE invoice_code IS NOT DISTINCT FROM $1 AND invoice_number = $2 ORDER BY id',
        [p.invoiceCode, p.invoiceNumber],
      );
      expect(e.rows.map((r: Evidence) => String(r.id))).toEqual(rows.map((r) => r.id));
      expect(e.rows.map((r: Evidence) => r.amount).sort()).toEqual([...p.amounts].sort());
      if (!p.identical) expect(e.differingFields).toContain('amount');
    }
  });

  it('DUPLICATE_RECORD names the planted table, key and both row ids, identical or with the differing field', () => {
    const findings = new Map(found.get('DUPLICATE_RECORD')!.map((f) => [f.uscc, f]));
    for (const [uscc, p] of plantedBy(truth, 'DUPLICATE_RECORD')) {
      const f = findings.get(uscc)!;
      const e = f.evidence as Evidence;
      expect({ table: e.table, rowIds: e.rowIds, identical: e.identical, differingFields: e.differingFields }).toEqual({
        table: p.table,
        rowIds: p.rowIds,
        identical: p.identical,
        differingFields: p.differingFields,
      });
      expect(e.rows.map((r: Evidence) => r.id)).toEqual(p.rowIds);
      expect(f.sources).toEqual([p.table.split('.')[0]]);
      expect(f.severity).toBe(p.identical ? 'MEDIUM' : 'HIGH');
    }
  });

  it('DUPLICATE_RECORD: a conflicting version names both rows, the differing fields and their two values', () => {
    const conflicting = [...plantedBy(truth, 'DUPLICATE_RECORD').values()].filter((p) => !p.identical);
    expect(conflicting.length).toBeGreaterThan(0);
    const findings = new Map(found.get('DUPLICATE_RECORD')!.map((f) => [f.uscc, f]));
    for (const p of conflicting) {
      const f = findings.get(p.uscc)!;
      const e = f.evidence as Evidence;
      const [field] = p.differingFields as string[];
      expect(e.differingFields).toEqual([field]);
      expect(e.rows).toHaveLength(2);
      expect(e.rows[0][field]).not.toBe(e.rows[1][field]);
      for (const id of p.rowIds as string[]) expect(f.message).toContain(id);
      expect(f.message).toContain(field);
    }
  });

  it('TAX_WITHOUT_FLOW shows the planted months with invoiced, declared and inflow figures', () => {
    const got = byFirm('TAX_WITHOUT_FLOW');
    for (const [uscc, p] of plantedBy(truth, 'TAX_WITHOUT_FLOW')) {
      const months = new Map<string, Evidence>(got.get(uscc)!.months.map((m: Evidence) => [m.month, m]));
      for (const flow of p.flows as Evidence[]) {
        // The finding covers the planted episode (it lies in the lookback year, every month short).
        const m = months.get(flow.month);
        expect(m).toBeDefined();
        expect(Number(m!.inflow)).toBeCloseTo(Number(flow.inflow), 2);
        expect(Number(m!.invoicedWithTax)).toBeCloseTo(Number(flow.invoicedWithTax), 2);
        expect(m!.declaredSales === null || Number(m!.declaredSales) > 0).toBe(true);
      }
    }
  });

  it('STAFF_MISMATCH shows the claim, the insured months, the ratio and the threshold', () => {
    const got = byFirm('STAFF_MISMATCH');
    for (const [uscc, p] of plantedBy(truth, 'STAFF_MISMATCH')) {
      const e = got.get(uscc)!;
      expect(e.claimedStaff).toBe(p.claimedStaff);
      expect(e.maxInsured).toBeLessThanOrEqual(p.insuredHeadcount);
      expect(e.insured.length).toBeGreaterThan(0);
      expect(Number(e.ratio)).toBeLessThanOrEqual(e.maxInsuredRatio);
    }
  });

  it('RECEIVABLE_PLEDGED_TWICE names the receivable and both active pledges', () => {
    const got = byFirm('RECEIVABLE_PLEDGED_TWICE');
    for (const [uscc, p] of plantedBy(truth, 'RECEIVABLE_PLEDGED_TWICE')) {
      const e = got.get(uscc)!;
      expect(e.receivable.receivableNo).toBe(p.receivableNo);
      expect(e.pledges.map((x: Evidence) => x.registrationNo).sort()).toEqual([...p.registrationNos].sort());
      expect(e.pledges.map((x: Evidence) => x.pledgee).sort()).toEqual([...p.pledgees].sort());
    }
  });

  it('REGISTRY_STATUS_WITH_LIVE_LOAN names the status or listing and the active loans', () => {
    const got = byFirm('REGISTRY_STATUS_WITH_LIVE_LOAN');
    for (const [uscc, p] of plantedBy(truth, 'REGISTRY_STATUS_WITH_LIVE_LOAN')) {
      const e = got.get(uscc)!;
      expect(e.activeLoans.map((l: Evidence) => l.contractNo).sort()).toEqual([...p.activeLoans].sort());
      if (p.status === 'ABNORMAL_LIST')
        expect(e.abnormalListings.map((l: Evidence) => l.listedOn)).toContain(p.listedOn);
      else expect(e.registry).toMatchObject({ status: p.status, statusChangedOn: p.statusChangedOn });
    }
  });

  it('DATED_RECORD_ANOMALY names the invoice, its date and the founding date', () => {
    const got = byFirm('DATED_RECORD_ANOMALY');
    for (const [uscc, p] of plantedBy(truth, 'DATED_RECORD_ANOMALY')) {
      const e = got.get(uscc)!;
      expect(e.foundedOn).toBe(p.foundedOn);
      expect(e.invoices).toContainEqual(
        expect.objectContaining({
          invoiceCode: p.invoiceCode,
          invoiceNumber: p.invoiceNumber,
          issueDate: p.issueDate,
          problem: p.kind === 'FUTURE' ? 'AFTER_AS_OF' : 'BEFORE_FOUNDING',
        }),
      );
    }
  });

  it('FREQUENT_LEGAL_REP_CHANGE lists the change rows within the window', () => {
    const got = byFirm('FREQUENT_LEGAL_REP_CHANGE');
    for (const [uscc, p] of plantedBy(truth, 'FREQUENT_LEGAL_REP_CHANGE')) {
      const e = got.get(uscc)!;
      expect(e.changes.map((c: Evidence) => [c.changedOn, c.before, c.after])).toEqual(
        p.changes.map((c: Evidence) => [c.changedOn, c.before, c.after]),
      );
      expect(e.changes.every((c: Evidence) => c.id !== undefined)).toBe(true);
    }
  });

  it('FINANCIAL_STATEMENT_IDENTITY names the planted statement row and the broken identity with both sides, the difference and the tolerance', async () => {
    const got = found.get('FINANCIAL_STATEMENT_IDENTITY')!;
    const planted = plantedBy(truth, 'STATEMENT_IDENTITY');
    expect(planted.size).toBeGreaterThan(0);
    for (const [uscc, p] of planted) {
      // One finding per broken statement: the firm's planted statement, and no other of its statements.
      const mine = got.filter((f) => f.uscc === uscc);
      expect(mine.map((f) => f.evidence.statementId)).toEqual([p.statementId]);
      const e = mine[0].evidence as Evidence;
      expect(e).toMatchObject({ periodEnd: p.periodEnd, periodType: p.periodType });
      const { rows } = await db.query<Evidence>(
        `SELECT uscc, period_end::text AS "periodEnd", total_assets::text AS "totalAssets", current_assets::text AS "currentAssets",
                total_liabilities::text AS "totalLiabilities", owners_equity::text AS "ownersEquity",
                (cash + accounts_receivable + inventory)::text AS components
           FROM bank.financial_statement WHERE id = $1`,
        [p.statementId],
      );
      expect(rows[0]).toMatchObject({
        uscc,
        periodEnd: p.periodEnd,
        totalAssets: p.figures.totalAssets,
        ownersEquity: p.figures.ownersEquity,
      });
      expect(e.figures).toEqual(p.figures);
      // Exactly the planted identity is broken; its sides and difference are the row's figures as decimal strings.
      expect(e.broken.map((b: Evidence) => b.identity)).toEqual([p.identity]);
      const [b] = e.broken;
      const r = rows[0];
      const cents = (s: string) => Math.round(Number(s) * 100);
      const expected =
        p.identity === 'ASSETS_EQUAL_LIABILITIES_PLUS_EQUITY'
          ? { left: r.totalAssets, right: (cents(r.totalLiabilities) + cents(r.ownersEquity)) / 100, sign: 1 }
          : p.identity === 'CURRENT_ASSETS_WITHIN_TOTAL'
            ? { left: r.currentAssets, right: cents(r.totalAssets) / 100, sign: 1 }
            : { left: r.currentAssets, right: cents(r.components) / 100, sign: -1 };
      expect(b.left).toBe(expected.left);
      expect(cents(b.right)).toBe(Math.round(expected.right * 100));
      expect(b.difference).toMatch(/^-?\d+\.\d{2}$/);
      expect(cents(b.difference)).toBe(expected.sign * (cents(b.left) - cents(b.right)));
      expect(Math.abs(cents(b.difference))).toBeGreaterThan(cents(e.tolerance.applied));
      expect(e.tolerance).toEqual({
        applied: expect.stringMatching(/^\d+\.\d{2}$/),
        absolute: '1.00',
        relativeToTotalAssets: '0.001',
      });
    }
  });
});

describe('quality job on a scratch copy of the portfolio (stores findings)', () => {
  let scratch: ScratchDatabase;
  let db: Database;
  let truth: Truth;

  beforeAll(async () => {
    scratch = await openScratchDatabase();
    db = scratch.db;
    truth = (await seedPortfolio(db, TEST_PORTFOLIO)).truth.toJSON();
  }, 120_000);
  afterAll(async () => {
    await scratch?.drop();
  });

  const current = async () =>
    (
      await db.query<{ code: string; uscc: string; fingerprint: string; status: string; resolved: boolean }>(
        'SELECT code, uscc, fingerprint, status, resolved_at IS NOT NULL AS resolved FROM core.quality_finding ORDER BY id',
      )
    ).rows;

  it('stores every finding once, and a re-run updates them without duplicating', async () => {
    const progress: string[] = [];
    const first = await runQuality(db, {
      onCheck: ({ check, done }) => progress.push(`${check.code}${done ? ' done' : ''}`),
    });
    expect(progress).toHaveLength(CHECKS.length * 2);
    const total = first.checks.reduce((n, c) => n + c.findings, 0);
    expect(first.checks.reduce((n, c) => n + c.inserted, 0)).toBe(total);
    const rows = await current();
    expect(rows).toHaveLength(total);
    expect(new Set(rows.map((r) => r.fingerprint)).size).toBe(total);
    expect(rows.every((r) => r.status === 'OPEN' && !r.resolved)).toBe(true);

    const second = await runQuality(db, { full: true });
    expect(second.checks.map((c) => [c.inserted, c.updated, c.resolved])).toEqual(
      first.checks.map((c) => [0, c.findings, 0]),
    );
    expect(await current()).toEqual(rows);
  });

  it('scores 1.0 precision and recall on the exact checks from the stored findings', async () => {
    const rows = (await current()).filter((r) => !r.resolved);
    for (const code of ['DUPLICATE_INVOICE', 'RECEIVABLE_PLEDGED_TWICE', 'DUPLICATE_RECORD']) {
      const s = score(code, plantedFirms(truth, code), new Set(rows.filter((r) => r.code === code).map((r) => r.uscc)));
      expect([code, s.precision, s.recall]).toEqual([code, 1, 1]);
    }
  });

  it("resolves (keeps) a finding the data no longer shows, reopens it when it comes back, and keeps a person's decision", async () => {
    const dup = truth.problems.DUPLICATE_INVOICE[0];
    const [staff] = truth.problems.STAFF_MISMATCH;
    await db.query(`UPDATE core.quality_finding SET status = 'DISMISSED' WHERE code = 'STAFF_MISMATCH' AND uscc = $1`, [
      staff.uscc,
    ]);
    // Correct the duplicated invoice: remove the later row (saved to put it back).
    const { rows: removed } = await db.query(
      `DELETE FROM tax.invoice WHERE id = (SELECT max(id) FROM tax.invoice WHERE invoice_code IS NOT DISTINCT FROM $1 AND invoice_number = $2)
       RETURNING *`,
      [dup.invoiceCode, dup.invoiceNumber],
    );
    expect(removed).toHaveLength(1);
    // Edited behind the platform's back (no core.source_sync stamp): only a full run sees it.
    const run = await runQuality(db, { full: true });
    expect(run.checks.find((c) => c.code === 'DUPLICATE_INVOICE')).toMatchObject({ inserted: 0, resolved: 1 });
    const after = await current();
    expect(after.filter((r) => r.code === 'DUPLICATE_INVOICE' && r.uscc === dup.uscc)).toEqual([
      expect.objectContaining({ resolved: true }),
    ]);
    expect(after.find((r) => r.code === 'STAFF_MISMATCH' && r.uscc === staff.uscc)).toMatchObject({
      status: 'DISMISSED',
      resolved: false,
    });

    const cols = Object.keys(removed[0]);
    await db.query(
      `INSERT INTO tax.invoice (${cols.join(', ')}) SELECT ${cols.map((c) => `r.${c}`).join(', ')} FROM json_populate_record(NULL::tax.invoice, $1) r`,
      [JSON.stringify(removed[0])],
    );
    const again = await runQuality(db, { full: true });
    expect(again.checks.find((c) => c.code === 'DUPLICATE_INVOICE')).toMatchObject({ inserted: 0, resolved: 0 });
    expect((await current()).filter((r) => r.code === 'DUPLICATE_INVOICE' && r.uscc === dup.uscc)).toEqual([
      expect.objectContaining({ resolved: false }),
    ]);
  });

  it('DUPLICATE_RECORD finds a court-case party delivered again in another role, and a guarantee without a loan delivered twice', async () => {
    const asOf = await resolveAsOf(db);
    const check = CHECKS.find((c) => c.code === 'DUPLICATE_RECORD')!;
    const before = new Set((await detect(db, check, asOf)).map((f) => f.fingerprint));
    const {
      rows: [party],
    } = await db.query<{ id: string; uscc: string; copy: string }>(
      `WITH p AS (SELECT * FROM judicial.case_party WHERE uscc IS NOT NULL ORDER BY id LIMIT 1)
       INSERT INTO judicial.case_party (case_id, uscc, name, party_type, role)
       SELECT case_id, uscc, name, party_type, CASE WHEN role = 'PLAINTIFF' THEN 'DEFENDANT' ELSE 'PLAINTIFF' END::judicial.party_role FROM p
       RETURNING (SELECT id::text FROM p) AS id, uscc, id::text AS copy`,
    );
    // Two deliveries of one guarantee that names no loan (the key's loan part is null).
    const { rows: guarantees } = await db.query<{ id: string; borrower: string }>(
      `INSERT INTO bank.guarantee (guarantor_uscc, borrower_uscc, loan_id, amount, start_date, end_date)
       SELECT guarantor_uscc, borrower_uscc, NULL, amount, start_date, end_date
         FROM (SELECT * FROM bank.guarantee ORDER BY id LIMIT 1) g, generate_series(1, 2)
       RETURNING id::text, borrower_uscc AS borrower`,
    );
    const added = (await detect(db, check, asOf)).filter((f) => !before.has(f.fingerprint));
    expect(added).toHaveLength(2);
    const caseFinding = added.find((f) => f.evidence.table === 'judicial.case_party')!;
    expect(caseFinding).toMatchObject({
      uscc: party.uscc,
      severity: 'HIGH',
      sources: ['judicial'],
      evidence: { rowIds: [party.id, party.copy], identical: false, differingFields: ['role'] },
    });
    const guaranteeFinding = added.find((f) => f.evidence.table === 'bank.guarantee')!;
    expect(guaranteeFinding).toMatchObject({
      uscc: guarantees[0].borrower,
      severity: 'MEDIUM',
      sources: ['bank'],
      evidence: { rowIds: guarantees.map((g) => g.id), identical: true, differingFields: [], key: { loanId: null } },
    });
  });
});
