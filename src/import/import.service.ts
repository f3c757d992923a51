/**
 * Imports one file of one kind into its mirror table:
 *
 * - streamed: records are read, validated and written in batches of ~1,000 rows, one set-based
 *   statement per batch (batch-sql.ts); batches are parsed while the database writes earlier
 *   ones, on a server by several connections (rows spread by natural key, so every occurrence
 *   of a key goes through the same one, in file order); memory stays bounded whatever the size;
 * - validated at the boundary (validate.ts): an invalid row goes to core.import_quarantine with
 *   its line and the reason; a file whose header lacks a required column is refused up front;
 * - idempotent: rows are found again by their natural key (kinds.ts), so importing the same file
 *   twice changes nothing the second time; counts of inserted, updated, unchanged and quarantined
 *   rows come from SQL and are kept in core.import_run with the file's sha256;
 * - traced: core.source_sync is set for every firm the file carries rows of (origin IMPORT,
 *   `<file> lines a-b`, the newest date of its rows);
 * - borrowers: a registry.company row of a USCC core.firm does not hold makes that firm a
 *   borrower, in the batch's statement (src/firm/firm.repository.ts `registerFirmsSql`); rows of
 *   other kinds never create a firm (most USCCs they name are counterparties): they wait in the
 *   mirror, counted as `unknownFirms`, and show once the firm's registry record arrives.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { PoolClient } from 'pg';
import type { Database } from '../db/database';
import {
  batchSql,
  createRunTablesSql,
  dropRunTablesSql,
  mergeFirmsSql,
  provenanceSql,
  runTables,
  type RunTables,
} from './batch-sql';
import { isSourceId, KINDS, kindsOf, SOURCE_IDS, sourceById, type KindDef } from './kinds';
import { ImportStatus } from './import-run.entity';
import { ByteMeter, formatOf, ImportRejected, readRecords, type FileFormat } from './read-records';
import { checkRow, naturalKey } from './validate';

export { ImportRejected } from './read-records';

/** A wrong command: unknown source or kind, a file that is not there, a format that cannot be told. */
export class ImportUsageError extends Error {
  override name = 'ImportUsageError';
}

export interface ImportOptions {
  file: string;
  /** `tax`, `supply-chain`...; default: from the file name `<source>.<kind>.<ext>`. */
  source?: string;
  /** `invoice`, `vat_declaration`...; default: the source's only kind, or from the file name. */
  kind?: string;
  /** Default: from the extension (.csv, .jsonl, .ndjson, optionally .gz). */
  format?: FileFormat;
  /** Rows per statement; default 1000. */
  batchSize?: number;
  /** Connections writing at once; default 1 on the embedded database, else up to 4 (the cores, within the pool). */
  writers?: number;
  onProgress?: (p: ImportProgress) => void;
}

export interface ImportProgress {
  bytesRead: number;
  bytesTotal: number;
  rowsRead: number;
  quarantined: number;
}

export interface ImportResult {
  runId: string;
  kind: string;
  table: string;
  file: string;
  sha256: string;
  /** An earlier successful run of a file with the same content, if any. */
  sameContentAsRun: string | null;
  rowsRead: number;
  inserted: number;
  updated: number;
  unchanged: number;
  quarantined: number;
  /** Firms whose provenance the run set. */
  firms: number;
  /** Firms the run made borrowers (core.firm rows created from registry records). */
  newBorrowers: number;
  /** Of `firms`, those core.firm does not hold after the run (not borrowers until their registry record is imported or fetched). */
  unknownFirms: number;
  elapsedMs: number;
}

/** Which kind a file holds: from the flags, else from its name (`tax.invoice.csv`, `2024-05.tax.invoice.jsonl.gz`). */
export function resolveKind(file: string, source?: string, kind?: string): KindDef {
  const norm = (s: string) => s.trim().toLowerCase().replace(/-/g, '_');
  if (source !== undefined && !isSourceId(source)) {
    throw new ImportUsageError(
      `--source ${JSON.stringify(source)} is not a source; expected one of ${SOURCE_IDS.join(', ')}`,
    );
  }
  const parts = path.basename(file).toLowerCase().replace(/\.gz$/, '').split('.').slice(0, -1);
  let src = source;
  if (src === undefined) {
    const fromName = parts.find((p) => isSourceId(p));
    if (!fromName)
      throw new ImportUsageError(
        `cannot tell the source of ${path.basename(file)}: pass --source (${SOURCE_IDS.join(', ')}) or name the file <source>.<kind>.csv`,
      );
    src = fromName;
  }
  const candidates = kindsOf(src);
  const list = candidates.map((k) => k.kind).join(', ');
  if (kind !== undefined) {
    const found = candidates.find((k) => k.kind === norm(kind) || k.name === `${src}.${norm(kind)}`);
    if (!found)
      throw new ImportUsageError(`--kind ${JSON.stringify(kind)} is not a kind of ${src}; expected one of ${list}`);
    return found;
  }
  if (candidates.length === 1) return candidates[0];
  const fromName = candidates.find((k) => parts.map(norm).includes(k.kind));
  if (!fromName)
    throw new ImportUsageError(
      `cannot tell the kind of ${path.basename(file)}: pass --kind (${src}: ${list}) or name the file ${src}.<kind>.csv`,
    );
  return fromName;
}

interface Pending {
  rows: Array<Record<string, unknown>>;
  refused: Array<{ line: number; raw: unknown; columns: string[]; reason: string }>;
}

interface Counts {
  rowsRead: number;
  inserted: number;
  updated: number;
  unchanged: number;
  quarantined: number;
  newBorrowers: number;
}

/**
 * One connection writing batches: the next batch is filled while the current one is written,
 * and never two statements at once on the connection.
 */
class BatchWriter {
  private batch: Pending = { rows: [], refused: [] };
  private inFlight: Promise<void> = Promise.resolve();
  private failure: unknown = null;

  constructor(
    readonly client: PoolClient,
    readonly tables: RunTables,
    private readonly statement: string,
    private readonly params: [runId: string, fileName: string],
    private readonly counts: Counts,
    private readonly batchSize: number,
  ) {}

  async addRow(row: Pending['rows'][number]): Promise<void> {
    this.batch.rows.push(row);
    if (this.batch.rows.length + this.batch.refused.length >= this.batchSize) await this.flush();
  }

  async addRefused(row: Pending['refused'][number]): Promise<void> {
    this.batch.refused.push(row);
    if (this.batch.rows.length + this.batch.refused.length >= this.batchSize) await this.flush();
  }

  private async flush(): Promise<void> {
    await this.inFlight;
    if (this.failure) throw this.failure;
    const batch = this.batch;
    this.batch = { rows: [], refused: [] };
    this.inFlight = this.write(batch).catch((err: unknown) => {
      this.failure = err;
    });
  }

  private async write(batch: Pending): Promise<void> {
    const { rows } = await this.client.query<{
      quarantined: number;
      accepted: number;
      inserted: number;
      updated: number;
      new_borrowers: number;
    }>(this.statement, [JSON.stringify(batch.rows), JSON.stringify(batch.refused), ...this.params]);
    const r = rows[0];
    this.counts.inserted += r.inserted;
    this.counts.updated += r.updated;
    this.counts.unchanged += r.accepted - r.inserted - r.updated;
    this.counts.quarantined += r.quarantined;
    this.counts.newBorrowers += r.new_borrowers;
  }

  /** Writes what is left and waits for it. */
  async drain(): Promise<void> {
    if (this.batch.rows.length + this.batch.refused.length) await this.flush();
    await this.settle();
    if (this.failure) throw this.failure;
  }

  /** Waits for the statement in flight, whatever its outcome. */
  settle(): Promise<void> {
    return this.inFlight;
  }
}

const lockName = (kind: KindDef) => `sme-import:${kind.name}`;

/** FNV-1a: spreads natural keys over writers (all occurrences of a key go to the same one). */
function hash(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/** Writers by default: one on the embedded database (it runs one statement at a time), else up to the cores, within the pool. */
function defaultWriters(db: Database): number {
  if (db.embedded) return 1;
  const pool = db.pool.options.max ?? 10;
  return Math.max(1, Math.min(4, os.availableParallelism(), pool - 1));
}

export async function importFile(db: Database, options: ImportOptions): Promise<ImportResult> {
  const started = Date.now();
  const kind = resolveKind(options.file, options.source, options.kind);
  const format = options.format ?? formatOf(options.file);
  if (!format)
    throw new ImportUsageError(
      `cannot tell the format of ${path.basename(options.file)}: name it .csv or .jsonl (optionally .gz), or pass --format csv|jsonl`,
    );
  let stat: fs.Stats;
  try {
    stat = fs.statSync(options.file);
  } catch {
    throw new ImportUsageError(`${options.file}: no such file`);
  }
  if (!stat.isFile()) throw new ImportUsageError(`${options.file} is not a file`);
  const batchSize = options.batchSize ?? 1000;
  // Never more writers than connections: a writer waiting for one held by another would wait forever.
  const writerCount = Math.max(1, Math.min(options.writers ?? defaultWriters(db), db.pool.options.max ?? 10));
  const fileName = path.basename(options.file);

  const { rows: runRows } = await db.query<{ id: string }>(
    `INSERT INTO core.import_run (source, kind, file, format, bytes, status, started_at) VALUES ($1, $2, $3, $4, $5, $6, now()) RETURNING id`,
    [kind.source, kind.kind, options.file, format, stat.size, ImportStatus.RUNNING],
  );
  const runId = runRows[0].id;
  const counts: Counts = { rowsRead: 0, inserted: 0, updated: 0, unchanged: 0, quarantined: 0, newBorrowers: 0 };
  const finish = (status: ImportStatus, sha256: string | null, error: string | null) =>
    db.query(
      `UPDATE core.import_run SET status = $2, sha256 = $3, error = $4, rows_read = $5, inserted = $6, updated = $7, unchanged = $8, quarantined = $9, finished_at = now() WHERE id = $1`,
      [
        runId,
        status,
        sha256,
        error,
        counts.rowsRead,
        counts.inserted,
        counts.updated,
        counts.unchanged,
        counts.quarantined,
      ],
    );

  const writers: BatchWriter[] = [];
  let locked = false;
  /** Drops the writers' temporary tables, frees the lock and returns their connections (before the run row is finished, which needs one). */
  const releaseWriters = async () => {
    while (writers.length) {
      const last = writers.length === 1;
      const w = writers.pop()!;
      const unlock = last && locked ? `; SELECT pg_advisory_unlock(hashtext('${lockName(kind)}'))` : '';
      // A connection that cannot be cleaned (and might keep the lock) is closed, not pooled.
      const clean = await w.client.query(`${dropRunTablesSql(w.tables)}; RESET synchronous_commit${unlock}`).then(
        () => true,
        () => false,
      );
      w.client.release(!clean);
    }
  };
  try {
    for (let w = 0; w < writerCount; w++) {
      const client = await db.pool.connect();
      const tables = runTables(runId, w);
      writers.push(new BatchWriter(client, tables, batchSql(kind, tables), [runId, fileName], counts, batchSize));
      if (w === 0) {
        // One import of a kind at a time: two would race on the same rows (and could deadlock).
        const { rows } = await client.query<{ ok: boolean }>('SELECT pg_try_advisory_lock(hashtext($1)) AS ok', [
          lockName(kind),
        ]);
        locked = rows[0].ok;
        if (!locked)
          throw new ImportRejected(
            `another import of ${kind.name} is running on this database; import this file when it has finished`,
          );
      }
      await client.query(createRunTablesSql(tables));
      // Each batch commits on its own; not waiting for the WAL flush of each is safe here: a crash
      // loses at most the last batches of a run that is then not SUCCEEDED, and re-running the
      // (idempotent) import completes it.
      await client.query('SET synchronous_commit TO off');
    }
    const meter = new ByteMeter((bytes) =>
      options.onProgress?.({
        bytesRead: bytes,
        bytesTotal: stat.size,
        rowsRead: counts.rowsRead,
        quarantined: counts.quarantined,
      }),
    );

    for await (const records of readRecords(options.file, format, kind, meter)) {
      for (const rec of records) {
        counts.rowsRead++;
        if (!rec.ok) {
          await writers[counts.rowsRead % writerCount].addRefused({
            line: rec.line,
            raw: rec.raw,
            columns: [],
            reason: rec.reason,
          });
          continue;
        }
        const checked = checkRow(kind, rec.get);
        if (checked.ok) {
          const nk = naturalKey(kind, checked.values);
          await writers[writerCount === 1 ? 0 : hash(nk) % writerCount].addRow({
            _line: rec.line,
            _nk: nk,
            ...checked.values,
          });
        } else {
          await writers[counts.rowsRead % writerCount].addRefused({
            line: rec.line,
            raw: rec.raw,
            columns: [...new Set(checked.problems.flatMap((p) => p.columns))],
            reason: `line ${rec.line}, ${checked.problems.map((p) => p.reason).join('; ')}`,
          });
        }
      }
    }
    for (const w of writers) await w.drain();

    // The run's end goes through a writer's connection, so it needs no other from the pool.
    const main = writers[0].client;
    for (const w of writers) await w.client.query(mergeFirmsSql(w.tables), [runId]);
    await main.query(provenanceSql(), [sourceById(kind.source).name, fileName, runId]);
    const { rows: touched } = await main.query<{ n: number; unknown: number }>(
      `SELECT count(*)::int AS n, count(*) FILTER (WHERE NOT EXISTS (SELECT 1 FROM core.firm f WHERE f.uscc = r.uscc))::int AS unknown
         FROM core.import_run_firm r WHERE r.run_id = $1`,
      [runId],
    );
    const sha256 = meter.digest();
    const { rows: same } = await main.query<{ id: string }>(
      `SELECT id FROM core.import_run WHERE sha256 = $1 AND source = $2 AND kind = $3 AND status = 'SUCCEEDED' AND id < $4 ORDER BY id DESC LIMIT 1`,
      [sha256, kind.source, kind.kind, runId],
    );
    await releaseWriters();
    await finish(ImportStatus.SUCCEEDED, sha256, null);
    return {
      runId,
      kind: kind.name,
      table: kind.table,
      file: options.file,
      sha256,
      sameContentAsRun: same[0]?.id ?? null,
      ...counts,
      firms: touched[0].n,
      unknownFirms: touched[0].unknown,
      elapsedMs: Date.now() - started,
    };
  } catch (err) {
    await Promise.all(writers.map((w) => w.settle()));
    await releaseWriters();
    const rejected = err instanceof ImportRejected;
    await finish(rejected ? ImportStatus.REJECTED : ImportStatus.FAILED, null, (err as Error).message).catch(() => {});
    throw err;
  } finally {
    await releaseWriters();
  }
}

/** Imports files in the order of KINDS (parents before children); each file's kind comes from its name. */
export async function importFiles(
  db: Database,
  files: string[],
  options: Omit<ImportOptions, 'file' | 'source' | 'kind'> = {},
): Promise<ImportResult[]> {
  const planned = files.map((file) => ({ file, kind: resolveKind(file) }));
  const order = (k: KindDef) => KINDS.indexOf(k);
  planned.sort((a, b) => order(a.kind) - order(b.kind));
  const results: ImportResult[] = [];
  for (const p of planned)
    results.push(await importFile(db, { ...options, file: p.file, source: p.kind.source, kind: p.kind.kind }));
  return results;
}
