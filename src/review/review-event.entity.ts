/**
 * The review trail (core.review_event): one append-only row per decision a person takes on a
 * data-quality finding, an entity link or an early warning: who, when, what, why, and the status before and after.
 * Nothing updates or deletes these rows; the current status lives on the reviewed row.
 */
import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

export enum ReviewSubject {
  FINDING = 'FINDING',
  LINK = 'LINK',
  WARNING = 'WARNING',
  /** A data-sharing consent (bank.consent) granted or revoked through the API. */
  CONSENT = 'CONSENT',
}

@Entity({ schema: 'core', name: 'review_event' })
@Index('review_event_subject', ['subject', 'subjectId', 'at'])
export class ReviewEvent {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id: string;

  @Column({ type: 'enum', enum: ReviewSubject, enumName: 'review_subject' })
  subject: ReviewSubject;

  /** core.quality_finding.id, core.entity_link.id, core.warning.id or bank.consent.id. */
  @Column({ type: 'bigint' })
  subjectId: string;

  /** CONFIRM, DISMISS, REOPEN, REJECT, UNDO; START_VERIFICATION, RECORD_ACTION, CLOSE; GRANT, REVOKE. */
  @Column({ type: 'varchar', length: 24 })
  action: string;

  @Column({ type: 'text', nullable: true })
  reason: string | null;

  /** Who decided (the reviewer's identity from the request). */
  @Column({ type: 'text' })
  actor: string;

  @Column({ type: 'timestamptz' })
  at: Date;

  @Column({ type: 'varchar', length: 16 })
  statusBefore: string;

  @Column({ type: 'varchar', length: 16 })
  statusAfter: string;
}
