import type { Indicator } from './indicator.types';
import { n, pct, yuan, missing, notApplicable, ok } from './indicator.helpers';

export const netMarginIndicator: Indicator = {
  code: 'NET_MARGIN',
  label: 'Net margin',
  unit: 'share of revenue',
  window: 'newest annual financial statement',
  sources: ['bank'],
  actionable: true,
  action: 'improve the net margin',
  compute(f) {
    const s = f.statement;
    if (!s) return missing('no annual financial statement on file');
    if (!(n(s.revenue) > 0)) return notApplicable(`statement ${s.periodEnd} shows no revenue`, { statementId: s.id });
    const value = n(s.netProfit) / n(s.revenue);
    return ok(
      value,
      `net profit was ${pct(value)} of revenue (${yuan(s.netProfit)} on ${yuan(s.revenue)}, statement of ${s.periodEnd})`,
      {
        statementId: s.id,
        periodEnd: s.periodEnd,
        netProfit: s.netProfit,
        revenue: s.revenue,
      },
    );
  },
};
