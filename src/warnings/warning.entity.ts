/**
 * A stored early warning (core.warning): what a rule found about a firm (code, severity, the
 * firm's tier, message, evidence, sources), when runs first and last saw it, and where people
 * stand with it.
 *
 * Lifecycle (docs/domain.md): OPEN -> VERIFYING -> ACTION_TAKEN -> CLOSED, or DISMISSED (with a
 * reason) from OPEN or VERIFYING; only people move it (src/review/review.service.ts,
 * `reviewWarning`), each step appending a core.review_event row. Verification is due 24 h after
 * the warning was first seen (`verify_due_at`), the follow-up 30-60 days after the action, by
 * tier (`follow_up_due_at`); the numbers are in lifecycle.config.ts.
 *
 * `fingerprint` identifies the warning across runs (rule, firm, subject): a run updates the row
 * (fresh evidence, `last_seen_at`) and never its status or decisions. A warning a run no longer
 * produces is not deleted but cleared (`cleared_at` set), and uncleared if it fires again.
 * The columns it shares with core.quality_finding are src/lifecycle/lifecycle.entity.ts's.
 */
import { Column, Entity, Index } from 'typeorm';
import { LifecycleRecord } from '../lifecycle/lifecycle.entity';
import { Tier } from '../health/tier';

export enum WarningStatus {
  OPEN = 'OPEN',
  VERIFYING = 'VERIFYING',
  ACTION_TAKEN = 'ACTION_TAKEN',
  CLOSED = 'CLOSED',
  DISMISSED = 'DISMISSED',
}

/** The statuses still waiting for someone (the dashboard's default). */
export const ACTIVE_WARNING_STATUSES: readonly WarningStatus[] = [
  WarningStatus.OPEN,
  WarningStatus.VERIFYING,
  WarningStatus.ACTION_TAKEN,
];

@Entity({ schema: 'core', name: 'warning' })
@Index('warning_fingerprint', ['fingerprint'], { unique: true })
@Index('warning_uscc', ['uscc', 'firstSeenAt'])
@Index('warning_status_order', ['status', 'severity', 'firstSeenAt', 'id'])
@Index('warning_tier_status', ['tier', 'status'])
@Index('warning_code_status', ['code', 'status'])
@Index('warning_verify_due', ['status', 'verifyDueAt'])
@Index('warning_follow_up_due', ['status', 'followUpDueAt'])
export class Warning extends LifecycleRecord {
  /** The firm's health tier when the warning last fired. */
  @Column({ type: 'enum', enum: Tier, enumName: 'health_tier' })
  tier: Tier;

  /** Identity across runs (rule, firm, subject), e.g. a sha256 hex digest. */
  @Column({ type: 'varchar', length: 64 })
  fingerprint: string;

  @Column({ type: 'enum', enum: WarningStatus, enumName: 'warning_status', default: WarningStatus.OPEN })
  status: WarningStatus;

  /** When a run first raised it. */
  @Column({ type: 'timestamptz' })
  firstSeenAt: Date;

  /** Set when a run of its firm no longer raises it; back to null if it fires again. */
  @Column({ type: 'timestamptz', nullable: true })
  clearedAt: Date | null;

  /** first_seen_at + 24 h (or the REOPEN + 24 h): verification is due. */
  @Column({ type: 'timestamptz' })
  verifyDueAt: Date;

  /** When the action was recorded (RECORD_ACTION). */
  @Column({ type: 'timestamptz', nullable: true })
  actionTakenAt: Date | null;

  /** action_taken_at + 30 (RED), 45 (ORANGE) or 60 days (YELLOW, BLUE, GREEN): follow-up is due. */
  @Column({ type: 'timestamptz', nullable: true })
  followUpDueAt: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  closedAt: Date | null;

  /** Who took the last decision, when, and the note or reason given with it. */
  @Column({ type: 'text', nullable: true })
  decidedBy: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  decidedAt: Date | null;

  @Column({ type: 'text', nullable: true })
  decisionReason: string | null;
}
