import type { Indicator } from './indicator.types';
import { pct, missing, notApplicable, ok, lostMajorCustomers, MAJOR_CUSTOMER } from './indicator.helpers';

export const majorCustomerLossIndicator: Indicator = {
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
};
