/**
 * A data-quality finding (core.quality_finding): one problem a cross-check found in the data
 * about a firm, with the evidence (which rows, which figures) and the sources involved, so a
 * person can trace it back to the records (溯源) and confirm or dismiss it.
 *
 * `fingerprint` identifies the finding across runs (check code, firm and the subject, e.g. the
 * invoice code+number): a re-run updates the row instead of adding one, and a person's decision
 * (`status`) survives re-runs. A finding the data no longer shows is not deleted but resolved
 * (`resolved_at` set), so what was once flagged stays traceable; it reopens if it reappears.
 * The columns it shares with core.warning are src/lifecycle/lifecycle.entity.ts's.
 */
import { Column, Entity, Index } from 'typeorm';
import { LifecycleRecord } from '../lifecycle/lifecycle.entity';

export { Severity } from '../lifecycle/lifecycle.entity';

/** A person's decision on a finding; the job only ever creates OPEN findings. */
export enum FindingStatus {
  OPEN = 'OPEN',
  CONFIRMED = 'CONFIRMED',
  DISMISSED = 'DISMISSED',
}

@Entity({ schema: 'core', name: 'quality_finding' })
@Index('quality_finding_fingerprint', ['fingerprint'], { unique: true })
@Index('quality_finding_uscc', ['uscc', 'code'])
@Index('quality_finding_code_status', ['code', 'status'])
export class QualityFinding extends LifecycleRecord {
  /** sha256 of code, firm and subject: unique, so re-runs update instead of duplicating. */
  @Column({ type: 'char', length: 64 })
  fingerprint: string;

  @Column({ type: 'enum', enum: FindingStatus, enumName: 'quality_finding_status', default: FindingStatus.OPEN })
  status: FindingStatus;

  /** When a run first found it. */
  @Column({ type: 'timestamptz' })
  detectedAt: Date;

  /** Set when a run no longer finds it (the data was corrected); cleared if it reappears. */
  @Column({ type: 'timestamptz', nullable: true })
  resolvedAt: Date | null;
}
