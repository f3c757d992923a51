/**
 * `Warning.details` and `Warning.rule` over HTTP, on a scratch database: one stored warning of
 * every rule, each what the rule raises on its signal in the healthy-firm fixture (the rules that
 * raise a data-quality finding: on a finding of the check's evidence shape). A client selects the
 * typed evidence with inline fragments and gets the same values the JSON `evidence` has; `rule` is
 * the WarningRule enum, and the portfolio's `warnings(filter: { rules })` filters by it. A person's
 * name inside a typed field is masked for an ANALYST (and a RISK_OFFICER by default) as in
 * `evidence`, in full for a RISK_OFFICER asking with `unmasked: true`; an ANALYST asking so is refused.
 */
import 'reflect-metadata';
import { Role } from '../../src/auth/principal';
import type { Database } from '../../src/db/database';
import { buildUscc } from '../../src/lib/uscc';
import { maskPersonName } from '../../src/masking/mask';
import { CHECKS } from '../../src/quality/checks';
import { RULES } from '../../src/warnings/rules';
import type { DetectedWarning } from '../../src/warnings/warning';
import { storeWarnings } from '../../src/warnings/warning.service';
import { auditedFields, authHeader, gql, openScratchDatabase, startTestServer, type TestServer } from '../helpers';
import type { ScratchDatabase } from '../helpers';
import { FINDINGS, SIGNALS, healthyFacts, loseCustomers, raised } from './rules.helpers';

/** A firm with one warning of every rule, and one that lost a major customer who is a person. */
const [FIRM, PERSON_CUSTOMER] = [0, 1].map((i) => buildUscc('9', '1', '330106', `WDT0000${i}`));
const CUSTOMER = '陈美玲';

let scratch: ScratchDatabase;
let db: Database;
let t: TestServer;

/** The warning of rule `code` on its signal, for FIRM. */
function warningOf(code: string): DetectedWarning {
  const f = healthyFacts({ uscc: FIRM });
  const signal = (SIGNALS as Record<string, (f: ReturnType<typeof healthyFacts>) => void>)[code];
  signal?.(f);
  const finding = FINDINGS[code === 'HEADCOUNT_DROP' ? 'STAFF_MISMATCH' : code];
  const w = raised(f, code, finding ? [{ ...finding, uscc: FIRM }] : []);
  if (!w) throw new Error(`${code} does not fire on its signal`);
  return w;
}

beforeAll(async () => {
  scratch = await openScratchDatabase();
  db = scratch.db;
  await db.query(
    `INSERT INTO core.firm (uscc, name, industry_code, region_code, claimed_staff)
     SELECT u, '预警证据' || i || '号有限公司', 'C3484', '330106', 12 FROM unnest($1::text[]) WITH ORDINALITY AS t(u, i)`,
    [[FIRM, PERSON_CUSTOMER]],
  );
  const lost = healthyFacts({ uscc: PERSON_CUSTOMER });
  loseCustomers(lost);
  lost.tax!.buyers[0] = { ...lost.tax!.buyers[0], buyer: CUSTOMER, buyerName: CUSTOMER };
  const customerLoss = raised(lost, 'MAJOR_CUSTOMER_LOSS');
  if (!customerLoss) throw new Error('MAJOR_CUSTOMER_LOSS does not fire for the lost person customer');
  await storeWarnings(db, [...RULES.map((r) => warningOf(r.code)), customerLoss], new Date());
  t = await startTestServer({}, { databaseUrl: scratch.url });
}, 120_000);

afterAll(async () => {
  await t?.close();
  await scratch?.drop();
});

const DETAILS = `details(unmasked: $full) {
  __typename code
  ... on NetworkContagionEvidence { depth networkFirms tiers defaultDays
    distressed { uscc name hops path edges { guarantorUscc borrowerUscc amount } signs { kind recordId date detail } } }
  ... on CashFlowCoverageLowEvidence { statementId periodEnd operatingCashFlow debtServiceNext12 periodMonths foundedOn
    liveLoans: loans coverage cash cashCover threshold cashThreshold }
  ... on MajorCustomerLossEvidence { lostCustomers { buyer name prior9Months monthsBought lastMonth recent3Months }
    priorInvoicedSales loss stoppedAfter lostMonthly monthlyBefore monthlyAfter
    thresholds { loss customerShare regularMonths replacement salesDrop } }
  ... on TaxPaidDeclineEvidence { recent { period taxPaid taxPayable taxPaidYearBefore }
    arrears { period taxPaid taxPayable } distress { indicator change threshold }
    thresholds { drop monthsRunning arrearsMonths } }
  ... on OrdersDeclineEvidence { periods { months amount yearAverage sameQuarterYearBefore change changeAgainstSameQuarter delivered }
    threshold periodsRunning }
  ... on UtilityIrregularEvidence { months { month bills late unpaidOrPart due paid } onTimeShare threshold }
  ... on BalanceDropEvidence { recent { month endBalance } priorMonthlyAverage changeAgainstPrior
    yearBefore { month endBalance } changeAgainstYearBefore change threshold }
  ... on ShortTermDebtSurgeEvidence { since loans { contractNo principal startDate maturityDate }
    renewals { contractNo startDate renews maturedOn } seasonal { contractNo startDate yearBefore yearBeforeStart }
    annualSales thresholds { loans share renewalDays seasonalDays similarPrincipal } }
  ... on FrequentLegalRepChangeWarningEvidence { windowStart windowEnd minChanges windowMonths
    changes { id changedOn before after } }
  ... on RelatedPartyTransactionsEvidence { relatedSales invoicedSales share threshold }
  ... on LoanDisputeSuitEvidence { since suits { id caseNo cause filedOn amount status } }
  ... on NewEnforcementEvidence { since enforcements { id caseNo filedOn amount status }
    dishonestListings { id caseNo listedOn removedOn } }
  ... on RegistryStatusWithLiveLoanWarningEvidence { registry { uscc name status statusChangedOn }
    abnormalListings { id listedOn reason authority removedOn }
    activeLoans { id contractNo principal balance startDate maturityDate overdueDays } }
  ... on HeadcountDropEvidence {
    drop { usual baselineMonths { month insured } latest { month insured } change distress { indicator change threshold }
      thresholds { drop minBase ownerOnlyFrom baselineMonths recentMonths turnoverPersons } }
    staffMismatch { claimedStaff insured { month insuredHeadcount } maxInsured ratio maxInsuredRatio minClaimedStaff } }
  ... on TaxWithoutFlowWarningEvidence { months { month declaredSales invoicedWithTax inflow ratio }
    maxInflowRatio minConsecutiveMonths window }
  ... on GuaranteeCircleWarningEvidence { cycles guaranteesGiven { id borrowerUscc amount endDate } }
  ... on ReceivablePledgedTwiceWarningEvidence { receivable { id receivableNo debtorUscc amount issueDate dueDate status }
    pledges { id pledgee registrationNo pledgedOn amount status } }
  ... on ShellCompanySignsEvidence { insuredLastMonth sameAddress address paidInCapital registeredCapital threshold }
  ... on RepaymentOverdueEvidence { lateInstalments { loanId contractNo seq dueDate paidOn }
    loans { contractNo overdueDays classification } graceDays }
}`;
const HISTORY = `query History($u: USCC!, $full: Boolean! = false) { borrower(uscc: $u) { warningHistory {
  code rule message(unmasked: $full) evidence(unmasked: $full) ${DETAILS} } } }`;

type Json = Record<string, unknown>;
interface Item {
  code: string;
  rule: string;
  message: string;
  evidence: Json;
  details: Json & { __typename: string; code: string };
}

async function history(uscc: string, headers: Record<string, string>, full = false): Promise<Item[]> {
  const res = await gql(t.url, HISTORY, { u: uscc, full }, headers);
  expect(res.errors).toBeUndefined();
  return res.data!.borrower.warningHistory as Item[];
}

/** The JSON evidence as the typed fields show it: without the run's stamps, ids as GraphQL IDs (strings). */
function expectedDetails(evidence: Json): Json {
  const ids = (v: unknown, key?: string): unknown =>
    Array.isArray(v)
      ? v.map((x) => ids(x, key))
      : typeof v === 'object' && v !== null
        ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, ids(x, k)]))
        : (key === 'id' || key === 'statementId' || key === 'loanId') && typeof v === 'number'
          ? String(v)
          : v;
  const { rule: _rule, asOf: _asOf, ...rest } = evidence;
  return ids(rest) as Json;
}

/** The typed fields without the optional ones the JSON leaves out (null when selected). */
function withoutAbsent(typed: unknown, json: unknown): unknown {
  if (Array.isArray(typed)) return typed.map((x, k) => withoutAbsent(x, (json as unknown[] | undefined)?.[k]));
  if (typeof typed !== 'object' || typed === null) return typed;
  const j = (json ?? {}) as Json;
  return Object.fromEntries(
    Object.entries(typed)
      .filter(([k, v]) => v !== null || k in j)
      .map(([k, v]) => [k, withoutAbsent(v, j[k])]),
  );
}

const pascal = (code: string) => code.toLowerCase().replace(/(^|_)(\w)/g, (_m, _u, c: string) => c.toUpperCase());
/** Rules whose code is also a data-quality check's: their evidence type is named `<Code>WarningEvidence`. */
const SHARES_A_CHECK_CODE = new Set(CHECKS.map((c) => c.code as string));

describe('Warning.details', () => {
  it.each(RULES.map((r) => r.code))(
    '%s: typed fields through inline fragments carry the JSON evidence',
    async (code) => {
      const items = await history(FIRM, await authHeader(Role.RISK_OFFICER), true);
      const w = items.find((i) => i.code === code)!;
      expect(w).toBeDefined();
      expect(w.rule).toBe(code);
      // Rule 1's `loans` (contract numbers) is aliased: other rules' `loans` are records, which GraphQL does not merge.
      const { __typename, code: detailsCode, liveLoans, ...typed } = w.details;
      if (liveLoans !== undefined) typed.loans = liveLoans;
      expect(detailsCode).toBe(code);
      expect(__typename).toBe(`${pascal(code)}${SHARES_A_CHECK_CODE.has(code) ? 'Warning' : ''}Evidence`);
      const expected = expectedDetails(w.evidence);
      expect(Object.keys(expected).length).toBeGreaterThan(0);
      expect(withoutAbsent(typed, expected)).toEqual(expected);
    },
  );

  it('HEADCOUNT_DROP carries both the fall and the staff mismatch; optional fields the JSON leaves out are null', async () => {
    const items = await history(FIRM, await authHeader(Role.ANALYST));
    const headcount = items.find((i) => i.code === 'HEADCOUNT_DROP')!.details;
    expect(headcount.drop).toMatchObject({ usual: 11, latest: { month: '2026-10', insured: 6 } });
    expect(headcount.staffMismatch).toMatchObject({ claimedStaff: 40, maxInsured: 11, ratio: 0.275 });
    const cash = items.find((i) => i.code === 'CASH_FLOW_COVERAGE_LOW')!.details;
    expect(cash).toMatchObject({ statementId: '501', periodMonths: null, foundedOn: null, coverage: 0.8 });
  });
});

describe('masking inside Warning.details', () => {
  const sub = (role: Role, what: string) => `warning-details.${role.toLowerCase()}.${what}.${process.pid}`;
  const as = (role: Role, what: string) => authHeader(role, { sub: sub(role, what) });
  const masked = maskPersonName(CUSTOMER);
  const customerIn = (items: Item[]) =>
    (
      items.find((i) => i.code === 'MAJOR_CUSTOMER_LOSS')!.details.lostCustomers as Array<{
        buyer: string;
        name: string;
      }>
    )[0];

  it('ANALYST and RISK_OFFICER by default: a lost customer who is a person is masked in the typed fields as in evidence', async () => {
    expect(masked).not.toBe(CUSTOMER);
    for (const role of [Role.ANALYST, Role.RISK_OFFICER]) {
      const items = await history(PERSON_CUSTOMER, await as(role, 'customer'));
      expect(customerIn(items)).toMatchObject({ buyer: masked, name: masked });
      const json = (
        items.find((i) => i.code === 'MAJOR_CUSTOMER_LOSS')!.evidence.lostCustomers as Array<{ name: string }>
      )[0];
      expect(customerIn(items).name).toBe(json.name);
      expect(JSON.stringify(items)).not.toContain(CUSTOMER);
      const audit = await auditedFields(t, sub(role, 'customer'));
      expect(audit.sensitive).toEqual(expect.arrayContaining(['Warning.details', 'Warning.evidence']));
      expect(audit.unmasked).toEqual([]);
    }
  });

  it('ANALYST: the legal representatives of FREQUENT_LEGAL_REP_CHANGE are masked in the typed changes', async () => {
    const items = await history(FIRM, await as(Role.ANALYST, 'legal-rep'));
    const changes = items.find((i) => i.code === 'FREQUENT_LEGAL_REP_CHANGE')!.details.changes as Array<{
      before: string;
      after: string;
    }>;
    expect(changes.map((c) => c.before)).toEqual(['王建国', '李秀英', '张伟'].map(maskPersonName));
    for (const name of ['王建国', '李秀英', '张伟']) expect(JSON.stringify(changes)).not.toContain(name);
  });

  it('RISK_OFFICER with unmasked: true sees the names in full; an ANALYST asking so gets FORBIDDEN and nothing leaks', async () => {
    const full = await history(PERSON_CUSTOMER, await as(Role.RISK_OFFICER, 'customer-full'), true);
    expect(customerIn(full)).toMatchObject({ buyer: CUSTOMER, name: CUSTOMER });
    expect((await auditedFields(t, sub(Role.RISK_OFFICER, 'customer-full'))).unmasked).toContain('Warning.details');
    const res = await gql(t.url, HISTORY, { u: PERSON_CUSTOMER, full: true }, await as(Role.ANALYST, 'forbidden'));
    const refused = (res.errors ?? []).filter((e) => e.extensions?.code === 'FORBIDDEN').map((e) => e.path!.at(-1));
    expect(refused).toEqual(expect.arrayContaining(['details', 'evidence', 'message']));
    expect(JSON.stringify(res)).not.toContain(CUSTOMER);
  });
});

describe('Warning.rule and the filter by rules', () => {
  const PAGE = `query($f: WarningFilter) { warnings(filter: $f, first: 50) { edges { node { uscc rule } } } }`;
  const rulesOf = async (f: Json) => {
    const res = await gql(t.url, PAGE, { f: { uscc: FIRM, ...f } }, await authHeader(Role.ANALYST));
    expect(res.errors).toBeUndefined();
    return (res.data!.warnings.edges as Array<{ node: { rule: string } }>).map((e) => e.node.rule).sort();
  };

  it('lists the rules asked for; with the deprecated codes too, the rules both list', async () => {
    expect(await rulesOf({})).toEqual(RULES.map((r) => r.code).sort());
    expect(await rulesOf({ rules: ['TAX_PAID_DECLINE', 'BALANCE_DROP'] })).toEqual([
      'BALANCE_DROP',
      'TAX_PAID_DECLINE',
    ]);
    expect(
      await rulesOf({ rules: ['TAX_PAID_DECLINE', 'BALANCE_DROP'], codes: ['BALANCE_DROP', 'GUARANTEE_CIRCLE'] }),
    ).toEqual(['BALANCE_DROP']);
    expect(await rulesOf({ codes: ['GUARANTEE_CIRCLE'] })).toEqual(['GUARANTEE_CIRCLE']);
  });

  it('refuses a rule that is not one, and an empty list', async () => {
    const bad = await gql(t.url, PAGE, { f: { rules: ['NO_SUCH_RULE'] } }, await authHeader(Role.ANALYST));
    expect(bad.errors?.[0]?.message).toMatch(/NO_SUCH_RULE/);
    const empty = await gql(t.url, PAGE, { f: { rules: [] } }, await authHeader(Role.ANALYST));
    expect(empty.errors?.[0]).toMatchObject({
      message: '`filter.rules` must list at least one value, or be left out',
      extensions: { code: 'BAD_USER_INPUT', argument: 'filter.rules' },
    });
  });
});
