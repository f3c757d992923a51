import type { Indicator } from './indicator.types';
import { n, sum, missing, notApplicable, ok } from './indicator.helpers';

export const loanPricingIndicator: Indicator = {
  code: 'LOAN_PRICING',
  label: 'Loan pricing',
  unit: 'annual interest rate',
  window: 'loans running at as-of, weighted by principal',
  sources: ['bank'],
  actionable: false,
  action: "nothing the firm can do: the rate is the bank's own price of its risk",
  compute(f) {
    if (!f.bank) return missing('no bank records');
    const running = f.bank.loans.filter((l) => l.status === 'ACTIVE');
    if (!running.length) return notApplicable('no loan running at as-of');
    const principal = sum(running.map((l) => n(l.principal)));
    const value = sum(running.map((l) => n(l.annualRate) * n(l.principal))) / principal;
    return ok(
      value,
      `the bank lends to the firm at ${(value * 100).toFixed(2)}% a year (its pricing of the firm's risk when it lent)`,
      {
        loans: running.map((l) => ({
          contractNo: l.contractNo,
          principal: l.principal,
          annualRate: l.annualRate,
          startDate: l.startDate,
        })),
      },
    );
  },
};
