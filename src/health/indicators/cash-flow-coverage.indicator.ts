import type { Indicator } from './indicator.types';
import { n, yuan, missing, notApplicable, ok } from './indicator.helpers';

export const cashFlowCoverageIndicator: Indicator = {
  code: 'CASH_FLOW_COVERAGE',
  label: 'Cash-flow coverage',
  unit: 'times',
  window:
    'operating cash flow of the newest annual statement (annualised in the year the firm was founded); debt service due in the next 12 months and overdue',
  sources: ['bank'],
  actionable: true,
  action: 'raise cash-flow coverage of debt service',
  compute(f) {
    if (!f.bank) return missing('no bank records: debt service unknown');
    const due = n(f.bank.debtServiceNext12);
    if (due <= 0)
      return notApplicable('no loan payments due in the next 12 months', {
        debtServiceNext12: f.bank.debtServiceNext12,
      });
    const s = f.statement;
    if (!s)
      return missing('no annual financial statement on file: operating cash flow unknown', {
        debtServiceNext12: f.bank.debtServiceNext12,
      });
    // A firm founded during the statement's year has a short first year: its cash flow is annualised.
    const founded = f.registry?.foundedOn;
    const months =
      founded && founded.slice(0, 4) === s.periodEnd.slice(0, 4)
        ? Number(s.periodEnd.slice(5, 7)) - Number(founded.slice(5, 7)) + 1
        : 12;
    const partial = months >= 1 && months < 12;
    const annual = partial ? (n(s.operatingCashFlow) * 12) / months : n(s.operatingCashFlow);
    const value = annual / due;
    const flow = partial
      ? `operating cash flow of ${yuan(s.operatingCashFlow)} in the ${months} months to ${s.periodEnd} (${yuan(annual)} a year)`
      : `operating cash flow of ${yuan(s.operatingCashFlow)} (${s.periodEnd})`;
    return ok(
      value,
      `${flow} covers the ${yuan(due)} of debt service due in the next 12 months (and overdue) ${value.toFixed(2)} times`,
      {
        statementId: s.id,
        periodEnd: s.periodEnd,
        operatingCashFlow: s.operatingCashFlow,
        debtServiceNext12: f.bank.debtServiceNext12,
        ...(partial ? { periodMonths: months, foundedOn: founded } : {}),
        loans: f.bank.loans.filter((l) => l.status === 'ACTIVE').map((l) => l.contractNo),
      },
    );
  },
};
