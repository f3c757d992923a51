/**
 * The early-warning lifecycle's numbers (docs/domain.md: a warning is verified within 24 hours,
 * acted on by tier, followed up 30 to 60 days later, then closed), in one place: how long verification may take from
 * when a run first raised a warning, and how long after the action is recorded the follow-up is
 * due, by the firm's tier (the worse the tier, the sooner). `storeBatchSize` bounds the rows one
 * upsert statement carries.
 */
import { Tier } from '../health/tier';

export interface WarningLifecycleConfig {
  /** Hours from first_seen_at (or a REOPEN) to verify_due_at. */
  verifyWithinHours: number;
  /** Days from the recorded action to follow_up_due_at, by the warning's tier. */
  followUpDays: Record<Tier, number>;
  /** Warnings per upsert statement in `storeWarnings`. */
  storeBatchSize: number;
}

export const WARNING_LIFECYCLE: WarningLifecycleConfig = {
  verifyWithinHours: 24,
  followUpDays: {
    [Tier.RED]: 30,
    [Tier.ORANGE]: 45,
    [Tier.YELLOW]: 60,
    [Tier.BLUE]: 60,
    [Tier.GREEN]: 60,
  },
  storeBatchSize: 1000,
};

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

/** When verification of a warning raised (or reopened) at `from` is due. */
export function verifyDueAt(from: Date, config: WarningLifecycleConfig = WARNING_LIFECYCLE): Date {
  return new Date(from.getTime() + config.verifyWithinHours * HOUR_MS);
}

/** When the follow-up of an action recorded at `actionAt` on a warning of `tier` is due. */
export function followUpDueAt(tier: Tier, actionAt: Date, config: WarningLifecycleConfig = WARNING_LIFECYCLE): Date {
  return new Date(actionAt.getTime() + config.followUpDays[tier] * DAY_MS);
}
