/**
 * No look-ahead: the facts of a firm as of a day T, and the health index computed from them, read
 * only what the bank could know on T (src/health/facts.repository.ts, docs/known-at.md).
 *
 * On the shared test database, inside one transaction that is rolled back at the end (so no other
 * test ever sees these rows, nor counts an extra firm; on the embedded database the other files'
 * statements wait for it, under a second), a firm of this test's own (a fresh USCC: the insert
 * would fail on a clash) is written as its records stood on T = 2026-03-31:
 * a going concern with a loan, declarations, bank months, staff, bills, a statement and ratings,
 * one instalment (due 2026-03-15) still unpaid. Its facts and health at T and at T2 = 2026-10-31
 * are read. Then everything that became known between T and T2 is written: records dated after T
 * (an annual statement, a tax rating, a court case and an enforcement published after T though
 * filed before it, a dishonest listing, a registry STATUS change, a loan, declarations, bank
 * months, staff and bills, a legal-representative change, an abnormal listing), the March
 * instalment's payment on 2026-04-06, the later instalments never paid (the loan's classification
 * reviews after T), and the "current" columns every such record updates (the loan's overdue days,
 * classification and balance, the registry status, the taxpayer's rating).
 *
 * The facts and the health at T must be exactly what they were; at T2 each planted record shows,
 * in the direction it should move the firm. Last, the registry's address and registered capital
 * change after T (ADDRESS and REGISTERED_CAPITAL rows of the change log, and the company record):
 * the registry facts at T must still show those of T.
 */
import 'reflect-metadata';
import type pg from 'pg';
import type { Database } from '../src/db/database';
import type { FirmFacts } from '../src/health/facts';
import { loadFacts } from '../src/health/facts.repository';
import { scoreHealth, type Health } from '../src/health/health.service';
import { buildUscc } from '../src/lib/uscc';
import type { ModelDocument } from '../src/model/model';
import { activeModel } from '../src/model/model.repository';
import type { AsOf } from '../src/quality/check';
import { openTestDatabase } from './helpers';

const T: AsOf = { month: '2026-03', date: '2026-03-31' };
const T2: AsOf = { month: '2026-10', date: '2026-10-31' };
/** A USCC of this test's own (no generated firm has this organisation code). */
const FIRM = buildUscc('9', '1', '330106', 'KNWNAT01');
const NAME = '杭州知时测试金属结构有限公司';
const ADDRESS = '浙江省杭州市西湖区知时路1号(测试)';
const LOAN = 'KNOWNAT-LOAN-2025-01';
const SPREE_LOAN = 'KNOWNAT-LOAN-2026-02';
const CASE_NO = '(2026)浙0106民初99001号';
const ENFORCEMENT_NO = '(2026)浙0106执99001号';
const RATE = 0.0435;

type Query = (sql: string, params?: unknown[]) => Promise<pg.QueryResult>;
type Rec = Record<string, unknown>;

/** `YYYY-MM` plus n months. */
const addMonths = (month: string, n: number) => {
  const k = Number(month.slice(0, 4)) * 12 + Number(month.slice(5, 7)) - 1 + n;
  return `${Math.floor(k / 12)}-${String((k % 12) + 1).padStart(2, '0')}`;
};
/** Months from `from` to `to` (`YYYY-MM`), oldest first. */
const months = (from: string, to: string) => {
  const out: string[] = [];
  for (let m = from; m <= to; m = addMonths(m, 1)) out.push(m);
  return out;
};
const money = (fen: number) => (fen / 100).toFixed(2);

/** Inserts `rows` into `table` (columns from the first row's keys; the others take their defaults). */
async function insert(q: Query, table: string, rows: Rec[], returning = ''): Promise<pg.QueryResult> {
  const cols = Object.keys(rows[0]);
  return q(
    `INSERT INTO ${table} (${cols.join(', ')}) SELECT ${cols.join(', ')} FROM json_populate_recordset(NULL::${table}, $1::json) ${returning}`,
    [JSON.stringify(rows)],
  );
}

/** The 24 instalments of the loan (equal principal, 50,000 a month, due on the 15th from 2025-04-15). */
function schedule(loanId: string): Rec[] {
  const principal = 5_000_000; // fen
  let balance = 120_000_000;
  return Array.from({ length: 24 }, (_, k) => {
    const interest = Math.round((balance * RATE) / 12);
    balance -= principal;
    const due = `${addMonths('2025-03', k + 1)}-15`;
    // As the records stood on T: paid on the day up to February's; March's (due 2026-03-15) not yet.
    const paid = due <= '2026-02-15';
    return {
      loan_id: loanId,
      seq: k + 1,
      due_date: due,
      principal_due: money(principal),
      interest_due: money(interest),
      paid_on: paid ? due : null,
      paid_amount: money(paid ? principal + interest : 0),
    };
  });
}

/** The firm's records as they stood on T. */
async function writeAsOfT(q: Query): Promise<{ loanId: string }> {
  await insert(q, 'core.firm', [
    { uscc: FIRM, name: NAME, industry_code: 'C3311', region_code: '330106', claimed_staff: 30 },
  ]);
  await insert(q, 'registry.company', [
    {
      uscc: FIRM,
      name: NAME,
      status: 'ACTIVE',
      entity_type: 'COMPANY',
      founded_on: '2015-05-12',
      registered_capital: '5000000.00',
      paid_in_capital: '5000000.00',
      legal_rep_name: '周知远',
      legal_rep_id_no: '330106198001011234',
      legal_rep_phone: '13800000000',
      address: ADDRESS,
      business_scope: '金属结构制造(测试)',
      authority: '杭州市西湖区市场监督管理局',
      status_changed_on: null,
    },
  ]);
  await insert(q, 'tax.taxpayer', [
    {
      uscc: FIRM,
      taxpayer_type: 'GENERAL',
      credit_rating: 'A',
      rating_year: 2024,
      registered_on: '2015-06-01',
      tax_authority: '国家税务总局杭州市西湖区税务局',
    },
  ]);
  await insert(q, 'tax.credit_rating', [
    { uscc: FIRM, year: 2023, rating: 'A', published_on: '2024-04-20' },
    { uscc: FIRM, year: 2024, rating: 'A', published_on: '2025-04-18' },
  ]);
  await insert(
    q,
    'tax.vat_declaration',
    months('2024-03', '2026-02').map((p, k) => declaration(p, 100_000_000 + (k % 3) * 2_000_000)),
  );
  const account = (
    await insert(
      q,
      'bank.account',
      [{ uscc: FIRM, account_no: 'KNOWNAT-ACCT-0001', account_type: 'BASIC', opened_on: '2015-06-10' }],
      'RETURNING id::text AS id',
    )
  ).rows[0].id as string;
  await insert(
    q,
    'bank.account_month',
    months('2024-04', '2026-03').map((m) => accountMonth(account, m, 80_000_000)),
  );
  const loanId = (
    await insert(
      q,
      'bank.loan',
      [
        {
          contract_no: LOAN,
          uscc: FIRM,
          product: '小微企业经营贷',
          principal: '1200000.00',
          balance: '650000.00',
          annual_rate: String(RATE),
          term_months: 24,
          repayment_method: 'EQUAL_PRINCIPAL',
          start_date: '2025-03-15',
          maturity_date: '2027-03-15',
          overdue_days: 16,
          classification: 'SPECIAL_MENTION',
          status: 'ACTIVE',
          written_off_on: null,
        },
      ],
      'RETURNING id::text AS id',
    )
  ).rows[0].id as string;
  await insert(q, 'bank.loan_installment', schedule(loanId));
  await insert(q, 'bank.loan_classification', [
    { loan_id: loanId, changed_on: '2025-03-15', classification: 'NORMAL' },
    { loan_id: loanId, changed_on: '2026-03-31', classification: 'SPECIAL_MENTION' }, // the review at T: 16 days past due
  ]);
  await insert(q, 'bank.financial_statement', [
    statement('2024-12-31', '2025-04-20', {
      revenue: 1_200_000_000,
      netProfit: 60_000_000,
      ocf: 90_000_000,
      liabilities: 500_000_000,
      cash: 150_000_000,
    }),
  ]);
  await insert(
    q,
    'alt_data.social_insurance_month',
    months('2024-09', '2026-03').map((m) => ({
      uscc: FIRM,
      month: m,
      insured_headcount: 25,
      contributions_paid: '37500.00',
    })),
  );
  await insert(
    q,
    'alt_data.utility_payment',
    months('2025-03', '2026-03').map((m) => ({
      uscc: FIRM,
      month: m,
      utility: 'ELECTRICITY',
      usage: '8000',
      amount_due: '6000.00',
      amount_paid: '6000.00',
      paid_on: `${m}-20`,
    })),
  );
  return { loanId };
}

function declaration(period: string, salesFen: number, paidShare = 1): Rec {
  const output = Math.round(salesFen * 0.13);
  const input = Math.round(salesFen * 0.09);
  return {
    uscc: FIRM,
    period,
    sales: money(salesFen),
    taxable_sales: money(salesFen),
    exempt_sales: '0.00',
    output_tax: money(output),
    input_tax: money(input),
    input_tax_transferred: '0.00',
    tax_payable: money(output - input),
    tax_paid: money(Math.round((output - input) * paidShare)),
    declared_on: `${addMonths(period, 1)}-10`,
  };
}

function accountMonth(accountId: string, month: string, balanceFen: number): Rec {
  return {
    account_id: accountId,
    month,
    uscc: FIRM,
    inflow: '1130000.00',
    outflow: '1100000.00',
    end_balance: money(balanceFen),
  };
}

function statement(
  periodEnd: string,
  receivedOn: string,
  x: { revenue: number; netProfit: number; ocf: number; liabilities: number; cash: number },
): Rec {
  const totalAssets = 1_000_000_000;
  const receivables = 200_000_000;
  const inventory = 150_000_000;
  return {
    uscc: FIRM,
    period_end: periodEnd,
    period_type: 'ANNUAL',
    audited: false,
    total_assets: money(totalAssets),
    current_assets: money(x.cash + receivables + inventory + 100_000_000),
    cash: money(x.cash),
    accounts_receivable: money(receivables),
    inventory: money(inventory),
    total_liabilities: money(x.liabilities),
    current_liabilities: money(Math.round(x.liabilities * 0.7)),
    short_term_borrowings: money(Math.round(x.liabilities * 0.2)),
    owners_equity: money(totalAssets - x.liabilities),
    revenue: money(x.revenue),
    cost_of_sales: money(Math.round(x.revenue * 0.8)),
    net_profit: money(x.netProfit),
    operating_cash_flow: money(x.ocf),
    received_on: receivedOn,
  };
}

/** Everything that became known between T and T2 (each dated after T, or about days after T). */
async function writeAfterT(q: Query, loanId: string): Promise<void> {
  // The annual statement for 2025, received late (2026-05-15): a loss-making year, debt at 95% of assets.
  await insert(q, 'bank.financial_statement', [
    statement('2025-12-31', '2026-05-15', {
      revenue: 900_000_000,
      netProfit: -180_000_000,
      ocf: -50_000_000,
      liabilities: 950_000_000,
      cash: 10_000_000,
    }),
  ]);
  // The tax rating for 2025, published in April 2026.
  await insert(q, 'tax.credit_rating', [{ uscc: FIRM, year: 2025, rating: 'D', published_on: '2026-04-22' }]);
  await q(`UPDATE tax.taxpayer SET credit_rating = 'D', rating_year = 2025 WHERE uscc = $1`, [FIRM]);
  // A supplier's suit filed before T, published after it; an enforcement likewise; a dishonest listing on it.
  const caseId = (
    await insert(
      q,
      'judicial.court_case',
      [
        {
          case_no: CASE_NO,
          court: '杭州市西湖区人民法院',
          cause: '买卖合同纠纷',
          filed_on: '2026-03-10',
          closed_on: null,
          amount: '300000.00',
          status: 'PENDING',
          published_on: '2026-04-28',
        },
      ],
      'RETURNING id::text AS id',
    )
  ).rows[0].id as string;
  await insert(q, 'judicial.case_party', [
    { case_id: caseId, uscc: null, name: '宁波测试钢材贸易有限公司', party_type: 'FIRM', role: 'PLAINTIFF' },
    { case_id: caseId, uscc: FIRM, name: NAME, party_type: 'FIRM', role: 'DEFENDANT' },
  ]);
  await insert(q, 'judicial.enforcement', [
    {
      uscc: FIRM,
      case_no: ENFORCEMENT_NO,
      court: '杭州市西湖区人民法院',
      filed_on: '2026-03-20',
      amount: '800000.00',
      status: 'ACTIVE',
      published_on: '2026-04-08',
      closed_on: null,
    },
  ]);
  await insert(q, 'judicial.dishonest_listing', [
    {
      uscc: FIRM,
      case_no: ENFORCEMENT_NO,
      court: '杭州市西湖区人民法院',
      listed_on: '2026-08-15',
      obligation: '支付货款及逾期付款利息',
      removed_on: null,
    },
  ]);
  // The registry revokes the licence on 2026-09-01 (a STATUS change, and the company record's status).
  await insert(q, 'registry.change_log', [
    {
      uscc: FIRM,
      changed_on: '2026-06-01',
      item: 'LEGAL_REPRESENTATIVE',
      before_value: '周知远',
      after_value: '吴后来',
    },
    { uscc: FIRM, changed_on: '2026-09-01', item: 'STATUS', before_value: 'ACTIVE', after_value: 'REVOKED' },
  ]);
  await q(
    `UPDATE registry.company SET status = 'REVOKED', status_changed_on = '2026-09-01', legal_rep_name = '吴后来' WHERE uscc = $1`,
    [FIRM],
  );
  await insert(q, 'registry.abnormal_listing', [
    {
      uscc: FIRM,
      listed_on: '2026-07-10',
      reason: '未按规定报送年度报告',
      authority: '杭州市西湖区市场监督管理局',
      removed_on: null,
    },
  ]);
  // March's instalment paid late, on 2026-04-06; none after it is ever paid: the loan is reviewed past 90 and 180 days.
  await q(
    `UPDATE bank.loan_installment SET paid_on = '2026-04-06', paid_amount = principal_due + interest_due WHERE loan_id = $1 AND due_date = '2026-03-15'`,
    [loanId],
  );
  await insert(q, 'bank.loan_classification', [
    { loan_id: loanId, changed_on: '2026-07-31', classification: 'SUBSTANDARD' }, // 107 days past due (since 2026-04-15)
    { loan_id: loanId, changed_on: '2026-10-31', classification: 'DOUBTFUL' }, // 199 days
  ]);
  await q(`UPDATE bank.loan SET overdue_days = 199, classification = 'DOUBTFUL', balance = 600000.00 WHERE id = $1`, [
    loanId,
  ]);
  // A quick loan taken after T (invisible before it started).
  const spree = (
    await insert(
      q,
      'bank.loan',
      [
        {
          contract_no: SPREE_LOAN,
          uscc: FIRM,
          product: '信用快贷',
          principal: '300000.00',
          balance: '300000.00',
          annual_rate: '0.0650',
          term_months: 12,
          repayment_method: 'BULLET',
          start_date: '2026-05-20',
          maturity_date: '2027-05-20',
          overdue_days: 0,
          classification: 'NORMAL',
          status: 'ACTIVE',
          written_off_on: null,
        },
      ],
      'RETURNING id::text AS id',
    )
  ).rows[0].id as string;
  await insert(q, 'bank.loan_installment', [
    {
      loan_id: spree,
      seq: 1,
      due_date: '2027-05-20',
      principal_due: '300000.00',
      interest_due: '19500.00',
      paid_on: null,
      paid_amount: '0.00',
    },
  ]);
  await insert(q, 'bank.loan_classification', [{ loan_id: spree, changed_on: '2026-05-20', classification: 'NORMAL' }]);
  // Months after T: sales collapse (March's declaration too, declared in April), balances drain, staff leave, bills go unpaid.
  await insert(
    q,
    'tax.vat_declaration',
    months('2026-03', '2026-09').map((p, k) => declaration(p, 100_000_000 - k * 12_000_000, 0.4)),
  );
  const account = (await q(`SELECT id::text AS id FROM bank.account WHERE uscc = $1`, [FIRM])).rows[0].id as string;
  await insert(
    q,
    'bank.account_month',
    months('2026-04', '2026-10').map((m, k) => accountMonth(account, m, 60_000_000 - k * 9_000_000)),
  );
  await insert(
    q,
    'alt_data.social_insurance_month',
    months('2026-04', '2026-10').map((m, k) => ({
      uscc: FIRM,
      month: m,
      insured_headcount: 22 - 2 * k,
      contributions_paid: money((22 - 2 * k) * 150_000),
    })),
  );
  await insert(
    q,
    'alt_data.utility_payment',
    months('2026-04', '2026-10').map((m) => ({
      uscc: FIRM,
      month: m,
      utility: 'ELECTRICITY',
      usage: '3000',
      amount_due: '2500.00',
      amount_paid: '0.00',
      paid_on: null,
    })),
  );
}

/** The registry's address and registered capital changed after T (change log rows, and the company record). */
async function moveAfterT(q: Query): Promise<void> {
  await insert(q, 'registry.change_log', [
    {
      uscc: FIRM,
      changed_on: '2026-06-20',
      item: 'ADDRESS',
      before_value: ADDRESS,
      after_value: '浙江省杭州市余杭区后来路9号(测试)',
    },
    {
      uscc: FIRM,
      changed_on: '2026-06-20',
      item: 'REGISTERED_CAPITAL',
      before_value: '500万元人民币',
      after_value: '50万元人民币',
    },
  ]);
  await q(
    `UPDATE registry.company SET address = '浙江省杭州市余杭区后来路9号(测试)', registered_capital = 500000.00 WHERE uscc = $1`,
    [FIRM],
  );
}

/**
 * `db` seen through one connection (the open transaction): what loadFacts needs of a Database. Its
 * statements (loadFacts issues several at once) run one after the other.
 */
function onConnection(db: Database, client: pg.PoolClient): Database {
  let last: Promise<unknown> = Promise.resolve();
  return {
    url: db.url,
    embedded: db.embedded,
    pool: db.pool,
    query: (sql, params) => {
      const run = last.then(() => client.query(sql, params as unknown[]));
      last = run.catch(() => undefined);
      return run;
    },
    transaction: () => Promise.reject(new Error('already in a transaction')),
    statementCount: () => 0,
    resetStatementCount: () => undefined,
    withDeadline: () => {
      throw new Error('not a request');
    },
    close: async () => undefined,
  };
}

interface Reading {
  t: FirmFacts;
  t2: FirmFacts;
}

describe('facts and health as known at T (no look-ahead)', () => {
  let db: Database;
  let model: ModelDocument;
  /** Read with the records as they stood on T; after writing what became known by T2; after the registry moved too. */
  let before: Reading;
  let after: Reading;
  let moved: Reading;
  const health = (f: FirmFacts): Health => scoreHealth(f, model);
  const factor = (h: Health, code: string) => h.factors.find((x) => x.code === code)!;

  beforeAll(async () => {
    db = await openTestDatabase();
    model = await activeModel(db);
    const client = await db.pool.connect();
    try {
      await client.query('BEGIN');
      const q: Query = (sql, params) => client.query(sql, params);
      const tx = onConnection(db, client);
      const read = async (): Promise<Reading> => {
        const [[t], [t2]] = await Promise.all([loadFacts(tx, [FIRM], T), loadFacts(tx, [FIRM], T2)]);
        return { t: t!, t2: t2! };
      };
      const { loanId } = await writeAsOfT(q);
      before = await read();
      await writeAfterT(q, loanId);
      after = await read();
      await moveAfterT(q);
      moved = await read();
    } finally {
      await client.query('ROLLBACK').catch(() => undefined);
      client.release();
    }
  }, 60_000);

  afterAll(async () => {
    await db?.close();
  });

  it('leaves no row behind (everything was written in a transaction rolled back)', async () => {
    const { rows } = await db.query(
      `SELECT (SELECT count(*) FROM core.firm WHERE uscc = $1)::int + (SELECT count(*) FROM bank.loan WHERE contract_no IN ($2, $3))::int AS n`,
      [FIRM, LOAN, SPREE_LOAN],
    );
    expect(rows[0].n).toBe(0);
  });

  it('reads a going concern at T: the 2024 statement, an A for 2024, no court record, ACTIVE, one loan 16 days past due', () => {
    const f = before.t;
    expect(f).toMatchObject({ uscc: FIRM, asOf: T, missingSources: [] });
    expect(f.statement).toMatchObject({ periodEnd: '2024-12-31', netProfit: '600000.00' });
    expect(f.tax).toMatchObject({ creditRating: 'A', ratingYear: 2024 });
    expect(f.tax!.declarations.at(-1)!.period).toBe('2026-02');
    expect(f.judicial).toMatchObject({ defendantCases: [], enforcements: [], dishonestListings: [] });
    expect(f.registry).toMatchObject({
      status: 'ACTIVE',
      statusChangedOn: null,
      legalRepChanges: [],
      abnormalListings: [],
      address: ADDRESS,
    });
    expect(f.bank!.loans).toEqual([
      expect.objectContaining({
        contractNo: LOAN,
        status: 'ACTIVE',
        overdueDays: 16,
        classification: 'SPECIAL_MENTION',
        balance: '650000.00',
      }),
    ]);
    const h = health(f);
    expect(h.probabilityOfDefault).toBeLessThan(1);
    expect(h.caps).toEqual([]);
  });

  it('at T, nothing known only after T shows: the facts and the health (score, PD, tier, factors, reasons) are exactly those read before it was written', () => {
    expect(after.t).toEqual(before.t);
    expect(health(after.t)).toEqual(health(before.t));
  });

  it('annual statement for 2025 received 2026-05-15: the 2024 statement at T; at T2 the 2025 one, its loss in NET_MARGIN and its debt in DEBT_RATIO', () => {
    expect(after.t.statement!.periodEnd).toBe('2024-12-31');
    expect(before.t2.statement!.periodEnd).toBe('2024-12-31');
    expect(after.t2.statement).toMatchObject({
      periodEnd: '2025-12-31',
      netProfit: '-1800000.00',
      totalLiabilities: '9500000.00',
    });
    expect(factor(health(after.t), 'NET_MARGIN').value).toBe(0.05);
    expect(factor(health(after.t2), 'NET_MARGIN').value).toBe(-0.2);
    expect(factor(health(after.t2), 'DEBT_RATIO').value).toBeGreaterThan(factor(health(after.t), 'DEBT_RATIO').value!);
  });

  it('enforcement filed 2026-03-20, published 2026-04-08, and a dishonest listing on it of 2026-08-15: neither at T; at T2 both, the listing capping the score', () => {
    expect(after.t.judicial.enforcements).toEqual([]);
    expect(after.t.judicial.dishonestListings).toEqual([]);
    expect(before.t2.judicial.enforcements).toEqual([]);
    expect(after.t2.judicial.enforcements).toEqual([
      expect.objectContaining({ caseNo: ENFORCEMENT_NO, filedOn: '2026-03-20', status: 'ACTIVE' }),
    ]);
    expect(after.t2.judicial.dishonestListings).toEqual([
      expect.objectContaining({ caseNo: ENFORCEMENT_NO, listedOn: '2026-08-15', removedOn: null }),
    ]);
    expect(factor(health(after.t), 'JUDICIAL_EXPOSURE').value).toBe(0);
    expect(factor(health(after.t2), 'JUDICIAL_EXPOSURE').value).toBe(1);
    expect(health(after.t2).caps.join(' ')).toMatch(/dishonest debtor/);
  });

  it('court case filed 2026-03-10, published 2026-04-28: no pending suit at T (filed, but not yet known); a pending suit as defendant at T2', () => {
    expect(after.t.judicial.defendantCases).toEqual([]);
    expect(after.t2.judicial.defendantCases).toEqual([
      expect.objectContaining({ caseNo: CASE_NO, filedOn: '2026-03-10', cause: '买卖合同纠纷', status: 'PENDING' }),
    ]);
  });

  it('March instalment (due 2026-03-15) paid 2026-04-06: unpaid at T (its paidOn hidden, 16 days past due, its principal still owed); paid at T2, on its day', () => {
    const late = (f: FirmFacts) => f.bank!.lateInstalments.find((i) => i.dueDate === '2026-03-15');
    expect(late(after.t)).toEqual(expect.objectContaining({ contractNo: LOAN, paidOn: null }));
    expect(after.t.bank!.loans[0]).toMatchObject({ overdueDays: 16, balance: '650000.00' });
    // Before the payment was written, T2 would have read it unpaid, 230 days past due; with it, paid.
    expect(late(before.t2)).toEqual(expect.objectContaining({ paidOn: null }));
    expect(before.t2.bank!.loans[0]).toMatchObject({ overdueDays: 230 });
    expect(late(after.t2)).toEqual(expect.objectContaining({ contractNo: LOAN, paidOn: '2026-04-06' }));
  });

  it('instalments due from 2026-04-15 never paid, the loan reviewed SUBSTANDARD on 2026-07-31 and DOUBTFUL on 2026-10-31: SPECIAL_MENTION, 16 days past due and not in default at T; DOUBTFUL, 199 days and in default (PD 1) at T2', () => {
    expect(after.t.bank!.loans).toEqual([
      expect.objectContaining({
        contractNo: LOAN,
        status: 'ACTIVE',
        overdueDays: 16,
        classification: 'SPECIAL_MENTION',
      }),
    ]);
    const loan = after.t2.bank!.loans.find((l) => l.contractNo === LOAN)!;
    expect(loan).toMatchObject({
      status: 'ACTIVE',
      overdueDays: 199,
      classification: 'DOUBTFUL',
      balance: '600000.00',
    });
    expect(after.t2.bank!.lateInstalments.filter((i) => i.paidOn === null).map((i) => i.dueDate)).toEqual(
      months('2026-04', '2026-10').map((m) => `${m}-15`),
    );
    expect(health(after.t).probabilityOfDefault).toBeLessThan(1);
    expect(health(after.t2).probabilityOfDefault).toBe(1);
    expect(health(after.t2).reasons[0]).toMatch(new RegExp(`${LOAN} is 199 days past due`));
  });

  it('registry STATUS change ACTIVE -> REVOKED on 2026-09-01 (and the company record saying REVOKED): ACTIVE at T; REVOKED since 2026-09-01 at T2, capping the score', () => {
    expect(after.t.registry).toMatchObject({ status: 'ACTIVE', statusChangedOn: null });
    expect(after.t2.registry).toMatchObject({ status: 'REVOKED', statusChangedOn: '2026-09-01' });
    expect(health(after.t2).caps.join(' ')).toMatch(/registry status REVOKED since 2026-09-01/);
  });

  it('tax rating D for 2025 published 2026-04-22 (and the taxpayer record saying D): A for 2024 at T; D for 2025 at T2', () => {
    expect(after.t.tax).toMatchObject({ creditRating: 'A', ratingYear: 2024 });
    expect(after.t2.tax).toMatchObject({ creditRating: 'D', ratingYear: 2025 });
    expect(factor(health(after.t), 'TAX_CREDIT_RATING').value).toBe(4);
    expect(factor(health(after.t2), 'TAX_CREDIT_RATING').value).toBe(0);
  });

  it('a loan taken 2026-05-20, a legal-representative change of 2026-06-01, an abnormal listing of 2026-07-10, and the declarations, bank months, staff and bills after T: none at T; all at T2', () => {
    expect(after.t.bank!.loans.map((l) => l.contractNo)).toEqual([LOAN]);
    expect(after.t2.bank!.loans.map((l) => l.contractNo)).toEqual([SPREE_LOAN, LOAN]);
    expect(after.t2.registry!.legalRepChanges).toEqual([
      expect.objectContaining({ changedOn: '2026-06-01', before: '周知远', after: '吴后来' }),
    ]);
    expect(after.t2.registry!.abnormalListings).toEqual([expect.objectContaining({ listedOn: '2026-07-10' })]);
    // March's declaration was filed in April: the last declared period at T is February.
    expect(after.t.tax!.declarations.at(-1)!.period).toBe('2026-02');
    expect(after.t2.tax!.declarations.at(-1)).toMatchObject({ period: '2026-09', sales: '280000.00' });
    expect(after.t.bank!.months.at(-1)!.month).toBe('2026-03');
    expect(after.t2.bank!.months.at(-1)).toMatchObject({ month: '2026-10', endBalance: '60000.00' });
    expect(after.t.altData!.headcount.at(-1)).toEqual({ month: '2026-03', insured: 25 });
    expect(after.t2.altData!.headcount.at(-1)).toEqual({ month: '2026-10', insured: 10 });
    expect(after.t2.altData!.utilities.at(-1)).toMatchObject({ month: '2026-10', unpaid: 1 });
  });

  it('health at T2 is worse than at T in every way the planted records say: PD up, score and tier down, each cap named', () => {
    const [h, h2] = [health(after.t), health(after.t2)];
    expect(h2.probabilityOfDefault).toBeGreaterThan(h.probabilityOfDefault);
    expect(h2.score).toBeLessThan(h.score);
    expect(h2.score).toBeLessThanOrEqual(29);
    expect(h2.tier).toBe('RED');
    expect(h2.caps).toHaveLength(4); // status, abnormal listing, dishonest listing, 90 days overdue
    // Lower is worse for these, higher for those (each computed, at both dates, from the records above).
    const lower = [
      'SALES_TREND',
      'TAX_PAID_TREND',
      'BALANCE_TREND',
      'HEADCOUNT_TREND',
      'UTILITY_REGULARITY',
      'NET_MARGIN',
      'CASH_BUFFER',
      'TAX_CREDIT_RATING',
    ];
    const higher = ['REPAYMENT_RECORD', 'LEGAL_REP_CHANGES', 'JUDICIAL_EXPOSURE', 'DEBT_RATIO'];
    for (const code of [...lower, ...higher]) {
      const [v, v2] = [factor(h, code).value, factor(h2, code).value];
      expect({
        code,
        status: [factor(h, code).status, factor(h2, code).status],
        worse: v !== null && v2 !== null && (lower.includes(code) ? v2 < v : v2 > v),
      }).toEqual({ code, status: ['OK', 'OK'], worse: true });
    }
  });

  it('address and registered capital changed 2026-06-20 (change log ADDRESS and REGISTERED_CAPITAL, and the company record): the registry facts at T still show those registered on T', () => {
    expect(moved.t.registry).toMatchObject({ address: ADDRESS, registeredCapital: '5000000.00' });
    expect(moved.t).toEqual(after.t);
  });
});
