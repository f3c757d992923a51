/**
 * Opens the platform's database: the PostgreSQL server named by DATABASE_URL, or, with none,
 * embedded PostgreSQL (PGlite, WASM, in-process) served on a loopback port by pglite-socket so
 * that the ordinary `pg` driver and TypeORM talk to it unchanged.
 *
 * All reads and writes go through `Database.query`, which counts statements (the test of
 * batched reads asserts on the count).
 *
 * A GraphQL request reads through `withDeadline(...)`, a view of the same database that stops
 * waiting at the request's deadline: a statement still waiting for a connection when the deadline
 * passes is never sent, and its caller gets a `DeadlineExceededError` (DEADLINE_EXCEEDED). On the
 * embedded database, one connection, statements of concurrent requests queue behind each other
 * for it; without the cut a loaded server answered long after every deadline.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { DeadlineExceededError } from '../errors';
import type { Deadline } from '../lib/deadline';
import { checkQueueInUse, installQueue, ProtocolCycleQueue } from './embedded-queue';

export interface Database {
  /** `postgres://` URL of the server (for the embedded database, its loopback socket). */
  readonly url: string;
  readonly embedded: boolean;
  readonly pool: pg.Pool;
  /**
   * On a request's view (`withDeadline`), the database it was made from: what process-wide caches
   * (the active model, the portfolio's as-of month) key on and read through. Undefined on the
   * database itself.
   */
  readonly base?: Database;
  /**
   * One statement. A `name` prepares it once per connection on a server (for statements every
   * page runs, whose planning costs as much as their execution); the embedded database, one
   * session under every connection, runs it unnamed.
   */
  query<R extends pg.QueryResultRow = pg.QueryResultRow>(
    sql: string,
    params?: unknown[],
    name?: string,
  ): Promise<pg.QueryResult<R>>;
  /** Runs `fn` inside one transaction on one connection. */
  transaction<T>(fn: (client: pg.PoolClient) => Promise<T>): Promise<T>;
  /** Statements issued through `query` since start (or the last reset). */
  statementCount(): number;
  resetStatementCount(): void;
  /**
   * The view one request reads through (src/graphql/context.ts gives it to the loaders): the same
   * database, but `query` waits for a connection only until `deadline`. A statement that has not
   * been sent when the deadline passes never is: its caller gets a `DeadlineExceededError` naming
   * `deadlineMs` (a statement already sent is waited for: they are short). A connection that
   * arrives after the deadline goes back to the pool untouched. `transaction` (writes) is not cut;
   * statements are counted with the database's own.
   */
  withDeadline(deadline: Deadline, deadlineMs: number): Database;
  close(): Promise<void>;
}

/** Dates stay `YYYY-MM-DD` strings (no time-zone shift); int8 and numeric stay strings. */
const DATE_OID = 1082;
export const types = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (oid === DATE_OID) return (v: string) => v;
    return pg.types.getTypeParser(oid, format);
  },
} as pg.CustomTypesConfig;

export interface OpenOptions {
  databaseUrl?: string;
  /** Folder for the embedded database's files; undefined keeps it in memory (tests). */
  dataDir?: string;
  poolMax?: number;
  /**
   * A process serving requests (the GraphQL server): its sessions run no parallel query
   * (`max_parallel_workers_per_gather = 0`). Its statements touch a few firms each, and a
   * parallel plan starts worker processes per execution: 100-170 ms for the DUPLICATE_RECORD
   * check of one firm against 9 ms without, on 2 cores under load (docs/performance.md, Q5).
   * Batch jobs keep parallel scans.
   */
  serving?: boolean;
}

/** The session setting of a serving process (`OpenOptions.serving`). */
const NO_PARALLEL_QUERY = '-c max_parallel_workers_per_gather=0';

/** Connections the embedded socket server accepts (PGlite runs one statement at a time). */
const EMBEDDED_CONNECTIONS = 4;

/**
 * A prepared statement's name for a statement built at run time (a filter, a check scoped to one
 * firm): `prefix` and a hash of its text, so the same text is prepared once per connection and a
 * different text gets its own name.
 */
export function statementName(prefix: string, sql: string): string {
  return `${prefix}-${createHash('sha1').update(sql).digest('hex').slice(0, 20)}`;
}

export async function openDatabase(opts: OpenOptions): Promise<Database> {
  if (opts.databaseUrl) {
    // JIT compilation off: our statements are short or batch-sized, and compiling their plans cost
    // more than it saved (300-400 ms on a facts statement for 500 firms that runs in 200 ms without).
    const options = opts.serving ? `-c jit=off ${NO_PARALLEL_QUERY}` : '-c jit=off';
    return poolDatabase(
      new pg.Pool({ connectionString: opts.databaseUrl, max: opts.poolMax ?? 10, types, options }),
      opts.databaseUrl,
      false,
      async () => {},
    );
  }
  const embedded = await startEmbedded(opts.dataDir);
  // One connection: PGlite runs one statement at a time anyway (more would only wait in the
  // socket server's queue, embedded-queue.ts). The server keeps room for TypeORM's migration runner.
  const pool = new pg.Pool({ connectionString: embedded.url, max: 1, types });
  return poolDatabase(pool, embedded.url, true, embedded.stop);
}

export interface EmbeddedServer {
  url: string;
  stop(): Promise<void>;
}

/** Starts PGlite (with pgcrypto and pg_trgm) behind a pglite-socket server on 127.0.0.1:<free port>. */
export async function startEmbedded(dataDir?: string, maxConnections = EMBEDDED_CONNECTIONS): Promise<EmbeddedServer> {
  const { PGlite } = await import('@electric-sql/pglite');
  const { pgcrypto } = await import('@electric-sql/pglite/contrib/pgcrypto');
  const { pg_trgm } = await import('@electric-sql/pglite/contrib/pg_trgm');
  const { PGLiteSocketServer } = await import('@electric-sql/pglite-socket');
  let dir: string | undefined;
  if (dataDir) {
    dir = path.join(dataDir, 'pglite');
    fs.mkdirSync(dir, { recursive: true });
  }
  const db = await PGlite.create(dir, { extensions: { pgcrypto, pg_trgm } });
  const server = new PGLiteSocketServer({ db, host: '127.0.0.1', port: 0, maxConnections });
  // Connections take their statements from our queue, which keeps each one's protocol cycle whole;
  // it replaces a private field, so both the field and its use are checked (a guard for upgrades).
  const queue = new ProtocolCycleQueue(db);
  installQueue(server, queue);
  await server.start();
  const [, port] = server.getServerConn().split(':');
  const url = `postgres://postgres@127.0.0.1:${port}/postgres`;
  const stop = async () => {
    await server.stop();
    await db.close();
  };
  const probe = new pg.Client({ connectionString: url });
  try {
    await probe.connect();
    await probe.query('SELECT 1');
    await probe.end();
    checkQueueInUse(queue);
  } catch (err) {
    await probe.end().catch(() => undefined);
    await stop();
    throw err;
  }
  return { url, stop };
}

/**
 * The `Database` over a pool (exported for tests, which give it a fake pool). `embedded`: the pool
 * reaches PGlite in this process (named statements are never used).
 */
export function poolDatabase(pool: pg.Pool, url: string, embedded: boolean, stopServer: () => Promise<void>): Database {
  let count = 0;
  let sharedSession: Promise<boolean> | undefined;
  // A broken idle connection must not crash the process; the pool replaces it.
  pool.on('error', () => {});
  /** Sends one statement through `on` (the pool, or a connection taken from it), counted. */
  function send<R extends pg.QueryResultRow>(
    on: pg.Pool | pg.PoolClient,
    sql: string,
    params?: unknown[],
    name?: string,
  ): Promise<pg.QueryResult<R>> {
    count++;
    if (!name || embedded) return on.query<R>(sql, params);
    // An embedded database reached through its URL (tests, another process) is one session too: asked once.
    sharedSession ??= on.query<{ v: string }>('SELECT version() AS v').then((r) => r.rows[0].v.includes('PGlite'));
    return sharedSession.then((shared) => on.query<R>({ text: sql, values: params, name: shared ? undefined : name }));
  }
  const db: Database = {
    url,
    embedded,
    pool,
    query: (sql, params, name) => send(pool, sql, params, name),
    async transaction(fn) {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const result = await fn(client);
        await client.query('COMMIT');
        return result;
      } catch (err) {
        await client.query('ROLLBACK').catch(() => {});
        throw err;
      } finally {
        client.release();
      }
    },
    statementCount: () => count,
    resetStatementCount: () => {
      count = 0;
    },
    withDeadline: (deadline, deadlineMs) => requestView(db, deadline, deadlineMs, send),
    async close() {
      await pool.end();
      await stopServer();
    },
  };
  return db;
}

type Send = <R extends pg.QueryResultRow>(
  on: pg.PoolClient,
  sql: string,
  params?: unknown[],
  name?: string,
) => Promise<pg.QueryResult<R>>;

/** `base.withDeadline(...)`: see `Database.withDeadline`. */
function requestView(base: Database, deadline: Deadline, deadlineMs: number, send: Send): Database {
  const passed = () => deadline.signal.aborted || Date.now() >= deadline.at;
  // Callers waiting for a connection, cut together when the deadline passes: one listener on the
  // signal for the whole request (a listener per statement would pass Node's listener warning).
  const waiting = new Set<() => void>();
  let listening = false;
  const cutAll = () => {
    for (const cut of [...waiting]) cut();
  };

  function connection(): Promise<pg.PoolClient> {
    if (passed()) return Promise.reject(new DeadlineExceededError(deadlineMs));
    if (!listening) {
      listening = true;
      deadline.signal.addEventListener('abort', cutAll, { once: true });
    }
    return new Promise<pg.PoolClient>((resolve, reject) => {
      let waitingFor = true;
      const cut = () => {
        waiting.delete(cut);
        waitingFor = false;
        reject(new DeadlineExceededError(deadlineMs));
      };
      waiting.add(cut);
      base.pool.connect().then(
        (client) => {
          // Too late (or the signal's timer has not fired yet): back to the pool, nothing sent.
          if (!waitingFor || passed()) {
            client.release();
            if (waitingFor) cut();
            return;
          }
          waiting.delete(cut);
          resolve(client);
        },
        (err: unknown) => {
          if (!waitingFor) return;
          waiting.delete(cut);
          reject(err);
        },
      );
    });
  }

  const view: Database = {
    base,
    url: base.url,
    embedded: base.embedded,
    pool: base.pool,
    async query<R extends pg.QueryResultRow = pg.QueryResultRow>(
      sql: string,
      params?: unknown[],
      name?: string,
    ): Promise<pg.QueryResult<R>> {
      const client = await connection();
      // As pg's Pool.query does: a connection whose statement failed is not reused.
      let failed: Error | undefined;
      const onError = (err: Error) => (failed = err);
      client.once('error', onError);
      try {
        return await send<R>(client, sql, params, name);
      } catch (err) {
        failed = err as Error;
        throw err;
      } finally {
        client.removeListener('error', onError);
        client.release(failed);
      }
    },
    transaction: (fn) => base.transaction(fn),
    statementCount: () => base.statementCount(),
    resetStatementCount: () => base.resetStatementCount(),
    withDeadline: (d, ms) => base.withDeadline(d, ms),
    async close() {
      throw new Error("a request's view of the database does not close it");
    },
  };
  return view;
}
