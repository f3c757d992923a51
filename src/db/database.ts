/**
 * Opens the platform's database: the PostgreSQL server named by DATABASE_URL, or, with none,
 * embedded PostgreSQL (PGlite, WASM, in-process) served on a loopback port by pglite-socket so
 * that the ordinary `pg` driver and TypeORM talk to it unchanged.
 *
 * All reads and writes go through `Database.query`, which counts statements (the test of
 * batched reads asserts on the count).
 */
import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { ProtocolCycleQueue } from './embedded-queue';

export interface Database {
  /** `postgres://` URL of the server (for the embedded database, its loopback socket). */
  readonly url: string;
  readonly embedded: boolean;
  readonly pool: pg.Pool;
  /**
   * One statement. A `name` prepares it once per connection on a server (for statements every
   * page runs, whose planning costs as much as their execution); the embedded database, one
   * session under every connection, runs it unnamed.
   */
  query<R extends pg.QueryResultRow = pg.QueryResultRow>(sql: string, params?: unknown[], name?: string): Promise<pg.QueryResult<R>>;
  /** Runs `fn` inside one transaction on one connection. */
  transaction<T>(fn: (client: pg.PoolClient) => Promise<T>): Promise<T>;
  /** Statements issued through `query` since start (or the last reset). */
  statementCount(): number;
  resetStatementCount(): void;
  close(): Promise<void>;
}

/** Dates stay `YYYY-MM-DD` strings (no time-zone shift); int8 and numeric stay strings. */
const DATE_OID = 1082;
const types = {
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
}

/** Connections the embedded socket server accepts (PGlite runs one statement at a time). */
const EMBEDDED_CONNECTIONS = 4;

export async function openDatabase(opts: OpenOptions): Promise<Database> {
  if (opts.databaseUrl) {
    // JIT compilation off: our statements are short or batch-sized, and compiling their plans cost
    // more than it saved (300-400 ms on a facts statement for 500 firms that runs in 200 ms without).
    return wrap(new pg.Pool({ connectionString: opts.databaseUrl, max: opts.poolMax ?? 10, types, options: '-c jit=off' }), opts.databaseUrl, false, async () => {});
  }
  const embedded = await startEmbedded(opts.dataDir);
  // One connection: PGlite runs one statement at a time anyway (more would only wait in the
  // socket server's queue, embedded-queue.ts). The server keeps room for TypeORM's migration runner.
  const pool = new pg.Pool({ connectionString: embedded.url, max: 1, types });
  return wrap(pool, embedded.url, true, embedded.stop);
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
  // Connections take their statements from our queue, which keeps each one's protocol cycle whole.
  (server as unknown as { queryQueue: ProtocolCycleQueue }).queryQueue = new ProtocolCycleQueue(db);
  await server.start();
  const [, port] = server.getServerConn().split(':');
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    async stop() {
      await server.stop();
      await db.close();
    },
  };
}

function wrap(pool: pg.Pool, url: string, embedded: boolean, stopServer: () => Promise<void>): Database {
  let count = 0;
  let sharedSession: Promise<boolean> | undefined;
  // A broken idle connection must not crash the process; the pool replaces it.
  pool.on('error', () => {});
  return {
    url,
    embedded,
    pool,
    query(sql, params, name) {
      count++;
      if (!name || embedded) return pool.query(sql, params as unknown[]);
      // An embedded database reached through its URL (tests, another process) is one session too: asked once.
      sharedSession ??= pool.query<{ v: string }>('SELECT version() AS v').then((r) => r.rows[0].v.includes('PGlite'));
      return sharedSession.then((shared) => pool.query({ text: sql, values: params as unknown[], name: shared ? undefined : name }));
    },
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
    async close() {
      await pool.end();
      await stopServer();
    },
  };
}
