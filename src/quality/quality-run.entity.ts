/**
 * One run of the portfolio data-quality job (core.quality_run): when it ran, the as-of month it
 * checked, whether it checked every firm (FULL) or only the firms whose data changed since the
 * previous completed run started (INCREMENTAL), how many firms it checked and, per check, what
 * it found and changed. The next `npm run quality` reads the last COMPLETED run to decide what
 * to check again; a run that failed half-way is kept (FAILED) and never used as that mark.
 */
import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

export enum QualityRunMode {
  FULL = 'FULL',
  INCREMENTAL = 'INCREMENTAL',
}

export enum QualityRunStatus {
  RUNNING = 'RUNNING',
  COMPLETED = 'COMPLETED',
  FAILED = 'FAILED',
}

/** Per check, in `checks`: what the run found and changed, and whether it ran over every firm or the changed ones. */
export interface QualityRunCheck {
  findings: number;
  firms: number;
  inserted: number;
  updated: number;
  resolved: number;
  elapsedMs: number;
  /** FULL: over every firm; INCREMENTAL: over the run's checked firms only. */
  scope: QualityRunMode;
}

@Entity({ schema: 'core', name: 'quality_run' })
@Index('quality_run_status_started', ['status', 'startedAt'])
export class QualityRun {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id: string;

  /** The database's clock when the run began: data stamped from this instant on is checked by the next run. */
  @Column({ type: 'timestamptz', default: () => 'now()' })
  startedAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  finishedAt: Date | null;

  /** The as-of month checked (YYYY-MM). */
  @Column({ type: 'varchar', length: 7 })
  asOf: string;

  @Column({ type: 'enum', enum: QualityRunMode, enumName: 'quality_run_mode' })
  mode: QualityRunMode;

  /** Firms checked: every firm of the portfolio (FULL), or the changed ones (INCREMENTAL). */
  @Column({ type: 'int', default: 0 })
  firmsChecked: number;

  /** Per check code: findings, firms, inserted, updated, resolved, elapsedMs, scope. */
  @Column({ type: 'jsonb' })
  checks: Record<string, QualityRunCheck>;

  /** sha256 of the thresholds (quality.config): a run under other thresholds cannot be continued incrementally. */
  @Column({ type: 'char', length: 64 })
  configHash: string;

  @Column({ type: 'enum', enum: QualityRunStatus, enumName: 'quality_run_status' })
  status: QualityRunStatus;

  /** Why a FAILED run stopped. */
  @Column({ type: 'text', nullable: true })
  error: string | null;
}
