/** What an indicator is and what it computes: a value with its status, a sentence and the evidence behind it. */
import type { FirmFacts } from '../facts';

export type IndicatorStatus = 'OK' | 'MISSING' | 'NOT_APPLICABLE';

export interface IndicatorResult {
  status: IndicatorStatus;
  value: number | null;
  /** A sentence a risk officer can check against the evidence. */
  explanation: string;
  evidence: Record<string, unknown>;
}

export interface Indicator {
  code: string;
  label: string;
  unit: string;
  window: string;
  sources: string[];
  /**
   * Whether the borrower can move the value by its own conduct within a year (finances, sales,
   * collections, payments); not its history, not our data, not another party's price, and not a
   * measure whose only levers are perverse (see src/health/next-tier.ts, which proposes changes
   * only to these).
   */
  actionable: boolean;
  /** What the borrower would do, a short verb phrase ("raise the cash buffer"); for an input that is not actionable, why not. */
  action: string;
  compute(f: FirmFacts): IndicatorResult;
}
