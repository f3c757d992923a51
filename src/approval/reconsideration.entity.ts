/**
 * A reconsideration (复议, core.approval_reconsideration): an application routed to a person
 * (SPECIALIST_REVIEW or COMMITTEE) sent to manual reconsideration, with the decision it was
 * asked against (route, reasons, score, tier, model version) as it stood when asked, who asked
 * and why; then who decided it, when, the outcome and the note. Rows are never deleted; a
 * decided row is never decided again. One reconsideration of a firm and amount is open at a time.
 */
import { Check, Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { ApprovalRoute, type RouteReason } from './approval.service';

export enum ReconsiderationStatus {
  OPEN = 'OPEN',
  DECIDED = 'DECIDED',
}

export enum ReconsiderationOutcome {
  APPROVED = 'APPROVED',
  DECLINED = 'DECLINED',
}

@Entity({ schema: 'core', name: 'approval_reconsideration' })
@Index('approval_reconsideration_uscc', ['uscc', 'requestedAt'])
@Index('approval_reconsideration_open', ['uscc', 'amount'], { unique: true, where: `status = 'OPEN'` })
@Check('approval_reconsideration_amount_positive', `amount > 0`)
@Check(
  'approval_reconsideration_decided',
  `(status = 'OPEN' AND decided_by IS NULL AND decided_at IS NULL AND outcome IS NULL) OR (status = 'DECIDED' AND decided_by IS NOT NULL AND decided_at IS NOT NULL AND outcome IS NOT NULL)`,
)
export class ApprovalReconsideration {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id: string;

  @Column({ type: 'char', length: 18 })
  uscc: string;

  /** The amount applied for, CNY. */
  @Column({ type: 'numeric', precision: 18, scale: 2 })
  amount: string;

  /** The route when reconsideration was asked (never AUTO_APPROVE). */
  @Column({ type: 'enum', enum: ApprovalRoute, enumName: 'approval_route' })
  route: ApprovalRoute;

  /** The decision's reasons as they stood (code, route, message, evidence). */
  @Column({ type: 'jsonb' })
  reasons: RouteReason[];

  @Column({ type: 'int' })
  score: number;

  @Column({ type: 'varchar', length: 8 })
  tier: string;

  /** The health model that made the score. */
  @Column({ type: 'varchar', length: 40 })
  modelVersion: string;

  /** The approval thresholds that made the route (approval.config.ts `version`). */
  @Column({ type: 'varchar', length: 40 })
  policyVersion: string;

  @Column({ type: 'text' })
  requestedBy: string;

  @Column({ type: 'timestamptz' })
  requestedAt: Date;

  /** Why reconsideration was asked. */
  @Column({ type: 'text' })
  reason: string;

  @Column({
    type: 'enum',
    enum: ReconsiderationStatus,
    enumName: 'reconsideration_status',
    default: ReconsiderationStatus.OPEN,
  })
  status: ReconsiderationStatus;

  @Column({ type: 'text', nullable: true })
  decidedBy: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  decidedAt: Date | null;

  @Column({ type: 'enum', enum: ReconsiderationOutcome, enumName: 'reconsideration_outcome', nullable: true })
  outcome: ReconsiderationOutcome | null;

  @Column({ type: 'text', nullable: true })
  decisionNote: string | null;
}
