/**
 * What a data-quality finding (core.quality_finding, src/quality/finding.entity.ts) and an early
 * warning (core.warning, src/warnings/warning.entity.ts) have in common: something a run found
 * about a firm (a check's or rule's code, a severity, a message, the evidence behind it and the
 * sources involved) that runs keep seeing, by its `fingerprint`, until the data no longer shows
 * it. `lifecycle.store.ts` keeps both tables the same way.
 *
 * The columns here are the same in both tables (name, type, nullability). The ones that differ
 * stay in each entity, the tables being as their migrations made them: the fingerprint
 * (character(64) / character varying(64)), the status (each its own enum of people's decisions),
 * when a run first saw it (`detected_at` / `first_seen_at`) and when a run stopped seeing it
 * (`resolved_at` / `cleared_at`); `lifecycle.store.ts` is told those columns' names.
 */
import { Column, PrimaryGeneratedColumn } from 'typeorm';

/** How serious a finding or warning is (one database enum, core.quality_severity, for both). */
export enum Severity {
  LOW = 'LOW',
  MEDIUM = 'MEDIUM',
  HIGH = 'HIGH',
}

export abstract class LifecycleRecord {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id: string;

  @Column({ type: 'char', length: 18 })
  uscc: string;

  /** The check's or rule's code, e.g. DUPLICATE_INVOICE, TAX_PAID_DROP. */
  @Column({ type: 'varchar', length: 40 })
  code: string;

  @Column({ type: 'enum', enum: Severity, enumName: 'quality_severity' })
  severity: Severity;

  @Column({ type: 'text' })
  message: string;

  /** The rows and figures behind it (ids, dates, amounts as decimal strings, the thresholds applied). */
  @Column({ type: 'jsonb' })
  evidence: Record<string, unknown>;

  /** The sources (schemas) whose records are involved, e.g. {tax, bank}. */
  @Column({ type: 'text', array: true })
  sources: string[];

  /** When a run last saw it. */
  @Column({ type: 'timestamptz' })
  lastSeenAt: Date;
}
