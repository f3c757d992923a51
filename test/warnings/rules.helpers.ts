/**
 * Shared fixtures of the warning rules' tests (test/warnings/rules/*.rule.test.ts): the rules run
 * on the healthy-firm fixture (test/facts.fixture.ts) with its health from the serving (shipped)
 * model, the changes several rules' tests make to it, and the assertions every rule's signal case
 * makes (a message and evidence naming the records and the threshold).
 */
import { evaluateRules } from '../../src/warnings/rules.service';
import { WARNINGS_CONFIG } from '../../src/warnings/warnings.config';
import type { DetectedWarning } from '../../src/warnings/warning';
import { scoreHealth } from '../../src/health/health.service';
import type { FirmFacts, LoanFact } from '../../src/health/facts';
import type { DetectedFinding } from '../../src/quality/check';
import { Severity } from '../../src/quality/finding.entity';
import { shippedModel } from '../../src/model/model.repository';
import { healthyFacts, withLast } from '../facts.fixture';

export { healthyFacts, withLast };

/** The rules on the firm's facts and its health from the serving (shipped) model. */
export const run = (f: FirmFacts, findings: DetectedFinding[] = []) =>
  evaluateRules(f, scoreHealth(f, shippedModel()), findings);
export const codes = (f: FirmFacts, findings: DetectedFinding[] = []) => run(f, findings).map((w) => w.code);
/** The warning of rule `code` on the firm, if it fires. */
export const raised = (f: FirmFacts, code: string, findings: DetectedFinding[] = []) =>
  run(f, findings).find((w) => w.code === code);

export const shortLoan = (
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
export function setMonths<T extends { month: string }>(
  list: T[],
  field: keyof T,
  amounts: Record<string, string>,
): T[] {
  return list.map((x) => (amounts[x.month] ? { ...x, [field]: amounts[x.month] } : x));
}

export const span = (from: string, to: string, amount: string) => {
  const out: Record<string, string> = {};
  for (const m of healthyFacts().bank!.months.map((x) => x.month)) if (m >= from && m <= to) out[m] = amount;
  return out;
};

export const finding = (code: string, evidence: Record<string, unknown>): DetectedFinding => ({
  code,
  uscc: '91330106MA27XKQ18B',
  severity: Severity.HIGH,
  message: `${code} message`,
  evidence,
  sources: ['tax'],
  fingerprint: code.toLowerCase(),
});

/**
 * The data-quality findings the rules that raise one read, with evidence of the shape each check's
 * SQL writes (src/quality/checks): the legal representatives named are persons (masked on read).
 */
export const FINDINGS: Record<string, DetectedFinding> = {
  FREQUENT_LEGAL_REP_CHANGE: finding('FREQUENT_LEGAL_REP_CHANGE', {
    windowStart: '2025-12-01',
    windowEnd: '2026-11-30',
    minChanges: 3,
    windowMonths: 12,
    changes: [
      { id: 31, changedOn: '2025-12-01', before: '王建国', after: '李秀英' },
      { id: 32, changedOn: '2026-03-15', before: '李秀英', after: '张伟' },
      { id: 33, changedOn: '2026-08-20', before: '张伟', after: '王建国' },
    ],
  }),
  REGISTRY_STATUS_WITH_LIVE_LOAN: finding('REGISTRY_STATUS_WITH_LIVE_LOAN', {
    registry: {
      uscc: '91330106MA27XKQ18B',
      name: '杭州鑫华机械有限公司',
      status: 'REVOKED',
      statusChangedOn: '2026-05-01',
    },
    abnormalListings: [
      {
        id: 7,
        listedOn: '2026-04-01',
        reason: '未按规定公示年报',
        authority: '杭州市西湖区市场监督管理局',
        removedOn: null,
      },
    ],
    activeLoans: [
      {
        id: 11,
        contractNo: 'HZ2025-0001',
        principal: '1200000.00',
        balance: '600000.00',
        startDate: '2025-06-01',
        maturityDate: '2027-05-31',
        overdueDays: 0,
      },
    ],
  }),
  TAX_WITHOUT_FLOW: finding('TAX_WITHOUT_FLOW', {
    months: ['2026-07', '2026-08', '2026-09'].map((month) => ({
      month,
      declaredSales: month === '2026-09' ? null : '1000000.00',
      invoicedWithTax: '1130000.00',
      inflow: '45000.00',
      ratio: '0.040',
    })),
    maxInflowRatio: 0.3,
    minConsecutiveMonths: 3,
    window: ['2025-11', '2026-10'],
  }),
  RECEIVABLE_PLEDGED_TWICE: finding('RECEIVABLE_PLEDGED_TWICE', {
    receivable: {
      id: 5,
      receivableNo: 'R-2026-0005',
      debtorUscc: '91330100CUSTOMER1A',
      amount: '800000.00',
      issueDate: '2026-06-01',
      dueDate: '2026-12-01',
      status: 'OPEN',
    },
    pledges: [
      {
        id: 1,
        pledgee: '杭州银行',
        registrationNo: 'ZD-0001',
        pledgedOn: '2026-06-10',
        amount: '800000.00',
        status: 'ACTIVE',
      },
      {
        id: 2,
        pledgee: '浙商银行',
        registrationNo: 'ZD-0002',
        pledgedOn: '2026-07-02',
        amount: '700000.00',
        status: 'ACTIVE',
      },
    ],
  }),
  STAFF_MISMATCH: finding('STAFF_MISMATCH', {
    claimedStaff: 40,
    insured: [
      { month: '2026-09', insuredHeadcount: 11 },
      { month: '2026-10', insuredHeadcount: 11 },
    ],
    maxInsured: 11,
    ratio: 0.275,
    maxInsuredRatio: 0.5,
    minClaimedStaff: 10,
  }),
};

/**
 * The two biggest customers (350,000.00 a month of the 500,000.00) bought every month to July and
 * nothing since; the others kept buying as before, so monthly invoiced sales fell to 150,000.00.
 */
export function loseCustomers(f: FirmFacts): void {
  const t = f.tax!;
  t.buyers[0] = { ...t.buyers[0], recent: '0', lastMonth: '2026-07' };
  t.buyers[1] = { ...t.buyers[1], recent: '0', lastMonth: '2026-07' };
  t.invoicedSalesRecent = '450000.00';
  t.invoicedSales12 = '4950000.00';
  t.invoicedMonths = t.invoicedMonths.map((m) => (m.month > '2026-07' ? { ...m, amount: '150000.00' } : m));
}

/** Each rule's signal in the healthy firm (the rules that raise a check's finding: `FINDINGS`). */
export const SIGNALS = {
  BALANCE_DROP: (f) => void (f.bank!.months = withLast(f.bank!.months, 3, (m) => ({ ...m, endBalance: '450000.00' }))),
  CASH_FLOW_COVERAGE_LOW: (f) => void (f.statement!.operatingCashFlow = '520000.00'),
  GUARANTEE_CIRCLE: (f) => {
    f.bank!.guaranteesGiven = [{ id: '5', borrowerUscc: '91330106MA27B', amount: '500000.00', endDate: '2027-01-01' }];
    f.bank!.guaranteeCycles = [['91330106MA27XKQ18B', '91330106MA27B', '91330106MA27C', '91330106MA27XKQ18B']];
  },
  HEADCOUNT_DROP: (f) => void (f.altData!.headcount = withLast(f.altData!.headcount, 1, (h) => ({ ...h, insured: 6 }))),
  LOAN_DISPUTE_SUIT: (f) =>
    void f.judicial.defendantCases.push({
      id: '77',
      caseNo: '(2026)浙0106民初321号',
      cause: '借款合同纠纷',
      filedOn: '2026-07-20',
      amount: '800000.00',
      status: 'PENDING',
    }),
  MAJOR_CUSTOMER_LOSS: (f) => loseCustomers(f),
  NEW_ENFORCEMENT: (f) =>
    void f.judicial.enforcements.push({
      id: '88',
      caseNo: '(2026)浙0106执88号',
      filedOn: '2026-09-01',
      amount: '300000.00',
      status: 'ACTIVE',
    }),
  NETWORK_CONTAGION: (f) =>
    void (f.network = {
      depth: 2,
      members: 3,
      distressed: [
        {
          uscc: '91330106MA27GUAR1X',
          name: '杭州担保一号有限公司',
          hops: 1,
          path: ['91330106MA27XKQ18B', '91330106MA27GUAR1X'],
          edges: [{ guarantorUscc: '91330106MA27GUAR1X', borrowerUscc: '91330106MA27XKQ18B', amount: '500000.00' }],
          signs: [
            {
              kind: 'ENFORCEMENT',
              recordId: '91',
              date: '2026-08-03',
              detail: 'enforcement (2026)浙0106执91号 (120000.00 CNY), open',
            },
          ],
        },
      ],
    }),
  ORDERS_DECLINE: (f) =>
    void (f.supplyChain!.orders = withLast(f.supplyChain!.orders, 6, (o, i) => ({
      ...o,
      amount: i < 3 ? '230000.00' : '180000.00',
    }))),
  RELATED_PARTY_TRANSACTIONS: (f) => void (f.tax!.relatedSales = '3600000.00'),
  REPAYMENT_OVERDUE: (f) =>
    void (f.bank!.lateInstalments = [
      { loanId: '11', contractNo: 'HZ2025-0001', seq: 15, dueDate: '2026-09-20', paidOn: null },
    ]),
  SHELL_COMPANY_SIGNS: (f) => {
    f.registry!.sameAddress = ['91330106SHELL0002X', '91330106SHELL0003Y'];
    f.registry!.paidInCapital = '10000.00';
  },
  SHORT_TERM_DEBT_SURGE: (f) =>
    void f.bank!.loans.push(
      shortLoan('HZ2026-0042', '400000.00', '2026-07-10', '2027-01-10'),
      shortLoan('HZ2026-0043', '400000.00', '2026-09-02', '2027-09-02'),
    ),
  TAX_PAID_DECLINE: (f) =>
    void (f.tax!.declarations = withLast(f.tax!.declarations, 6, (d, i) =>
      i % 3 === 0 ? { ...d, taxPaid: '12000.00' } : d,
    )),
  UTILITY_IRREGULAR: (f) => void (f.altData!.utilities = withLast(f.altData!.utilities, 3, (u) => ({ ...u, late: 1 }))),
} satisfies Record<string, (f: FirmFacts) => void>;

/** A rule's signal: what to change in the healthy firm, and what the evidence and message must show. */
export interface RuleCase {
  change: (f: FirmFacts) => DetectedFinding[] | void;
  evidence: Record<string, unknown>;
  message: RegExp;
}

/**
 * Rule `code` fires on its signal (`c`) in the healthy firm, naming the records and the threshold
 * in its message and evidence, stamped with the config version, a fingerprint and its sources.
 */
export function expectFires(code: string, c: RuleCase): DetectedWarning {
  const f = healthyFacts();
  const findings = c.change(f) ?? [];
  const w = raised(f, code, findings);
  expect(w).toBeDefined();
  expect(w!.message).toMatch(c.message);
  expect(w!.evidence).toMatchObject(c.evidence);
  expect(w!.evidence.rule).toMatchObject({ configVersion: WARNINGS_CONFIG.version });
  expect(w!.fingerprint).toMatch(/^[0-9a-f]{64}$/);
  expect(w!.sources.length).toBeGreaterThan(0);
  return w!;
}

/**
 * A rule that raises a data-quality check's finding: silent on the healthy firm and when only
 * other checks' findings are there (the check's thresholds decide, not the rule), raised with the
 * finding's message and evidence when the check found it.
 */
export function expectRaisesOnlyItsFinding(code: string): void {
  const others = ['TAX_WITHOUT_FLOW', 'RECEIVABLE_PLEDGED_TWICE', 'FREQUENT_LEGAL_REP_CHANGE', 'DUPLICATE_INVOICE']
    .filter((c) => c !== code)
    .map((c) => finding(c, { months: [] }));
  expect(raised(healthyFacts(), code, others)).toBeUndefined();
  expect(raised(healthyFacts(), code, [...others, finding(code, { seen: true })])).toMatchObject({
    message: `${code} message`,
    evidence: { seen: true },
  });
}
