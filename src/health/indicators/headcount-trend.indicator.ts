import type { Indicator } from './indicator.types';
import { missing, notApplicable, ok } from './indicator.helpers';

export const headcountTrendIndicator: Indicator = {
  code: 'HEADCOUNT_TREND',
  label: 'Insured headcount',
  unit: 'change',
  window: 'social-insurance headcount, latest month against 6 months before',
  sources: ['alt_data'],
  actionable: false,
  action: 'nothing to advise: headcount follows the business, and hiring to lift a score is no advice',
  compute(f) {
    const h = f.altData?.headcount ?? [];
    if (!f.altData || h.length < 7) return missing(`only ${h.length} months of social-insurance records (7 needed)`);
    const now = h.at(-1)!;
    const then = h.at(-7)!;
    if (then.insured === 0) return notApplicable('nobody was insured 6 months ago', { month: then.month });
    const value = now.insured / then.insured - 1;
    return ok(value, `insured staff went from ${then.insured} (${then.month}) to ${now.insured} (${now.month})`, {
      from: then,
      to: now,
      claimedStaff: f.claimedStaff,
    });
  },
};
