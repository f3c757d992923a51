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
    const { foundedOn } = f.registry;
    // A firm founded after the as-of day (a new applicant scored as of the last complete month) is new: 0 years, never fewer.
    if (foundedOn > f.asOf.date)
      return ok(0, `founded ${foundedOn}, after the as-of day ${f.asOf.date}: a new firm, 0 years`, {
        foundedOn,
        asOf: f.asOf.date,
      });
    const years = (Date.parse(f.asOf.date) - Date.parse(foundedOn)) / (365.25 * 86_400_000);
    return ok(years, `founded ${foundedOn}, ${years.toFixed(1)} years ago`, { foundedOn });
  },
};
