import type { Indicator } from './indicator.types';
import { missing, notApplicable, ok } from './indicator.helpers';

export const repaymentRecordIndicator: Indicator = {
  code: 'REPAYMENT_RECORD',
  label: 'Repayment record',
  unit: 'instalments late or unpaid',
  window: 'instalments due in the last 12 months; overdue days now',
  sources: ['bank'],
  actionable: true,
  action: 'clear late instalments and keep repayments on time',
  compute(f) {
    if (!f.bank) return missing('no bank records');
    if (f.bank.loans.length === 0) return notApplicable('no loans with the bank');
    const late = f.bank.lateInstalments;
    const overdue = Math.max(0, ...f.bank.loans.map((l) => l.overdueDays));
    const value = late.length + (overdue > 0 ? 3 : 0);
    return ok(
      value,
      late.length || overdue
        ? `${late.length} instalments late or unpaid in 12 months${overdue ? `, ${overdue} days overdue now` : ''}`
        : 'every instalment of the last 12 months paid on time',
      {
        lateInstalments: late,
        overdueDays: overdue,
        loans: f.bank.loans.map((l) => ({
          contractNo: l.contractNo,
          classification: l.classification,
          overdueDays: l.overdueDays,
        })),
      },
    );
  },
};
