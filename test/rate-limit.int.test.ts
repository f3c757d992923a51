/**
 * Rate limits over real sockets and the real test database: per principal (tenant + the JWT's
 * subject) with a tenant ceiling, counters in core.rate_limit shared by two server processes,
 * the smoothing at a window's edge, and the in-memory fallback when the store fails.
 */
import { randomUUID } from 'node:crypto';
import { Writable } from 'node:stream';
import type { RateLimitConfig } from '../src/config';
import { openDatabase, type Database } from '../src/db/database';
import { Role } from '../src/auth/principal';
import { createLogger } from '../src/ops/logger';
import { startMain, stopMain, type ServerProcess } from './process.helpers';
import { startServer } from '../src/server';
import {
  authHeader,
  openTestDatabase,
  startTestServer,
  testConfig,
  testDatabaseUrl,
  TEST_AUTH_ENV,
  type TestServer,
} from './helpers';

/** Tenants of this run: the store outlives a test, so names are fresh. */
const RUN = randomUUID().slice(0, 8);
const partner = (tenant: string, sub: string) =>
  authHeader(Role.PARTNER, { tenant: `${tenant}-${RUN}`, sub, purpose: 'CREDIT_APPROVAL' });

const ask = (url: string, headers: Record<string, string> = {}) =>
  fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query: '{ __typename }' }),
  });
const messageOf = async (res: Response) =>
  ((await res.json()) as { errors: Array<{ message: string; extensions: { code: string } }> }).errors[0];
const limits = (l: Partial<RateLimitConfig>): RateLimitConfig => ({
  points: 3,
  durationSeconds: 60,
  tenantPoints: 0,
  slices: 1,
  store: 'postgres',
  ...l,
});
const sleepUntil = (at: number) => new Promise((r) => setTimeout(r, Math.max(0, at - Date.now())));

let db: Database;
beforeAll(async () => {
  db = await openTestDatabase();
});
afterAll(() => db.close());

describe('per principal, under a tenant ceiling (store: postgres)', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer({ rateLimit: limits({ points: 3, tenantPoints: 5 }) });
  });
  afterAll(() => t.close());

  it('one principal spending its budget does not throttle another of the same tenant; the ceiling stops their sum', async () => {
    const alice = await partner('fin', 'alice');
    for (let i = 0; i < 3; i++) {
      const res = await ask(t.url, alice);
      expect(res.status).toBe(200);
      expect([res.headers.get('ratelimit-limit'), res.headers.get('ratelimit-remaining')]).toEqual([
        '3',
        String(2 - i),
      ]);
    }
    const over = await ask(t.url, alice);
    expect(over.status).toBe(429);
    expect(Number(over.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(await messageOf(over)).toMatchObject({
      message: expect.stringMatching(
        new RegExp(
          `^rate limit exceeded: 3 requests per 60 s for principal alice of tenant fin-${RUN}; retry after \\d+ s$`,
        ),
      ),
      extensions: { code: 'RATE_LIMITED' },
    });
    // Alice keeps hammering: refused, and none of it reaches the tenant's budget.
    for (let i = 0; i < 4; i++) expect((await ask(t.url, alice)).status).toBe(429);

    // Bob, same tenant: his own budget, and the tenant's 2 left of 5.
    const bob = await partner('fin', 'bob');
    expect((await ask(t.url, bob)).status).toBe(200);
    expect((await ask(t.url, bob)).status).toBe(200);
    const ceiling = await ask(t.url, await partner('fin', 'carol'));
    expect(ceiling.status).toBe(429);
    expect((await messageOf(ceiling)).message).toMatch(
      new RegExp(
        `^rate limit exceeded: 5 requests per 60 s for tenant fin-${RUN} \\(shared by all its principals\\); retry after \\d+ s$`,
      ),
    );
    // Another tenant is untouched.
    expect((await ask(t.url, await partner('other', 'alice'))).status).toBe(200);

    // The counters are rows of core.rate_limit: alice 3 + 5 refused; the tenant 3 + 2 + carol's refused 1.
    const { rows } = await db.query<{ key: string; points: number }>(
      `SELECT key, points FROM core.rate_limit WHERE key LIKE $1 ORDER BY key`,
      [`%fin-${RUN}%`],
    );
    expect(rows).toEqual([
      { key: `principal:3/60000ms:p:["fin-${RUN}","alice"]`, points: 8 },
      { key: `principal:3/60000ms:p:["fin-${RUN}","bob"]`, points: 2 },
      { key: `principal:3/60000ms:p:["fin-${RUN}","carol"]`, points: 1 },
      { key: `tenant:5/60000ms:t:"fin-${RUN}"`, points: 6 },
    ]);
  });

  it('counts a request without a principal by client IP; /healthz and /readyz stay unlimited', async () => {
    for (let i = 0; i < 3; i++) expect((await ask(t.url)).status).toBe(401);
    const over = await ask(t.url);
    expect(over.status).toBe(429);
    expect((await messageOf(over)).message).toMatch(/3 requests per 60 s for this client/);
    const base = t.url.replace(/\/graphql$/, '');
    for (let i = 0; i < 5; i++) {
      expect((await fetch(`${base}/healthz`)).status).toBe(200);
      expect((await fetch(`${base}/readyz`)).status).toBe(200);
    }
  });
});

describe('a burst straddling a window edge', () => {
  // P = 6 per D = 4 s. The first request opens the window; 5 more come 1.2 s before its edge E
  // (read from the store) and 6 just after it. A fixed window admits all 11 of that burst (its
  // last 5, then a whole new 6); in 2 slices of 3 per 2 s, an interval shorter than a slice meets
  // at most 2 of them: at most 6 pass (here 3: both halves of the burst fall in one slice).
  const D = 4;
  const straddle = async (slices: number, sub: string) => {
    const t = await startTestServer({ rateLimit: limits({ points: 6, durationSeconds: D, slices }) });
    try {
      const me = await partner('edge', sub);
      expect((await ask(t.url, me)).status).toBe(200);
      // The window's first limiter (the slice, or the whole window with one slice) and its end.
      const { rows } = await db.query<{ key: string; expire: string }>(
        `SELECT key, expire FROM core.rate_limit WHERE key LIKE $1`,
        [`%"edge-${RUN}","${sub}"]`],
      );
      expect(rows).toHaveLength(1);
      const windowMs = Number(/\/(\d+)ms:/.exec(rows[0].key)![1]);
      const edge = Number(rows[0].expire) - windowMs + D * 1000;
      const burst = async (n: number) =>
        (await Promise.all(Array.from({ length: n }, () => ask(t.url, me)))).filter((r) => r.status === 200).length;
      await sleepUntil(edge - 1200);
      const before = await burst(5);
      expect(Date.now()).toBeLessThan(edge);
      await sleepUntil(edge + 200);
      return before + (await burst(6));
    } finally {
      await t.close();
    }
  };

  it('passes at most 2·P/k of it, where the fixed window passed nearly 2·P', async () => {
    const [fixed, sliced] = await Promise.all([straddle(1, 'fixed'), straddle(2, 'sliced')]);
    expect(fixed).toBe(11);
    expect(sliced).toBeLessThanOrEqual(2 * 3);
    expect(sliced).toBeGreaterThanOrEqual(1);
  });
});

describe('when the store fails', () => {
  it('falls back to in-memory limits of the same budget and logs it', async () => {
    const lines: string[] = [];
    const logger = createLogger(
      'info',
      new Writable({ write: (chunk, _enc, cb) => (lines.push(...String(chunk).split('\n').filter(Boolean)), cb()) }),
    );
    // Nothing listens on port 1: every statement fails at once.
    const down = await openDatabase({ databaseUrl: 'postgres://postgres@127.0.0.1:1/none', poolMax: 1 });
    const server = await startServer(testConfig({ rateLimit: limits({ points: 2 }) }), down, { logger });
    try {
      const me = await partner('down', 'dave');
      expect((await ask(server.url, me)).status).toBe(200);
      expect((await ask(server.url, me)).status).toBe(200);
      expect((await ask(server.url, me)).status).toBe(429);
      const warned = lines
        .map((l) => JSON.parse(l) as { level: number; msg: string })
        .filter((l) => l.msg.startsWith('rate limit store (core.rate_limit) failed'));
      // One line for the three failures (at most one per 10 s).
      expect(warned).toHaveLength(1);
      expect(warned[0].level).toBe(40);
    } finally {
      await server.stop();
      await down.close();
    }
  });
});

describe('two server processes on one database', () => {
  type Proc = ServerProcess<string>;
  /** `npm start`'s entry point on the test database, as a replica is started; ready at its URL. */
  const start = (env: NodeJS.ProcessEnv): Promise<Proc> =>
    startMain(env, (out) => /GraphQL at (\S+)/.exec(out)?.[1] ?? null, 90_000);
  const stop = (p: Proc) => stopMain(p.child);

  let procs: Proc[] = [];
  afterAll(async () => {
    await Promise.all(procs.map(stop));
  });

  it('hold one budget between them: requests alternated between the two, at most the budget is accepted', async () => {
    // No RATE_LIMIT_STORE: with DATABASE_URL the counters default to the database.
    const env = {
      ...TEST_AUTH_ENV,
      DATABASE_URL: testDatabaseUrl(),
      DB_POOL_MAX: '2',
      PORT: '0',
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
      RATE_LIMIT_POINTS: '5',
      RATE_LIMIT_DURATION_SECONDS: '60',
      RATE_LIMIT_SLICES: '1',
      RATE_LIMIT_TENANT_POINTS: '0',
      RATE_LIMIT_STORE: '',
    };
    procs = await Promise.all([start(env), start(env)]);
    const me = await partner('replicas', 'erin');
    const statuses: number[][] = [[], []];
    for (let i = 0; i < 12; i++) statuses[i % 2].push((await ask(procs[i % 2].ready, me)).status);
    const accepted = statuses.map((s) => s.filter((x) => x === 200).length);
    // Memory counters would have let 5 through each (10); shared ones let 5 through in all.
    expect(accepted[0] + accepted[1]).toBe(5);
    expect(accepted[0]).toBeGreaterThan(0);
    expect(accepted[1]).toBeGreaterThan(0);
    expect(
      statuses
        .flat()
        .filter((x) => x !== 200)
        .every((x) => x === 429),
    ).toBe(true);
    for (const p of procs) expect(p.output()).not.toMatch(/rate limit store .* failed/);
  }, 150_000);
});
