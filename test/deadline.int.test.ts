/**
 * The request's deadline holds on the database (src/db/database.ts `withDeadline`): a burst of
 * full profiles at a server with one database connection (as the embedded database has) and a
 * short deadline answers every request by its deadline, complete or partial: the fields whose
 * reads could not start in time are null with DEADLINE_EXCEEDED, nothing else fails.
 */
import { Role } from '../src/auth/principal';
import { openDatabase, type Database } from '../src/db/database';
import { PROFILE_QUERY } from '../src/example';
import { startServer, type RunningServer } from '../src/server';
import { allBorrowers, authHeader, gql, testConfig, testDatabaseUrl, TEST_NOW, type GraphQLResponse } from './helpers';

const DEADLINE_MS = 300;
/**
 * How long after its deadline a response may arrive here. The requirement is the deadline +
 * 100 ms, which the benchmark measures (docs/performance.md, E1). Here the test client, the
 * server, PGlite when embedded, and the other test files of the suite share a 2-core box: a
 * response came 1,240 ms after its deadline in one clean-clone CI run (and 40 uncut profiles
 * took 0.8-0.9 s on an idle one). So this bound only guards against a request that hangs (a
 * connection held past the deadline, the third test, would otherwise wait until it is released);
 * that reads are cut is checked by the errors and the count of cut responses.
 */
const MARGIN_MS = 2000;
const REQUESTS = 40;

describe('the request deadline on the database', () => {
  let db: Database;
  let server: RunningServer;
  let usccs: string[];
  let auth: Record<string, string>;
  beforeAll(async () => {
    // One connection, as the embedded database has (src/db/database.ts): statements of concurrent requests queue for it.
    db = await openDatabase({ databaseUrl: testDatabaseUrl(), poolMax: 1 });
    server = await startServer(testConfig({ requestDeadlineMs: DEADLINE_MS }), db, { clock: () => TEST_NOW });
    auth = await authHeader(Role.ANALYST);
    usccs = (await allBorrowers<{ uscc: string }>(server.url, 'uscc')).map((b) => b.uscc);
  });
  afterAll(async () => {
    await server.stop();
    await db.close();
  });

  /** Every error of a response is the deadline's, on a field under `borrower`, naming the deadline. */
  function expectOnlyCutFields(res: GraphQLResponse) {
    expect(res.status).toBe(200);
    expect(res.data).toBeDefined();
    for (const e of res.errors ?? []) {
      expect(e.extensions?.code).toBe('DEADLINE_EXCEEDED');
      expect(e.message).toBe(
        `the request's deadline of ${DEADLINE_MS} ms (REQUEST_DEADLINE_MS) passed before this database read could start: it was not run`,
      );
      expect(e.path?.[0]).toBe('borrower');
    }
  }

  it(`answers ${REQUESTS} concurrent full profiles by their deadlines, each complete or partial with DEADLINE_EXCEEDED`, async () => {
    // Each request's deadline, from the server's own createContext (db.withDeadline), found by
    // the firm its first statement reads: lateness is measured from the request's deadline, not
    // from when the test sent it (40 requests parsed and validated one after the other on a busy
    // box start their clocks hundreds of ms apart).
    const deadlineOf = new Map<string, number>();
    const original = db.withDeadline;
    const withDeadline = original.bind(db);
    db.withDeadline = (deadline, ms) => {
      const view = withDeadline(deadline, ms);
      const query = view.query;
      let first = true;
      view.query = (sql, params, name) => {
        if (first && Array.isArray(params?.[0]))
          for (const u of params[0] as string[]) if (!deadlineOf.has(u)) deadlineOf.set(u, deadline.at);
        first = false;
        return query(sql, params, name);
      };
      return view;
    };
    let results: { uscc: string; res: GraphQLResponse; at: number }[];
    try {
      results = await Promise.all(
        usccs.slice(0, REQUESTS).map(async (uscc) => {
          const res = await gql(server.url, PROFILE_QUERY, { uscc }, auth);
          return { uscc, res, at: Date.now() };
        }),
      );
    } finally {
      db.withDeadline = original;
    }
    for (const { res } of results) expectOnlyCutFields(res);
    for (const { uscc, at } of results) {
      expect(deadlineOf.has(uscc)).toBe(true);
      expect(at - deadlineOf.get(uscc)!).toBeLessThan(MARGIN_MS);
    }
    // One connection cannot serve 40 full profiles (16 statements each) in 300 ms: some were cut.
    const partial = results.filter((r) => r.res.errors);
    expect(partial.length).toBeGreaterThan(0);
    // A cut firm read nulls the borrower (one error); a cut source read nulls only its own fields.
    for (const { res } of partial)
      if (res.data!.borrower === null) expect(res.errors!.map((e) => e.path)).toEqual([['borrower']]);
  });

  it('has no connection left behind: the next request is answered in full', async () => {
    const res = await gql(server.url, PROFILE_QUERY, { uscc: usccs[0] }, auth);
    expect(res.errors).toBeUndefined();
    expect(res.data!.borrower.uscc).toBe(usccs[0]);
    expect(db.pool.totalCount).toBe(1);
    expect(db.pool.waitingCount).toBe(0);
  });

  it('answers at the deadline when the connection is held past it: nothing was sent for the request', async () => {
    const held = await db.pool.connect();
    const before = db.statementCount();
    const started = performance.now();
    let res: GraphQLResponse;
    try {
      res = await gql(server.url, PROFILE_QUERY, { uscc: usccs[0] }, auth);
    } finally {
      held.release();
    }
    expect(performance.now() - started).toBeLessThan(DEADLINE_MS + MARGIN_MS);
    expect(performance.now() - started).toBeGreaterThanOrEqual(DEADLINE_MS - 5);
    expect(res.data).toEqual({ borrower: null });
    expect(res.errors).toHaveLength(1);
    expectOnlyCutFields(res);
    expect(db.statementCount()).toBe(before);
  });
});
