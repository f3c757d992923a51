/**
 * Financial statements (bank.financial_statement) that borrowers hand the bank: an annual
 * statement for each year from the one before the window to the newest (as far back as the firm
 * existed), each received in March-May of the next year, and, for about 40% of firms, half-year
 * statements received in July-August. Firms with a loan hand them in; so do the firms planted with
 * STATEMENT_IDENTITY (loan applicants whose statement is on file even when no loan was granted).
 *
 * Flows (revenue, cost of sales, net profit, operating cash flow) are for the period, year to
 * date: revenue is the firm's sales over the period's months (the series every other source is
 * drawn from, so it matches the VAT declarations within a few percent), extended by the series'
 * trend and seasonality for months before the window. Balances are at period end, from
 * per-firm habits (days of receivables and of inventory, months of cash, debt ratio) with a
 * little jitter per statement. Every honest statement adds up exactly (勾稽关系):
 *   total assets = total liabilities + owners' equity,
 *   current assets = cash + receivables + inventory + other current assets (other >= 0),
 *   current assets <= total assets, current liabilities <= total liabilities,
 *   short-term borrowings <= current liabilities.
 *
 * Operating cash flow: a bank lends what a firm's cash flow can service, so a borrower's operating
 * cash flow covers the debt service of its loans (interest, and the principal of amortising
 * loans, over 12 months: what the platform's CASH_FLOW_COVERAGE reads, at the highest it reaches
 * at any month end of the year the statement is the newest, since a renewal may change the
 * repayment method) about 2.4 times (0.9-4.5, less for less healthy firms: a few fall short without any
 * squeeze), or more when its margin gives more; in the year it was founded, for the months it
 * existed. A sliding firm with the `cashFlow` signal was already squeezed: the newest annual
 * statement the bank holds when its slide ends shows operating cash flow covering 0.9 times the
 * debt service then at most (it may be negative), and year-end cash drained below a year's debt
 * service. Its look-alike, drawn for 5% of the other borrowers: one bad year (a random annual
 * statement's cash flow as short as a squeeze's: a large order prepaid, a customer paying late)
 * with ample cash at year end (1.3-3 times the debt service). Years without debt service, and
 * non-borrowers, keep the margin's cash flow.
 *
 * Planted STATEMENT_IDENTITY: the firm's newest annual statement breaks one identity by far more
 * than any rounding (2-20% of total assets, or 5-40% above, or 10-40% below the components).
 *
 * Drawn from its own stream (Stream.STATEMENTS), so no other table's rows move; the cash flow
 * against debt service from Stream.CASH_FLOW.
 */
import { type Month, calendarMonth, dayInMonth, formatDay, lastDay, monthOfDay } from '../calendar';
import { type FirmContext } from '../firm.context';
import { type Fen, formatFen } from '../money';
import { type LoanBook } from './loans';
import { lastAnnualYear } from '../plan';
import { type StatementBreak } from '../problems';
import { Rng, Stream } from '../random';
import { type FirmSeries, seasonality } from '../series';
import { type Sector, sectorOf } from '../../reference/industries';

/** Days of inventory on hand, by sector: [min, max]. */
const INVENTORY_DAYS: Record<Sector, [number, number]> = {
  MANUFACTURING: [40, 120],
  WHOLESALE_RETAIL: [30, 90],
  CONSTRUCTION: [20, 80],
  AGRICULTURE: [30, 150],
  SERVICES: [0, 15],
  OTHER: [10, 60],
};
/** Non-current assets (plant, equipment, long-term investments) per unit of current assets. */
const FIXED_PER_CURRENT: Record<Sector, [number, number]> = {
  MANUFACTURING: [0.5, 1.5],
  WHOLESALE_RETAIL: [0.1, 0.5],
  CONSTRUCTION: [0.2, 0.7],
  AGRICULTURE: [0.6, 1.8],
  SERVICES: [0.2, 1.0],
  OTHER: [0.2, 1.0],
};

/** The firm's habits, drawn once: every statement of the firm varies a little around them. */
interface Habits {
  receivableDays: number;
  inventoryDays: number;
  cashMonths: number;
  otherShare: number;
  fixedPerCurrent: number;
  grossMargin: number;
  netMargin: number;
  debtRatio: number;
  currentLiabilityShare: number;
  borrowingShare: number;
}

interface Period {
  type: 'ANNUAL' | 'SEMI_ANNUAL';
  /** Months of the period (year to date). */
  first: Month;
  last: Month;
  received: number;
  audited: boolean;
}

export interface Statement {
  id: number;
  periodEnd: string;
  periodType: 'ANNUAL' | 'SEMI_ANNUAL';
  totalAssets: Fen;
  currentAssets: Fen;
  cash: Fen;
  accountsReceivable: Fen;
  inventory: Fen;
  totalLiabilities: Fen;
  currentLiabilities: Fen;
  shortTermBorrowings: Fen;
  ownersEquity: Fen;
  revenue: Fen;
  costOfSales: Fen;
  netProfit: Fen;
  operatingCashFlow: Fen;
}

/** The statements written, and the cash squeeze one of them shows (sliding firms with the `cashFlow` signal). */
export interface CashFlowStatements {
  statements: Statement[];
  squeeze: {
    statementId: string;
    periodEnd: string;
    operatingCashFlow: string;
    cash: string;
    debtServiceNext12: string;
    receivedOn: string;
    newestUntil: string | null;
  } | null;
}

/** How a statement's operating cash flow and cash are set against the debt service (null: the margin's cash flow). */
interface CashFlowPlan {
  /** Operating cash flow of a year, in times the debt service (at least the margin's cash flow, unless short). */
  coverage: number;
  /** The year was short: the cash flow is set to coverage x debt service whatever the margin gave. */
  short: boolean;
  /** Year-end cash, in times the debt service: at most this (a squeeze), or at least this (ample balances). */
  cashAtMost?: number;
  cashAtLeast?: number;
}

export function generateStatements(f: FirmContext, series: FirmSeries, loans: LoanBook): CashFlowStatements {
  const planted = f.g.plan.statementBreak.get(f.i);
  if (!loans.borrowed && planted === undefined) return { statements: [], squeeze: null };
  const rng = Rng.stream(f.g.seed, f.i, Stream.STATEMENTS);
  const habits = drawHabits(f, rng);
  const periods = drawPeriods(f, rng);
  const cf = Rng.stream(f.g.seed, f.i, Stream.CASH_FLOW);
  const annual = periods.filter((p) => p.type === 'ANNUAL');
  // The squeezed statement: the newest annual one the bank holds when the slide ends (none if the slide is after asOf).
  const e = f.p.timeline.episode;
  const slideEnd = e && f.p.signals.cashFlow ? lastDay(Math.min(e.end, f.g.asOf)) : null;
  const squeezed = slideEnd === null || e!.start > f.g.asOf ? undefined : annual.find((p) => p.received <= slideEnd);
  const squeezeService = slideEnd === null ? 0 : loans.debtServiceAfter(slideEnd);
  const badYear =
    squeezed === undefined && cf.chance(0.05) && annual.length > 0 ? annual[cf.int(0, annual.length - 1)] : undefined;
  const out: Statement[] = [];
  let squeeze: CashFlowStatements['squeeze'] = null;
  for (const period of periods) {
    const squeezeHere = period === squeezed && squeezeService > 0;
    const debtService = squeezeHere ? squeezeService : peakDebtService(loans, period.received);
    let plan: CashFlowPlan | null = null;
    if (debtService > 0) {
      const share = (period.last - period.first + 1) / 12;
      if (squeezeHere) plan = { coverage: cf.between(-0.3, 0.9), short: true, cashAtMost: cf.between(0.1, 0.8) };
      else if (period === badYear)
        plan = { coverage: cf.between(-0.3, 0.9), short: true, cashAtLeast: cf.between(1.3, 3) };
      else
        plan = {
          coverage: share * Math.min(4.5, Math.max(0.9, Math.exp(cf.normal(Math.log(2.4) + 0.15 * f.p.health, 0.25)))),
          short: false,
        };
    }
    const s = statement(f, rng, series, habits, period, plan && { ...plan, debtService });
    if (squeezeHere) {
      // Rule 1 reads the newest annual statement: this one, from its arrival until the next year's arrives.
      const next = annual[annual.indexOf(period) - 1];
      squeeze = {
        statementId: String(s.id),
        periodEnd: s.periodEnd,
        operatingCashFlow: formatFen(s.operatingCashFlow),
        cash: formatFen(s.cash),
        debtServiceNext12: formatFen(debtService),
        receivedOn: formatDay(period.received),
        newestUntil: next ? formatDay(next.received) : null,
      };
    }
    // The newest annual statement is the first annual one drawn (periods are newest first).
    if (planted !== undefined && period === annual[0]) breakIdentity(f, rng, s, planted);
    write(f, s, period);
    out.push(s);
  }
  return { statements: out, squeeze };
}

/** The highest debt service due in the 12 months after any month end of the year after `received` (and on `received` itself). */
function peakDebtService(loans: LoanBook, received: number): number {
  let peak = loans.debtServiceAfter(received);
  const from = monthOfDay(received);
  for (let m = from; m < from + 12; m++) peak = Math.max(peak, loans.debtServiceAfter(lastDay(m)));
  return peak;
}

function drawHabits(f: FirmContext, rng: Rng): Habits {
  const sector = sectorOf(f.id.industry.code);
  const [invLo, invHi] = INVENTORY_DAYS[sector];
  const [fixLo, fixHi] = FIXED_PER_CURRENT[sector];
  const h = f.p.health;
  return {
    // Suppliers of core enterprises wait for their money (60-180 days); others 10-75.
    receivableDays: f.p.supplier ? rng.between(60, 180) : rng.between(10, 75),
    inventoryDays: rng.between(invLo, invHi),
    cashMonths: f.p.balanceMonths * rng.between(0.8, 1.2),
    otherShare: rng.between(0, 0.25),
    fixedPerCurrent: rng.between(fixLo, fixHi),
    grossMargin: rng.between(0.12, 0.4),
    netMargin: Math.min(0.2, Math.max(-0.2, rng.normal(0.04 + 0.03 * h, 0.03))),
    // Unhealthy firms borrow more; a few owe more than they own (negative equity).
    debtRatio: Math.min(1.1, Math.max(0.1, rng.normal(0.5 - 0.1 * h, 0.13))),
    currentLiabilityShare: rng.between(0.6, 0.95),
    borrowingShare: f.p.hasLoan ? rng.between(0.2, 0.6) : rng.between(0, 0.15),
  };
}

/**
 * Annual statements for every year from the one before the window to the newest the bank holds
 * at asOf (each received in March-May of the next year), for the years the firm existed at year
 * end and had not failed; for about 40% of firms also half-year statements (received
 * July-August). Newest first.
 */
function drawPeriods(f: FirmContext, rng: Rng): Period[] {
  const { asOf, windowStart } = f.g;
  const { firstMonth, lastMonth } = f.p;
  // A firm that failed hands in no statement for a period ending after it stopped paying.
  const failure = f.p.timeline.failure ?? Infinity;
  const asOfEnd = lastDay(asOf);
  const periods: Period[] = [];
  const auditedShare = f.id.kind === 'COMPANY' && f.id.size === 'SMALL' ? 0.6 : 0.15;
  const half = rng.chance(0.4);
  for (let y = Math.floor(asOf / 12); y >= Math.floor(windowStart / 12) - 1; y--) {
    const june = y * 12 + 5;
    if (half && firstMonth <= june && lastMonth >= june + 1 && june < failure) {
      const received = dayInMonth(y * 12 + rng.int(6, 7), rng.int(1, 28));
      if (received <= asOfEnd)
        periods.push({
          type: 'SEMI_ANNUAL',
          first: Math.max(y * 12, firstMonth),
          last: june,
          received,
          audited: false,
        });
    }
    const dec = y * 12 + 11;
    if (y > lastAnnualYear(asOf) || firstMonth > dec || lastMonth <= dec || dec >= failure) continue;
    const received = Math.min(dayInMonth((y + 1) * 12 + rng.int(2, 4), rng.int(1, 28)), asOfEnd);
    periods.push({
      type: 'ANNUAL',
      first: Math.max(y * 12, firstMonth),
      last: dec,
      received,
      audited: rng.chance(auditedShare),
    });
  }
  return periods;
}

/** Sales of month m: the series where it runs, else its trend and seasonality (no noise). */
function salesOf(f: FirmContext, series: FirmSeries, season: number[], m: Month): number {
  if (m >= series.start && m <= series.end) return series.sales[m - series.start];
  const rampUp = Math.min(1, 0.35 + (0.65 * (m - f.p.firstMonth)) / 6);
  return f.id.baseSales * season[calendarMonth(m) - 1] * Math.exp((f.p.growth * (m - f.g.asOf)) / 12) * rampUp;
}

/** Whole yuan, in fen (statements are kept in yuan). */
const yuan = (fen: number): Fen => Math.round(fen / 100) * 100;

function statement(
  f: FirmContext,
  rng: Rng,
  series: FirmSeries,
  h: Habits,
  period: Period,
  cf: (CashFlowPlan & { debtService: Fen }) | null,
): Statement {
  const season = seasonality(f.id.industry.code);
  let sales = 0;
  for (let m = period.first; m <= period.last; m++) sales += salesOf(f, series, season, m);
  const months = period.last - period.first + 1;
  // Accruals and cut-off make booked revenue differ from declared sales by a percent or two.
  const revenue = yuan(sales * rng.between(0.98, 1.02));
  const costOfSales = yuan(revenue * (1 - h.grossMargin * rng.between(0.9, 1.1)));
  const netProfit = yuan(revenue * (h.netMargin + rng.normal(0, 0.01)));
  const marginCashFlow = yuan(netProfit + revenue * rng.normal(0, 0.04));
  const serviced = cf && yuan(cf.debtService * cf.coverage);
  const operatingCashFlow =
    serviced === null ? marginCashFlow : cf!.short ? serviced : Math.max(marginCashFlow, serviced);
  // Balances scale with a year's business: annualise the period's revenue and cost.
  const annualRevenue = (revenue * 12) / months;
  const annualCost = (costOfSales * 12) / months;
  const monthlySales = sales / months;
  const jitter = () => rng.between(0.9, 1.1);
  let cash = yuan(monthlySales * h.cashMonths * jitter());
  if (cf?.cashAtMost !== undefined) cash = Math.min(cash, yuan(cf.debtService * cf.cashAtMost));
  if (cf?.cashAtLeast !== undefined) cash = Math.max(cash, yuan(cf.debtService * cf.cashAtLeast));
  const accountsReceivable = yuan((annualRevenue * h.receivableDays * jitter()) / 365);
  const inventory = yuan((annualCost * h.inventoryDays * jitter()) / 365);
  const components = cash + accountsReceivable + inventory;
  const currentAssets = components + yuan(components * h.otherShare);
  const totalAssets = currentAssets + yuan(currentAssets * h.fixedPerCurrent * jitter());
  const totalLiabilities = yuan(totalAssets * Math.min(1.15, h.debtRatio * rng.between(0.95, 1.05)));
  const currentLiabilities = yuan(totalLiabilities * h.currentLiabilityShare);
  const shortTermBorrowings = yuan(currentLiabilities * h.borrowingShare);
  return {
    id: f.g.ids.take('bank.financial_statement'),
    periodEnd: formatDay(lastDay(period.last)),
    periodType: period.type,
    totalAssets,
    currentAssets,
    cash,
    accountsReceivable,
    inventory,
    totalLiabilities,
    currentLiabilities,
    shortTermBorrowings,
    ownersEquity: totalAssets - totalLiabilities,
    revenue,
    costOfSales,
    netProfit,
    operatingCashFlow,
  };
}

/** Breaks one identity of the statement, far beyond rounding, and records the evidence. */
function breakIdentity(f: FirmContext, rng: Rng, s: Statement, kind: StatementBreak): void {
  const sign = rng.chance(0.5) ? 1 : -1;
  if (kind === 'ASSETS_EQUAL_LIABILITIES_PLUS_EQUITY') {
    s.ownersEquity += sign * yuan(s.totalAssets * rng.between(0.02, 0.2));
  } else if (kind === 'CURRENT_ASSETS_WITHIN_TOTAL') {
    s.currentAssets = yuan(s.totalAssets * rng.between(1.05, 1.4));
  } else {
    s.currentAssets = yuan((s.cash + s.accountsReceivable + s.inventory) * rng.between(0.6, 0.9));
  }
  f.evidence('STATEMENT_IDENTITY', {
    statementId: String(s.id),
    periodEnd: s.periodEnd,
    periodType: s.periodType,
    identity: kind,
    figures: {
      totalAssets: formatFen(s.totalAssets),
      totalLiabilities: formatFen(s.totalLiabilities),
      ownersEquity: formatFen(s.ownersEquity),
      currentAssets: formatFen(s.currentAssets),
      cash: formatFen(s.cash),
      accountsReceivable: formatFen(s.accountsReceivable),
      inventory: formatFen(s.inventory),
    },
  });
}

function write(f: FirmContext, s: Statement, period: Period): void {
  f.out['bank.financial_statement'].add(
    s.id,
    f.id.uscc,
    s.periodEnd,
    s.periodType,
    period.audited ? 'true' : 'false',
    formatFen(s.totalAssets),
    formatFen(s.currentAssets),
    formatFen(s.cash),
    formatFen(s.accountsReceivable),
    formatFen(s.inventory),
    formatFen(s.totalLiabilities),
    formatFen(s.currentLiabilities),
    formatFen(s.shortTermBorrowings),
    formatFen(s.ownersEquity),
    formatFen(s.revenue),
    formatFen(s.costOfSales),
    formatFen(s.netProfit),
    formatFen(s.operatingCashFlow),
    formatDay(period.received),
  );
}
