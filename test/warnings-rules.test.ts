/**
 * Every warning rule on the healthy-firm fixture: silent on the healthy firm, and raised by the
 * one change it is about, with a message and evidence naming the records and the threshold; the
 * look-alikes of rules 4, 6 and 12 (a season's low, a person's drift) stay silent. Then the
 * scoring of the rules against the generator's truth (src/warnings/eval.ts): planted problems at
 * asOf, slide signals month by month.
 */
import { RULES } from '../src/warnings/rules';
import { evaluateRules } from '../src/warnings/rules.service';
import { WARNINGS_CONFIG } from '../src/warnings/warnings.config';
import { scoreHealth } from '../src/health/health.service';
import type { FirmFacts, LoanFact } from '../src/health/facts';
import type { DetectedFinding } from '../src/quality/check';
import { Severity } from '../src/quality/finding.entity';
import { shippedModel } from '../src/model/model.repository';
import type { Truth } from '../src/seed/truth';
import {
  AFTER_FAILURE_SIGNALS,
  RECENT_RECOVERY_MONTHS,
  SHOWN_FROM_MONTH,
  firesForPlant,
  formatRuleScores,
  plantedFor,
  scoreRules,
  scoreSlideRules,
  signalOf,
  type HistoryPoint,
  type SlideEvidence,
} from '../src/warnings/eval';
import { healthyFacts, withLast } from './facts.fixture';

/** The rules on the firm's facts and its health from the serving (shipped) model. */
const run = (f: FirmFacts, findings: DetectedFinding[] = []) =>
  evaluateRules(f, scoreHealth(f, shippedModel()), findings);
const codes = (f: FirmFacts, findings: DetectedFinding[] = []) => run(f, findings).map((w) => w.code);
const shortLoan = (
  contractNo: string,
  principal: string,
  startDate: string,
  maturityDate: string,
  status = 'ACTIVE',
): LoanFact => ({
  id: contractNo,
  contractNo,
  principal,
  annualRate: '0.0500',
  balance: status === 'ACTIVE' ? principal : '0.00',
  status,
  classification: 'NORMAL',
  overdueDays: 0,
  startDate,
  maturityDate,
});
/** The healthy firm's monthly series (balances, orders) with the amounts of some months replaced. */
function setMonths<T extends { month: string }>(list: T[], field: keyof T, amounts: Record<string, string>): T[] {
  return list.map((x) => (amounts[x.month] ? { ...x, [field]: amounts[x.month] } : x));
}
const span = (from: string, to: string, amount: string) => {
  const out: Record<string, string> = {};
  for (const m of healthyFacts().bank!.months.map((x) => x.month)) if (m >= from && m <= to) out[m] = amount;
  return out;
};
const finding = (code: string, evidence: Record<string, unknown>): DetectedFinding => ({
  code,
  uscc: '91330106MA27XKQ18B',
  severity: Severity.HIGH,
  message: `${code} message`,
  evidence,
  sources: ['tax'],
  fingerprint: code.toLowerCase(),
});

/**
 * The two biggest customers (350,000.00 a month of the 500,000.00) bought every month to July and
 * nothing since; the others kept buying as before, so monthly invoiced sales fell to 150,000.00.
 */
function loseCustomers(f: FirmFacts): void {
  const t = f.tax!;
  t.buyers[0] = { ...t.buyers[0], recent: '0', lastMonth: '2026-07' };
  t.buyers[1] = { ...t.buyers[1], recent: '0', lastMonth: '2026-07' };
  t.invoicedSalesRecent = '450000.00';
  t.invoicedSales12 = '4950000.00';
  t.invoicedMonths = t.invoicedMonths.map((m) => (m.month > '2026-07' ? { ...m, amount: '150000.00' } : m));
}

/** For each rule: what to change in the healthy firm, and what the evidence must show. */
const CASES: Record<
  string,
  { change: (f: FirmFacts) => DetectedFinding[] | void; evidence: Record<string, unknown>; message: RegExp }
> = {
  CASH_FLOW_COVERAGE_LOW: {
    change: (f) => void (f.statement!.operatingCashFlow = '520000.00'),
    evidence: {
      statementId: '501',
      operatingCashFlow: '520000.00',
      debtServiceNext12: '650000.00',
      coverage: 0.8,
      cash: '400000.00',
      cashCover: 0.6154,
      threshold: 1.2,
      cashThreshold: 1,
    },
    message:
      /cash-flow coverage 0.80 is below 1.2, and year-end cash of 400000.00 covers 0.62 times the debt service \(needed: 1\)/,
  },
  MAJOR_CUSTOMER_LOSS: {
    change: (f) => loseCustomers(f),
    evidence: {
      thresholds: { loss: 0.2, customerShare: 0.1, regularMonths: 0.85, replacement: 0.7, salesDrop: 0.1 },
      stoppedAfter: '2026-07',
      monthlyBefore: '500000.00',
      monthlyAfter: '150000.00',
      lostCustomers: [
        expect.objectContaining({
          buyer: '91330100CUSTOMER1A',
          recent3Months: '0',
          monthsBought: 9,
          lastMonth: '2026-07',
        }),
        expect.objectContaining({ buyer: '91330100CUSTOMER2B' }),
      ],
    },
    message:
      /major customers worth 70% of the invoiced sales of the 9 months before the last 3 stopped buying after 2026-07 \(杭州甲机电有限公司, 宁波乙贸易有限公司\), no new customer took their place, and monthly invoiced sales since then are 70% below/,
  },
  TAX_PAID_DECLINE: {
    change: (f) =>
      void (f.tax!.declarations = withLast(f.tax!.declarations, 6, (d, i) =>
        i % 3 === 0 ? { ...d, taxPaid: '12000.00' } : d,
      )),
    evidence: {
      arrears: [
        { period: '2026-04', taxPaid: '12000.00', taxPayable: '30000.00' },
        { period: '2026-07', taxPaid: '12000.00', taxPayable: '30000.00' },
      ],
      thresholds: { drop: 0.3, monthsRunning: 3, arrearsMonths: 2 },
    },
    message: /tax paid fell short of tax payable in 2 of the last 6 declared months/,
  },
  ORDERS_DECLINE: {
    change: (f) =>
      void (f.supplyChain!.orders = withLast(f.supplyChain!.orders, 6, (o, i) => ({
        ...o,
        amount: i < 3 ? '230000.00' : '180000.00',
      }))),
    evidence: {
      threshold: 0.2,
      periodsRunning: 2,
      periods: [
        {
          months: ['2026-05', '2026-06', '2026-07'],
          amount: '690000.00',
          yearAverage: '900000.00',
          sameQuarterYearBefore: '900000.00',
          change: -0.2333,
          changeAgainstSameQuarter: -0.2333,
          delivered: true,
        },
        {
          months: ['2026-08', '2026-09', '2026-10'],
          amount: '540000.00',
          yearAverage: '847500.00',
          sameQuarterYearBefore: '900000.00',
          change: -0.3628,
          changeAgainstSameQuarter: -0.4,
          delivered: true,
        },
      ],
    },
    message:
      /^orders of each of the last 2 quarters fell against the average quarter of the year before and against the same quarter a year before: 2026-05..2026-07 by 23% and 23%, 2026-08..2026-10 by 36% and 40% \(threshold 20%, 2 periods running\)$/,
  },
  UTILITY_IRREGULAR: {
    change: (f) => void (f.altData!.utilities = withLast(f.altData!.utilities, 3, (u) => ({ ...u, late: 1 }))),
    evidence: { threshold: 0.8, onTimeShare: 0.75 },
    message: /75% of 12 utility bills in the last 6 months were paid in full and on time \(minimum 80%\)/,
  },
  BALANCE_DROP: {
    change: (f) => void (f.bank!.months = withLast(f.bank!.months, 3, (m) => ({ ...m, endBalance: '450000.00' }))),
    evidence: {
      threshold: 0.7,
      change: -0.5,
      changeAgainstPrior: -0.5,
      changeAgainstYearBefore: -0.5,
      priorMonthlyAverage: '900000.00',
      recent: expect.arrayContaining([{ month: '2026-10', endBalance: '450000.00' }]),
      yearBefore: expect.arrayContaining([{ month: '2025-10', endBalance: '900000.00' }]),
    },
    message:
      /^month-end balances fell 50% over the last 3 months against the 6 before and fell 50% against the same months a year before \(alert at 30%\)$/,
  },
  SHORT_TERM_DEBT_SURGE: {
    change: (f) =>
      void f.bank!.loans.push(
        shortLoan('HZ2026-0042', '400000.00', '2026-07-10', '2027-01-10'),
        shortLoan('HZ2026-0043', '400000.00', '2026-09-02', '2027-09-02'),
      ),
    evidence: {
      since: '2026-04-30',
      renewals: [],
      seasonal: [],
      annualSales: '12000000.00',
      thresholds: expect.objectContaining({ loans: 2, share: 0.06 }),
      loans: [
        expect.objectContaining({ contractNo: 'HZ2026-0042', principal: '400000.00' }),
        expect.objectContaining({ contractNo: 'HZ2026-0043', principal: '400000.00' }),
      ],
    },
    message: /2 new short-term loans of 800000.00 taken in 6 months, 7% of annual sales \(thresholds: 2 loans, 6%\)/,
  },
  FREQUENT_LEGAL_REP_CHANGE: {
    change: () => [finding('FREQUENT_LEGAL_REP_CHANGE', { changes: [{ id: '1' }, { id: '2' }, { id: '3' }] })],
    evidence: { changes: [{ id: '1' }, { id: '2' }, { id: '3' }] },
    message: /FREQUENT_LEGAL_REP_CHANGE message/,
  },
  RELATED_PARTY_TRANSACTIONS: {
    change: (f) => void (f.tax!.relatedSales = '3600000.00'),
    evidence: { relatedSales: '3600000.00', invoicedSales: '6000000.00', share: 0.6, threshold: 0.5 },
    message: /60% of the firm's invoiced sales/,
  },
  LOAN_DISPUTE_SUIT: {
    change: (f) =>
      void f.judicial.defendantCases.push({
        id: '77',
        caseNo: '(2026)浙0106民初321号',
        cause: '借款合同纠纷',
        filedOn: '2026-07-20',
        amount: '800000.00',
        status: 'PENDING',
      }),
    evidence: { suits: [expect.objectContaining({ id: '77', caseNo: '(2026)浙0106民初321号' })] },
    message: /\(2026\)浙0106民初321号 for 800000.00/,
  },
  NEW_ENFORCEMENT: {
    change: (f) =>
      void f.judicial.enforcements.push({
        id: '88',
        caseNo: '(2026)浙0106执88号',
        filedOn: '2026-09-01',
        amount: '300000.00',
        status: 'ACTIVE',
      }),
    evidence: { enforcements: [expect.objectContaining({ id: '88' })] },
    message: /1 enforcement\(s\) \(\(2026\)浙0106执88号\)/,
  },
  REGISTRY_STATUS_WITH_LIVE_LOAN: {
    change: () => [
      finding('REGISTRY_STATUS_WITH_LIVE_LOAN', { status: 'REVOKED', loans: [{ contractNo: 'HZ2025-0001' }] }),
    ],
    evidence: { status: 'REVOKED', loans: [{ contractNo: 'HZ2025-0001' }] },
    message: /REGISTRY_STATUS_WITH_LIVE_LOAN message/,
  },
  HEADCOUNT_DROP: {
    change: (f) => void (f.altData!.headcount = withLast(f.altData!.headcount, 1, (h) => ({ ...h, insured: 6 }))),
    evidence: {
      drop: {
        usual: 11,
        latest: { month: '2026-10', insured: 6 },
        change: expect.closeTo(-0.4545, 4),
        baselineMonths: expect.arrayContaining([
          { month: '2025-08', insured: 11 },
          { month: '2026-07', insured: 11 },
        ]),
        distress: [],
        thresholds: {
          drop: 0.35,
          minBase: 5,
          ownerOnlyFrom: 3,
          baselineMonths: 12,
          recentMonths: 3,
          turnoverPersons: 2,
        },
      },
    },
    message:
      /^insured staff fell to 6 \(2026-10\) from a usual 11 \(the median of 2025-08..2026-07\), down 45% \(alert at 35% down from a usual 5 or more, or down to one person from 3 or more; a fall of 2 people or fewer with other distress\)$/,
  },
  TAX_WITHOUT_FLOW: {
    change: () => [finding('TAX_WITHOUT_FLOW', { months: ['2026-07', '2026-08', '2026-09'] })],
    evidence: { months: ['2026-07', '2026-08', '2026-09'] },
    message: /TAX_WITHOUT_FLOW message/,
  },
  GUARANTEE_CIRCLE: {
    change: (f) => {
      f.bank!.guaranteesGiven = [
        { id: '5', borrowerUscc: '91330106MA27B', amount: '500000.00', endDate: '2027-01-01' },
      ];
      f.bank!.guaranteeCycles = [['91330106MA27XKQ18B', '91330106MA27B', '91330106MA27C', '91330106MA27XKQ18B']];
    },
    evidence: {
      cycles: [['91330106MA27XKQ18B', '91330106MA27B', '91330106MA27C', '91330106MA27XKQ18B']],
      guaranteesGiven: [expect.objectContaining({ id: '5' })],
    },
    message: /circle of 3 firms/,
  },
  RECEIVABLE_PLEDGED_TWICE: {
    change: () => [
      finding('RECEIVABLE_PLEDGED_TWICE', { receivableNo: 'R-1', pledges: [{ pledgee: 'A' }, { pledgee: 'B' }] }),
    ],
    evidence: { receivableNo: 'R-1' },
    message: /RECEIVABLE_PLEDGED_TWICE message/,
  },
  SHELL_COMPANY_SIGNS: {
    change: (f) => {
      f.registry!.sameAddress = ['91330106SHELL0002X', '91330106SHELL0003Y'];
      f.registry!.paidInCapital = '10000.00';
    },
    evidence: { sameAddress: ['91330106SHELL0002X', '91330106SHELL0003Y'], paidInCapital: '10000.00', threshold: 0.05 },
    message: /address shared with 2 other firm\(s\); paid-in capital 10000.00 is 0% of registered/,
  },
  REPAYMENT_OVERDUE: {
    change: (f) =>
      void (f.bank!.lateInstalments = [
        { loanId: '11', contractNo: 'HZ2025-0001', seq: 15, dueDate: '2026-09-20', paidOn: null },
      ]),
    evidence: {
      graceDays: 6,
      lateInstalments: [{ loanId: '11', contractNo: 'HZ2025-0001', seq: 15, dueDate: '2026-09-20', paidOn: null }],
    },
    message: /HZ2025-0001 #15 due 2026-09-20 unpaid/,
  },
};

describe('warning rules', () => {
  it("cover DOMAIN.md's twelve and the extra signals, each tested below", () => {
    expect(new Set(RULES.filter((r) => r.number !== null).map((r) => r.number))).toEqual(
      new Set([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]),
    );
    expect(Object.keys(CASES).sort()).toEqual(RULES.map((r) => r.code).sort());
  });

  it('raise nothing on a healthy firm', () => {
    expect(run(healthyFacts())).toEqual([]);
  });

  it.each(RULES.map((r) => r.code))('%s fires on its signal, naming the records and the threshold', (code) => {
    const c = CASES[code];
    const f = healthyFacts();
    const findings = c.change(f) ?? [];
    const raised = run(f, findings);
    const w = raised.find((x) => x.code === code);
    expect(w).toBeDefined();
    expect(w!.message).toMatch(c.message);
    expect(w!.evidence).toMatchObject(c.evidence);
    expect(w!.evidence.rule).toMatchObject({ configVersion: WARNINGS_CONFIG.version });
    expect(w!.fingerprint).toMatch(/^[0-9a-f]{64}$/);
    expect(w!.sources.length).toBeGreaterThan(0);
  });

  it('a dismissed-looking small change stays below the threshold', () => {
    const f = healthyFacts();
    f.bank!.months = withLast(f.bank!.months, 3, (m) => ({ ...m, endBalance: '700000.00' }));
    f.altData!.headcount = withLast(f.altData!.headcount, 1, (h) => ({ ...h, insured: 9 }));
    expect(run(f)).toEqual([]);
  });

  it("a balance falling in a firm that is revoked or deregistered is its winding down, not rule 6's warning", () => {
    const f = healthyFacts();
    f.bank!.months = withLast(f.bank!.months, 3, (m) => ({ ...m, endBalance: '100000.00' }));
    expect(run(f).map((w) => w.code)).toContain('BALANCE_DROP');
    f.registry!.status = 'DEREGISTERED';
    expect(run(f).map((w) => w.code)).not.toContain('BALANCE_DROP');
  });

  it('one month of tax arrears needs other distress to warn, and the evidence names it', () => {
    const f = healthyFacts();
    f.tax!.declarations = withLast(f.tax!.declarations, 1, (d) => ({ ...d, taxPaid: '12000.00' }));
    expect(run(f).map((w) => w.code)).not.toContain('TAX_PAID_DECLINE');
    f.bank!.months = withLast(f.bank!.months, 3, (m) => ({ ...m, endBalance: '400000.00' }));
    const w = run(f).find((x) => x.code === 'TAX_PAID_DECLINE')!;
    expect(w.message).toMatch(
      /tax paid fell short of tax payable in 1 of the last 6 declared months; month-end balances fell 56%/,
    );
    expect(w.evidence.distress).toEqual([
      { indicator: 'BALANCE_TREND', change: expect.closeTo(-0.5556, 3), threshold: -0.4 },
    ]);
  });

  it('a year short of cash flow warns only when the year-end cash does not cover the debt service either', () => {
    const f = healthyFacts();
    f.statement!.operatingCashFlow = '520000.00';
    f.statement!.cash = '700000.00';
    expect(run(f).map((w) => w.code)).not.toContain('CASH_FLOW_COVERAGE_LOW');
    f.statement!.cash = '600000.00';
    expect(run(f).map((w) => w.code)).toContain('CASH_FLOW_COVERAGE_LOW');
  });

  it('a renewal of a maturing loan and the seasonal loan taken a year before are not new short-term debt', () => {
    const f = healthyFacts();
    f.bank!.loans.push(
      shortLoan('HZ2025-0101', '380000.00', '2025-07-06', '2026-07-06', 'SETTLED'),
      shortLoan('HZ2026-0102', '400000.00', '2026-07-06', '2027-07-06'),
      shortLoan('HZ2025-0103', '420000.00', '2025-09-20', '2026-03-20', 'SETTLED'),
      shortLoan('HZ2026-0104', '400000.00', '2026-09-02', '2027-03-02'),
    );
    expect(run(f).map((w) => w.code)).not.toContain('SHORT_TERM_DEBT_SURGE');
    // An earlier loan excuses one new loan only, and only one of about the same size.
    f.bank!.loans.push(
      shortLoan('HZ2026-0105', '400000.00', '2026-07-20', '2027-07-20'),
      shortLoan('HZ2026-0106', '900000.00', '2026-09-25', '2027-03-25'),
    );
    const w = run(f).find((x) => x.code === 'SHORT_TERM_DEBT_SURGE')!;
    expect(w.message).toMatch(
      /2 new short-term loans of 1300000.00 taken in 6 months, 11% of annual sales .*; 2 renewal\(s\) or seasonal loan\(s\) not counted/,
    );
    expect(w.evidence).toMatchObject({
      renewals: [{ contractNo: 'HZ2026-0102', renews: 'HZ2025-0101', maturedOn: '2026-07-06' }],
      seasonal: [{ contractNo: 'HZ2026-0104', yearBefore: 'HZ2025-0103' }],
      loans: [
        expect.objectContaining({ contractNo: 'HZ2026-0105' }),
        expect.objectContaining({ contractNo: 'HZ2026-0106' }),
      ],
    });
  });

  it('rule 2 stays silent when a new customer replaced the lost ones, a customer only bought now and then, or the firm stopped selling', () => {
    const code = (f: FirmFacts) => run(f).map((w) => w.code);
    // Replaced: a new customer since August buys 300,000.00 a month (over 70% of the 350,000.00 lost).
    const replaced = healthyFacts();
    loseCustomers(replaced);
    replaced.tax!.buyers.push({
      buyer: '91330100NEWCUST05E',
      buyerName: '嘉兴戊电器有限公司',
      recent: '900000.00',
      prior: '0',
      priorMonths: 0,
      firstMonth: '2026-08',
      lastMonth: '2026-10',
    });
    expect(code(replaced)).not.toContain('MAJOR_CUSTOMER_LOSS');
    // Sales did not fall (the others bought more): not a loss that matters.
    const absorbed = healthyFacts();
    loseCustomers(absorbed);
    absorbed.tax!.invoicedMonths = healthyFacts().tax!.invoicedMonths;
    expect(code(absorbed)).not.toContain('MAJOR_CUSTOMER_LOSS');
    // Occasional customers: bought in 4 of the 9 months, so 3 quiet months say little.
    const occasional = healthyFacts();
    loseCustomers(occasional);
    occasional.tax!.buyers = occasional.tax!.buyers.map((b) => (b.recent === '0' ? { ...b, priorMonths: 4 } : b));
    expect(code(occasional)).not.toContain('MAJOR_CUSTOMER_LOSS');
    // Nothing invoiced at all in the last 3 months: the firm stopped, it did not lose customers.
    const stopped = healthyFacts();
    loseCustomers(stopped);
    stopped.tax!.buyers = stopped.tax!.buyers.map((b) => ({ ...b, recent: '0' }));
    stopped.tax!.invoicedSalesRecent = '0';
    expect(code(stopped)).not.toContain('MAJOR_CUSTOMER_LOSS');
  });

  it("stamp the firm's tier at the time", () => {
    const f = healthyFacts({ registry: { ...healthyFacts().registry!, status: 'REVOKED' } });
    const w = evaluateRules(f, scoreHealth(f, shippedModel()), [finding('REGISTRY_STATUS_WITH_LIVE_LOAN', {})]);
    expect(w[0].tier).toBe('RED');
  });
});

describe('rule 4: orders down against the average quarter of the year before and against the same quarter a year before', () => {
  const orders = (amounts: Record<string, string>) => {
    const f = healthyFacts();
    f.supplyChain!.orders = setMonths(f.supplyChain!.orders, 'amount', amounts);
    return f;
  };

  it("a season's low quarters that were as low a year before do not fire, though they sit 25% below the year's average quarter", () => {
    // May-October low every year (180,000 a month against 300,000).
    const f = orders({ ...span('2025-05', '2025-10', '180000.00'), ...span('2026-05', '2026-10', '180000.00') });
    expect(codes(f)).not.toContain('ORDERS_DECLINE');
    // The same firm whose low season went deeper this year: a cut against both.
    const cut = orders({ ...span('2025-05', '2025-10', '180000.00'), ...span('2026-05', '2026-10', '120000.00') });
    const w = run(cut).find((x) => x.code === 'ORDERS_DECLINE')!;
    expect(w.message).toMatch(/2026-05..2026-07 by 50% and 33%, 2026-08..2026-10 by 47% and 33%/);
    // The second quarter's year before ends with the first (cut) quarter: (540,000 + 900,000 + 900,000 + 360,000) / 4.
    expect(w.evidence.periods).toEqual([
      expect.objectContaining({
        amount: '360000.00',
        yearAverage: '720000.00',
        sameQuarterYearBefore: '540000.00',
        change: -0.5,
        changeAgainstSameQuarter: -0.3333,
      }),
      expect.objectContaining({
        amount: '360000.00',
        yearAverage: '675000.00',
        sameQuarterYearBefore: '540000.00',
        change: -0.4667,
        changeAgainstSameQuarter: -0.3333,
      }),
    ]);
  });

  it("a quarter below its busy twin a year before but not below the year's average does not fire", () => {
    // May-October a year before at 390,000 a month: now 23% below those quarters, 13% below the year's average quarter.
    expect(codes(orders(span('2025-05', '2025-10', '390000.00')))).not.toContain('ORDERS_DECLINE');
  });

  it('a quarter that dips and recovers, one falling quarter, and a supplier without a year of orders do not fire', () => {
    const dip = healthyFacts();
    dip.supplyChain!.orders = withLast(dip.supplyChain!.orders, 6, (o, i) => ({
      ...o,
      amount: i < 3 ? '180000.00' : '290000.00',
    }));
    expect(codes(dip)).not.toContain('ORDERS_DECLINE');
    expect(codes(orders(span('2026-08', '2026-10', '180000.00')))).not.toContain('ORDERS_DECLINE');
    const young = healthyFacts();
    young.supplyChain!.orders = withLast(young.supplyChain!.orders, 6, (o, i) => ({
      ...o,
      amount: i < 3 ? '230000.00' : '180000.00',
    })).slice(-8);
    expect(codes(young)).not.toContain('ORDERS_DECLINE');
  });
});

describe('rule 6: balances down against the 6 months before and against the same months a year before', () => {
  const balances = (amounts: Record<string, string>, keepMonths = 24) => {
    const f = healthyFacts();
    f.bank!.months = setMonths(f.bank!.months.slice(-keepMonths), 'endBalance', amounts);
    return f;
  };

  it('a seasonal low that was as low a year before does not fire; one much deeper than a year before does', () => {
    expect(
      codes(balances({ ...span('2025-08', '2025-10', '450000.00'), ...span('2026-08', '2026-10', '450000.00') })),
    ).not.toContain('BALANCE_DROP');
    const deeper = run(
      balances({ ...span('2025-08', '2025-10', '450000.00'), ...span('2026-08', '2026-10', '200000.00') }),
    ).find((w) => w.code === 'BALANCE_DROP')!;
    // 200,000 is 78% below the 900,000 of the 6 months before and 56% below the 450,000 a year before: the smaller fall.
    expect(deeper.evidence).toMatchObject({
      change: -0.5556,
      changeAgainstPrior: -0.7778,
      changeAgainstYearBefore: -0.5556,
      threshold: 0.7,
    });
    expect(deeper.message).toBe(
      'month-end balances fell 78% over the last 3 months against the 6 before and fell 56% against the same months a year before (alert at 30%)',
    );
  });

  it('a fall of half against the months before but a quarter against the year before stays below the bar', () => {
    expect(
      codes(balances({ ...span('2025-08', '2025-10', '600000.00'), ...span('2026-08', '2026-10', '450000.00') })),
    ).not.toContain('BALANCE_DROP');
  });

  it('reads the 6 months before alone when the year before is not on record', () => {
    const w = run(balances(span('2026-08', '2026-10', '450000.00'), 12)).find((x) => x.code === 'BALANCE_DROP')!;
    expect(w.message).toBe('month-end balances fell 50% over the last 3 months against the 6 before (alert at 30%)');
    expect(w.evidence).toMatchObject({ change: -0.5, changeAgainstPrior: -0.5 });
    expect(w.evidence).not.toHaveProperty('changeAgainstYearBefore');
  });
});

describe('rule 12: the latest headcount against the usual one (the median of the 12 months before the last 3)', () => {
  /** The healthy firm with the last `series.length` of its 16 months of insured headcount replaced. */
  const headcount = (series: number[]) => {
    const f = healthyFacts();
    f.altData!.headcount = f.altData!.headcount.slice(-series.length).map((h, k) => ({ ...h, insured: series[k] }));
    return run(f).find((w) => w.code === 'HEADCOUNT_DROP');
  };

  it("a person's drift around a usual 4-5 does not fire, even down to 3 after a month of 6", () => {
    // The highest month (6) to 3 would be a 50% fall; the usual headcount is 4.
    expect(headcount([5, 4, 5, 4, 6, 5, 4, 4, 5, 4, 5, 4, 4, 4, 3, 3])).toBeUndefined();
    expect(headcount([4, 5, 5, 4, 5, 4, 5, 5, 4, 5, 4, 5, 5, 4, 5, 4])).toBeUndefined();
  });

  it('a fall from a usual 10 to 6 fires, with the median and the months it was read from', () => {
    const w = headcount([10, 11, 10, 9, 10, 10, 11, 10, 9, 10, 10, 10, 9, 8, 7, 6]);
    expect(w?.message).toMatch(
      /^insured staff fell to 6 \(2026-10\) from a usual 10 \(the median of 2025-08..2026-07\), down 40%/,
    );
    const drop = w!.evidence.drop as {
      usual: number;
      change: number;
      baselineMonths: Array<{ month: string; insured: number }>;
    };
    expect(drop).toMatchObject({ usual: 10, change: -0.4, latest: { month: '2026-10', insured: 6 } });
    expect(drop.baselineMonths.map((h) => h.insured)).toEqual([11, 10, 9, 10, 10, 11, 10, 9, 10, 10, 10, 9]);
    expect(drop.baselineMonths[0].month).toBe('2025-08');
  });

  it('a fall of a person or two is turnover unless balances or sales fall too; a small firm counts only down to one person', () => {
    /** The same series with the last 3 month-end balances at 400,000 (56% down): other distress. */
    const withDistress = (series: number[]) => {
      const f = healthyFacts();
      f.altData!.headcount = f.altData!.headcount.slice(-series.length).map((h, k) => ({ ...h, insured: series[k] }));
      f.bank!.months = withLast(f.bank!.months, 3, (m) => ({ ...m, endBalance: '400000.00' }));
      return run(f).find((w) => w.code === 'HEADCOUNT_DROP');
    };
    const toOne = [3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 2, 1, 1];
    expect(headcount(toOne)).toBeUndefined();
    const w = withDistress(toOne);
    expect(w?.message).toMatch(
      /^insured staff fell to 1 \(2026-10\) from a usual 3 \(the median of 2025-08..2026-07\), down 67%; month-end balances fell 56% \(.*down to one person from 3 or more/,
    );
    expect(w?.evidence.drop).toMatchObject({
      usual: 3,
      distress: [{ indicator: 'BALANCE_TREND', change: expect.closeTo(-0.5556, 3), threshold: -0.4 }],
    });
    // 5 to 3 is 40% down, but two people.
    const fiveToThree = [5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 4, 3, 3];
    expect(headcount(fiveToThree)).toBeUndefined();
    expect(withDistress(fiveToThree)?.evidence.drop).toMatchObject({ usual: 5, change: -0.4 });
    // Below a usual 5, a share down is not enough, distress or not; nor 2 people to 1.
    expect(withDistress([4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 3, 2, 2])).toBeUndefined();
    expect(withDistress([2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 1, 1])).toBeUndefined();
    expect(headcount([3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 2, 2, 2])).toBeUndefined();
  });

  it('the usual headcount is the median, not the highest month: a shrink long past is the usual now', () => {
    expect(headcount([20, 20, 20, 20, 20, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10])).toBeUndefined();
  });

  it('needs 6 months before the last 3', () => {
    expect(headcount([9, 9, 9, 9, 9, 2, 2, 2])).toBeUndefined();
    expect(headcount([9, 9, 9, 9, 9, 9, 2, 2, 2])?.evidence.drop).toMatchObject({
      usual: 9,
      baselineMonths: expect.any(Array),
    });
  });

  it('carries a staff mismatch the data-quality check found, with or without a fall', () => {
    const mismatch = finding('STAFF_MISMATCH', { claimedStaff: 40, insured: 11 });
    const f = healthyFacts();
    const alone = run(f, [mismatch]).find((w) => w.code === 'HEADCOUNT_DROP')!;
    expect(alone).toMatchObject({
      message: 'STAFF_MISMATCH message',
      evidence: { staffMismatch: { claimedStaff: 40, insured: 11 } },
    });
    expect(alone.evidence).not.toHaveProperty('drop');
    f.altData!.headcount = withLast(f.altData!.headcount, 1, (h) => ({ ...h, insured: 6 }));
    const both = run(f, [mismatch]).find((w) => w.code === 'HEADCOUNT_DROP')!;
    expect(both.message).toMatch(/^insured staff fell to 6 .*; STAFF_MISMATCH message$/);
    expect(Object.keys(both.evidence)).toEqual(expect.arrayContaining(['drop', 'staffMismatch']));
  });
});

describe('scoring the rules for planted problems at asOf', () => {
  const truth = {
    problems: {
      STAFF_MISMATCH: [{ uscc: 'S' }, { uscc: 'U' }],
      GUARANTEE_CIRCLE: [{ uscc: 'C' }],
      SHELL_COMPANY: [{ uscc: 'Z' }],
      SLIDE: [{ uscc: 'A', signals: ['balance', 'headcount'] }],
    },
  } as never;

  it('every rule is scored one way: on a slide signal over the history, on planted problems at asOf, or both', () => {
    expect(signalOf('BALANCE_DROP')).toBe('balance');
    expect(signalOf('MAJOR_CUSTOMER_LOSS')).toBe('customerLoss');
    expect(signalOf('HEADCOUNT_DROP')).toBe('headcount');
    expect(signalOf('GUARANTEE_CIRCLE')).toBeNull();
    expect(plantedFor(truth, 'HEADCOUNT_DROP')).toEqual(new Set(['S', 'U']));
    expect(plantedFor(truth, 'GUARANTEE_CIRCLE')).toEqual(new Set(['C']));
    expect(plantedFor(truth, 'RELATED_PARTY_TRANSACTIONS')).toEqual(new Set(['Z']));
    expect(plantedFor(truth, 'SHELL_COMPANY_SIGNS')).toEqual(new Set(['Z']));
    expect(plantedFor(truth, 'NEW_ENFORCEMENT')).toEqual(new Set());
    // Slide signals are not plants: their rules are scored over the history.
    expect(plantedFor(truth, 'BALANCE_DROP')).toBeNull();
    expect(plantedFor(truth, 'NO_SUCH_RULE')).toBeNull();
    for (const r of RULES)
      expect([r.code, signalOf(r.code) !== null || plantedFor(truth, r.code) !== null]).toEqual([r.code, true]);
  });

  it("counts a guarantee circle while every member's guarantee runs at asOf", () => {
    const member = (uscc: string, guaranteeEndsOn: string) => ({ uscc, circle: ['A', 'B', 'C'], guaranteeEndsOn });
    const intact = {
      asOf: '2026-12',
      problems: { GUARANTEE_CIRCLE: [member('A', '2027-05-01'), member('B', '2026-12-31'), member('C', '2029-01-01')] },
    } as unknown as Truth;
    expect(plantedFor(intact, 'GUARANTEE_CIRCLE')).toEqual(new Set(['A', 'B', 'C']));
    // B defaulted years ago and its guarantee ended in 2026-04: the circle no longer runs.
    const broken = {
      asOf: '2026-12',
      problems: { GUARANTEE_CIRCLE: [member('A', '2027-05-01'), member('B', '2026-04-16'), member('C', '2029-01-01')] },
    } as unknown as Truth;
    expect(plantedFor(broken, 'GUARANTEE_CIRCLE')).toEqual(new Set());
    // C failed before it ever borrowed: it gave no guarantee, so the circle never closed.
    const unclosed = {
      asOf: '2026-12',
      problems: { GUARANTEE_CIRCLE: [member('A', '2027-05-01'), member('B', '2027-12-31')] },
    } as unknown as Truth;
    expect(plantedFor(unclosed, 'GUARANTEE_CIRCLE')).toEqual(new Set());
  });

  it('counts rule 12 for a staff-mismatch plant only on warnings that carry the mismatch (firesForPlant)', () => {
    // Real warnings: a fall alone, and a fall with the check's mismatch finding.
    const fall = healthyFacts();
    fall.altData!.headcount = withLast(fall.altData!.headcount, 1, (h) => ({ ...h, insured: 6 }));
    const [dropOnly] = run(fall).filter((w) => w.code === 'HEADCOUNT_DROP');
    const [withMismatch] = run(fall, [finding('STAFF_MISMATCH', { claimedStaff: 40 })]).filter(
      (w) => w.code === 'HEADCOUNT_DROP',
    );
    expect(firesForPlant('HEADCOUNT_DROP', dropOnly.evidence)).toBe(false);
    expect(firesForPlant('HEADCOUNT_DROP', withMismatch.evidence)).toBe(true);
    expect(firesForPlant('GUARANTEE_CIRCLE', { cycles: [] })).toBe(true);

    const warnings = [
      { uscc: 'S', code: 'HEADCOUNT_DROP', evidence: withMismatch.evidence },
      { uscc: 'T', code: 'HEADCOUNT_DROP', evidence: dropOnly.evidence },
      { uscc: 'C', code: 'GUARANTEE_CIRCLE', evidence: { cycles: [] } },
      { uscc: 'X', code: 'GUARANTEE_CIRCLE', evidence: { cycles: [] } },
    ];
    const fired = new Map<string, Set<string>>();
    for (const w of warnings.filter((x) => firesForPlant(x.code, x.evidence)))
      fired.set(w.code, new Set([...(fired.get(w.code) ?? []), w.uscc]));
    const rows = scoreRules(truth, fired);
    expect(rows.map((r) => r.code).sort()).toEqual(
      RULES.filter((r) => plantedFor(truth, r.code))
        .map((r) => r.code)
        .sort(),
    );
    expect(rows.find((r) => r.code === 'HEADCOUNT_DROP')).toMatchObject({
      fired: 1,
      notShown: 0,
      score: { planted: 2, found: 1, truePositives: 1, precision: 1, recall: 0.5, missed: ['U'] },
    });
    expect(rows.find((r) => r.code === 'GUARANTEE_CIRCLE')).toMatchObject({
      fired: 2,
      score: { planted: 1, found: 2, truePositives: 1, precision: 0.5, recall: 1, falseAlarms: ['X'] },
    });
    expect(rows.find((r) => r.code === 'NEW_ENFORCEMENT')).toMatchObject({
      fired: 0,
      score: { planted: 0, found: 0, precision: 1, recall: 1 },
    });
    const text = formatRuleScores(rows, 'rules for planted problems, at asOf');
    expect(text.split('\n')[0]).toBe('rules for planted problems, at asOf');
    expect(text).toMatch(/\n \+ {2}GUARANTEE_CIRCLE\s+2\s+1\s+1\s+0\.500\s+1\.000 *\n/);
    expect(text).toMatch(/\n12 {2}HEADCOUNT_DROP\s+1\s+2\s+1\s+1\.000\s+0\.500 *\n/);
  });
});

describe('scoring the slide-signal rules month by month', () => {
  // History: borrowers seen at the month ends 2024-01..2024-12.
  const year = Array.from({ length: 12 }, (_, k) => `2024-${String(k + 1).padStart(2, '0')}`);
  const slide = (
    uscc: string,
    fromMonth: string,
    toMonth: string,
    outcome: SlideEvidence['outcome'],
    signals: string[],
    extra: Partial<SlideEvidence> = {},
  ): SlideEvidence => ({ uscc, fromMonth, toMonth, outcome, signals, ...extra });
  /** A borrower seen at `months`, warned by `rule` at `warned`. */
  const seen = (uscc: string, months: string[], warned: Record<string, string[]>): HistoryPoint[] =>
    months.map((month) => ({
      uscc,
      month,
      rules: Object.entries(warned)
        .filter(([, ms]) => ms.includes(month))
        .map(([rule]) => rule),
    }));
  const score = (truth: unknown, history: HistoryPoint[], notShown = new Map<string, Set<string>>()) =>
    scoreSlideRules(truth as Parameters<typeof scoreSlideRules>[0], history, notShown);

  it('uses the documented windows', () => {
    expect(SHOWN_FROM_MONTH).toBe(3);
    expect(RECENT_RECOVERY_MONTHS).toBe(6);
    for (const s of ['sales', 'tax', 'balance', 'utilities', 'headcount', 'instalments', 'orders'])
      expect(AFTER_FAILURE_SIGNALS.has(s)).toBe(true);
  });

  it('BALANCE_DROP: recall per slide from its third month until its signals faded, precision per warned month end', () => {
    const truth = {
      problems: {
        SLIDE: [
          slide('A', '2024-02', '2024-06', 'RECOVERED', ['balance']),
          slide('B', '2024-03', '2024-07', 'RECOVERED', ['balance']),
          slide('C', '2024-02', '2024-05', 'FAILED', ['tax'], { failedIn: '2024-06' }),
          slide('D', '2024-04', '2024-07', 'FAILED', ['balance'], { failedIn: '2024-08' }),
          slide('F', '2023-06', '2024-03', 'RECOVERED', ['balance']),
          slide('G', '2024-05', '2024-08', 'RECOVERED', ['balance']),
          slide('I', '2024-02', '2024-05', 'RECOVERED', ['balance']),
        ],
      },
      firms: {
        A: { failedIn: null },
        B: { failedIn: null },
        C: { failedIn: '2024-06' },
        D: { failedIn: '2024-08' },
        E: { failedIn: null },
        F: { failedIn: null },
        G: { failedIn: null },
        I: { failedIn: null },
      },
    };
    const history = [
      // A: March is its slide's second month (too early, left out); May inside the slide; October in the fade after it recovered.
      ...seen('A', year, { BALANCE_DROP: ['2024-03', '2024-05', '2024-10'] }),
      // B: warned in its slide's first two months (left out: not a catch), and in November: still in the
      // fade the rules may see (true) but after its signals had faded (RECOVERY_MONTHS after its end): not a catch.
      ...seen('B', year, { BALANCE_DROP: ['2024-03', '2024-04', '2024-11'] }),
      // C failed in June without a balance signal in its slide: every failed firm's balances fall, so July is true.
      ...seen('C', year.slice(0, 8), { BALANCE_DROP: ['2024-07'] }),
      // D's slide failed: a warning after the slide's last month, before it left the history, still catches it.
      ...seen('D', year.slice(0, 10), { BALANCE_DROP: ['2024-09'] }),
      // E never slid: a false alarm.
      ...seen('E', year, { BALANCE_DROP: ['2024-05'] }),
      // F's slide started before the history: its warning counts for precision, the slide not for recall.
      ...seen('F', year, { BALANCE_DROP: ['2024-02'] }),
      // G's records cannot show the signal: left out of recall and counted.
      ...seen('G', year, {}),
      // I recovered in May and was warned in July, while its signals were fading: a catch.
      ...seen('I', year, { BALANCE_DROP: ['2024-07'] }),
    ];
    const rows = score(truth, history, new Map([['BALANCE_DROP', new Set(['G'])]]));
    expect(rows.map((r) => r.code).sort()).toEqual(
      RULES.filter((r) => signalOf(r.code))
        .map((r) => r.code)
        .sort(),
    );
    const balance = rows.find((r) => r.code === 'BALANCE_DROP')!;
    expect(balance).toMatchObject({
      number: 6,
      fired: 7,
      notShown: 1,
      firedMonths: 8,
      truePositiveMonths: 7,
      leftOutMonths: 3,
    });
    // Slides seen whole: A (caught in May), B (missed), D (caught in September), I (caught in July).
    expect(balance.score).toMatchObject({ planted: 4, found: 7, truePositives: 3, recall: 0.75, precision: 7 / 8 });
    // C's tax slide, never warned about.
    expect(rows.find((r) => r.code === 'TAX_PAID_DECLINE')!.score).toMatchObject({
      planted: 1,
      found: 0,
      truePositives: 0,
      recall: 0,
      precision: 0,
    });
    // No slide with the signal and no warning: nothing to get wrong.
    expect(rows.find((r) => r.code === 'UTILITY_IRREGULAR')).toMatchObject({
      firedMonths: 0,
      score: { planted: 0, precision: 1, recall: 1 },
    });
    const text = formatRuleScores(rows, 'slide signals, month by month');
    expect(text).toMatch(
      /\n 6 {2}BALANCE_DROP\s+7\s+4\s+3\s+0\.875\s+0\.750\s+1 {3}\(8 month ends warned, 7 while shown, 3 too early left out\)/,
    );
  });

  it('a lost customer shows from its third quiet month; a cash squeeze while the statement that has it is the newest', () => {
    const truth = {
      problems: {
        SLIDE: [
          slide('H', '2024-02', '2024-08', 'RECOVERED', ['customerLoss'], { customerLoss: { fromMonth: '2024-04' } }),
          slide('K', '2024-03', '2024-09', 'RECOVERED', ['cashFlow'], {
            cashSqueeze: { receivedOn: '2024-05-20', newestUntil: '2024-10-15' },
          }),
        ],
      },
      firms: { H: { failedIn: null }, K: { failedIn: null } },
    };
    const history = [
      ...seen('H', year, { MAJOR_CUSTOMER_LOSS: ['2024-05', '2024-06'] }),
      ...seen('K', year, { CASH_FLOW_COVERAGE_LOW: ['2024-04', '2024-06', '2024-10'] }),
    ];
    const rows = score(truth, history);
    // H: May is before the third quiet month (left out), June catches it.
    expect(rows.find((r) => r.code === 'MAJOR_CUSTOMER_LOSS')).toMatchObject({
      firedMonths: 1,
      truePositiveMonths: 1,
      leftOutMonths: 1,
      score: { planted: 1, truePositives: 1, precision: 1, recall: 1 },
    });
    // K: April is before the statement arrived, October after the next one did: false; June is true and catches it.
    expect(rows.find((r) => r.code === 'CASH_FLOW_COVERAGE_LOW')).toMatchObject({
      firedMonths: 3,
      truePositiveMonths: 1,
      leftOutMonths: 0,
      score: { planted: 1, truePositives: 1, precision: 1 / 3, recall: 1 },
    });
  });

  it('an empty history scores nothing', () => {
    expect(score({ problems: {}, firms: {} }, [])).toEqual([]);
  });
});
