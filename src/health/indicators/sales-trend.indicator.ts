import type { Indicator } from './indicator.types';
import { missing, declaredTrend } from './indicator.helpers';

export const salesTrendIndicator: Indicator = {
  code: 'SALES_TREND',
  label: 'Sales, last 3 months',
  unit: 'change',
  window: 'declared sales in the last 3 declared months against the 9 months before',
  sources: ['tax'],
  actionable: true,
  action: 'lift sales of the last 3 months against the 9 before',
  compute: (f) => declaredTrend(f, 'sales', 'declared sales', missing('no sales declared in the earlier months')),
};
