import type { Indicator } from './indicator.types';
import { n, sum, yuan, missing, ok, annualSales } from './indicator.helpers';

export const cashBufferIndicator: Indicator = {
  code: 'CASH_BUFFER',
  label: 'Cash buffer',
  unit: 'months of sales',
  window: 'month-end balances of the last 3 months against declared sales of the last 12',
  sources: ['bank', 'tax'],
  actionable: true,
  action: 'raise the cash buffer',
  compute(f) {
    if (!f.bank) return missing('no bank records');
    const m = f.bank.months.slice(-3);
    if (m.length < 3) return missing(`only ${m.length} months of balances (3 needed)`);
    const sales = annualSales(f);
    if (!sales) return missing('annual sales unknown (fewer than 6 declared months)');
    const balance = sum(m.map((x) => n(x.endBalance))) / m.length;
    const value = balance / (sales / 12);
    return ok(value, `month-end balances of ${yuan(balance)} on average hold ${value.toFixed(2)} months of sales`, {
      months: m.map((x) => ({ month: x.month, endBalance: x.endBalance })),
      averageBalance: balance.toFixed(2),
      monthlySales: (sales / 12).toFixed(2),
    });
  },
};
