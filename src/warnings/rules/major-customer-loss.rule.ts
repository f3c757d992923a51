/**
 * MAJOR_CUSTOMER_LOSS (rule 2): major customers lost and not replaced, and monthly invoiced sales
 * fell since.
 */
import type { Decimal } from '../../health/facts';
import { Severity } from '../../quality/finding.entity';
import { addMonths, monthsBetween } from '../../quality/months';
import { lostMajorCustomers, MAJOR_CUSTOMER } from '../../health/indicators';
import { n, pct, sum, type WarningRule } from './rule';

export interface LostCustomer {
  /** The buyer's USCC, or its name when it has none (a person). */
  buyer: string;
  name: string;
  prior9Months: Decimal;
  monthsBought: number;
  lastMonth: string;
  recent3Months: Decimal;
}

export interface MajorCustomerLossThresholds {
  loss: number;
  customerShare: number;
  regularMonths: number;
  replacement: number;
  salesDrop: number;
}

export interface MajorCustomerLossEvidence {
  lostCustomers: LostCustomer[];
  priorInvoicedSales: Decimal;
  loss: number;
  stoppedAfter: string;
  lostMonthly: Decimal;
  monthlyBefore: Decimal;
  monthlyAfter: Decimal;
  thresholds: MajorCustomerLossThresholds;
}

export const majorCustomerLossRule: WarningRule<'MAJOR_CUSTOMER_LOSS', MajorCustomerLossEvidence> = {
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
};
