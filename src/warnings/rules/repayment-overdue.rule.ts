/**
 * REPAYMENT_OVERDUE: Instalments of the last 12 months paid late beyond the grace days, or not at
 * all.
 */
import type { BankFacts } from '../../health/facts';
import { Severity } from '../../quality/finding.entity';
import type { WarningRule } from './rule';

export type LateInstalment = BankFacts['lateInstalments'][number];

export interface LoanStanding {
  contractNo: string;
  overdueDays: number;
  classification: string;
}

export interface RepaymentOverdueEvidence {
  lateInstalments: LateInstalment[];
  loans: LoanStanding[];
  graceDays: number;
}

export const repaymentOverdueRule: WarningRule<'REPAYMENT_OVERDUE', RepaymentOverdueEvidence> = {
  code: 'REPAYMENT_OVERDUE',
  number: null,
  title: 'Repayments falling behind',
  severity: Severity.HIGH,
  sources: ['bank'],
  evaluate({ facts, config }) {
    if (!facts.bank || facts.bank.loans.length === 0) return null;
    const days = (i: { dueDate: string; paidOn: string | null }) =>
      i.paidOn === null ? null : (Date.parse(i.paidOn) - Date.parse(i.dueDate)) / 86_400_000;
    const late = facts.bank.lateInstalments.filter((i) => days(i) === null || days(i)! > config.repaymentGraceDays);
    if (late.length === 0) return null;
    return {
      message: `${late.length} instalment(s) of the last 12 months paid more than ${config.repaymentGraceDays} days late or not at all: ${late
        .map((i) => `${i.contractNo} #${i.seq} due ${i.dueDate} ${i.paidOn ? `paid ${i.paidOn}` : 'unpaid'}`)
        .join(', ')}`,
      evidence: {
        lateInstalments: late,
        loans: facts.bank.loans.map((l) => ({
          contractNo: l.contractNo,
          overdueDays: l.overdueDays,
          classification: l.classification,
        })),
        graceDays: config.repaymentGraceDays,
      },
    };
  },
};
