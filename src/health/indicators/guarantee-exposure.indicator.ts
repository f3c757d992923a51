import type { Indicator } from './indicator.types';
import { n, pct, sum, yuan, missing, ok, annualSales } from './indicator.helpers';

export const guaranteeExposureIndicator: Indicator = {
  code: 'GUARANTEE_EXPOSURE',
  label: 'Guarantees given',
  unit: 'share of annual sales',
  window: 'guarantees running at as-of',
  sources: ['bank', 'tax'],
  actionable: true,
  action: "reduce guarantees given for others' debt",
  compute(f) {
    if (!f.bank) return missing('no bank records: guarantees unknown');
    const given = f.bank.guaranteesGiven;
    if (given.length === 0) return ok(0, "guarantees no one else's debt", { guarantees: [] });
    const amount = sum(given.map((g) => n(g.amount)));
    const sales = annualSales(f);
    const evidence = { guarantees: given, cycles: f.bank.guaranteeCycles };
    if (!sales) return missing(`guarantees ${yuan(amount)} of others' debt, but annual sales are unknown`, evidence);
    const value = amount / sales;
    return ok(
      value,
      `guarantees ${yuan(amount)} of others' debt, ${pct(value)} of annual sales${f.bank.guaranteeCycles.length ? ', in a guarantee circle' : ''}`,
      { ...evidence, annualSales: sales.toFixed(2) },
    );
  },
};
