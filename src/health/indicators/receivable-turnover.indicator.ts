import type { Indicator } from './indicator.types';
import { n, missing, notApplicable, ok } from './indicator.helpers';

export const receivableTurnoverIndicator: Indicator = {
  code: 'RECEIVABLE_TURNOVER',
  label: 'Receivable turnover',
  unit: 'times a year',
  window: 'newest annual financial statement',
  sources: ['bank'],
  actionable: true,
  action: 'collect receivables faster, turning them over',
  compute(f) {
    const s = f.statement;
    if (!s) return missing('no annual financial statement on file');
    if (!(n(s.accountsReceivable) > 0)) return notApplicable('no receivables on the statement', { statementId: s.id });
    const value = n(s.revenue) / n(s.accountsReceivable);
    return ok(
      value,
      `receivables turn over ${value.toFixed(1)} times a year (collected in about ${Math.round(365 / Math.max(value, 0.01))} days)`,
      {
        statementId: s.id,
        periodEnd: s.periodEnd,
        revenue: s.revenue,
        accountsReceivable: s.accountsReceivable,
      },
    );
  },
};
