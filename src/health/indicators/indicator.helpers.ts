/**
 * What the indicators share: number and money formatting, the three result shapes (OK, MISSING,
 * NOT_APPLICABLE), the change of a recent window against an earlier one, the declared-trend and
 * annual-sales figures, and the major-customer definition (also read by warning rule 2).
 *
 * Money arrives as decimal strings summed in PostgreSQL; indicators are ratios, so they divide
 * Number()s of those sums, and every amount shown in evidence is the original decimal string.
 */
import type { FirmFacts } from '../facts';
import { addMonths, monthsBetween } from '../../quality/months';
import type { IndicatorResult } from './indicator.types';

export const n = (s: string | null | undefined) => (s === null || s === undefined ? 0 : Number(s));
export const pct = (x: number) => `${Math.round(x * 100)}%`;
export const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
// One formatter: toLocaleString builds a new one per call, which was a sixth of the cost of scoring a firm.
const YUAN = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
export const yuan = (s: string | number) => `¥${YUAN.format(Number(s))}`;

export function missing(explanation: string, evidence: Record<string, unknown> = {}): IndicatorResult {
  return { status: 'MISSING', value: null, explanation, evidence };
}
export function notApplicable(explanation: string, evidence: Record<string, unknown> = {}): IndicatorResult {
  return { status: 'NOT_APPLICABLE', value: null, explanation, evidence };
}
export function ok(value: number, explanation: string, evidence: Record<string, unknown>): IndicatorResult {
  return { status: 'OK', value: Math.round(value * 10000) / 10000, explanation, evidence };
}

/** Change of the recent window against the earlier one's level per month: recent/len vs prior/len - 1. */
export function change(recent: number[], prior: number[]): number | null {
  const before = sum(prior) / prior.length;
  if (!(before > 0)) return null;
  return sum(recent) / recent.length / before - 1;
}

/** The last 3 declared months of `field` against the monthly level of the 9 before them. */
export function declaredTrend(
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
export function annualSales(f: FirmFacts): number | null {
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
