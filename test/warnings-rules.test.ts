/**
 * Every warning rule on the healthy-firm fixture: silent on the healthy firm, and raised by the
 * one change it is about, with a message and evidence naming the records and the threshold.
 */
import { RULES } from '../src/warnings/rules';
import { evaluateRules } from '../src/warnings/rules.service';
import { WARNINGS_CONFIG } from '../src/warnings/warnings.config';
import { scoreHealth } from '../src/health/health.service';
import type { FirmFacts } from '../src/health/facts';
import type { DetectedFinding } from '../src/quality/check';
import { Severity } from '../src/quality/finding.entity';
import { formatRuleScores, plantedFor, scoreRules } from '../src/warnings/eval';
import { healthyFacts, withLast } from './facts.fixture';

const run = (f: FirmFacts, findings: DetectedFinding[] = []) => evaluateRules(f, scoreHealth(f), findings);
const shortLoan = (contractNo: string, principal: string, startDate: string, maturityDate: string, status = 'ACTIVE') => ({
  id: contractNo, contractNo, principal, balance: status === 'ACTIVE' ? principal : '0.00', status, classification: 'NORMAL', overdueDays: 0, startDate, maturityDate,
});
const finding = (code: string, evidence: Record<string, unknown>): DetectedFinding => ({
  code, uscc: '91330106MA27XKQ18B', severity: Severity.HIGH, message: `${code} message`, evidence, sources: ['tax'], fingerprint: code.toLowerCase(),
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
const CASES: Record<string, { change: (f: FirmFacts) => DetectedFinding[] | void; evidence: Record<string, unknown>; message: RegExp }> = {
  CASH_FLOW_COVERAGE_LOW: {
    change: (f) => void (f.statement!.operatingCashFlow = '520000.00'),
    evidence: { statementId: '501', operatingCashFlow: '520000.00', debtServiceNext12: '650000.00', coverage: 0.8, cash: '400000.00', cashCover: 0.6154, threshold: 1.2, cashThreshold: 1 },
    message: /cash-flow coverage 0.80 is below 1.2, and year-end cash of 400000.00 covers 0.62 times the debt service \(needed: 1\)/,
  },
  MAJOR_CUSTOMER_LOSS: {
    change: (f) => loseCustomers(f),
    evidence: {
      thresholds: { loss: 0.2, customerShare: 0.1, regularMonths: 0.85, replacement: 0.7, salesDrop: 0.1 },
      stoppedAfter: '2026-07', monthlyBefore: '500000.00', monthlyAfter: '150000.00',
      lostCustomers: [expect.objectContaining({ buyer: '91330100CUSTOMER1A', recent3Months: '0', monthsBought: 9, lastMonth: '2026-07' }), expect.objectContaining({ buyer: '91330100CUSTOMER2B' })],
    },
    message: /major customers worth 70% of the invoiced sales of the 9 months before the last 3 stopped buying after 2026-07 \(杭州甲机电有限公司, 宁波乙贸易有限公司\), no new customer took their place, and monthly invoiced sales since then are 70% below/,
  },
  TAX_PAID_DECLINE: {
    change: (f) => void (f.tax!.declarations = withLast(f.tax!.declarations, 6, (d, i) => (i % 3 === 0 ? { ...d, taxPaid: '12000.00' } : d))),
    evidence: { arrears: [{ period: '2026-04', taxPaid: '12000.00', taxPayable: '30000.00' }, { period: '2026-07', taxPaid: '12000.00', taxPayable: '30000.00' }], thresholds: { drop: 0.3, monthsRunning: 3, arrearsMonths: 2 } },
    message: /tax paid fell short of tax payable in 2 of the last 6 declared months/,
  },
  ORDERS_DECLINE: {
    change: (f) => void (f.supplyChain!.orders = withLast(f.supplyChain!.orders, 6, (o, i) => ({ ...o, amount: i < 3 ? '230000.00' : '180000.00' }))),
    evidence: {
      threshold: 0.2, periodsRunning: 2,
      periods: [expect.objectContaining({ amount: '690000.00', yearAverage: '900000.00', change: -0.2333 }), expect.objectContaining({ amount: '540000.00', yearAverage: '847500.00', change: -0.3628 })],
    },
    message: /orders of each of the last 2 quarters fell below the average quarter of the year before: 2026-05..2026-07 by 23%, 2026-08..2026-10 by 36%/,
  },
  UTILITY_IRREGULAR: {
    change: (f) => void (f.altData!.utilities = withLast(f.altData!.utilities, 3, (u) => ({ ...u, late: 1 }))),
    evidence: { threshold: 0.8, onTimeShare: 0.75 },
    message: /75% of 12 utility bills in the last 6 months were paid in full and on time \(minimum 80%\)/,
  },
  BALANCE_DROP: {
    change: (f) => void (f.bank!.months = withLast(f.bank!.months, 3, (m) => ({ ...m, endBalance: '450000.00' }))),
    evidence: { threshold: 0.7, change: -0.5, recent: expect.arrayContaining([{ month: '2026-10', endBalance: '450000.00' }]) },
    message: /month-end balances fell 50%/,
  },
  SHORT_TERM_DEBT_SURGE: {
    change: (f) => void f.bank!.loans.push(shortLoan('HZ2026-0042', '400000.00', '2026-07-10', '2027-01-10'), shortLoan('HZ2026-0043', '400000.00', '2026-09-02', '2027-09-02')),
    evidence: {
      since: '2026-04-30', renewals: [], seasonal: [], annualSales: '12000000.00', thresholds: expect.objectContaining({ loans: 2, share: 0.06 }),
      loans: [expect.objectContaining({ contractNo: 'HZ2026-0042', principal: '400000.00' }), expect.objectContaining({ contractNo: 'HZ2026-0043', principal: '400000.00' })],
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
    change: (f) => void f.judicial.defendantCases.push({ id: '77', caseNo: '(2026)浙0106民初321号', cause: '借款合同纠纷', filedOn: '2026-07-20', amount: '800000.00', status: 'PENDING' }),
    evidence: { suits: [expect.objectContaining({ id: '77', caseNo: '(2026)浙0106民初321号' })] },
    message: /\(2026\)浙0106民初321号 for 800000.00/,
  },
  NEW_ENFORCEMENT: {
    change: (f) => void f.judicial.enforcements.push({ id: '88', caseNo: '(2026)浙0106执88号', filedOn: '2026-09-01', amount: '300000.00', status: 'ACTIVE' }),
    evidence: { enforcements: [expect.objectContaining({ id: '88' })] },
    message: /1 enforcement\(s\) \(\(2026\)浙0106执88号\)/,
  },
  REGISTRY_STATUS_WITH_LIVE_LOAN: {
    change: () => [finding('REGISTRY_STATUS_WITH_LIVE_LOAN', { status: 'REVOKED', loans: [{ contractNo: 'HZ2025-0001' }] })],
    evidence: { status: 'REVOKED', loans: [{ contractNo: 'HZ2025-0001' }] },
    message: /REGISTRY_STATUS_WITH_LIVE_LOAN message/,
  },
  HEADCOUNT_DROP: {
    change: (f) => void (f.altData!.headcount = withLast(f.altData!.headcount, 1, (h) => ({ ...h, insured: 6 }))),
    evidence: {
      drop: { peak: { month: '2026-01', insured: 11 }, latest: { month: '2026-10', insured: 6 }, months: 9, thresholds: { drop: 0.35, minBase: 5, ownerOnlyFrom: 3 } },
    },
    message: /insured staff fell from 11 \(2026-01, the most in the 9 months before\) to 6 \(2026-10\), down 45%/,
  },
  TAX_WITHOUT_FLOW: {
    change: () => [finding('TAX_WITHOUT_FLOW', { months: ['2026-07', '2026-08', '2026-09'] })],
    evidence: { months: ['2026-07', '2026-08', '2026-09'] },
    message: /TAX_WITHOUT_FLOW message/,
  },
  GUARANTEE_CIRCLE: {
    change: (f) => {
      f.bank!.guaranteesGiven = [{ id: '5', borrowerUscc: '91330106MA27B', amount: '500000.00', endDate: '2027-01-01' }];
      f.bank!.guaranteeCycles = [['91330106MA27XKQ18B', '91330106MA27B', '91330106MA27C', '91330106MA27XKQ18B']];
    },
    evidence: { cycles: [['91330106MA27XKQ18B', '91330106MA27B', '91330106MA27C', '91330106MA27XKQ18B']], guaranteesGiven: [expect.objectContaining({ id: '5' })] },
    message: /circle of 3 firms/,
  },
  RECEIVABLE_PLEDGED_TWICE: {
    change: () => [finding('RECEIVABLE_PLEDGED_TWICE', { receivableNo: 'R-1', pledges: [{ pledgee: 'A' }, { pledgee: 'B' }] })],
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
    change: (f) => void (f.bank!.lateInstalments = [{ loanId: '11', contractNo: 'HZ2025-0001', seq: 15, dueDate: '2026-09-20', paidOn: null }]),
    evidence: { graceDays: 6, lateInstalments: [{ loanId: '11', contractNo: 'HZ2025-0001', seq: 15, dueDate: '2026-09-20', paidOn: null }] },
    message: /HZ2025-0001 #15 due 2026-09-20 unpaid/,
  },
};

describe('warning rules', () => {
  it('cover DOMAIN.md\'s twelve and the extra signals, each tested below', () => {
    expect(new Set(RULES.filter((r) => r.number !== null).map((r) => r.number))).toEqual(new Set([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]));
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

  it('a balance falling in a firm that is revoked or deregistered is its winding down, not rule 6\'s warning', () => {
    const f = healthyFacts();
    f.bank!.months = withLast(f.bank!.months, 3, (m) => ({ ...m, endBalance: '100000.00' }));
    expect(run(f).map((w) => w.code)).toContain('BALANCE_DROP');
    f.registry!.status = 'DEREGISTERED';
    expect(run(f).map((w) => w.code)).not.toContain('BALANCE_DROP');
  });

  it('a headcount fall counts from the highest of the 9 months before, and in a small firm only down to the owner', () => {
    const headcount = (series: number[]) => {
      const f = healthyFacts();
      f.altData!.headcount = f.altData!.headcount.slice(-series.length).map((h, k) => ({ ...h, insured: series[k] }));
      return run(f).find((w) => w.code === 'HEADCOUNT_DROP');
    };
    // 8 at its peak eight months back, 6 six months back, 5 now: 38% off the peak (25% on the 6-month trend).
    const w = headcount([7, 7, 8, 8, 7, 7, 6, 6, 6, 5, 5, 5, 5]);
    expect(w?.evidence.drop).toMatchObject({ peak: { insured: 8 }, latest: { insured: 5 } });
    // A peak older than 9 months does not count.
    expect(headcount([8, 8, 8, 7, 7, 7, 7, 6, 6, 6, 6, 5, 5])).toBeUndefined();
    // Small firms: 3 -> 2 is turnover; 3 -> 1 is everybody let go but the owner; 2 -> 1 stays below the bar.
    expect(headcount([3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 2, 2, 2])).toBeUndefined();
    expect(headcount([3, 3, 3, 3, 3, 3, 3, 3, 3, 2, 2, 1, 1])?.message).toMatch(/from 3 .* to 1 .*down to one person from at least 3/);
    expect(headcount([2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 1, 1, 1])).toBeUndefined();
    // Fewer than 7 months on record: no trend to read.
    expect(headcount([9, 9, 9, 2, 2, 2])).toBeUndefined();
  });

  it('one month of tax arrears needs other distress to warn, and the evidence names it', () => {
    const f = healthyFacts();
    f.tax!.declarations = withLast(f.tax!.declarations, 1, (d) => ({ ...d, taxPaid: '12000.00' }));
    expect(run(f).map((w) => w.code)).not.toContain('TAX_PAID_DECLINE');
    f.bank!.months = withLast(f.bank!.months, 3, (m) => ({ ...m, endBalance: '400000.00' }));
    const w = run(f).find((x) => x.code === 'TAX_PAID_DECLINE')!;
    expect(w.message).toMatch(/tax paid fell short of tax payable in 1 of the last 6 declared months; month-end balances fell 56%/);
    expect(w.evidence.distress).toEqual([{ indicator: 'BALANCE_TREND', change: expect.closeTo(-0.5556, 3), threshold: -0.4 }]);
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
    f.bank!.loans.push(shortLoan('HZ2026-0105', '400000.00', '2026-07-20', '2027-07-20'), shortLoan('HZ2026-0106', '900000.00', '2026-09-25', '2027-03-25'));
    const w = run(f).find((x) => x.code === 'SHORT_TERM_DEBT_SURGE')!;
    expect(w.message).toMatch(/2 new short-term loans of 1300000.00 taken in 6 months, 11% of annual sales .*; 2 renewal\(s\) or seasonal loan\(s\) not counted/);
    expect(w.evidence).toMatchObject({
      renewals: [{ contractNo: 'HZ2026-0102', renews: 'HZ2025-0101', maturedOn: '2026-07-06' }],
      seasonal: [{ contractNo: 'HZ2026-0104', yearBefore: 'HZ2025-0103' }],
      loans: [expect.objectContaining({ contractNo: 'HZ2026-0105' }), expect.objectContaining({ contractNo: 'HZ2026-0106' })],
    });
  });

  it('rule 2 stays silent when a new customer replaced the lost ones, a customer only bought now and then, or the firm stopped selling', () => {
    const code = (f: FirmFacts) => run(f).map((w) => w.code);
    // Replaced: a new customer since August buys 300,000.00 a month (over 70% of the 350,000.00 lost).
    const replaced = healthyFacts();
    loseCustomers(replaced);
    replaced.tax!.buyers.push({ buyer: '91330100NEWCUST05E', buyerName: '嘉兴戊电器有限公司', recent: '900000.00', prior: '0', priorMonths: 0, firstMonth: '2026-08', lastMonth: '2026-10' });
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

  it('rule 4 stays silent on a quarter that dips and recovers, and on a supplier without a year of orders', () => {
    const code = (f: FirmFacts) => run(f).map((w) => w.code);
    const dip = healthyFacts();
    dip.supplyChain!.orders = withLast(dip.supplyChain!.orders, 6, (o, i) => ({ ...o, amount: i < 3 ? '180000.00' : '290000.00' }));
    expect(code(dip)).not.toContain('ORDERS_DECLINE');
    const young = healthyFacts();
    young.supplyChain!.orders = withLast(young.supplyChain!.orders, 6, (o, i) => ({ ...o, amount: i < 3 ? '230000.00' : '180000.00' })).slice(-8);
    expect(code(young)).not.toContain('ORDERS_DECLINE');
  });

  it('stamp the firm\'s tier at the time', () => {
    const f = healthyFacts({ registry: { ...healthyFacts().registry!, status: 'REVOKED' } });
    const w = evaluateRules(f, scoreHealth(f), [finding('REGISTRY_STATUS_WITH_LIVE_LOAN', {})]);
    expect(w[0].tier).toBe('RED');
  });
});

describe('scoring the rules against the truth', () => {
  const truth = {
    problems: {
      SLIDING_TO_DEFAULT: [
        { uscc: 'A', signals: ['tax', 'balance'] },
        { uscc: 'B', signals: ['balance', 'sales', 'customerLoss', 'orders'] },
        { uscc: 'E', signals: ['borrowing', 'cashFlow'] },
      ],
      GUARANTEE_CIRCLE: [{ uscc: 'C' }],
      NEW_ENFORCEMENT: [{ uscc: 'D' }],
    },
  } as never;

  it('maps each rule to its plants and slide signals', () => {
    expect(plantedFor(truth, 'BALANCE_DROP')).toEqual(new Set(['A', 'B']));
    expect(plantedFor(truth, 'TAX_PAID_DECLINE')).toEqual(new Set(['A']));
    expect(plantedFor(truth, 'GUARANTEE_CIRCLE')).toEqual(new Set(['C']));
    expect(plantedFor(truth, 'NEW_ENFORCEMENT')).toEqual(new Set(['D']));
    expect(plantedFor(truth, 'SHORT_TERM_DEBT_SURGE')).toEqual(new Set(['E']));
    expect(plantedFor(truth, 'CASH_FLOW_COVERAGE_LOW')).toEqual(new Set(['E']));
    expect(plantedFor(truth, 'MAJOR_CUSTOMER_LOSS')).toEqual(new Set(['B']));
    expect(plantedFor(truth, 'ORDERS_DECLINE')).toEqual(new Set(['B']));
    expect(plantedFor(truth, 'NO_SUCH_RULE')).toBeNull();
  });

  it('leaves out plants the records cannot show, and counts them', () => {
    const rows = scoreRules(truth, new Map([['BALANCE_DROP', new Set(['A'])]]), new Map([['BALANCE_DROP', new Set(['B'])]]));
    expect(rows.find((r) => r.code === 'BALANCE_DROP')).toMatchObject({ notShown: 1, score: { planted: 1, precision: 1, recall: 1 } });
  });

  it('prints precision and recall, and says when nothing was planted', () => {
    const rows = scoreRules(truth, new Map([['BALANCE_DROP', new Set(['A', 'X'])]]));
    const balance = rows.find((r) => r.code === 'BALANCE_DROP')!;
    expect(balance.score).toMatchObject({ planted: 2, found: 2, truePositives: 1, precision: 0.5, recall: 0.5 });
    const text = formatRuleScores(rows);
    expect(text).toMatch(/ 6 {2}BALANCE_DROP\s+2\s+2\s+1\s+0.500\s+0.500/);
    expect(formatRuleScores([{ code: 'NO_TRUTH', number: null, fired: 3, score: null, notShown: 0 }])).toMatch(/ \+ {2}NO_TRUTH\s+3\s+\(nothing planted for it\)/);
  });
});
