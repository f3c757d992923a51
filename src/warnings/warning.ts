/**
 * What an early-warning rule produces for one firm (before it is stored): the rule's code, a
 * severity, the firm's tier when it fired, a message, and the evidence (records, figures and
 * the threshold applied). `fingerprint` identifies the warning across runs (rule, firm, subject),
 * so re-runs update it instead of raising it again.
 */
import type { Severity } from '../quality/finding.entity';
import type { Tier } from '../health/tier';

export interface DetectedWarning {
  uscc: string;
  code: string;
  severity: Severity;
  tier: Tier;
  message: string;
  evidence: Record<string, unknown>;
  sources: string[];
  fingerprint: string;
}
