import { addMonths } from '../../quality/months';
import type { Indicator } from './indicator.types';
import { n, pct, notApplicable, ok, change } from './indicator.helpers';

export const orderTrendIndicator: Indicator = {
  code: 'ORDER_TREND',
  label: 'Orders from core enterprises',
  unit: 'change',
  window: 'orders received, last 3 months against the same 3 months a year before',
  sources: ['supply_chain'],
  actionable: true,
  action: 'grow orders from core enterprises against a year before',
  compute(f) {
    if (!f.supplyChain || f.supplyChain.orders.length === 0)
      return notApplicable('the firm supplies no core enterprise on the platform');
    const byMonth = new Map(f.supplyChain.orders.map((o) => [o.month, n(o.amount)]));
    const months = f.supplyChain.orders.map((o) => o.month).sort();
    const recent = [2, 1, 0].map((k) => addMonths(f.asOf.month, -k));
    const yearBefore = recent.map((m) => addMonths(m, -12));
    const amounts = (ms: string[]) => ms.map((m) => byMonth.get(m) ?? 0);
    // Against the same months a year before: the seasons (the New Year lull, a busy quarter) cancel out.
    const value = change(amounts(recent), amounts(yearBefore));
    if (value === null)
      return notApplicable('no orders in the same 3 months a year before', { firstOrderMonth: months[0] });
    return ok(
      value,
      `orders ${value >= 0 ? 'rose' : 'fell'} ${pct(Math.abs(value))} over the last 3 months against the same months a year before`,
      {
        months: recent,
        amounts: amounts(recent).map((a) => a.toFixed(2)),
        yearBeforeMonths: yearBefore,
        yearBeforeAmounts: amounts(yearBefore).map((a) => a.toFixed(2)),
      },
    );
  },
};
