/**
 * ORDERS_DECLINE (rule 4): orders of each of the last quarters down against the year before's
 * average quarter and against the same quarter a year before.
 */
import type { Decimal } from '../../health/facts';
import { Severity } from '../../quality/finding.entity';
import { addMonths } from '../../quality/months';
import { n, pct, sum, type WarningRule } from './rule';

export interface OrderQuarter {
  months: string[];
  amount: Decimal;
  yearAverage: Decimal;
  sameQuarterYearBefore: Decimal;
  change: number | null;
  changeAgainstSameQuarter: number | null;
  /** Whether the supplier delivered to the core in each quarter of the year before. */
  delivered: boolean;
}

export interface OrdersDeclineEvidence {
  periods: OrderQuarter[];
  threshold: number;
  periodsRunning: number;
}

export const ordersDeclineRule: WarningRule<'ORDERS_DECLINE', OrdersDeclineEvidence> = {
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
};
