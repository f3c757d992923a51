/**
 * Scores as they were computed (docs/snapshots.md).
 *
 * - core.health_snapshot: one row per firm and state of its score: as-of day, PD, index, tier,
 *   confidence, missing sources, caps, reasons, factors (with their evidence), the model's input
 *   row and bins, the model version and a fingerprint of the inputs. A rescore writes a new row
 *   only when the fingerprint (model version, as-of day, input row, caps, default, missing
 *   sources, and the firm's distress signs when it shows any) differs from the firm's latest snapshot of that day; otherwise it confirms the latest
 *   (`checked_at` of core.health_latest). So history holds every change, and `computed_at` is when it was first known.
 * - core.health_latest: per firm, its newest snapshot (the newest as-of day, then the newest
 *   computed), when a rescore last confirmed it and the change number it saw then: what reads
 *   serve, and what the incremental rescore compares against.
 * - core.firm_input_change: a log of changes to what a rescore reads, one row per firm per
 *   writing statement (statement-level triggers on the mirror tables append it: imports, live
 *   fetches, any other writer). A firm's change number is its newest row's `seq`. A snapshot
 *   stores the number it saw (`inputs_seq`); a different number now means newer inputs. Each row
 *   says what was noted (`kind`, InputChangeKind): a record, a finding (core.quality_finding's
 *   triggers) or a note for the firm's guarantee network (the rescore's). A closing rescore run
 *   keeps each firm's newest row of each kind.
 */
import { Column, Entity, Index, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import { Tier } from '../health/tier';

/**
 * What core.firm_input_change noted of a firm: a record the score reads (RECORD), a stored
 * data-quality finding the warning rules read (FINDING), or a change of a guarantee-network
 * member's distress signs, which the contagion warning reads (NETWORK). Only a RECORD can move
 * the score.
 */
export enum InputChangeKind {
  RECORD = 'RECORD',
  FINDING = 'FINDING',
  NETWORK = 'NETWORK',
}

@Entity({ schema: 'core', name: 'health_snapshot' })
@Index('health_snapshot_firm', ['uscc', 'asOf', 'computedAt'])
export class HealthSnapshot {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id: string;

  @Column({ type: 'char', length: 18 })
  uscc: string;

  /** The day the score is as of: it reads only records known by then. */
  @Column({ type: 'date' })
  asOf: string;

  /** When this state was first computed. */
  @Column({ type: 'timestamptz' })
  computedAt: Date;

  @Column({ type: 'varchar', length: 64 })
  modelVersion: string;

  @Column({ type: 'double precision' })
  probabilityOfDefault: number;

  @Column({ type: 'smallint' })
  score: number;

  @Column({ type: 'enum', enum: Tier, enumName: 'health_tier' })
  tier: Tier;

  @Column({ type: 'double precision' })
  confidence: number;

  @Column({ type: 'text', array: true })
  missingSources: string[];

  /** The caps that bound the index: `[{ max, reason }]`. */
  @Column({ type: 'jsonb' })
  caps: Array<{ max: number; reason: string }>;

  @Column({ type: 'text', array: true })
  reasons: string[];

  /** The sector the model read. */
  @Column({ type: 'text' })
  profile: string;

  /** The sentence saying the firm is in default, if it is. */
  @Column({ type: 'text', nullable: true })
  inDefault: string | null;

  /**
   * Every factor with its value, bin, points, explanation and evidence (label, unit, window and
   * sources come from the indicator), as compressed JSON: compressed by the writer, so the
   * database spends no time on it (`packFactors` in src/rescore/snapshot.repository.ts).
   */
  @Column({ type: 'bytea' })
  factors: Buffer;

  /** The model's input row (input code -> value, or its status). */
  @Column({ type: 'jsonb' })
  inputs: Record<string, number | string>;

  /** Input code -> the model's bin label the value fell in (drift is measured on these). */
  @Column({ type: 'jsonb' })
  bins: Record<string, string>;

  /** sha1 of the model version, as-of day, input row, caps, default, missing sources (and distress signs, when any). */
  @Column({ type: 'char', length: 40 })
  fingerprint: string;

  /** core.firm_input_change.seq when the inputs were read (null: no change recorded yet). */
  @Column({ type: 'bigint', nullable: true })
  inputsSeq: string | null;

  /** The distress signs the firm showed its guarantee network (`TIER`, `ENFORCEMENT:<id>`, ...; null: stored before they were kept). */
  @Column({ type: 'text', array: true, nullable: true })
  distress: string[] | null;

  /** In the model's population: a loan running at as-of and not in default (drift compares these). */
  @Column({ type: 'boolean' })
  inPopulation: boolean;

  @Column({ type: 'bigint', nullable: true })
  runId: string | null;
}

@Entity({ schema: 'core', name: 'health_latest' })
@Index('health_latest_due', ['tier', 'checkedAt'])
export class HealthLatest {
  @PrimaryColumn({ type: 'char', length: 18 })
  uscc: string;

  @Column({ type: 'bigint' })
  snapshotId: string;

  @Column({ type: 'date' })
  asOf: string;

  @Column({ type: 'enum', enum: Tier, enumName: 'health_tier' })
  tier: Tier;

  /** The score, copied from the snapshot: a page of scores reads this small row alone. */
  @Column({ type: 'smallint' })
  score: number;

  @Column({ type: 'double precision' })
  probabilityOfDefault: number;

  @Column({ type: 'timestamptz' })
  computedAt: Date;

  @Column({ type: 'varchar', length: 64 })
  modelVersion: string;

  @Column({ type: 'char', length: 40 })
  fingerprint: string;

  @Column({ type: 'bigint', nullable: true })
  inputsSeq: string | null;

  @Column({ type: 'timestamptz' })
  checkedAt: Date;
}

@Entity({ schema: 'core', name: 'firm_input_change' })
@Index('firm_input_change_firm', ['uscc', 'seq'])
export class FirmInputChange {
  /** Grows with every change: a firm's newest is its change number. */
  @PrimaryGeneratedColumn({ type: 'bigint', primaryKeyConstraintName: 'PK_firm_input_change' })
  seq: string;

  @Column({ type: 'char', length: 18 })
  uscc: string;

  @Column({ type: 'timestamptz' })
  changedAt: Date;

  /** What was noted (InputChangeKind). */
  @Column({ type: 'enum', enum: InputChangeKind, enumName: 'input_change_kind', default: InputChangeKind.RECORD })
  kind: InputChangeKind;
}
