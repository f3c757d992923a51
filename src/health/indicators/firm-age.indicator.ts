import type { Indicator } from './indicator.types';
import { missing, ok } from './indicator.helpers';

export const firmAgeIndicator: Indicator = {
  code: 'FIRM_AGE',
  label: 'Firm age',
  unit: 'years',
  window: 'founding date to as-of',
  sources: ['registry'],
  actionable: false,
  action: 'nothing the firm can do: its age comes with time',
  compute(f) {
    if (!f.registry) return missing('no registry record: founding date unknown');
    const years = (Date.parse(f.asOf.date) - Date.parse(f.registry.foundedOn)) / (365.25 * 86_400_000);
    return ok(years, `founded ${f.registry.foundedOn}, ${years.toFixed(1)} years ago`, {
      foundedOn: f.registry.foundedOn,
    });
  },
};
