/**
 * The early-warning rules: the domain's (docs/domain.md) twelve and the extra signals (tax without cash flow,
 * guarantee circles, a receivable pledged twice, shell-company signs, repayments falling
 * behind). Each is a pure function of the firm's facts, its health indicators and its current
 * data-quality findings; where a data-quality check already establishes the fact (tax without
 * flow, staff mismatch, pledged twice, registry status with a live loan, legal-rep changes),
 * the rule raises the check's finding as a warning instead of testing it a second way.
 *
 * A hit carries its message and the evidence: the records, the figures and the threshold.
 */
import type { DetectedFinding } from '../quality/check';
import { addMonths, lastDayOfMonth, monthsBetween } from '../quality/months';
import { Severity } from '../quality/finding.entity';
import type { FirmFacts } from '../health/facts';
import type { HealthFactor } from '../health/health.service';
import { lostMajorCustomers, MAJOR_CUSTOMER } from '../health/indicators';
import type { WarningsConfig } from './warnings.config';

export interface RuleInput {
  facts: FirmFacts;
  /** The health factors by indicator code. */
  factors: ReadonlyMap<string, HealthFactor>;
  /** The firm's current data-quality findings. */
  findings: readonly DetectedFinding[];
  config: WarningsConfig;
}

export interface RuleHit {
  message: string;
  evidence: Record<string, unknown>;
  severity?: Severity;
  /** Identifies the warning within the firm when a rule can fire more than once ('' otherwise). */
  subject?: string;
}

export interface WarningRule {
  code: string;
  /** The rule's number in the domain's (docs/domain.md) list (null for the extra signals). */
  number: number | null;
  title: string;
  severity: Severity;
  sources: string[];
  evaluate(input: RuleInput): RuleHit | null;
}

const n = (s: string | null | undefined) => (s ? Number(s) : 0);
const pct = (x: number) => `${Math.round(x * 100)}%`;
const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);

function indicator(input: RuleInput, code: string): HealthFactor | null {
  const f = input.factors.get(code);
  return f && f.status === 'OK' && f.value !== null ? f : null;
}

/** Other signs of distress that corroborate a weak signal: balances or sales falling (named in the evidence). */
function distress(input: RuleInput): Array<{ indicator: string; change: number; threshold: number }> {
  const out: Array<{ indicator: string; change: number; threshold: number }> = [];
  const balance = indicator(input, 'BALANCE_TREND');
  if (balance && balance.value! <= input.config.distressBalanceChange)
    out.push({ indicator: 'BALANCE_TREND', change: balance.value!, threshold: input.config.distressBalanceChange });
  const sales = indicator(input, 'SALES_TREND');
  if (sales && sales.value! <= input.config.distressSalesChange)
    out.push({ indicator: 'SALES_TREND', change: sales.value!, threshold: input.config.distressSalesChange });
  return out;
}

/**
 * A rule that raises a data-quality check's finding of the same code as a warning: the check
 * establishes the fact (set-based, with its evidence); the rule only says it matters for credit.
 */
function raisesFinding(rule: Omit<WarningRule, 'evaluate'>): WarningRule {
  return {
    ...rule,
    evaluate(input) {
      const f = fromFinding(input, rule.code);
      return f ? { message: f.message, evidence: f.evidence } : null;
    },
  };
}

function fromFinding(input: RuleInput, code: string): DetectedFinding | undefined {
  return input.findings.find((f) => f.code === code);
}

/** The last day of the month `months` before the as-of month: records dated after it are "in the last `months` months". */
function monthsAgo(asOfMonth: string, months: number): string {
  return lastDayOfMonth(addMonths(asOfMonth, -months));
}

/**
 * Rule 12's fall: the latest insured headcount against the firm's usual headcount, the median of
 * the `headcountBaselineMonths` months before the last `headcountRecentMonths` (a slide sheds staff
 * over 6-9 months, so the usual level is read before most of it; a median, not the highest month,
 * because headcounts drift by a person or two up and down). A share down counts from a usual
 * headcount big enough for one leaver not to be a third of the staff; below it, only a fall to the
 * owner alone counts (turnover never takes a firm of three to one).
 */
function headcountDrop(input: RuleInput): { message: string; evidence: Record<string, unknown> } | null {
  const { config } = input;
  const h = input.facts.altData?.headcount ?? [];
  const baseline = h.slice(
    -config.headcountRecentMonths - config.headcountBaselineMonths,
    -config.headcountRecentMonths,
  );
  if (baseline.length < config.headcountMinBaselineMonths) return null;
  const now = h.at(-1)!;
  const sorted = baseline.map((x) => x.insured).sort((a, b) => a - b);
  const usual =
    sorted.length % 2
      ? sorted[(sorted.length - 1) / 2]
      : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
  const share = usual > 0 ? 1 - now.insured / usual : 0;
  const byShare = usual >= config.headcountMinBase && share >= config.headcountDrop;
  const toOwner = usual >= config.headcountOwnerOnlyFrom && now.insured <= 1;
  if (!byShare && !toOwner) return null;
  // A fall of a person or two is everyday turnover in a small firm: it counts when other distress
  // (balances or sales falling) corroborates it.
  const persons = usual - now.insured;
  const corroboration = persons <= config.headcountTurnoverPersons ? distress(input) : [];
  if (persons <= config.headcountTurnoverPersons && corroboration.length === 0) return null;
  const from = baseline[0].month;
  const to = baseline.at(-1)!.month;
  return {
    message:
      `insured staff fell to ${now.insured} (${now.month}) from a usual ${usual} (the median of ${from}..${to}), down ${pct(share)}` +
      `${corroboration.map((c) => `; ${c.indicator === 'BALANCE_TREND' ? 'month-end balances' : 'declared sales'} fell ${pct(-c.change)}`).join('')} ` +
      `(alert at ${pct(config.headcountDrop)} down from a usual ${config.headcountMinBase} or more, or down to one person from ${config.headcountOwnerOnlyFrom} or more; ` +
      `a fall of ${config.headcountTurnoverPersons} people or fewer with other distress)`,
    evidence: {
      usual,
      baselineMonths: baseline,
      latest: now,
      change: -share,
      distress: corroboration,
      thresholds: {
        drop: config.headcountDrop,
        minBase: config.headcountMinBase,
        ownerOnlyFrom: config.headcountOwnerOnlyFrom,
        baselineMonths: config.headcountBaselineMonths,
        recentMonths: config.headcountRecentMonths,
        turnoverPersons: config.headcountTurnoverPersons,
      },
    },
  };
}

export const RULES: readonly WarningRule[] = [
  {
    code: 'CASH_FLOW_COVERAGE_LOW',
    number: 1,
    title: 'Cash-flow coverage below the minimum',
    severity: Severity.MEDIUM,
    sources: ['bank'],
    evaluate(input) {
      const { config } = input;
      const x = indicator(input, 'CASH_FLOW_COVERAGE');
      if (!x || x.value! >= config.minCashFlowCoverage) return null;
      // A short year is a warning when the cash at its end does not cover the debt service either.
      const due = n(input.facts.bank!.debtServiceNext12);
      const cash = input.facts.statement!.cash;
      const cashCover = n(cash) / due;
      if (cashCover >= config.minCashCoverForLowCashFlow) return null;
      return {
        message: `cash-flow coverage ${x.value!.toFixed(2)} is below ${config.minCashFlowCoverage}, and year-end cash of ${cash} covers ${cashCover.toFixed(2)} times the debt service (needed: ${config.minCashCoverForLowCashFlow})`,
        evidence: {
          ...x.evidence,
          coverage: x.value,
          cash,
          cashCover: Math.round(cashCover * 10000) / 10000,
          threshold: config.minCashFlowCoverage,
          cashThreshold: config.minCashCoverForLowCashFlow,
        },
      };
    },
  },
  {
    code: 'MAJOR_CUSTOMER_LOSS',
    number: 2,
    title: 'Major customers lost and not replaced',
    severity: Severity.MEDIUM,
    sources: ['tax'],
    evaluate({ facts, config }) {
      const t = facts.tax;
      if (!t) return null;
      // A firm invoicing nothing at all lost no customer: it stopped trading (its registry status says why).
      const found = lostMajorCustomers(facts);
      if (!found || !(n(t.invoicedSalesRecent) > 0)) return null;
      const { priorTotal, lost, loss, first } = found;
      if (!lost.length || loss <= config.maxMajorCustomerLoss) return null;
      // Not replaced: no new customer (first buying since they stopped, in more than one month) buys
      // a good part of what they bought a month, and monthly invoiced sales since then fell.
      const stoppedAfter = lost
        .map((b) => b.lastMonth)
        .sort()
        .at(-1)!;
      const lostMonthly = sum(lost.map((b) => n(b.prior) / (monthsBetween(first, b.lastMonth) + 1)));
      const replacedBy = t.buyers.filter(
        (b) =>
          b.firstMonth > first &&
          b.firstMonth >= stoppedAfter &&
          b.firstMonth < b.lastMonth &&
          (n(b.recent) + n(b.prior)) / (monthsBetween(b.firstMonth, facts.asOf.month) + 1) >=
            config.replacementShare * lostMonthly,
      );
      if (replacedBy.length) return null;
      const byMonth = new Map(t.invoicedMonths.map((m) => [m.month, n(m.amount)]));
      const window = Array.from({ length: 12 }, (_, k) => addMonths(first, k));
      const avg = (ms: string[]) => sum(ms.map((m) => byMonth.get(m) ?? 0)) / ms.length;
      const before = avg(window.filter((m) => m <= stoppedAfter));
      const after = avg(window.filter((m) => m > stoppedAfter));
      if (!(before > 0) || after / before > 1 - config.minSalesDropWithCustomerLoss) return null;
      return {
        message: `major customers worth ${pct(loss)} of the invoiced sales of the 9 months before the last 3 stopped buying after ${stoppedAfter} (${lost.map((b) => b.buyerName).join(', ')}), no new customer took their place, and monthly invoiced sales since then are ${pct(1 - after / before)} below the months before (thresholds: ${pct(config.maxMajorCustomerLoss)} lost, ${pct(config.minSalesDropWithCustomerLoss)} fall)`,
        evidence: {
          lostCustomers: lost.map((b) => ({
            buyer: b.buyer,
            name: b.buyerName,
            prior9Months: b.prior,
            monthsBought: b.priorMonths,
            lastMonth: b.lastMonth,
            recent3Months: b.recent,
          })),
          priorInvoicedSales: priorTotal.toFixed(2),
          loss,
          stoppedAfter,
          lostMonthly: lostMonthly.toFixed(2),
          monthlyBefore: before.toFixed(2),
          monthlyAfter: after.toFixed(2),
          thresholds: {
            loss: config.maxMajorCustomerLoss,
            customerShare: MAJOR_CUSTOMER.share,
            regularMonths: MAJOR_CUSTOMER.regularMonths,
            replacement: config.replacementShare,
            salesDrop: config.minSalesDropWithCustomerLoss,
          },
        },
      };
    },
  },
  {
    code: 'TAX_PAID_DECLINE',
    number: 3,
    title: 'Tax paid falling',
    severity: Severity.MEDIUM,
    sources: ['tax'],
    evaluate(input) {
      const { facts, config } = input;
      const all = facts.tax?.declarations ?? [];
      const d = all.slice(-12);
      if (d.length < 6) return null;
      // Down against the same month a year before (seasons cancel out), in each of the last months.
      const byPeriod = new Map(all.map((x) => [x.period, x]));
      const recent = d
        .slice(-config.taxMonthsRunning)
        .map((x) => ({ ...x, yearBefore: byPeriod.get(addMonths(x.period, -12))?.taxPaid ?? null }));
      const running = recent.every(
        (x) =>
          x.yearBefore !== null && n(x.yearBefore) > 0 && n(x.taxPaid) <= n(x.yearBefore) * (1 - config.taxPaidDrop),
      );
      const arrears = d.slice(-6).filter((x) => n(x.taxPaid) < n(x.taxPayable));
      // A fall in tax paid alone is mostly input-tax timing (measured: it flags healthy firms more
      // often than sliding ones), and one month of arrears is as often a late transfer: the warning
      // needs repeated arrears, or one corroborated by other distress. The fall is reported with it.
      const corroboration = distress(input);
      if (arrears.length < config.taxArrearsMonths && !(arrears.length >= 1 && corroboration.length > 0)) return null;
      const message = [
        running
          ? `tax paid was at least ${pct(config.taxPaidDrop)} below the same month a year before in each of the last ${config.taxMonthsRunning} declared months`
          : '',
        `tax paid fell short of tax payable in ${arrears.length} of the last 6 declared months`,
        ...corroboration.map(
          (c) => `${c.indicator === 'BALANCE_TREND' ? 'month-end balances' : 'declared sales'} fell ${pct(-c.change)}`,
        ),
      ]
        .filter(Boolean)
        .join('; ');
      return {
        message,
        evidence: {
          recent: recent.map((x) => ({
            period: x.period,
            taxPaid: x.taxPaid,
            taxPayable: x.taxPayable,
            taxPaidYearBefore: x.yearBefore,
          })),
          arrears: arrears.map((x) => ({ period: x.period, taxPaid: x.taxPaid, taxPayable: x.taxPayable })),
          distress: corroboration,
          thresholds: {
            drop: config.taxPaidDrop,
            monthsRunning: config.taxMonthsRunning,
            arrearsMonths: config.taxArrearsMonths,
          },
        },
      };
    },
  },
  {
    code: 'ORDERS_DECLINE',
    number: 4,
    title: 'Orders falling',
    severity: Severity.MEDIUM,
    sources: ['supply_chain'],
    evaluate({ facts, config }) {
      if (!facts.supplyChain || facts.supplyChain.orders.length === 0) return null;
      const byMonth = new Map(facts.supplyChain.orders.map((o) => [o.month, n(o.amount)]));
      // Each of the last `orderPeriodsRunning` quarters (the last ending at as-of) against the average
      // quarter of the year before it and against the same quarter a year before: a season's low
      // (a New Year quarter) sits below the year's average every year, and one quarter against its
      // twin is noisy; a real cut shows against both.
      const quarter = (q: number) => {
        const months = [2, 1, 0].map((k) => addMonths(facts.asOf.month, -(q * 3 + k)));
        return { months, amount: sum(months.map((m) => byMonth.get(m) ?? 0)) };
      };
      const ratio = (a: number, b: number) => (b > 0 ? Math.round((a / b - 1) * 10000) / 10000 : null);
      const periods = Array.from({ length: config.orderPeriodsRunning }, (_, i) => {
        const q = config.orderPeriodsRunning - 1 - i;
        const now = quarter(q);
        const yearBefore = [q + 4, q + 3, q + 2, q + 1].map(quarter);
        const average = sum(yearBefore.map((x) => x.amount)) / 4;
        return {
          months: now.months,
          amount: now.amount.toFixed(2),
          yearAverage: average.toFixed(2),
          sameQuarterYearBefore: yearBefore[0].amount.toFixed(2),
          change: ratio(now.amount, average),
          changeAgainstSameQuarter: ratio(now.amount, yearBefore[0].amount),
          delivered: yearBefore.every((x) => x.amount > 0),
        };
      });
      // The supplier must have delivered to the core in each quarter of the year before.
      const falls = (p: (typeof periods)[number]) =>
        p.delivered && p.change! <= -config.orderDrop && p.changeAgainstSameQuarter! <= -config.orderDrop;
      if (!periods.every(falls)) return null;
      return {
        message: `orders of each of the last ${config.orderPeriodsRunning} quarters fell against the average quarter of the year before and against the same quarter a year before: ${periods.map((p) => `${p.months[0]}..${p.months[2]} by ${pct(-p.change!)} and ${pct(-p.changeAgainstSameQuarter!)}`).join(', ')} (threshold ${pct(config.orderDrop)}, ${config.orderPeriodsRunning} periods running)`,
        evidence: { periods, threshold: config.orderDrop, periodsRunning: config.orderPeriodsRunning },
      };
    },
  },
  {
    code: 'UTILITY_IRREGULAR',
    number: 5,
    title: 'Utility payments irregular',
    severity: Severity.MEDIUM,
    sources: ['alt_data'],
    evaluate(input) {
      const x = indicator(input, 'UTILITY_REGULARITY');
      if (!x || x.value! >= input.config.minUtilityOnTime) return null;
      return {
        message: `${x.explanation} (minimum ${pct(input.config.minUtilityOnTime)})`,
        evidence: { ...x.evidence, onTimeShare: x.value, threshold: input.config.minUtilityOnTime },
      };
    },
  },
  {
    code: 'BALANCE_DROP',
    number: 6,
    title: 'Account balance falling abnormally',
    severity: Severity.MEDIUM,
    sources: ['bank'],
    evaluate(input) {
      const x = indicator(input, 'BALANCE_TREND');
      if (!x || 1 + x.value! > input.config.maxBalanceRatio) return null;
      if (input.facts.registry && input.config.balanceDropSkipsStatuses.includes(input.facts.registry.status))
        return null;
      return {
        message: `${x.explanation} (alert at ${pct(1 - input.config.maxBalanceRatio)})`,
        evidence: { ...x.evidence, change: x.value, threshold: input.config.maxBalanceRatio },
      };
    },
  },
  {
    code: 'SHORT_TERM_DEBT_SURGE',
    number: 7,
    title: 'Short-term debt surging',
    severity: Severity.MEDIUM,
    sources: ['bank', 'tax'],
    evaluate({ facts, config }) {
      if (!facts.bank) return null;
      const loans = facts.bank.loans;
      const since = monthsAgo(facts.asOf.month, config.shortTermDebtMonths);
      const fresh = loans.filter((l) => l.startDate > since && monthsBetween(l.startDate, l.maturityDate) <= 12);
      // Renewing a maturing loan, or taking the working-capital loan taken at the same time last
      // year, is not new debt: each earlier short-term loan of about the same size excuses one new loan.
      const used = new Set<(typeof loans)[number]>();
      const similar = (a: (typeof loans)[number], b: (typeof loans)[number]) =>
        n(a.principal) <= n(b.principal) * config.similarPrincipal &&
        n(b.principal) <= n(a.principal) * config.similarPrincipal;
      const match = (l: (typeof loans)[number], ok: (o: (typeof loans)[number]) => boolean) => {
        const o = loans.find(
          (x) =>
            x !== l &&
            !used.has(x) &&
            !fresh.includes(x) &&
            monthsBetween(x.startDate, x.maturityDate) <= 12 &&
            similar(x, l) &&
            ok(x),
        );
        if (o) used.add(o);
        return o;
      };
      const renews = new Map<(typeof loans)[number], (typeof loans)[number]>();
      const seasonal = new Map<(typeof loans)[number], (typeof loans)[number]>();
      for (const l of [...fresh].sort((a, b) => a.startDate.localeCompare(b.startDate))) {
        const old = match(
          l,
          (o) => o.startDate < l.startDate && Math.abs(daysBetween(o.maturityDate, l.startDate)) <= config.renewalDays,
        );
        if (old) renews.set(l, old);
        else {
          const before = match(l, (o) => Math.abs(daysBetween(o.startDate, l.startDate) - 365) <= config.seasonalDays);
          if (before) seasonal.set(l, before);
        }
      }
      const added = fresh.filter((l) => !renews.has(l) && !seasonal.has(l));
      const sales = sum((facts.tax?.declarations ?? []).slice(-12).map((d) => n(d.sales)));
      const borrowed = sum(added.map((l) => n(l.principal)));
      if (
        added.length < config.minNewShortTermLoans ||
        !(sales > 0) ||
        borrowed <= sales * config.maxNewShortTermDebtShare
      )
        return null;
      const notCounted = fresh.length - added.length;
      return {
        message: `${added.length} new short-term loans of ${borrowed.toFixed(2)} taken in ${config.shortTermDebtMonths} months, ${pct(borrowed / sales)} of annual sales (thresholds: ${config.minNewShortTermLoans} loans, ${pct(config.maxNewShortTermDebtShare)})${notCounted ? `; ${notCounted} renewal(s) or seasonal loan(s) not counted` : ''}`,
        evidence: {
          since,
          loans: added.map((l) => ({
            contractNo: l.contractNo,
            principal: l.principal,
            startDate: l.startDate,
            maturityDate: l.maturityDate,
          })),
          renewals: [...renews].map(([l, o]) => ({
            contractNo: l.contractNo,
            startDate: l.startDate,
            renews: o.contractNo,
            maturedOn: o.maturityDate,
          })),
          seasonal: [...seasonal].map(([l, o]) => ({
            contractNo: l.contractNo,
            startDate: l.startDate,
            yearBefore: o.contractNo,
            yearBeforeStart: o.startDate,
          })),
          annualSales: sales.toFixed(2),
          thresholds: {
            loans: config.minNewShortTermLoans,
            share: config.maxNewShortTermDebtShare,
            renewalDays: config.renewalDays,
            seasonalDays: config.seasonalDays,
            similarPrincipal: config.similarPrincipal,
          },
        },
      };
    },
  },
  raisesFinding({
    code: 'FREQUENT_LEGAL_REP_CHANGE',
    number: 8,
    title: 'Legal representative changed frequently',
    severity: Severity.MEDIUM,
    sources: ['registry'],
  }),
  {
    code: 'RELATED_PARTY_TRANSACTIONS',
    number: 9,
    title: 'Abnormal related-party transactions',
    severity: Severity.HIGH,
    sources: ['tax', 'registry'],
    evaluate({ facts, config }) {
      const t = facts.tax;
      if (!t || !(n(t.invoicedSales12) > 0)) return null;
      const share = n(t.relatedSales) / n(t.invoicedSales12);
      if (share < config.maxRelatedSalesShare) return null;
      return {
        message: `${pct(share)} of the firm's invoiced sales in 12 months went to firms sharing its shareholders or legal representative (threshold ${pct(config.maxRelatedSalesShare)})`,
        evidence: {
          relatedSales: t.relatedSales,
          invoicedSales: t.invoicedSales12,
          share,
          threshold: config.maxRelatedSalesShare,
        },
      };
    },
  },
  {
    code: 'LOAN_DISPUTE_SUIT',
    number: 10,
    title: 'New loan-dispute suit as defendant',
    severity: Severity.HIGH,
    sources: ['judicial'],
    evaluate({ facts, config }) {
      const since = monthsAgo(facts.asOf.month, config.judicialRecentMonths);
      const suits = facts.judicial.defendantCases.filter((c) => c.filedOn > since && c.cause === '借款合同纠纷');
      if (!suits.length) return null;
      return {
        message: `sued as defendant in ${suits.length} loan dispute(s) (借款合同纠纷) in the last ${config.judicialRecentMonths} months: ${suits.map((c) => `${c.caseNo} for ${c.amount}`).join(', ')}`,
        evidence: { since, suits },
      };
    },
  },
  {
    code: 'NEW_ENFORCEMENT',
    number: 10,
    title: 'New enforcement or dishonest-debtor listing',
    severity: Severity.HIGH,
    sources: ['judicial'],
    evaluate({ facts, config }) {
      const since = monthsAgo(facts.asOf.month, config.judicialRecentMonths);
      const enforcements = facts.judicial.enforcements.filter((e) => e.filedOn > since);
      const dishonest = facts.judicial.dishonestListings.filter((d) => d.listedOn > since && d.removedOn === null);
      if (!enforcements.length && !dishonest.length) return null;
      const parts = [
        enforcements.length
          ? `${enforcements.length} enforcement(s) (${enforcements.map((e) => e.caseNo).join(', ')})`
          : '',
        dishonest.length ? `a dishonest-debtor listing (${dishonest.map((d) => d.caseNo).join(', ')})` : '',
      ].filter(Boolean);
      return {
        message: `in the last ${config.judicialRecentMonths} months: ${parts.join('; ')}`,
        evidence: { since, enforcements, dishonestListings: dishonest },
      };
    },
  },
  raisesFinding({
    code: 'REGISTRY_STATUS_WITH_LIVE_LOAN',
    number: 11,
    title: 'Registry status abnormal while a loan is live',
    severity: Severity.HIGH,
    sources: ['registry', 'bank'],
  }),
  {
    code: 'HEADCOUNT_DROP',
    number: 12,
    title: 'Insured headcount dropping or short of the claim',
    severity: Severity.MEDIUM,
    sources: ['alt_data', 'core'],
    evaluate(input) {
      const mismatch = fromFinding(input, 'STAFF_MISMATCH');
      const drop = headcountDrop(input);
      if (!mismatch && !drop) return null;
      return {
        message: [drop?.message ?? '', mismatch ? mismatch.message : ''].filter(Boolean).join('; '),
        evidence: {
          ...(drop ? { drop: drop.evidence } : {}),
          ...(mismatch ? { staffMismatch: mismatch.evidence } : {}),
        },
      };
    },
  },
  raisesFinding({
    code: 'TAX_WITHOUT_FLOW',
    number: null,
    title: 'Invoices without money flowing (有税无流)',
    severity: Severity.HIGH,
    sources: ['tax', 'bank'],
  }),
  {
    code: 'GUARANTEE_CIRCLE',
    number: null,
    title: 'In a guarantee circle (担保圈)',
    severity: Severity.HIGH,
    sources: ['bank'],
    evaluate({ facts }) {
      const cycles = facts.bank?.guaranteeCycles ?? [];
      if (!cycles.length) return null;
      return {
        message: `the firm guarantees and is guaranteed within a circle of ${cycles[0].length - 1} firms: ${cycles[0].join(' -> ')}`,
        evidence: { cycles, guaranteesGiven: facts.bank!.guaranteesGiven },
      };
    },
  },
  raisesFinding({
    code: 'RECEIVABLE_PLEDGED_TWICE',
    number: null,
    title: 'A receivable pledged to more than one lender (一票多押)',
    severity: Severity.HIGH,
    sources: ['supply_chain'],
  }),
  {
    code: 'SHELL_COMPANY_SIGNS',
    number: null,
    title: 'Shell-company signs (two of: nobody insured, a shared address, almost no paid-in capital)',
    severity: Severity.HIGH,
    sources: ['registry', 'alt_data'],
    evaluate({ facts, config }) {
      const r = facts.registry;
      if (!r) return null;
      const insured = facts.altData?.headcount.at(-1)?.insured ?? null;
      const signs: string[] = [];
      if (insured === 0) signs.push('nobody insured');
      if (r.sameAddress.length > 0) signs.push(`address shared with ${r.sameAddress.length} other firm(s)`);
      const paidShare = n(r.registeredCapital) > 0 ? n(r.paidInCapital) / n(r.registeredCapital) : 1;
      if (paidShare < config.shellMaxPaidInShare)
        signs.push(`paid-in capital ${r.paidInCapital} is ${pct(paidShare)} of registered ${r.registeredCapital}`);
      if (signs.length < 2) return null;
      return {
        message: `shell-company signs: ${signs.join('; ')}`,
        evidence: {
          insuredLastMonth: insured,
          sameAddress: r.sameAddress,
          address: r.address,
          paidInCapital: r.paidInCapital,
          registeredCapital: r.registeredCapital,
          threshold: config.shellMaxPaidInShare,
        },
      };
    },
  },
  {
    code: 'REPAYMENT_OVERDUE',
    number: null,
    title: 'Repayments falling behind',
    severity: Severity.HIGH,
    sources: ['bank'],
    evaluate({ facts, config }) {
      if (!facts.bank || facts.bank.loans.length === 0) return null;
      const days = (i: { dueDate: string; paidOn: string | null }) =>
        i.paidOn === null ? null : (Date.parse(i.paidOn) - Date.parse(i.dueDate)) / 86_400_000;
      const late = facts.bank.lateInstalments.filter((i) => days(i) === null || days(i)! > config.repaymentGraceDays);
      if (late.length === 0) return null;
      return {
        message: `${late.length} instalment(s) of the last 12 months paid more than ${config.repaymentGraceDays} days late or not at all: ${late
          .map((i) => `${i.contractNo} #${i.seq} due ${i.dueDate} ${i.paidOn ? `paid ${i.paidOn}` : 'unpaid'}`)
          .join(', ')}`,
        evidence: {
          lateInstalments: late,
          loans: facts.bank.loans.map((l) => ({
            contractNo: l.contractNo,
            overdueDays: l.overdueDays,
            classification: l.classification,
          })),
          graceDays: config.repaymentGraceDays,
        },
      };
    },
  },
];

function daysBetween(from: string, to: string): number {
  return (Date.parse(to) - Date.parse(from)) / 86_400_000;
}
