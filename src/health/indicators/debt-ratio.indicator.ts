import type { Indicator } from './indicator.types';
import { n, pct, missing, ok } from './indicator.helpers';

export const debtRatioIndicator: Indicator = {
  code: 'DEBT_RATIO',
  label: 'Debt ratio',
  unit: 'share of total assets',
  window: 'newest annual financial statement',
  sources: ['bank'],
  actionable: true,
  action: 'reduce the debt ratio',
  compute(f) {
    const s = f.statement;
    if (!s) return missing('no annual financial statement on file');
    if (!(n(s.totalAssets) > 0)) return missing(`statement ${s.periodEnd} shows no assets`, { statementId: s.id });
    const value = n(s.totalLiabilities) / n(s.totalAssets);
    return ok(value, `liabilities are ${pct(value)} of total assets (statement of ${s.periodEnd})`, {
      statementId: s.id,
      periodEnd: s.periodEnd,
      totalLiabilities: s.totalLiabilities,
      totalAssets: s.totalAssets,
    });
  },
};
