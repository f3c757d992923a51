import type { Indicator } from './indicator.types';
import { notApplicable, declaredTrend } from './indicator.helpers';

export const taxPaidTrendIndicator: Indicator = {
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
};
