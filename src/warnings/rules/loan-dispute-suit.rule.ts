/**
 * LOAN_DISPUTE_SUIT (rule 10): a new loan-dispute suit (借款合同纠纷) with the firm as defendant.
 */
import type { JudicialFacts } from '../../health/facts';
import { Severity } from '../../quality/finding.entity';
import { monthsAgo, type WarningRule } from './rule';

export type DefendantCase = JudicialFacts['defendantCases'][number];

export interface LoanDisputeSuitEvidence {
  since: string;
  suits: DefendantCase[];
}

export const loanDisputeSuitRule: WarningRule<'LOAN_DISPUTE_SUIT', LoanDisputeSuitEvidence> = {
  code: 'LOAN_DISPUTE_SUIT',
  number: 10,
  title: 'New loan-dispute suit as defendant',
  severity: Severity.HIGH,
  sources: ['judicial'],
  evaluate({ facts, config }) {
    const since = monthsAgo(facts.asOf.month, config.judicialRecentMonths);
    const suits = facts.judicial.defendantCases.filter((c) => c.filedOn > since && c.cause === '借款合同纠纷');
    if (!suits.length) return null;
    return {
      message: `sued as defendant in ${suits.length} loan dispute(s) (借款合同纠纷) in the last ${config.judicialRecentMonths} months: ${suits.map((c) => `${c.caseNo} for ${c.amount}`).join(', ')}`,
      evidence: { since, suits },
    };
  },
};
