/**
 * The embedded database replaces pglite-socket's private `queryQueue` (the package is pinned at
 * 0.2.17). The swap is guarded: the field must exist with the methods the server calls, and the
 * server must run statements through our queue. These tests fail loudly on an upgrade that
 * renames, drops or bypasses the field.
 */
import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import { startEmbedded } from '../src/db/database';
import {
  checkQueueInUse,
  EmbeddedQueueError,
  installQueue,
  ProtocolCycleQueue,
  QUEUE_METHODS,
} from '../src/db/embedded-queue';

describe("the embedded database's statement queue", () => {
  it("pglite-socket's server holds a private queryQueue with every method the swap relies on", async () => {
    const db = await PGlite.create();
    try {
      const server = new PGLiteSocketServer({ db, host: '127.0.0.1', port: 0 });
      const current = (server as unknown as { queryQueue: Record<string, unknown> }).queryQueue;
      for (const m of QUEUE_METHODS)
        expect({ method: m, type: typeof current[m] }).toEqual({ method: m, type: 'function' });
      const ours = new ProtocolCycleQueue(db);
      installQueue(server, ours);
      expect((server as unknown as { queryQueue: unknown }).queryQueue).toBe(ours);
    } finally {
      await db.close();
    }
  });

  it('starts only when statements run through our queue', async () => {
    const embedded = await startEmbedded();
    await embedded.stop();
  });

  it('refuses a server without the field, naming what is missing and the pinned version', () => {
    const queue = new ProtocolCycleQueue({} as never);
    expect(() => installQueue({}, queue)).toThrow(EmbeddedQueueError);
    expect(() => installQueue({}, queue)).toThrow(/missing: the queryQueue field itself.*0\.2\.17/);
    expect(() => installQueue({ queryQueue: { enqueue() {}, getQueueLength() {} } }, queue)).toThrow(
      /missing: clearQueueForHandler, clearTransactionIfNeeded/,
    );
  });

  it('refuses a server that ran a statement without our queue', () => {
    expect(() => checkQueueInUse(new ProtocolCycleQueue({} as never))).toThrow(/ran a statement without our queue/);
  });
});
