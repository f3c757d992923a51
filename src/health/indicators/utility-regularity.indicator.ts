import type { Indicator } from './indicator.types';
import { pct, sum, missing, ok } from './indicator.helpers';

export const utilityRegularityIndicator: Indicator = {
  code: 'UTILITY_REGULARITY',
  label: 'Utility payments on time',
  unit: 'share of bills',
  window: 'utility bills of the last 6 months',
  sources: ['alt_data'],
  actionable: true,
  action: 'pay utility bills in full and on time',
  compute(f) {
    const u = (f.altData?.utilities ?? []).slice(-6);
    if (u.length === 0) return missing('no utility bills on record');
    const bills = sum(u.map((m) => m.bills));
    const bad = sum(u.map((m) => Math.max(m.late, m.unpaid)));
    const value = bills ? 1 - bad / bills : 1;
    return ok(
      value,
      `${pct(value)} of ${bills} utility bills in the last ${u.length} months were paid in full and on time`,
      {
        months: u.map((m) => ({
          month: m.month,
          bills: m.bills,
          late: m.late,
          unpaidOrPart: m.unpaid,
          due: m.due,
          paid: m.paid,
        })),
      },
    );
  },
};
