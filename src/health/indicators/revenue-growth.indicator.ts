import type { Indicator } from './indicator.types';
import { n, pct, sum, missing, ok, change } from './indicator.helpers';

export const revenueGrowthIndicator: Indicator = {
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
    if (d.length < 18) return missing(`only ${d.length} months of VAT declarations (18 needed)`, { months: d.length });
    const recent = d.slice(-12).map((x) => n(x.sales));
    const prior = d.slice(0, -12).map((x) => n(x.sales));
    const value = change(recent, prior);
    if (value === null) return missing('no sales declared in the earlier 12 months');
    return ok(value, `declared sales ${value >= 0 ? 'grew' : 'fell'} ${pct(Math.abs(value))} against the year before`, {
      recentPeriods: [d.at(-12)!.period, d.at(-1)!.period],
      recentSales: sum(recent).toFixed(2),
      priorSales: sum(prior).toFixed(2),
      priorMonths: prior.length,
    });
  },
};
