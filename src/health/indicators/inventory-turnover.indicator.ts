import type { Indicator } from './indicator.types';
import { n, missing, notApplicable, ok } from './indicator.helpers';

export const inventoryTurnoverIndicator: Indicator = {
  code: 'INVENTORY_TURNOVER',
  label: 'Inventory turnover',
  unit: 'times a year',
  window: 'newest annual financial statement',
  sources: ['bank'],
  actionable: true,
  action: 'sell inventory faster, turning it over',
  compute(f) {
    const s = f.statement;
    if (!s) return missing('no annual financial statement on file');
    if (!(n(s.inventory) > 0)) return notApplicable('no inventory on the statement', { statementId: s.id });
    const value = n(s.costOfSales) / n(s.inventory);
    return ok(value, `inventory turns over ${value.toFixed(1)} times a year`, {
      statementId: s.id,
      periodEnd: s.periodEnd,
      costOfSales: s.costOfSales,
      inventory: s.inventory,
    });
  },
};
