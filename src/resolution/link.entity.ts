/**
 * An entity link (core.entity_link): the resolution of one source record, or of one firm, to a
 * canonical firm in core.firm, with the score and the reasons behind it.
 *
 * - RECORD links attach a record that names a firm without its USCC (a court party, an order's
 *   supplier) to the firm it most likely is.
 * - FIRM links are merges: `record_key` is a firm's USCC found to be the same firm as `uscc`.
 *
 * A link never rewrites or deletes the record it resolves: undoing one sets its status, and the
 * raw data is exactly what it was. Runs upsert links by (table, record, firm) and never overwrite
 * a person's decision; a link a run no longer produces is retired (`retired_at`), not deleted.
 */
import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

export enum LinkKind {
  RECORD = 'RECORD',
  FIRM = 'FIRM',
}

export enum LinkMethod {
  /** The record carries an identifier of the firm (USCC or 15-digit registration number). */
  EXACT_ID = 'EXACT_ID',
  /** Scored comparison of name, region, context, legal representative, address, shareholders. */
  SCORED = 'SCORED',
}

export enum LinkStatus {
  /** Linked by the job (probability at or above the auto-link threshold, one clear candidate). */
  LINKED = 'LINKED',
  /** Uncertain or ambiguous: waiting for a person. */
  REVIEW = 'REVIEW',
  /** A person confirmed it (for a FIRM link: the merge is in effect). */
  CONFIRMED = 'CONFIRMED',
  /** A person rejected it. */
  REJECTED = 'REJECTED',
  /** A link or merge that was in effect and a person undid. */
  UNDONE = 'UNDONE',
}

/** Statuses under which a link is in effect. */
export const EFFECTIVE_STATUSES = [LinkStatus.LINKED, LinkStatus.CONFIRMED];

@Entity({ schema: 'core', name: 'entity_link' })
@Index('entity_link_record_firm', ['sourceTable', 'recordKey', 'uscc'], { unique: true })
@Index('entity_link_uscc', ['uscc'])
@Index('entity_link_status', ['status', 'probability'])
export class EntityLink {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id: string;

  @Column({ type: 'enum', enum: LinkKind, enumName: 'entity_link_kind' })
  kind: LinkKind;

  /** The table of the resolved record (core.firm for a merge). */
  @Column({ type: 'varchar', length: 64 })
  sourceTable: string;

  /** The record's id in that table (a firm's USCC for a merge). */
  @Column({ type: 'varchar', length: 64 })
  recordKey: string;

  /** The name the record carries. */
  @Column({ type: 'text' })
  recordName: string;

  /** The canonical firm. */
  @Column({ type: 'char', length: 18 })
  uscc: string;

  @Column({ type: 'enum', enum: LinkMethod, enumName: 'entity_link_method' })
  method: LinkMethod;

  @Column({ type: 'numeric', precision: 8, scale: 2 })
  matchWeight: string;

  @Column({ type: 'numeric', precision: 9, scale: 8 })
  probability: string;

  /** Each comparison's level, weight and the values compared; the prior; why it went to review. */
  @Column({ type: 'jsonb' })
  explanation: Record<string, unknown>;

  @Column({ type: 'enum', enum: LinkStatus, enumName: 'entity_link_status' })
  status: LinkStatus;

  @Column({ type: 'timestamptz' })
  detectedAt: Date;

  @Column({ type: 'timestamptz' })
  lastSeenAt: Date;

  /** Set when a run no longer produces the link (e.g. the source now carries the USCC). */
  @Column({ type: 'timestamptz', nullable: true })
  retiredAt: Date | null;

  @Column({ type: 'text', nullable: true })
  decidedBy: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  decidedAt: Date | null;

  @Column({ type: 'text', nullable: true })
  decisionReason: string | null;
}
