/**
 * The import's own bookkeeping, schema `core`:
 * - core.import_run: one row per file imported (its name, sha256, source and kind, the counts
 *   of inserted, updated, unchanged and quarantined rows, start and end), so every load can be
 *   traced and a re-delivered file recognised;
 * - core.import_quarantine: every row that was not loaded, with its line, the row as read and
 *   the reason (naming the column and what was expected): nothing is dropped silently;
 * - core.import_run_firm: the firms each run touched (the source of its provenance rows).
 */
import { Column, Entity, Index, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';

export enum ImportStatus {
  RUNNING = 'RUNNING',
  SUCCEEDED = 'SUCCEEDED',
  /** The file was refused before any row was read (a required column missing from the header...). */
  REJECTED = 'REJECTED',
  /** Stopped by an error (the database, an unreadable file); rows of batches already written stay. */
  FAILED = 'FAILED',
}

@Entity({ schema: 'core', name: 'import_run' })
@Index('import_run_sha256', ['sha256'])
@Index('import_run_kind_started', ['source', 'kind', 'startedAt'])
export class ImportRun {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id: string;

  @Column({ type: 'varchar', length: 16 })
  source: string;

  @Column({ type: 'varchar', length: 32 })
  kind: string;

  /** The path as given to the command. */
  @Column({ type: 'text' })
  file: string;

  /** sha256 of the file's bytes (as stored, before decompression); set once the file is read. */
  @Column({ type: 'char', length: 64, nullable: true })
  sha256: string | null;

  @Column({ type: 'varchar', length: 8 })
  format: string;

  @Column({ type: 'bigint' })
  bytes: string;

  @Column({ type: 'enum', enum: ImportStatus, enumName: 'import_status' })
  status: ImportStatus;

  /** Data rows read (header and blank lines excluded) = inserted + updated + unchanged + quarantined. */
  @Column({ type: 'int', default: 0 })
  rowsRead: number;

  @Column({ type: 'int', default: 0 })
  inserted: number;

  @Column({ type: 'int', default: 0 })
  updated: number;

  @Column({ type: 'int', default: 0 })
  unchanged: number;

  @Column({ type: 'int', default: 0 })
  quarantined: number;

  /** Why a REJECTED or FAILED run stopped. */
  @Column({ type: 'text', nullable: true })
  error: string | null;

  @Column({ type: 'timestamptz' })
  startedAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  finishedAt: Date | null;
}

@Entity({ schema: 'core', name: 'import_quarantine' })
@Index('import_quarantine_run_line', ['runId', 'line'])
export class ImportQuarantine {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id: string;

  @Column({ type: 'bigint' })
  runId: string;

  /** The file's name (without its folder), for reading the quarantine without joining the run. */
  @Column({ type: 'text' })
  file: string;

  /** 1-based line of the file where the row starts (a CSV header is line 1). */
  @Column({ type: 'int' })
  line: number;

  /** The row as read: column -> value as text (CSV) or as in the JSON object (JSONL); `{"text": ...}` for a line that is not JSON. */
  @Column({ type: 'jsonb' })
  raw: unknown;

  /** Columns at fault; empty for whole-row reasons (not JSON, wrong number of fields, a duplicate key). */
  @Column({ type: 'text', array: true })
  columns: string[];

  /** e.g. `line 12, column amount: "-5.00" is negative; expected an amount >= 0`. */
  @Column({ type: 'text' })
  reason: string;
}

/**
 * The firms a run carried rows of: the lines where they appear and the newest date of their rows.
 * Merged from the run's writers (several connections) at its end, then copied into
 * core.source_sync; kept as the run's trace ("which imports touched this firm").
 */
@Entity({ schema: 'core', name: 'import_run_firm' })
@Index('import_run_firm_uscc', ['uscc'])
export class ImportRunFirm {
  @PrimaryColumn({ type: 'bigint' })
  runId: string;

  @PrimaryColumn({ type: 'char', length: 18 })
  uscc: string;

  @Column({ type: 'int' })
  firstLine: number;

  @Column({ type: 'int' })
  lastLine: number;

  @Column({ type: 'date', nullable: true })
  asOf: string | null;
}

export const importEntities = [ImportRun, ImportQuarantine, ImportRunFirm];
