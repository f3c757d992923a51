/**
 * Writes audit rows in batches: a request only appends its rows to an in-memory buffer (no I/O
 * on the request's path); the buffer is written every `flushIntervalMs` or as soon as it holds
 * `maxBatchRows`, with one multi-row INSERT (`unnest` of one array per column) per batch.
 * Failed batches go back to the front of the buffer and are retried on the next flush.
 * `close()` (called by the server's `stop()` after the requests are drained) writes every row
 * still buffered, so none is lost on a clean shutdown.
 *
 * Append-only: this module only INSERTs; there is no update or delete path in the code.
 */
import type { Database } from '../db/database';
import { AUDIT_WRITER_DEFAULTS, type AuditWriterOptions } from './audit.config';
import type { AuditRow } from './audit.collector';

const INSERT_HEAD = `INSERT INTO core.audit_log
  (at, request_id, subject, tenant, role, purpose, operation_name, uscc, sources, sensitive_fields, unmasked_fields, outcome, error_code, client_ip)
SELECT at, request_id, subject, tenant, role, purpose, operation_name, uscc,
       string_to_array(sources, ','), string_to_array(sensitive_fields, ','), string_to_array(unmasked_fields, ','),
       outcome::core.audit_outcome, error_code, client_ip
FROM unnest(`;
const INSERT_TAIL = `)
  AS x(at, request_id, subject, tenant, role, purpose, operation_name, uscc, sources, sensitive_fields, unmasked_fields, outcome, error_code, client_ip)`;
const COLUMN_TYPES = ['timestamptz', 'text', 'text', 'text', 'text', 'text', 'text', 'bpchar', 'text', 'text', 'text', 'text', 'text', 'text'];

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
}

/**
 * Requests executing in this process, over every server (several servers may share one
 * embedded database in tests), and the writers waiting for none to be (see `timedFlush`).
 */
let executing = 0;
const waiting = new Set<AuditWriter>();
/** Every writer's database pool in this process (their connectors' write-through may outlive a request). */
const pools = new Set<Database['pool']>();
/** Every open writer in this process. */
const writers = new Set<AuditWriter>();

/** Writes what every open writer on this database has buffered (`auditLog` reads after it). */
export async function flushAuditWriters(db: Database): Promise<void> {
  await Promise.all([...writers].filter((w) => w.databaseUrl === db.url).map((w) => w.gatedFlush()));
}

/** An embedded-database flush in progress: requests wait for it before they execute. */
let gate: Promise<void> | null = null;

/** A request is about to execute (called by the audit plugin); waits for an embedded flush in progress. */
export async function requestStarted(): Promise<void> {
  while (gate) await gate;
  executing++;
}

/** A request finished (after its rows were enqueued); deferred flushes run now if none is left. */
export function requestEnded(): void {
  executing = Math.max(0, executing - 1);
  if (executing > 0) return;
  for (const w of [...waiting]) w.retryDeferred();
}

export class AuditWriter {
  private readonly opts: AuditWriterOptions;
  private buffer: AuditRow[] = [];
  private timer: NodeJS.Timeout | null = null;
  private inFlight: Promise<void> | null = null;
  private closed = false;
  private timed = true;
  private embedded = false;
  private readonly explicitInterval: boolean;
  private readonly counts = { inserts: 0, rowsWritten: 0, failedBatches: 0 };

  constructor(
    private readonly db: Database,
    opts: Partial<AuditWriterOptions> = {},
    private readonly onError: (err: unknown, rows: number) => void = (err, rows) =>
      process.stderr.write(`audit: writing ${rows} rows failed, will retry: ${(err as Error).message}\n`),
  ) {
    this.opts = { ...AUDIT_WRITER_DEFAULTS, ...opts };
    this.explicitInterval = opts.flushIntervalMs !== undefined;
    writers.add(this);
    this.setEmbedded(db.embedded);
    // PGlite served on a socket (tests, a DATABASE_URL pointing at pglite-socket) is embedded too.
    this.ready = db.embedded
      ? Promise.resolve()
      : db.pool.query<{ v: string }>('SELECT version() AS v').then(
          (r) => this.setEmbedded(/PGlite/i.test(r.rows[0]?.v ?? '')),
          () => {},
        );
  }

  /** Resolves once the writer knows whether the database is PGlite (`startServer` awaits it). */
  readonly ready: Promise<void>;

  private setEmbedded(embedded: boolean): void {
    this.embedded = embedded;
    // See `timedFlush`: on the embedded database, no timed flushes unless asked for explicitly.
    this.timed = !embedded || this.explicitInterval;
    if (embedded) pools.add(this.db.pool);
  }

  get databaseUrl(): string {
    return this.db.url;
  }

  /**
   * Buffers a request's rows. Returns at once, except when `maxBufferedRows` are already waiting
   * (the database is slow or down): then the returned promise waits for the flush in progress.
   */
  enqueue(rows: AuditRow[]): Promise<void> | void {
    if (rows.length === 0) return;
    this.buffer.push(...rows);
    if (this.closed || (this.buffer.length >= this.opts.maxBatchRows && !this.embedded)) {
      const flushing = this.flush();
      if (this.buffer.length >= this.opts.maxBufferedRows) return flushing.catch(() => {});
      flushing.catch(() => {});
      return;
    }
    // On the embedded database a full batch also waits for a quiet moment (timedFlush), soon.
    if (this.buffer.length >= this.opts.maxBatchRows) this.schedule(0);
    else if (this.timed) this.schedule(this.opts.flushIntervalMs);
    if (this.buffer.length >= this.opts.maxBufferedRows) return this.inFlight?.catch(() => {}) ?? undefined;
  }

  private schedule(ms: number): void {
    this.timer ??= setTimeout(() => {
      this.timer = null;
      this.timedFlush();
    }, ms).unref();
  }

  /**
   * On the embedded database a timed flush waits for a quiet moment: no request executing in
   * this process and every connection of the pool idle (a connector's write-through may still
   * run after its request timed out). pglite-socket serves one backend to every connection and
   * interleaves concurrent connections' protocol messages, so a write landing in the middle of
   * another connection's Parse/Bind/Execute breaks one of them ("unnamed prepared statement
   * does not exist", "portal does not exist"). While it writes, requests wait before they
   * execute (`requestStarted`). Other code querying the database directly (tests, jobs in the
   * process) is not held back, so on the embedded database rows are by default written only at
   * `maxBatchRows`, when `auditLog` is read, and on close, not every `flushIntervalMs` (unless
   * that option is given explicitly). A server database never waits.
   */
  private timedFlush(): void {
    const busy = executing > 0 || [...pools].some((p) => p.idleCount < p.totalCount || p.waitingCount > 0);
    if (this.embedded && busy && !this.closed) {
      waiting.add(this);
      this.schedule(Math.max(5, Math.floor(this.opts.flushIntervalMs / 10)));
      return;
    }
    this.flushDeferred();
  }

  /** Retries a deferred timed flush at once (the last request just ended). */
  retryDeferred(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    setImmediate(() => this.timedFlush());
  }

  /** Writes now what waited for a quiet moment (holding requests back until it is written). */
  flushDeferred(): void {
    waiting.delete(this);
    this.gatedFlush().catch(() => {});
  }

  /** `flush()`, holding requests back before they execute while it runs on the embedded database. */
  gatedFlush(): Promise<void> {
    const run = this.flush();
    if (!this.embedded) return run;
    const done: Promise<void> = run
      .catch(() => {})
      .finally(() => {
        if (gate === done) gate = null;
      });
    gate = done;
    return run;
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
    waiting.delete(this);
    pools.delete(this.db.pool);
    writers.delete(this);
    let lastError: unknown = null;
    for (let i = 0; i < attempts; i++) {
      try {
        await this.gatedFlush();
        if (this.buffer.length === 0) return;
      } catch (err) {
        lastError = err;
        await new Promise((r) => setTimeout(r, 50 * (i + 1)));
      }
    }
    if (this.buffer.length > 0) {
      throw new Error(`audit: ${this.buffer.length} rows could not be written on close: ${(lastError as Error | null)?.message ?? 'unknown error'}`);
    }
  }

  stats(): AuditWriterStats {
    return { ...this.counts, buffered: this.buffer.length };
  }
}
