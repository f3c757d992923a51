import type { Indicator } from './indicator.types';
import { n, pct, sum, yuan, missing, ok } from './indicator.helpers';

export const revenueVolatilityIndicator: Indicator = {
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
};
