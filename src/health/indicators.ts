/**
 * The health indicators: pure functions of a firm's facts. Each states its unit, its window and
 * what it does when inputs are missing: MISSING (the source or record it needs is absent: the
 * score's confidence drops, it is not read as zero) or NOT_APPLICABLE (the firm has nothing to
 * measure, e.g. no loan to cover: left out without lowering confidence). Every value carries
 * the figures and record ids behind it, and a sentence a risk officer can check.
 *
 * Money arrives as decimal strings summed in PostgreSQL; indicators are ratios, so they divide
 * Number()s of those sums, and every amount shown in evidence is the original decimal string.
 */
import type { FirmFacts } from './facts';
import { addMonths, monthsBetween } from '../quality/months';

export type IndicatorStatus = 'OK' | 'MISSING' | 'NOT_APPLICABLE';

export interface IndicatorResult {
  status: IndicatorStatus;
  value: number | null;
  /** A sentence a risk officer can check against the evidence. */
  explanation: string;
  evidence: Record<string, unknown>;
}

export interface Indicator {
  code: string;
  label: string;
  unit: string;
  window: string;
  sources: string[];
  /**
   * Whether the borrower can move the value by its own conduct within a year (finances, sales,
   * collections, payments); not its history, not our data, not another party's price, and not a
   * measure whose only levers are perverse (see src/health/next-tier.ts, which proposes changes
   * only to these).
   */
  actionable: boolean;
  /** What the borrower would do, a short verb phrase ("raise the cash buffer"); for an input that is not actionable, why not. */
  action: string;
  compute(f: FirmFacts): IndicatorResult;
}

const n = (s: string | null | undefined) => (s === null || s === undefined ? 0 : Number(s));
const pct = (x: number) => `${Math.round(x * 100)}%`;
const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
// One formatter: toLocaleString builds a new one per call, which was a sixth of the cost of scoring a firm.
const YUAN = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
const yuan = (s: string | number) => `¥${YUAN.format(Number(s))}`;

function missing(explanation: string, evidence: Record<string, unknown> = {}): IndicatorResult {
  return { status: 'MISSING', value: null, explanation, evidence };
}
function notApplicable(explanation: string, evidence: Record<string, unknown> = {}): IndicatorResult {
  return { status: 'NOT_APPLICABLE', value: null, explanation, evidence };
}
function ok(value: number, explanation: string, evidence: Record<string, unknown>): IndicatorResult {
  return { status: 'OK', value: Math.round(value * 10000) / 10000, explanation, evidence };
}

/** Change of the recent window against the earlier one's level per month: recent/len vs prior/len - 1. */
function change(recent: number[], prior: number[]): number | null {
  const before = sum(prior) / prior.length;
  if (!(before > 0)) return null;
  return sum(recent) / recent.length / before - 1;
}

/** The last 3 declared months of `field` against the monthly level of the 9 before them. */
function declaredTrend(
  f: FirmFacts,
  field: 'sales' | 'taxPaid',
  noun: string,
  noBase: IndicatorResult,
): IndicatorResult {
  if (!f.tax) return missing(`no tax records: ${noun} unknown`);
  const d = f.tax.declarations.slice(-12);
  if (d.length < 9) return missing(`only ${d.length} months of VAT declarations (9 needed)`);
  const recent = d.slice(-3);
  const prior = d.slice(0, -3);
  const value = change(
    recent.map((x) => n(x[field])),
    prior.map((x) => n(x[field])),
  );
  if (value === null) return noBase;
  return ok(
    value,
    `${noun} ${value >= 0 ? 'rose' : 'fell'} ${pct(Math.abs(value))} over the last 3 months against the monthly level before`,
    {
      recent: recent.map((x) =>
        field === 'sales'
          ? { period: x.period, sales: x.sales }
          : { period: x.period, taxPaid: x.taxPaid, taxPayable: x.taxPayable },
      ),
      priorMonthlyAverage: (sum(prior.map((x) => n(x[field]))) / prior.length).toFixed(2),
      priorPeriods: [prior[0].period, prior.at(-1)!.period],
    },
  );
}

/** The annual sales the firm declared over the last 12 declared months (null without declarations). */
function annualSales(f: FirmFacts): number | null {
  const d = f.tax?.declarations ?? [];
  if (d.length < 6) return null;
  const last = d.slice(-12);
  return (sum(last.map((x) => n(x.sales))) / last.length) * 12;
}

/**
 * A major customer: at least `share` of the firm's invoiced sales of the 9 months before the last
 * 3. It is lost when it bought nothing in the last 3 months after buying regularly, in at least
 * `regularMonths` of the months from the 12-month window's start to the last month it bought in
 * (a customer buying now and then is not lost after 3 quiet months).
 */
export const MAJOR_CUSTOMER = { share: 0.1, regularMonths: 0.85 };

/**
 * The firm's major customers and the lost ones, with the lost share of the earlier invoiced sales
 * (null when nothing was invoiced in the 9 months before the last 3). Used by the
 * MAJOR_CUSTOMER_LOSS indicator and warning rule 2.
 */
export function lostMajorCustomers(f: FirmFacts): {
  priorTotal: number;
  first: string;
  major: NonNullable<FirmFacts['tax']>['buyers'];
  lost: NonNullable<FirmFacts['tax']>['buyers'];
  loss: number;
} | null {
  const t = f.tax;
  if (!t) return null;
  const priorTotal = n(t.invoicedSales12) - n(t.invoicedSalesRecent);
  if (!(priorTotal > 0)) return null;
  const first = addMonths(f.asOf.month, -11);
  const major = t.buyers.filter((b) => n(b.prior) >= MAJOR_CUSTOMER.share * priorTotal);
  const lost = major.filter(
    (b) => n(b.recent) === 0 && b.priorMonths >= MAJOR_CUSTOMER.regularMonths * (monthsBetween(first, b.lastMonth) + 1),
  );
  return { priorTotal, first, major, lost, loss: sum(lost.map((b) => n(b.prior))) / priorTotal };
}

export const INDICATORS: readonly Indicator[] = [
  {
    code: 'CASH_FLOW_COVERAGE',
    label: 'Cash-flow coverage',
    unit: 'times',
    window:
      'operating cash flow of the newest annual statement (annualised in the year the firm was founded); debt service due in the next 12 months and overdue',
    sources: ['bank'],
    actionable: true,
    action: 'raise cash-flow coverage of debt service',
    compute(f) {
      if (!f.bank) return missing('no bank records: debt service unknown');
      const due = n(f.bank.debtServiceNext12);
      if (due <= 0)
        return notApplicable('no loan payments due in the next 12 months', {
          debtServiceNext12: f.bank.debtServiceNext12,
        });
      const s = f.statement;
      if (!s)
        return missing('no annual financial statement on file: operating cash flow unknown', {
          debtServiceNext12: f.bank.debtServiceNext12,
        });
      // A firm founded during the statement's year has a short first year: its cash flow is annualised.
      const founded = f.registry?.foundedOn;
      const months =
        founded && founded.slice(0, 4) === s.periodEnd.slice(0, 4)
          ? Number(s.periodEnd.slice(5, 7)) - Number(founded.slice(5, 7)) + 1
          : 12;
      const partial = months >= 1 && months < 12;
      const annual = partial ? (n(s.operatingCashFlow) * 12) / months : n(s.operatingCashFlow);
      const value = annual / due;
      const flow = partial
        ? `operating cash flow of ${yuan(s.operatingCashFlow)} in the ${months} months to ${s.periodEnd} (${yuan(annual)} a year)`
        : `operating cash flow of ${yuan(s.operatingCashFlow)} (${s.periodEnd})`;
      return ok(
        value,
        `${flow} covers the ${yuan(due)} of debt service due in the next 12 months (and overdue) ${value.toFixed(2)} times`,
        {
          statementId: s.id,
          periodEnd: s.periodEnd,
          operatingCashFlow: s.operatingCashFlow,
          debtServiceNext12: f.bank.debtServiceNext12,
          ...(partial ? { periodMonths: months, foundedOn: founded } : {}),
          loans: f.bank.loans.filter((l) => l.status === 'ACTIVE').map((l) => l.contractNo),
        },
      );
    },
  },
  {
    code: 'DEBT_RATIO',
    label: 'Debt ratio',
    unit: 'share of total assets',
    window: 'newest annual financial statement',
    sources: ['bank'],
    actionable: true,
    action: 'reduce the debt ratio',
    compute(f) {
      const s = f.statement;
      if (!s) return missing('no annual financial statement on file');
      if (!(n(s.totalAssets) > 0)) return missing(`statement ${s.periodEnd} shows no assets`, { statementId: s.id });
      const value = n(s.totalLiabilities) / n(s.totalAssets);
      return ok(value, `liabilities are ${pct(value)} of total assets (statement of ${s.periodEnd})`, {
        statementId: s.id,
        periodEnd: s.periodEnd,
        totalLiabilities: s.totalLiabilities,
        totalAssets: s.totalAssets,
      });
    },
  },
  {
    code: 'NET_MARGIN',
    label: 'Net margin',
    unit: 'share of revenue',
    window: 'newest annual financial statement',
    sources: ['bank'],
    actionable: true,
    action: 'improve the net margin',
    compute(f) {
      const s = f.statement;
      if (!s) return missing('no annual financial statement on file');
      if (!(n(s.revenue) > 0)) return notApplicable(`statement ${s.periodEnd} shows no revenue`, { statementId: s.id });
      const value = n(s.netProfit) / n(s.revenue);
      return ok(
        value,
        `net profit was ${pct(value)} of revenue (${yuan(s.netProfit)} on ${yuan(s.revenue)}, statement of ${s.periodEnd})`,
        {
          statementId: s.id,
          periodEnd: s.periodEnd,
          netProfit: s.netProfit,
          revenue: s.revenue,
        },
      );
    },
  },
  {
    code: 'CASH_BUFFER',
    label: 'Cash buffer',
    unit: 'months of sales',
    window: 'month-end balances of the last 3 months against declared sales of the last 12',
    sources: ['bank', 'tax'],
    actionable: true,
    action: 'raise the cash buffer',
    compute(f) {
      if (!f.bank) return missing('no bank records');
      const m = f.bank.months.slice(-3);
      if (m.length < 3) return missing(`only ${m.length} months of balances (3 needed)`);
      const sales = annualSales(f);
      if (!sales) return missing('annual sales unknown (fewer than 6 declared months)');
      const balance = sum(m.map((x) => n(x.endBalance))) / m.length;
      const value = balance / (sales / 12);
      return ok(value, `month-end balances of ${yuan(balance)} on average hold ${value.toFixed(2)} months of sales`, {
        months: m.map((x) => ({ month: x.month, endBalance: x.endBalance })),
        averageBalance: balance.toFixed(2),
        monthlySales: (sales / 12).toFixed(2),
      });
    },
  },
  {
    code: 'REVENUE_GROWTH',
    label: 'Revenue growth',
    unit: 'change, year on year',
    window: 'declared sales, last 12 months against the 12 before',
    sources: ['tax'],
    actionable: true,
    action: 'grow sales against the year before',
    compute(f) {
      const d = f.tax?.declarations ?? [];
      if (!f.tax) return missing('no tax records: sales unknown');
      if (d.length < 18)
        return missing(`only ${d.length} months of VAT declarations (18 needed)`, { months: d.length });
      const recent = d.slice(-12).map((x) => n(x.sales));
      const prior = d.slice(0, -12).map((x) => n(x.sales));
      const value = change(recent, prior);
      if (value === null) return missing('no sales declared in the earlier 12 months');
      return ok(
        value,
        `declared sales ${value >= 0 ? 'grew' : 'fell'} ${pct(Math.abs(value))} against the year before`,
        {
          recentPeriods: [d.at(-12)!.period, d.at(-1)!.period],
          recentSales: sum(recent).toFixed(2),
          priorSales: sum(prior).toFixed(2),
          priorMonths: prior.length,
        },
      );
    },
  },
  {
    code: 'SALES_TREND',
    label: 'Sales, last 3 months',
    unit: 'change',
    window: 'declared sales in the last 3 declared months against the 9 months before',
    sources: ['tax'],
    actionable: true,
    action: 'lift sales of the last 3 months against the 9 before',
    compute: (f) => declaredTrend(f, 'sales', 'declared sales', missing('no sales declared in the earlier months')),
  },
  {
    code: 'REVENUE_VOLATILITY',
    label: 'Revenue volatility',
    unit: 'coefficient of variation',
    window: 'declared monthly sales, last 12 months',
    sources: ['tax'],
    actionable: true,
    action: 'reduce the variation of monthly sales',
    compute(f) {
      if (!f.tax) return missing('no tax records: sales unknown');
      const d = f.tax.declarations.slice(-12);
      if (d.length < 6) return missing(`only ${d.length} months of VAT declarations (6 needed)`);
      const xs = d.map((x) => n(x.sales));
      const mean = sum(xs) / xs.length;
      if (!(mean > 0)) return missing('no sales declared');
      const sd = Math.sqrt(sum(xs.map((x) => (x - mean) ** 2)) / xs.length);
      const value = sd / mean;
      return ok(value, `monthly sales vary by ${pct(value)} around their mean of ${yuan(mean)}`, {
        periods: [d[0].period, d.at(-1)!.period],
        mean: mean.toFixed(2),
        sd: sd.toFixed(2),
      });
    },
  },
  {
    code: 'TAX_PAID_TREND',
    label: 'Tax paid, last 3 months',
    unit: 'change',
    window: 'VAT paid in the last 3 declared months against the 9 months before',
    sources: ['tax'],
    actionable: false,
    action: 'nothing to advise: VAT paid follows sales and the tax rules, and paying more tax is no lever',
    compute: (f) =>
      declaredTrend(
        f,
        'taxPaid',
        'tax paid',
        notApplicable('no VAT paid in the earlier months (exempt or small-scale below the threshold)'),
      ),
  },
  {
    code: 'CUSTOMER_CONCENTRATION',
    label: 'Customer concentration',
    unit: 'share of invoiced sales',
    window: 'invoices issued, last 12 months',
    sources: ['tax'],
    actionable: true,
    action: "spread sales over more customers, cutting the largest one's share",
    compute(f) {
      if (!f.tax) return missing('no tax records: invoices unknown');
      const total = n(f.tax.invoicedSales12);
      if (!(total > 0)) return notApplicable('no invoices issued in 12 months');
      const top = f.tax.buyers[0];
      const value = (n(top.recent) + n(top.prior)) / total;
      return ok(value, `the largest customer (${top.buyerName}) took ${pct(value)} of invoiced sales`, {
        buyer: top.buyer,
        buyerName: top.buyerName,
        buyerSales: (n(top.recent) + n(top.prior)).toFixed(2),
        invoicedSales: f.tax.invoicedSales12,
      });
    },
  },
  {
    code: 'MAJOR_CUSTOMER_LOSS',
    label: 'Major-customer loss',
    unit: 'share of earlier invoiced sales',
    window:
      'regular customers with at least 10% of the invoiced sales of the 9 months before the last 3, who bought nothing in the last 3',
    sources: ['tax'],
    actionable: true,
    action: 'win back lost major customers, cutting the lost share',
    compute(f) {
      if (!f.tax) return missing('no tax records: invoices unknown');
      const found = lostMajorCustomers(f);
      if (!found) return notApplicable('no invoiced sales in the 9 months before the last 3');
      const { major, lost, loss, priorTotal } = found;
      return ok(
        loss,
        lost.length
          ? `regular major customers worth ${pct(loss)} of earlier invoiced sales bought nothing in the last 3 months (${lost.map((b) => b.buyerName).join(', ')})`
          : 'every regular major customer kept buying',
        {
          majorCustomers: major.map((b) => ({
            buyer: b.buyer,
            name: b.buyerName,
            prior9Months: b.prior,
            monthsBought: b.priorMonths,
            lastMonth: b.lastMonth,
            recent3Months: b.recent,
          })),
          priorInvoicedSales: priorTotal.toFixed(2),
          definition: MAJOR_CUSTOMER,
        },
      );
    },
  },
  {
    code: 'ORDER_TREND',
    label: 'Orders from core enterprises',
    unit: 'change',
    window: 'orders received, last 3 months against the same 3 months a year before',
    sources: ['supply_chain'],
    actionable: true,
    action: 'grow orders from core enterprises against a year before',
    compute(f) {
      if (!f.supplyChain || f.supplyChain.orders.length === 0)
        return notApplicable('the firm supplies no core enterprise on the platform');
      const byMonth = new Map(f.supplyChain.orders.map((o) => [o.month, n(o.amount)]));
      const months = f.supplyChain.orders.map((o) => o.month).sort();
      const recent = [2, 1, 0].map((k) => addMonths(f.asOf.month, -k));
      const yearBefore = recent.map((m) => addMonths(m, -12));
      const amounts = (ms: string[]) => ms.map((m) => byMonth.get(m) ?? 0);
      // Against the same months a year before: the seasons (the New Year lull, a busy quarter) cancel out.
      const value = change(amounts(recent), amounts(yearBefore));
      if (value === null)
        return notApplicable('no orders in the same 3 months a year before', { firstOrderMonth: months[0] });
      return ok(
        value,
        `orders ${value >= 0 ? 'rose' : 'fell'} ${pct(Math.abs(value))} over the last 3 months against the same months a year before`,
        {
          months: recent,
          amounts: amounts(recent).map((a) => a.toFixed(2)),
          yearBeforeMonths: yearBefore,
          yearBeforeAmounts: amounts(yearBefore).map((a) => a.toFixed(2)),
        },
      );
    },
  },
  {
    code: 'RECEIVABLE_TURNOVER',
    label: 'Receivable turnover',
    unit: 'times a year',
    window: 'newest annual financial statement',
    sources: ['bank'],
    actionable: true,
    action: 'collect receivables faster, turning them over',
    compute(f) {
      const s = f.statement;
      if (!s) return missing('no annual financial statement on file');
      if (!(n(s.accountsReceivable) > 0))
        return notApplicable('no receivables on the statement', { statementId: s.id });
      const value = n(s.revenue) / n(s.accountsReceivable);
      return ok(
        value,
        `receivables turn over ${value.toFixed(1)} times a year (collected in about ${Math.round(365 / Math.max(value, 0.01))} days)`,
        {
          statementId: s.id,
          periodEnd: s.periodEnd,
          revenue: s.revenue,
          accountsReceivable: s.accountsReceivable,
        },
      );
    },
  },
  {
    code: 'INVENTORY_TURNOVER',
    label: 'Inventory turnover',
    unit: 'times a year',
    window: 'newest annual financial statement',
    sources: ['bank'],
    actionable: true,
    action: 'sell inventory faster, turning it over',
    compute(f) {
      const s = f.statement;
      if (!s) return missing('no annual financial statement on file');
      if (!(n(s.inventory) > 0)) return notApplicable('no inventory on the statement', { statementId: s.id });
      const value = n(s.costOfSales) / n(s.inventory);
      return ok(value, `inventory turns over ${value.toFixed(1)} times a year`, {
        statementId: s.id,
        periodEnd: s.periodEnd,
        costOfSales: s.costOfSales,
        inventory: s.inventory,
      });
    },
  },
  {
    code: 'HEADCOUNT_TREND',
    label: 'Insured headcount',
    unit: 'change',
    window: 'social-insurance headcount, latest month against 6 months before',
    sources: ['alt_data'],
    actionable: false,
    action: 'nothing to advise: headcount follows the business, and hiring to lift a score is no advice',
    compute(f) {
      const h = f.altData?.headcount ?? [];
      if (!f.altData || h.length < 7) return missing(`only ${h.length} months of social-insurance records (7 needed)`);
      const now = h.at(-1)!;
      const then = h.at(-7)!;
      if (then.insured === 0) return notApplicable('nobody was insured 6 months ago', { month: then.month });
      const value = now.insured / then.insured - 1;
      return ok(value, `insured staff went from ${then.insured} (${then.month}) to ${now.insured} (${now.month})`, {
        from: then,
        to: now,
        claimedStaff: f.claimedStaff,
      });
    },
  },
  {
    code: 'UTILITY_REGULARITY',
    label: 'Utility payments on time',
    unit: 'share of bills',
    window: 'utility bills of the last 6 months',
    sources: ['alt_data'],
    actionable: true,
    action: 'pay utility bills in full and on time',
    compute(f) {
      const u = (f.altData?.utilities ?? []).slice(-6);
      if (u.length === 0) return missing('no utility bills on record');
      const bills = sum(u.map((m) => m.bills));
      const bad = sum(u.map((m) => Math.max(m.late, m.unpaid)));
      const value = bills ? 1 - bad / bills : 1;
      return ok(
        value,
        `${pct(value)} of ${bills} utility bills in the last ${u.length} months were paid in full and on time`,
        {
          months: u.map((m) => ({
            month: m.month,
            bills: m.bills,
            late: m.late,
            unpaidOrPart: m.unpaid,
            due: m.due,
            paid: m.paid,
          })),
        },
      );
    },
  },
  {
    code: 'FIRM_AGE',
    label: 'Firm age',
    unit: 'years',
    window: 'founding date to as-of',
    sources: ['registry'],
    actionable: false,
    action: 'nothing the firm can do: its age comes with time',
    compute(f) {
      if (!f.registry) return missing('no registry record: founding date unknown');
      const years = (Date.parse(f.asOf.date) - Date.parse(f.registry.foundedOn)) / (365.25 * 86_400_000);
      return ok(years, `founded ${f.registry.foundedOn}, ${years.toFixed(1)} years ago`, {
        foundedOn: f.registry.foundedOn,
      });
    },
  },
  {
    code: 'LEGAL_REP_CHANGES',
    label: 'Legal-representative changes',
    unit: 'changes',
    window: 'last 12 months',
    sources: ['registry'],
    actionable: false,
    action: 'nothing the firm can do: past changes stay on record for 12 months',
    compute(f) {
      if (!f.registry) return missing('no registry record');
      const since = addMonths(f.asOf.month, -11) + '-01';
      const changes = f.registry.legalRepChanges.filter((c) => c.changedOn >= since);
      return ok(
        changes.length,
        changes.length
          ? `the legal representative changed ${changes.length} times in 12 months`
          : 'no change of legal representative in 12 months',
        {
          changes: changes.map((c) => ({ id: c.id, changedOn: c.changedOn, before: c.before, after: c.after })),
        },
      );
    },
  },
  {
    code: 'JUDICIAL_EXPOSURE',
    label: 'Judicial exposure',
    unit: 'share of annual sales',
    window: 'pending cases as defendant and active enforcements; dishonest listings in force',
    sources: ['judicial', 'tax'],
    actionable: true,
    action: 'settle pending suits and enforcements, cutting the claims',
    compute(f) {
      const pending = f.judicial.defendantCases.filter((c) => c.status === 'PENDING');
      const enforcements = f.judicial.enforcements.filter((e) => e.status === 'ACTIVE');
      const dishonest = f.judicial.dishonestListings.filter((d) => d.removedOn === null);
      const amount = sum(pending.map((c) => n(c.amount))) + sum(enforcements.map((e) => n(e.amount)));
      const evidence = {
        pendingCases: pending.map((c) => ({ id: c.id, caseNo: c.caseNo, cause: c.cause, amount: c.amount })),
        activeEnforcements: enforcements.map((e) => ({ id: e.id, caseNo: e.caseNo, amount: e.amount })),
        dishonestListings: dishonest.map((d) => ({ id: d.id, caseNo: d.caseNo, listedOn: d.listedOn })),
      };
      if (dishonest.length)
        return ok(1, `listed as a dishonest debtor (${dishonest.map((d) => d.caseNo).join(', ')})`, {
          ...evidence,
          dishonest: true,
        });
      if (amount === 0) return ok(0, 'no pending suit as defendant and no active enforcement', evidence);
      const sales = annualSales(f);
      if (!sales) return missing(`${yuan(amount)} claimed against the firm, but annual sales are unknown`, evidence);
      const value = amount / sales;
      return ok(
        value,
        `${yuan(amount)} claimed against the firm in pending suits and enforcements, ${pct(value)} of annual sales`,
        { ...evidence, annualSales: sales.toFixed(2) },
      );
    },
  },
  {
    code: 'GUARANTEE_EXPOSURE',
    label: 'Guarantees given',
    unit: 'share of annual sales',
    window: 'guarantees running at as-of',
    sources: ['bank', 'tax'],
    actionable: true,
    action: "reduce guarantees given for others' debt",
    compute(f) {
      if (!f.bank) return missing('no bank records: guarantees unknown');
      const given = f.bank.guaranteesGiven;
      if (given.length === 0) return ok(0, "guarantees no one else's debt", { guarantees: [] });
      const amount = sum(given.map((g) => n(g.amount)));
      const sales = annualSales(f);
      const evidence = { guarantees: given, cycles: f.bank.guaranteeCycles };
      if (!sales) return missing(`guarantees ${yuan(amount)} of others' debt, but annual sales are unknown`, evidence);
      const value = amount / sales;
      return ok(
        value,
        `guarantees ${yuan(amount)} of others' debt, ${pct(value)} of annual sales${f.bank.guaranteeCycles.length ? ', in a guarantee circle' : ''}`,
        { ...evidence, annualSales: sales.toFixed(2) },
      );
    },
  },
  {
    code: 'BALANCE_TREND',
    label: 'Account balance',
    unit: 'change',
    window:
      'average month-end balance of the last 3 months against the 6 before and against the same 3 months a year before; the smaller fall',
    sources: ['bank'],
    actionable: true,
    action: 'build up month-end balances against the months before',
    compute(f) {
      const m = f.bank?.months ?? [];
      if (!f.bank) return missing('no bank records');
      if (m.length < 9) return missing(`only ${m.length} months of balances (9 needed)`);
      const byMonth = new Map(m.map((x) => [x.month, n(x.endBalance)]));
      const recent = m.slice(-3);
      const prior = m.slice(-9, -3);
      const vsPrior = change(
        recent.map((x) => n(x.endBalance)),
        prior.map((x) => n(x.endBalance)),
      );
      if (vsPrior === null) return notApplicable('no positive balance in the 6 months before the last 3');
      // A season's low (the New Year lull, a builder's winter) also sits below the months before:
      // a fall counts as far as the same months a year before show it too (when they are on record).
      const yearBefore = recent.map((x) => addMonths(x.month, -12));
      const lastYear = yearBefore.every((ym) => byMonth.has(ym))
        ? change(
            recent.map((x) => n(x.endBalance)),
            yearBefore.map((ym) => byMonth.get(ym)!),
          )
        : null;
      const value = lastYear === null ? vsPrior : Math.max(vsPrior, lastYear);
      const word = (v: number) => `${v >= 0 ? 'rose' : 'fell'} ${pct(Math.abs(v))}`;
      return ok(
        value,
        `month-end balances ${word(vsPrior)} over the last 3 months against the 6 before${lastYear === null ? '' : ` and ${word(lastYear)} against the same months a year before`}`,
        {
          recent: recent.map((x) => ({ month: x.month, endBalance: x.endBalance })),
          priorMonthlyAverage: (sum(prior.map((x) => n(x.endBalance))) / prior.length).toFixed(2),
          changeAgainstPrior: Math.round(vsPrior * 1e4) / 1e4,
          ...(lastYear === null
            ? {}
            : {
                yearBefore: yearBefore.map((ym) => ({ month: ym, endBalance: byMonth.get(ym)!.toFixed(2) })),
                changeAgainstYearBefore: Math.round(lastYear * 1e4) / 1e4,
              }),
        },
      );
    },
  },
  {
    code: 'REPAYMENT_RECORD',
    label: 'Repayment record',
    unit: 'instalments late or unpaid',
    window: 'instalments due in the last 12 months; overdue days now',
    sources: ['bank'],
    actionable: true,
    action: 'clear late instalments and keep repayments on time',
    compute(f) {
      if (!f.bank) return missing('no bank records');
      if (f.bank.loans.length === 0) return notApplicable('no loans with the bank');
      const late = f.bank.lateInstalments;
      const overdue = Math.max(0, ...f.bank.loans.map((l) => l.overdueDays));
      const value = late.length + (overdue > 0 ? 3 : 0);
      return ok(
        value,
        late.length || overdue
          ? `${late.length} instalments late or unpaid in 12 months${overdue ? `, ${overdue} days overdue now` : ''}`
          : 'every instalment of the last 12 months paid on time',
        {
          lateInstalments: late,
          overdueDays: overdue,
          loans: f.bank.loans.map((l) => ({
            contractNo: l.contractNo,
            classification: l.classification,
            overdueDays: l.overdueDays,
          })),
        },
      );
    },
  },
  {
    code: 'LOAN_PRICING',
    label: 'Loan pricing',
    unit: 'annual interest rate',
    window: 'loans running at as-of, weighted by principal',
    sources: ['bank'],
    actionable: false,
    action: "nothing the firm can do: the rate is the bank's own price of its risk",
    compute(f) {
      if (!f.bank) return missing('no bank records');
      const running = f.bank.loans.filter((l) => l.status === 'ACTIVE');
      if (!running.length) return notApplicable('no loan running at as-of');
      const principal = sum(running.map((l) => n(l.principal)));
      const value = sum(running.map((l) => n(l.annualRate) * n(l.principal))) / principal;
      return ok(
        value,
        `the bank lends to the firm at ${(value * 100).toFixed(2)}% a year (its pricing of the firm's risk when it lent)`,
        {
          loans: running.map((l) => ({
            contractNo: l.contractNo,
            principal: l.principal,
            annualRate: l.annualRate,
            startDate: l.startDate,
          })),
        },
      );
    },
  },
  {
    code: 'TAX_CREDIT_RATING',
    label: 'Tax credit rating',
    unit: 'grade A-D (M for new firms)',
    window: 'latest annual rating',
    sources: ['tax'],
    actionable: true,
    action: 'earn a better tax credit rating by filing and paying taxes on time',
    compute(f) {
      if (!f.tax) return missing('no tax records');
      if (f.tax.creditRating === null) return missing('no tax-credit rating published yet');
      const grade: Record<string, number> = { A: 4, B: 3, M: 2.5, C: 1, D: 0 };
      return ok(grade[f.tax.creditRating] ?? 2, `tax credit rating ${f.tax.creditRating} for ${f.tax.ratingYear}`, {
        rating: f.tax.creditRating,
        year: f.tax.ratingYear,
      });
    },
  },
  {
    code: 'DATA_COMPLETENESS',
    label: 'Data completeness',
    unit: 'share of expected sources',
    window: 'registry, tax, bank, social insurance',
    sources: ['registry', 'tax', 'bank', 'alt_data'],
    actionable: false,
    action: 'nothing the firm can do: a property of our data',
    compute(f) {
      const expected = ['REGISTRY', 'TAX', 'BANK', 'ALT_DATA'];
      const value = 1 - f.missingSources.filter((s) => expected.includes(s)).length / expected.length;
      return ok(
        value,
        f.missingSources.length ? `no data from ${f.missingSources.join(', ')}` : 'every expected source has data',
        { missingSources: f.missingSources },
      );
    },
  },
];
