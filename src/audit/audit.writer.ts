/**
 * Writes audit rows in batches: a request only appends its rows to an in-memory buffer (no I/O
 * on the request's path); the buffer is written every `flushIntervalMs` or as soon as it holds
 * `maxBatchRows`, with one multi-row INSERT (`unnest` of one array per column) per batch.
 * Failed batches go back to the front of the buffer and are retried on the next flush.
 * A request's rows enter the buffer only once its HTTP response is done with (`open()` returns
 * the request's `AuditDelivery`, see audit.delivery.ts): OK only for a response written whole.
 * `close()` (called by the server's `stop()` after the requests are drained) first settles the
 * requests whose responses never finished as ABORTED, then writes every row still buffered, so
 * none is lost on a clean shutdown and none claims an answer that was not written.
 *
 * Append-only: this module only INSERTs; there is no update or delete path in the code.
 */
import type { Database } from '../db/database';
import { AUDIT_WRITER_DEFAULTS, type AuditWriterOptions } from './audit.config';
import type { AuditRow } from './audit.collector';
import { AuditDelivery } from './audit.delivery';

const INSERT_HEAD = `INSERT INTO core.audit_log
  (at, request_id, subject, tenant, role, purpose, operation_name, uscc, sources, sensitive_fields, unmasked_fields, outcome, error_code, client_ip)
SELECT at, request_id, subject, tenant, role, purpose, operation_name, uscc,
       string_to_array(sources, ','), string_to_array(sensitive_fields, ','), string_to_array(unmasked_fields, ','),
       outcome::core.audit_outcome, error_code, client_ip
FROM unnest(`;
const INSERT_TAIL = `)
  AS x(at, request_id, subject, tenant, role, purpose, operation_name, uscc, sources, sensitive_fields, unmasked_fields, outcome, error_code, client_ip)`;
const COLUMN_TYPES = [
  'timestamptz',
  'text',
  'text',
  'text',
  'text',
  'text',
  'text',
  'bpchar',
  'text',
  'text',
  'text',
  'text',
  'text',
  'text',
];

/** The batch's INSERT with one array parameter per column. */
const INSERT_SQL = INSERT_HEAD + COLUMN_TYPES.map((t, i) => `$${i + 1}::${t}[]`).join(', ') + INSERT_TAIL;

function columns(rows: AuditRow[]): unknown[][] {
  return [
    rows.map((r) => r.at.toISOString()),
    rows.map((r) => r.requestId),
    rows.map((r) => r.subject),
    rows.map((r) => r.tenant),
    rows.map((r) => r.role),
    rows.map((r) => r.purpose),
    rows.map((r) => r.operationName),
    rows.map((r) => r.uscc),
    // Source names and `Type.field` names never contain a comma.
    rows.map((r) => r.sources.join(',')),
    rows.map((r) => r.sensitiveFields.join(',')),
    rows.map((r) => r.unmaskedFields.join(',')),
    rows.map((r) => r.outcome),
    rows.map((r) => r.errorCode),
    rows.map((r) => r.clientIp),
  ];
}

export interface AuditWriterStats {
  /** INSERT statements sent (one per batch). */
  inserts: number;
  rowsWritten: number;
  failedBatches: number;
  buffered: number;
  /** Requests whose responses are not done with yet (their rows not in the buffer). */
  pending: number;
}

/** Every open writer in this process. */
const writers = new Set<AuditWriter>();

/** Writes what every open writer on this database has buffered (`auditLog` reads after it). */
export async function flushAuditWriters(db: Database): Promise<void> {
  await Promise.all([...writers].filter((w) => w.databaseUrl === db.url).map((w) => w.flush()));
}

export class AuditWriter {
  private readonly opts: AuditWriterOptions;
  private buffer: AuditRow[] = [];
  private timer: NodeJS.Timeout | null = null;
  private inFlight: Promise<void> | null = null;
  private closed = false;
  /** Requests whose rows are not final yet (response not finished nor closed). */
  private readonly pending = new Set<AuditDelivery>();
  private readonly counts = { inserts: 0, rowsWritten: 0, failedBatches: 0 };

  constructor(
    private readonly db: Database,
    opts: Partial<AuditWriterOptions> = {},
    private readonly onError: (err: unknown, rows: number) => void = (err, rows) =>
      process.stderr.write(`audit: writing ${rows} rows failed, will retry: ${(err as Error).message}\n`),
  ) {
    this.opts = { ...AUDIT_WRITER_DEFAULTS, ...opts };
    writers.add(this);
  }

  get databaseUrl(): string {
    return this.db.url;
  }

  /**
   * A request has started: its rows reach the buffer when its response is done with (see
   * audit.delivery.ts), or as ABORTED when `close()` comes first. `rowsSoFar` gives the rows of
   * what the request touched so far.
   */
  open(rowsSoFar: () => AuditRow[]): AuditDelivery {
    const delivery: AuditDelivery = new AuditDelivery(rowsSoFar, (rows) => {
      this.pending.delete(delivery);
      // The backpressure is the request's `room()`; a settled response has nothing left to wait for.
      void this.enqueue(rows);
    });
    this.pending.add(delivery);
    return delivery;
  }

  /**
   * Resolves at once, unless `maxBufferedRows` are waiting (the database is slow or down): then
   * when the flush in progress is done. A request awaits it before its response is sent.
   */
  room(): Promise<void> | void {
    if (this.buffer.length >= this.opts.maxBufferedRows) return (this.inFlight ?? this.flush()).catch(() => {});
  }

  /**
   * Buffers a request's rows. Returns at once, except when `maxBufferedRows` are already waiting
   * (the database is slow or down): then the returned promise waits for the flush in progress.
   */
  enqueue(rows: AuditRow[]): Promise<void> | void {
    if (rows.length === 0) return;
    this.buffer.push(...rows);
    if (this.closed || this.buffer.length >= this.opts.maxBatchRows) {
      const flushing = this.flush();
      if (this.buffer.length >= this.opts.maxBufferedRows) return flushing.catch(() => {});
      flushing.catch(() => {});
      return;
    }
    this.schedule(this.opts.flushIntervalMs);
    if (this.buffer.length >= this.opts.maxBufferedRows) return this.inFlight?.catch(() => {}) ?? undefined;
  }

  private schedule(ms: number): void {
    this.timer ??= setTimeout(() => {
      this.timer = null;
      this.flush().catch(() => {});
    }, ms).unref();
  }

  /** Writes every buffered row (in batches of `maxBatchRows`); resolves when they are in the database. */
  flush(): Promise<void> {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    // One flush at a time: a flush asked for while one runs starts after it.
    const run = (this.inFlight ?? Promise.resolve()).catch(() => {}).then(() => this.writeAll());
    const tracked: Promise<void> = run.finally(() => {
      if (this.inFlight === tracked) this.inFlight = null;
    });
    this.inFlight = tracked;
    return tracked;
  }

  private async writeAll(): Promise<void> {
    while (this.buffer.length > 0) {
      const batch = this.buffer.splice(0, this.opts.maxBatchRows);
      try {
        this.counts.inserts++;
        // Straight to the pool: audit writes are not the request's statements (the batching
        // test counts those through `db.query`).
        await this.db.pool.query(INSERT_SQL, columns(batch));
        this.counts.rowsWritten += batch.length;
      } catch (err) {
        this.counts.failedBatches++;
        this.buffer.unshift(...batch);
        this.onError(err, batch.length);
        if (!this.closed) this.schedule(this.opts.flushIntervalMs);
        throw err;
      }
    }
  }

  /**
   * Stops the timer and writes every buffered row, retrying a failed batch up to `attempts`
   * times; rejects (naming how many rows are unwritten) if the database still refuses them.
   * Rows enqueued after `close()` are written at once.
   */
  async close(attempts = 3): Promise<void> {
    this.closed = true;
    writers.delete(this);
    // The requests drained before this: a response not finished by now was never written whole.
    for (const d of [...this.pending]) d.abandon();
    let lastError: unknown = null;
    for (let i = 0; i < attempts; i++) {
      try {
        await this.flush();
        if (this.buffer.length === 0) return;
      } catch (err) {
        lastError = err;
        await new Promise((r) => setTimeout(r, 50 * (i + 1)));
      }
    }
    if (this.buffer.length > 0) {
      throw new Error(
        `audit: ${this.buffer.length} rows could not be written on close: ${(lastError as Error | null)?.message ?? 'unknown error'}`,
      );
    }
  }

  stats(): AuditWriterStats {
    return { ...this.counts, buffered: this.buffer.length, pending: this.pending.size };
  }
}
