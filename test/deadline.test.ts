/**
 * The request's view of the database (`Database.withDeadline`, src/db/database.ts) on a fake
 * pool: a statement still waiting for a connection when the deadline passes is never sent, its
 * caller gets DEADLINE_EXCEEDED at the deadline, and the connection goes back untouched when it
 * arrives; a statement already sent is waited for; writes (transactions) are not cut. And a cut
 * read shows in the sources' statuses as TIMEOUT, not as an unexpected error.
 */
import 'reflect-metadata';
import type pg from 'pg';
import { poolDatabase, type Database } from '../src/db/database';
import { DeadlineExceededError, ErrorCode } from '../src/errors';
import { httpStatusLoader } from '../connectors/shared/source-status';
import { sourceReports } from '../src/borrower/source-report';
import type { Context } from '../src/graphql/context';
import type { SourceStatus } from '../connectors/shared/connector';
import type { Deadline } from '../src/lib/deadline';

/** A pool of one connection that the test hands out (`free()`), recording what is sent on it. */
function fakePool() {
  const sent: string[] = [];
  const waiting: Array<(c: pg.PoolClient) => void> = [];
  let answer: (sql: string) => Promise<unknown> = async (sql) => ({
    rows: sql.startsWith('SELECT version()') ? [{ v: 'PostgreSQL 15.4' }] : [],
    command: 'SELECT',
    rowCount: 0,
  });
  const client = {
    query: jest.fn((q: string | { text: string; name?: string }) => {
      const sql = typeof q === 'string' ? q : q.text;
      sent.push(typeof q === 'string' ? sql : `${sql} [${q.name ?? 'unnamed'}]`);
      return answer(sql);
    }),
    release: jest.fn(),
    once: jest.fn(),
    removeListener: jest.fn(),
  };
  const pool = {
    on: () => pool,
    connect: jest.fn(() => new Promise<pg.PoolClient>((resolve) => waiting.push(resolve))),
    query: jest.fn(),
    end: async () => {},
  };
  return {
    db: poolDatabase(pool as unknown as pg.Pool, 'postgres://fake', false, async () => {}),
    pool,
    client,
    sent,
    waiting: () => waiting.length,
    free: () => waiting.shift()!(client as unknown as pg.PoolClient),
    answerWith: (fn: (sql: string) => Promise<unknown>) => (answer = fn),
  };
}

function deadlineIn(ms: number): Deadline & { abort(): void } {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), ms).unref();
  return { at: Date.now() + ms, signal: controller.signal, abort: () => (clearTimeout(timer), controller.abort()) };
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe("a request's view of the database", () => {
  it('never sends a statement whose connection was not free by the deadline, and hands the connection back untouched', async () => {
    const f = fakePool();
    const deadline = deadlineIn(50);
    const view = f.db.withDeadline(deadline, 300);
    const started = Date.now();
    const read = view.query('SELECT 1 FROM core.firm');
    const error = await read.catch((e: unknown) => e);
    // The caller hears at the deadline, not when a connection frees.
    expect(Date.now() - started).toBeLessThan(1000);
    expect(error).toBeInstanceOf(DeadlineExceededError);
    expect((error as DeadlineExceededError).code).toBe(ErrorCode.DEADLINE_EXCEEDED);
    expect((error as Error).message).toBe(
      "the request's deadline of 300 ms (REQUEST_DEADLINE_MS) passed before this database read could start: it was not run",
    );
    expect(f.pool.connect).toHaveBeenCalledTimes(1);

    f.free();
    await tick();
    expect(f.client.query).not.toHaveBeenCalled();
    expect(f.client.release).toHaveBeenCalledTimes(1);
    expect(f.client.release).toHaveBeenCalledWith();
    expect(f.db.statementCount()).toBe(0);

    // Once the deadline has passed, a read does not even ask for a connection.
    await expect(view.query('SELECT 2')).rejects.toBeInstanceOf(DeadlineExceededError);
    expect(f.pool.connect).toHaveBeenCalledTimes(1);
    expect(f.sent).toEqual([]);
  });

  it('cuts every waiting statement of the request at once, with one listener on the deadline', async () => {
    const f = fakePool();
    const deadline = deadlineIn(1000);
    const add = jest.spyOn(deadline.signal, 'addEventListener');
    const view = f.db.withDeadline(deadline, 1000);
    const reads = Array.from({ length: 25 }, (_, i) => view.query(`SELECT ${i}`).catch((e: unknown) => e));
    expect(add).toHaveBeenCalledTimes(1);
    deadline.abort();
    const errors = await Promise.all(reads);
    expect(errors.every((e) => e instanceof DeadlineExceededError)).toBe(true);
    for (let i = 0; i < 25; i++) f.free();
    await tick();
    expect(f.client.query).not.toHaveBeenCalled();
    expect(f.client.release).toHaveBeenCalledTimes(25);
  });

  it('runs a statement whose connection comes in time (named where the server prepares it), counts it and waits for it past the deadline', async () => {
    const f = fakePool();
    const deadline = deadlineIn(1000);
    const view = f.db.withDeadline(deadline, 1000);
    let finish!: () => void;
    f.answerWith(async (sql) => {
      if (sql === 'SELECT slow') await new Promise<void>((resolve) => (finish = resolve));
      return { rows: sql.startsWith('SELECT version()') ? [{ v: 'PostgreSQL 15.4' }] : [{ ok: true }] };
    });
    const read = view.query<{ ok: boolean }>('SELECT slow', [], 'slow_statement');
    f.free();
    await tick();
    expect(f.sent).toEqual(['SELECT version() AS v', 'SELECT slow [slow_statement]']);
    // Sent before the deadline: waited for, not cut.
    deadline.abort();
    await tick();
    finish();
    await expect(read).resolves.toMatchObject({ rows: [{ ok: true }] });
    expect(f.client.release).toHaveBeenCalledWith(undefined);
    expect(f.db.statementCount()).toBe(1);
    expect(view.statementCount()).toBe(1);
  });

  it("does not reuse a connection whose statement failed (as pg's Pool.query)", async () => {
    const f = fakePool();
    const view = f.db.withDeadline(deadlineIn(1000), 1000);
    const boom = new Error('relation does not exist');
    f.answerWith(async () => {
      throw boom;
    });
    const read = view.query('SELECT * FROM nowhere');
    f.free();
    await expect(read).rejects.toBe(boom);
    expect(f.client.release).toHaveBeenCalledWith(boom);
  });

  it('does not cut writes: a transaction after the deadline still runs', async () => {
    const f = fakePool();
    const deadline = deadlineIn(1000);
    deadline.abort();
    const view = f.db.withDeadline(deadline, 1000);
    const tx = view.transaction(async (c) => c.query('INSERT INTO t VALUES (1)'));
    f.free();
    await tx;
    expect(f.sent).toEqual(['BEGIN', 'INSERT INTO t VALUES (1)', 'COMMIT']);
  });
});

describe("a cut read in the sources' statuses", () => {
  const cutDb = { query: () => Promise.reject(new DeadlineExceededError(300)) } as unknown as Database;

  it('an upstream source whose own read was cut is TIMEOUT with DEADLINE_EXCEEDED (the upstream is not called)', async () => {
    const batchGet = jest.fn();
    const loader = httpStatusLoader({
      db: cutDb,
      source: 'TAX',
      client: { batchGet, breakerState: jest.fn() },
      writeThrough: jest.fn(),
      freshnessMs: 0,
      originRef: 'test',
      scope: { deadline: deadlineIn(300) },
    });
    const s = await loader.load('91330100MA2B3C4D5E');
    expect(s).toMatchObject({ source: 'TAX', status: 'TIMEOUT', found: false, fetchedAt: null });
    expect(s.error).toBeInstanceOf(DeadlineExceededError);
    expect(batchGet).not.toHaveBeenCalled();
  });

  it('Borrower.sources reports a source whose report read was cut as TIMEOUT, the others as they are', async () => {
    const uscc = '91330100MA2B3C4D5E';
    const ok: SourceStatus = {
      source: 'REGISTRY',
      status: 'OK',
      found: true,
      fetchedAt: null,
      latencyMs: 0,
      error: null,
    };
    const ctx = {
      requested: new Map([[uscc, new Map([['REGISTRY', Promise.resolve(ok)]])]]),
      sourceDecisions: new Map(),
      loaders: { provenance: { load: () => Promise.reject(new DeadlineExceededError(300)) } },
    } as unknown as Context;
    const reports = await sourceReports(ctx, uscc);
    expect(reports.find((r) => r.source === 'REGISTRY')).toEqual({
      source: 'REGISTRY',
      status: 'TIMEOUT',
      fetchedAt: null,
      latencyMs: 0,
      errorCode: 'DEADLINE_EXCEEDED',
    });
    expect(reports.filter((r) => r.status === 'NOT_REQUESTED')).toHaveLength(5);
  });
});
