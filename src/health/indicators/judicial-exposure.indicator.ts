import type { Indicator } from './indicator.types';
import { n, pct, sum, yuan, missing, ok, annualSales } from './indicator.helpers';

export const judicialExposureIndicator: Indicator = {
  code: 'JUDICIAL_EXPOSURE',
  label: 'Judicial exposure',
  unit: 'share of annual sales',
  window: 'pending cases as defendant and active enforcements; dishonest listings in force',
  sources: ['judicial', 'tax'],
  actionable: true,
  action: 'settle pending suits and enforcements, cutting the claims',
  compute(f) {
    const pending = f.judicial.defendantCases.filter((c) => c.status === 'PENDING');
    const enforcements = f.judicial.enforcements.filter((e) => e.status === 'ACTIVE');
    const dishonest = f.judicial.dishonestListings.filter((d) => d.removedOn === null);
    const amount = sum(pending.map((c) => n(c.amount))) + sum(enforcements.map((e) => n(e.amount)));
    const evidence = {
      pendingCases: pending.map((c) => ({ id: c.id, caseNo: c.caseNo, cause: c.cause, amount: c.amount })),
      activeEnforcements: enforcements.map((e) => ({ id: e.id, caseNo: e.caseNo, amount: e.amount })),
      dishonestListings: dishonest.map((d) => ({ id: d.id, caseNo: d.caseNo, listedOn: d.listedOn })),
    };
    if (dishonest.length)
      return ok(1, `listed as a dishonest debtor (${dishonest.map((d) => d.caseNo).join(', ')})`, {
        ...evidence,
        dishonest: true,
      });
    if (amount === 0) return ok(0, 'no pending suit as defendant and no active enforcement', evidence);
    const sales = annualSales(f);
    if (!sales) return missing(`${yuan(amount)} claimed against the firm, but annual sales are unknown`, evidence);
    const value = amount / sales;
    return ok(
      value,
      `${yuan(amount)} claimed against the firm in pending suits and enforcements, ${pct(value)} of annual sales`,
      { ...evidence, annualSales: sales.toFixed(2) },
    );
  },
};
