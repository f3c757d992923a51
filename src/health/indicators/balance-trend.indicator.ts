import { addMonths } from '../../quality/months';
import type { Indicator } from './indicator.types';
import { n, pct, sum, missing, notApplicable, ok, change } from './indicator.helpers';

export const balanceTrendIndicator: Indicator = {
  code: 'BALANCE_TREND',
  label: 'Account balance',
  unit: 'change',
  window:
    'average month-end balance of the last 3 months against the 6 before and against the same 3 months a year before; the smaller fall',
  sources: ['bank'],
  actionable: true,
  action: 'build up month-end balances against the months before',
  compute(f) {
    const m = f.bank?.months ?? [];
    if (!f.bank) return missing('no bank records');
    if (m.length < 9) return missing(`only ${m.length} months of balances (9 needed)`);
    const byMonth = new Map(m.map((x) => [x.month, n(x.endBalance)]));
    const recent = m.slice(-3);
    const prior = m.slice(-9, -3);
    const vsPrior = change(
      recent.map((x) => n(x.endBalance)),
      prior.map((x) => n(x.endBalance)),
    );
    if (vsPrior === null) return notApplicable('no positive balance in the 6 months before the last 3');
    // A season's low (the New Year lull, a builder's winter) also sits below the months before:
    // a fall counts as far as the same months a year before show it too (when they are on record).
    const yearBefore = recent.map((x) => addMonths(x.month, -12));
    const lastYear = yearBefore.every((ym) => byMonth.has(ym))
      ? change(
          recent.map((x) => n(x.endBalance)),
          yearBefore.map((ym) => byMonth.get(ym)!),
        )
      : null;
    const value = lastYear === null ? vsPrior : Math.max(vsPrior, lastYear);
    const word = (v: number) => `${v >= 0 ? 'rose' : 'fell'} ${pct(Math.abs(v))}`;
    return ok(
      value,
      `month-end balances ${word(vsPrior)} over the last 3 months against the 6 before${lastYear === null ? '' : ` and ${word(lastYear)} against the same months a year before`}`,
      {
        recent: recent.map((x) => ({ month: x.month, endBalance: x.endBalance })),
        priorMonthlyAverage: (sum(prior.map((x) => n(x.endBalance))) / prior.length).toFixed(2),
        changeAgainstPrior: Math.round(vsPrior * 1e4) / 1e4,
        ...(lastYear === null
          ? {}
          : {
              yearBefore: yearBefore.map((ym) => ({ month: ym, endBalance: byMonth.get(ym)!.toFixed(2) })),
              changeAgainstYearBefore: Math.round(lastYear * 1e4) / 1e4,
            }),
      },
    );
  },
};
