/** How the audit writer batches (see audit.writer.ts). */
export interface AuditWriterOptions {
  /** A buffered row is written at most this long after its request's response (ms). */
  flushIntervalMs: number;
  /** A batch reaching this many rows is written at once; also the rows per INSERT. */
  maxBatchRows: number;
  /**
   * With this many rows buffered (the database slow or down), a request waits for the flush in
   * progress before its response is sent: memory stays bounded and no row is dropped.
   */
  maxBufferedRows: number;
}

export const AUDIT_WRITER_DEFAULTS: AuditWriterOptions = {
  flushIntervalMs: 200,
  maxBatchRows: 500,
  maxBufferedRows: 20_000,
};
