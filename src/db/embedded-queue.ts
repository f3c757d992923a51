/**
 * The embedded database's statement queue, in place of pglite-socket's own. PGlite is one
 * session, so the socket server runs the connections' protocol messages one at a time; its own
 * queue takes them one message at a time from any connection, which lets another connection's
 * Parse land between a connection's Parse and its Bind (the unnamed statement and portal are
 * shared), so a query could run another's statement or fail with `portal "" does not exist`.
 *
 * This queue keeps a connection's extended-protocol cycle together: once a connection's Parse,
 * Bind, Describe, Execute, Close or Flush has run, only that connection's messages run until its
 * Sync (or a simple Query, or Terminate) ends the cycle; while it has a transaction open, until
 * the transaction ends. A connection that goes away mid-cycle releases the queue (and its open
 * transaction is rolled back).
 */
import type { PGlite } from '@electric-sql/pglite';

/** What the queue uses of the PGlite instance. */
type Session = Pick<PGlite, 'runExclusive' | 'execProtocolRawStream' | 'isInTransaction' | 'exec'>;

interface Job {
  handlerId: number;
  message: Uint8Array;
  onData: (data: Uint8Array) => void;
  resolve: (bytes: number) => void;
  reject: (error: unknown) => void;
}

/** Message types that continue an extended-protocol cycle (P, B, D, E, C, H). */
const IN_CYCLE = new Set([0x50, 0x42, 0x44, 0x45, 0x43, 0x48]);

export class ProtocolCycleQueue {
  /** Messages run through this queue: the start-up check that the socket server uses it. */
  messagesRun = 0;
  private readonly queue: Job[] = [];
  private processing = false;
  /** The connection whose cycle or transaction is under way: only its messages run. */
  private owner: number | null = null;

  constructor(private readonly db: Session) {}

  enqueue(handlerId: number, message: Uint8Array, onData: (data: Uint8Array) => void): Promise<number> {
    return new Promise((resolve, reject) => {
      this.queue.push({ handlerId, message, onData, resolve, reject });
      void this.process();
    });
  }

  getQueueLength(): number {
    return this.queue.length;
  }

  /** A connection went away: its waiting messages are dropped. */
  clearQueueForHandler(handlerId: number): void {
    for (let k = this.queue.length - 1; k >= 0; k--) if (this.queue[k].handlerId === handlerId) this.queue.splice(k, 1);
  }

  /** ...and if it held the queue, its transaction is rolled back and the others go on. */
  async clearTransactionIfNeeded(handlerId: number): Promise<void> {
    if (this.owner !== handlerId) return;
    if (this.db.isInTransaction()) await this.db.exec('ROLLBACK');
    this.owner = null;
    await this.process();
  }

  private async process(): Promise<void> {
    if (this.processing) return;
    this.processing = true;
    try {
      for (;;) {
        const k =
          this.owner === null ? (this.queue.length ? 0 : -1) : this.queue.findIndex((j) => j.handlerId === this.owner);
        if (k < 0) break; // nothing to run, or the owner's next message has not arrived yet
        const [job] = this.queue.splice(k, 1);
        let bytes = 0;
        try {
          await this.db.runExclusive(() =>
            this.db.execProtocolRawStream(job.message, {
              onRawData: (data) => {
                bytes += data.length;
                job.onData(data);
              },
            }),
          );
        } catch (error) {
          this.owner = this.db.isInTransaction() ? job.handlerId : null;
          job.reject(error);
          continue;
        }
        this.owner = IN_CYCLE.has(job.message[0]) || this.db.isInTransaction() ? job.handlerId : null;
        this.messagesRun++;
        job.resolve(bytes);
      }
    } finally {
      this.processing = false;
    }
  }
}

/**
 * The methods pglite-socket's server (0.2.17, pinned) calls on its private `queryQueue`: what our
 * queue must offer, and what the field it replaces must hold for the swap to mean anything.
 */
export const QUEUE_METHODS = ['enqueue', 'getQueueLength', 'clearQueueForHandler', 'clearTransactionIfNeeded'] as const;

/** The error when the socket server is not the one this queue was written against. */
export class EmbeddedQueueError extends Error {
  override name = 'EmbeddedQueueError';
}

const UPGRADE_HINT =
  "the embedded database replaces pglite-socket's private statement queue to keep each connection's protocol cycle whole " +
  '(src/db/embedded-queue.ts); keep @electric-sql/pglite-socket at 0.2.17 or port the queue to the new version';

/**
 * Puts `queue` in place of the socket server's private `queryQueue`, after checking that the field
 * exists and holds a queue with the methods the server calls; otherwise EmbeddedQueueError naming
 * what is missing. Call before `server.start()`, then `checkQueueInUse` once a statement has run.
 */
export function installQueue(server: object, queue: ProtocolCycleQueue): void {
  const current: unknown = (server as { queryQueue?: unknown }).queryQueue;
  const missing =
    current !== null && typeof current === 'object'
      ? QUEUE_METHODS.filter((m) => typeof (current as Record<string, unknown>)[m] !== 'function')
      : ['the queryQueue field itself'];
  if (missing.length)
    throw new EmbeddedQueueError(
      `pglite-socket's server is not the one expected (missing: ${missing.join(', ')}): ${UPGRADE_HINT}`,
    );
  (server as { queryQueue: ProtocolCycleQueue }).queryQueue = queue;
}

/** After a statement went through the server: it ran through `queue`, or the server ignores it (EmbeddedQueueError). */
export function checkQueueInUse(queue: ProtocolCycleQueue): void {
  if (queue.messagesRun === 0)
    throw new EmbeddedQueueError(`pglite-socket's server ran a statement without our queue: ${UPGRADE_HINT}`);
}
