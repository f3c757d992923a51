/**
 * Approval routing's configuration (分层授权, docs/domain.md, "Approval routing"), versioned like the
 * health model: the version is stamped on every decision as `policyVersion`. Change a threshold
 * here and bump `version`.
 *
 * An application (a firm and an amount) is routed to
 * - COMMITTEE when ANY of `committee` holds: the firm's tier is one of `committee.tiers` (a low
 *   score), the amount is above `committee.amountAbove` (a large loan), the bank's combined
 *   exposure to the firm's related group (关联集团, `Borrower.relatedGroup`: the firm and the
 *   firms under its controller or in its guarantee network) plus the amount is above
 *   `committee.groupExposureAbove`, or the firm carries a warning or data-quality finding of a
 *   `seriousSeverities` severity ("any anomaly");
 * - AUTO_APPROVE when ALL of `autoApprove` hold: score >= `minScore`, amount <=
 *   `maxAmount`, no serious warning, no serious finding, no missing source, and confidence
 *   >= `minConfidence`;
 * - SPECIALIST_REVIEW otherwise (a middle score or amount, thin data).
 *
 * Amounts are decimal strings in CNY (the Money scalar), compared exactly in fen, never as floats.
 */
import { Severity } from '../quality/finding.entity';
import { Tier } from '../health/tier';

export interface ApprovalConfig {
  /** Stamped on every decision; bump it with any change below. */
  version: string;
  autoApprove: {
    /** Lowest health score that can be auto-approved (inclusive): 80 is the upper BLUE band and GREEN. */
    minScore: number;
    /** Largest amount auto-approved (inclusive), CNY. */
    maxAmount: string;
    /** Lowest health confidence (share 0-1 of the applicable weight that had data), inclusive. */
    minConfidence: number;
  };
  committee: {
    /** Tiers the committee decides whatever the amount (a low score). */
    tiers: Tier[];
    /** Amounts strictly above this go to the committee, CNY. */
    amountAbove: string;
    /** The related group's combined exposure plus the amount strictly above this goes to the committee, CNY. */
    groupExposureAbove: string;
  };
  /** Warnings and data-quality findings of these severities block auto-approval and send the application to the committee. */
  seriousSeverities: Severity[];
}

export const APPROVAL_CONFIG: ApprovalConfig = {
  version: 'approval-2026.12-1',
  autoApprove: { minScore: 80, maxAmount: '500000.00', minConfidence: 0.8 },
  committee: { tiers: [Tier.ORANGE, Tier.RED], amountAbove: '3000000.00', groupExposureAbove: '10000000.00' },
  seriousSeverities: [Severity.HIGH],
};
