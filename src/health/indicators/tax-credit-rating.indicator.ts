import type { Indicator } from './indicator.types';
import { missing, ok } from './indicator.helpers';

export const taxCreditRatingIndicator: Indicator = {
  code: 'TAX_CREDIT_RATING',
  label: 'Tax credit rating',
  unit: 'grade A-D (M for new firms)',
  window: 'latest annual rating',
  sources: ['tax'],
  actionable: true,
  action: 'earn a better tax credit rating by filing and paying taxes on time',
  compute(f) {
    if (!f.tax) return missing('no tax records');
    if (f.tax.creditRating === null) return missing('no tax-credit rating published yet');
    const grade: Record<string, number> = { A: 4, B: 3, M: 2.5, C: 1, D: 0 };
    return ok(grade[f.tax.creditRating] ?? 2, `tax credit rating ${f.tax.creditRating} for ${f.tax.ratingYear}`, {
      rating: f.tax.creditRating,
      year: f.tax.ratingYear,
    });
  },
};
