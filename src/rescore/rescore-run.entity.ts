/**
 * What each rescore did (docs/snapshots.md):
 * - core.rescore_run: one run: its as-of day, mode (ALL, INCREMENTAL or FOLLOW_UP), model version, the firms
 *   it selected and why, the batches it queued, its status, and the drift it measured;
 * - core.rescore_batch: one row per finished batch, written in the batch's own transaction with
 *   its snapshots and warnings, so a batch that ran twice (a worker killed after its commit) is
 *   counted once, and a run is done when every batch has its row;
 * - core.model_alert: a model-level alert (today DRIFT: an input's or the score's PSI against the
 *   model's development population above the threshold), for risk officers and auditors.
 */
import { Column, Entity, Index, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';

export enum RescoreStatus {
  RUNNING = 'RUNNING',
  DONE = 'DONE',
  FAILED = 'FAILED',
}

@Entity({ schema: 'core', name: 'rescore_run' })
export class RescoreRun {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id: string;

  @Column({ type: 'timestamptz' })
  startedAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  finishedAt: Date | null;

  @Column({ type: 'date' })
  asOf: string;

  /** ALL (--all) or INCREMENTAL. */
  @Column({ type: 'varchar', length: 12 })
  mode: string;

  @Column({ type: 'varchar', length: 64 })
  modelVersion: string;

  @Column({ type: 'enum', enum: RescoreStatus, enumName: 'rescore_status', default: RescoreStatus.RUNNING })
  status: RescoreStatus;

  @Column({ type: 'int' })
  firmsSelected: number;

  /** Why firms were selected: reason -> count (ALL, NO_SNAPSHOT, MODEL_CHANGED, INPUTS_CHANGED, DUE, NETWORK_CHANGED: rescore.service.ts). */
  @Column({ type: 'jsonb' })
  selection: Record<string, number>;

  @Column({ type: 'int' })
  batches: number;

  /** The drift report (src/rescore/drift.service.ts), once the run is done. */
  @Column({ type: 'jsonb', nullable: true })
  drift: Record<string, unknown> | null;
}

@Entity({ schema: 'core', name: 'rescore_batch' })
export class RescoreBatch {
  @PrimaryColumn({ type: 'bigint' })
  runId: string;

  @PrimaryColumn({ type: 'int' })
  batchNo: number;

  @Column({ type: 'int' })
  firms: number;

  /** New snapshots written (the others confirmed an unchanged latest one). */
  @Column({ type: 'int' })
  snapshotsWritten: number;

  @Column({ type: 'int' })
  warningsRaised: number;

  /** Firms noted as changed because the distress signs of a member of their guarantee network changed. */
  @Column({ type: 'int', default: 0 })
  networkNoted: number;

  @Column({ type: 'timestamptz' })
  doneAt: Date;

  /** Who ran it: host and process id. */
  @Column({ type: 'text' })
  worker: string;

  @Column({ type: 'int' })
  ms: number;
}

@Entity({ schema: 'core', name: 'model_alert' })
@Index('model_alert_raised', ['raisedAt'])
export class ModelAlert {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id: string;

  @Column({ type: 'timestamptz' })
  raisedAt: Date;

  /** DRIFT. */
  @Column({ type: 'varchar', length: 20 })
  kind: string;

  @Column({ type: 'varchar', length: 64 })
  modelVersion: string;

  @Column({ type: 'bigint', nullable: true })
  runId: string | null;

  /** SCORE, or the input's code. */
  @Column({ type: 'varchar', length: 40 })
  subject: string;

  @Column({ type: 'double precision' })
  value: number;

  @Column({ type: 'double precision' })
  threshold: number;

  @Column({ type: 'text' })
  message: string;

  /** The bins with their expected (development) and actual shares, and the population measured. */
  @Column({ type: 'jsonb' })
  evidence: Record<string, unknown>;
}
