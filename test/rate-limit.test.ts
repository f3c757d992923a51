/**
 * Rate limits, the pure parts: keys, the windows a budget is enforced in, the configuration, and
 * the smoothing bound simulated on rate-limiter-flexible's memory limiter under jest's fake clock
 * (the store-backed behaviour over real sockets is test/rate-limit.int.test.ts's).
 */
import { RateLimiterMemory } from 'rate-limiter-flexible';
import { ConfigError, loadConfig } from '../src/config';
import { budgetWindows, consume, createBudget, rateLimitKeys } from '../src/ops/rate-limit';

describe('rate limit keys', () => {
  it('are per principal (tenant + subject), with the tenant apart; anonymous by client IP', () => {
    expect(rateLimitKeys({ tenant: '本行', subject: 'a' }, '10.0.0.1')).toEqual({
      own: 'p:["本行","a"]',
      tenant: 't:"本行"',
    });
    expect(rateLimitKeys(null, '10.0.0.1')).toEqual({ own: 'ip:10.0.0.1', tenant: null });
    // A separator inside a tenant or subject cannot make two principals one.
    expect(rateLimitKeys({ tenant: 'a:b', subject: 'c' }, undefined).own).not.toBe(
      rateLimitKeys({ tenant: 'a', subject: 'b:c' }, undefined).own,
    );
  });
});

describe('budget windows', () => {
  it.each([
    [600, 60, 3, [{ points: 200, durationMs: 20_000 }]],
    [600, 60, 1, [{ points: 600, durationMs: 60_000 }]],
    // k does not divide P: the slices round up, so the whole window caps them.
    [
      5,
      60,
      3,
      [
        { points: 2, durationMs: 20_000 },
        { points: 5, durationMs: 60_000 },
      ],
    ],
    // Never more slices than points.
    [3, 60, 10, [{ points: 1, durationMs: 20_000 }]],
    [6, 2, 3, [{ points: 2, durationMs: 667 }]],
  ])('%i per %i s in %i slices', (points, duration, slices, expected) => {
    expect(budgetWindows(points, duration, slices)).toEqual(expected);
  });
});

describe('smoothing (memory limiter, fake clock)', () => {
  beforeEach(() => jest.useFakeTimers({ now: new Date('2026-01-01T00:00:00Z') }));
  afterEach(() => jest.useRealTimers());

  /** A client that asks every `stepMs` for `totalMs`; the times its requests were admitted. */
  async function greedy(
    points: number,
    durationSeconds: number,
    slices: number,
    stepMs: number,
    totalMs: number,
  ): Promise<number[]> {
    const budget = createBudget(
      'principal',
      points,
      durationSeconds,
      slices,
      (what, w) => new RateLimiterMemory({ keyPrefix: what, points: w.points, duration: w.durationMs / 1000 }),
    );
    const admitted: number[] = [];
    for (let t = 0; t < totalMs; t += stepMs) {
      if ((await consume(budget, 'k')).ok) admitted.push(t);
      jest.advanceTimersByTime(stepMs);
    }
    return admitted;
  }
  const mostIn = (times: number[], spanMs: number) =>
    Math.max(...times.map((t) => times.filter((u) => u >= t && u < t + spanMs).length));

  it.each([
    // [P, D, k, the bound in any D-long interval: min(2P, (k+1)·ceil(P/k))]
    [12, 6, 1, 24],
    [12, 6, 3, 16],
    [12, 6, 4, 15],
    [10, 6, 3, 16],
  ])(
    'P=%i per %i s in %i slices: at most %i in any window-long interval, 2·ceil(P/k) in a moment',
    async (points, duration, slices, bound) => {
      const admitted = await greedy(points, duration, slices, 50, duration * 1000 * 6);
      const k = Math.min(slices, points);
      expect(mostIn(admitted, duration * 1000)).toBeLessThanOrEqual(bound);
      expect(mostIn(admitted, duration * 1000)).toBeGreaterThan(points - 1);
      expect(mostIn(admitted, 100)).toBeLessThanOrEqual(k === 1 ? 2 * points : 2 * Math.ceil(points / k));
      // The long-run rate is the budget's: P per D (rounding in the slices' favour is capped by the whole window).
      expect(admitted.length).toBeLessThanOrEqual(6 * points);
    },
  );

  it('a fixed window (one slice) lets twice the budget through around its edge; three slices do not', async () => {
    // The greedy client's first request opens the window at 0; it asks again just before the
    // edge and just after, where a fixed window hands out a second full budget.
    const straddle = async (slices: number) => {
      const budget = createBudget(
        'principal',
        6,
        3,
        slices,
        (what, w) => new RateLimiterMemory({ keyPrefix: what, points: w.points, duration: w.durationMs / 1000 }),
      );
      let passed = 0;
      if ((await consume(budget, 'k')).ok) passed++;
      jest.advanceTimersByTime(2900);
      for (let i = 0; i < 6; i++) if ((await consume(budget, 'k')).ok) passed++;
      jest.advanceTimersByTime(200);
      for (let i = 0; i < 6; i++) if ((await consume(budget, 'k')).ok) passed++;
      return passed;
    };
    expect(await straddle(1)).toBe(12);
    expect(await straddle(3)).toBeLessThanOrEqual(1 + 2 * 2);
  });
});

describe('rate limit configuration', () => {
  const problems = (env: Record<string, string>) => {
    try {
      loadConfig({}, env);
      return '';
    } catch (err) {
      expect(err).toBeInstanceOf(ConfigError);
      return (err as Error).message;
    }
  };

  it('reads both budgets, the slices and the store (postgres with DATABASE_URL, memory on the embedded database)', () => {
    expect(loadConfig({}, {}).rateLimit).toEqual({
      points: 600,
      durationSeconds: 60,
      tenantPoints: 3000,
      slices: 3,
      store: 'memory',
    });
    expect(loadConfig({}, { DATABASE_URL: 'postgres://db/x' }).rateLimit.store).toBe('postgres');
    expect(loadConfig({}, { DATABASE_URL: 'postgres://db/x', RATE_LIMIT_STORE: 'memory' }).rateLimit.store).toBe(
      'memory',
    );
    expect(
      loadConfig(
        {},
        {
          RATE_LIMIT_POINTS: '10',
          RATE_LIMIT_TENANT_POINTS: '0',
          RATE_LIMIT_SLICES: '5',
          RATE_LIMIT_DURATION_SECONDS: '30',
        },
      ).rateLimit,
    ).toEqual({
      points: 10,
      durationSeconds: 30,
      tenantPoints: 0,
      slices: 5,
      store: 'memory',
    });
    // 0 points: off, whatever the ceiling says.
    expect(problems({ RATE_LIMIT_POINTS: '0', RATE_LIMIT_TENANT_POINTS: '5' })).toBe('');
  });

  it.each([
    [{ RATE_LIMIT_TENANT_POINTS: '-1' }, 'RATE_LIMIT_TENANT_POINTS="-1": expected a whole number from 0 to 100000000'],
    [{ RATE_LIMIT_SLICES: '0' }, 'RATE_LIMIT_SLICES="0": expected a whole number from 1 to 60'],
    [{ RATE_LIMIT_STORE: 'redis' }, 'RATE_LIMIT_STORE="redis": expected postgres or memory'],
    [
      { RATE_LIMIT_POINTS: '100', RATE_LIMIT_TENANT_POINTS: '50' },
      "RATE_LIMIT_TENANT_POINTS=50 is below RATE_LIMIT_POINTS=100: the tenant's ceiling is shared by all its principals, expected at least RATE_LIMIT_POINTS (or 0 for no ceiling)",
    ],
  ])('refuses %j', (env, message) => {
    expect(problems(env)).toContain(message);
  });
});
