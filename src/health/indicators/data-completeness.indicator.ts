import type { Indicator } from './indicator.types';
import { ok } from './indicator.helpers';

export const dataCompletenessIndicator: Indicator = {
  code: 'DATA_COMPLETENESS',
  label: 'Data completeness',
  unit: 'share of expected sources',
  window: 'registry, tax, bank, social insurance',
  sources: ['registry', 'tax', 'bank', 'alt_data'],
  actionable: false,
  action: 'nothing the firm can do: a property of our data',
  compute(f) {
    const expected = ['REGISTRY', 'TAX', 'BANK', 'ALT_DATA'];
    const value = 1 - f.missingSources.filter((s) => expected.includes(s)).length / expected.length;
    return ok(
      value,
      f.missingSources.length ? `no data from ${f.missingSources.join(', ')}` : 'every expected source has data',
      { missingSources: f.missingSources },
    );
  },
};
