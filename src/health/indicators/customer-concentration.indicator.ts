import type { Indicator } from './indicator.types';
import { n, pct, missing, notApplicable, ok } from './indicator.helpers';

export const customerConcentrationIndicator: Indicator = {
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
};
