/**
 * Request rate limits (rate-limiter-flexible), two budgets per request:
 *
 * - the principal's own: `points` requests per `durationSeconds`, keyed by tenant + the token's
 *   subject (a request without a principal: by client IP), so one user cannot throttle the others;
 * - the tenant's ceiling: `tenantPoints` per `durationSeconds`, shared by all its principals. It
 *   counts only requests the principal's own budget let through: a throttled user who keeps
 *   hammering does not eat the tenant's budget.
 *
 * Smoothing: a budget of P requests per D seconds is enforced as `slices` = k windows of
 * ceil(P/k) requests per D/k seconds (with k at most P; plus the whole window's P per D when k
 * does not divide P). A fixed window alone lets P pass just before its end and P more just after
 * (2P in a moment); with slices, in any interval of D seconds at most (k+1)·ceil(P/k) pass
 * (P + P/k when k divides P) and in any interval shorter than D/k at most 2·ceil(P/k). The
 * windows of rate-limiter-flexible open at a key's first request, not on the clock; the bounds
 * hold wherever they fall, because a key's windows of length w never overlap, so an interval of
 * length L meets at most ceil(L/w) + 1 of them.
 *
 * Store: `postgres` keeps the counters in core.rate_limit (migrations/1795442500000-RateLimit.ts)
 * through the platform's pool, one upsert per limiter, so every replica on the same server shares
 * them; `memory` keeps them in this process (the default on the embedded database, one process).
 * A request with a principal costs two upserts (its own budget's, then the tenant's), one more
 * per budget whose points the slices do not divide; anonymous requests, one.
 * When the store fails, each limiter falls back to an in-memory insurance limiter with the same
 * budget (this process's counts only, so N replicas then allow up to N times the budget) and a
 * warning is logged (at most one line per 10 s, then one when the store answers again); the next
 * request tries the store first again.
 *
 * Over a budget: HTTP 429 with `Retry-After` (seconds) and a GraphQL-shaped body with code
 * RATE_LIMITED naming the principal or tenant and the budget. Admitted requests carry
 * `RateLimit-Limit` (the principal's points) and `RateLimit-Remaining` (what the tightest of its
 * limiters has left). RATE_LIMIT_POINTS=0 turns it all off.
 */
import type { RequestHandler } from 'express';
import type pg from 'pg';
import type { Logger } from 'pino';
import {
  RateLimiterMemory,
  RateLimiterPostgres,
  RateLimiterRes,
  type RateLimiterAbstract,
} from 'rate-limiter-flexible';
import type { RateLimitConfig } from '../config';
import type { Database } from '../db/database';
import type { Principal } from '../auth/principal';
import { ErrorCode } from '../errors';
import { principalFor, type PrincipalResolver } from './principal';

/** The store's table (migrations/1795442500000-RateLimit.ts). */
export const RATE_LIMIT_SCHEMA = 'core';
export const RATE_LIMIT_TABLE = 'rate_limit';

/** The keys a request counts against: its principal's (or client IP's), and its tenant's (none without a principal). */
export function rateLimitKeys(
  principal: Pick<Principal, 'tenant' | 'subject'> | null | undefined,
  ip: string | undefined,
): { own: string; tenant: string | null } {
  if (!principal) return { own: `ip:${ip ?? 'unknown'}`, tenant: null };
  // JSON: a tenant or subject containing the separator cannot collide with another pair.
  return {
    own: `p:${JSON.stringify([principal.tenant, principal.subject])}`,
    tenant: `t:${JSON.stringify(principal.tenant)}`,
  };
}

/** One fixed window of a budget: `points` requests per `durationMs`. */
export interface RateWindow {
  points: number;
  durationMs: number;
}

/**
 * The windows enforcing P = `points` per D = `durationSeconds` in k = `slices` slices: ceil(P/k)
 * per D/k (whole milliseconds), and P per D as well when k does not divide P (k·ceil(P/k) > P).
 */
export function budgetWindows(points: number, durationSeconds: number, slices: number): RateWindow[] {
  const k = Math.max(1, Math.min(slices, points));
  const perSlice = Math.ceil(points / k);
  const whole: RateWindow = { points, durationMs: durationSeconds * 1000 };
  if (k === 1) return [whole];
  const slice: RateWindow = { points: perSlice, durationMs: Math.round((durationSeconds * 1000) / k) };
  return perSlice * k === points ? [slice] : [slice, whole];
}

/** A budget's limiters (its slice first), consumed in turn for one key. */
export interface Budget {
  what: 'principal' | 'tenant';
  points: number;
  durationSeconds: number;
  windows: RateWindow[];
  limiters: RateLimiterAbstract[];
}

export type Outcome = { ok: true; remaining: number } | { ok: false; msBeforeNext: number };

/** A budget of `points` per `durationSeconds` in `slices`, one limiter per window from `limiter`. */
export function createBudget(
  what: Budget['what'],
  points: number,
  durationSeconds: number,
  slices: number,
  limiter: (what: string, w: RateWindow) => RateLimiterAbstract,
): Budget {
  const windows = budgetWindows(points, durationSeconds, slices);
  return { what, points, durationSeconds, windows, limiters: windows.map((w) => limiter(what, w)) };
}

/**
 * One request against `budget` for `key`: admitted when none of its windows is over. The windows
 * are asked in turn and the first refusal stops: a request the slice refused must not count in
 * the whole window too, or a client hammering through its refusals would spend the whole
 * window's budget on them (then get a slice's worth per window). A refused request does count
 * in the window that refused it, so hammering is no way around a limit.
 */
export async function consume(budget: Budget, key: string): Promise<Outcome> {
  let remaining = Infinity;
  for (const limiter of budget.limiters) {
    try {
      remaining = Math.min(remaining, (await limiter.consume(key)).remainingPoints);
    } catch (err) {
      // Store errors are the insurance limiter's; anything else is a bug, for the error handler.
      if (err instanceof RateLimiterRes) return { ok: false, msBeforeNext: err.msBeforeNext };
      throw err;
    }
  }
  return { ok: true, remaining };
}

/** Whole seconds, or up to 3 decimals for a slice of a second. */
const seconds = (ms: number) => String(Math.round(ms) / 1000);

function describe(budget: Budget): string {
  const slice = budget.windows[0];
  const smoothed =
    slice.durationMs < budget.durationSeconds * 1000
      ? ` (at most ${slice.points} per ${seconds(slice.durationMs)} s)`
      : '';
  return `${budget.points} requests per ${budget.durationSeconds} s${smoothed}`;
}

/**
 * What RateLimiterPostgres talks to: the platform's `Database`, whose `query` already sends a
 * named statement unnamed on PGlite (one session under every connection and every process), with
 * two adjustments: whole milliseconds in the parameters (the library computes
 * `Date.now() + duration * 1000`, which for a slice of a second can carry float noise that a
 * bigint column refuses); and a failure is reported to `onError` before the library falls back.
 */
function storeClient(db: Database, onError: (err: unknown) => void, onSuccess: () => void) {
  return {
    async query(q: { text: string; values?: unknown[]; name?: string }): Promise<pg.QueryResult> {
      try {
        const values = q.values?.map((v) => (typeof v === 'number' && !Number.isInteger(v) ? Math.round(v) : v));
        const result = await db.query(q.text, values, q.name);
        onSuccess();
        return result;
      } catch (err) {
        onError(err);
        throw err;
      }
    },
  };
}

export interface RateLimitDeps {
  db: Database;
  logger: Logger;
  principalOf: PrincipalResolver;
  /** Called with RATE_LIMITED for each refusal (the error metric). */
  onRefused?: (code: string) => void;
}

export function rateLimitMiddleware(settings: RateLimitConfig, deps: RateLimitDeps): RequestHandler {
  if (settings.points === 0) return (_req, _res, next) => next();
  const { db, logger, principalOf, onRefused = () => {} } = deps;

  const LOG_EVERY_MS = 10_000;
  let failing = false;
  let lastLogged = 0;
  let failures = 0;
  const client = storeClient(
    db,
    (err) => {
      failing = true;
      failures++;
      if (Date.now() - lastLogged < LOG_EVERY_MS) return;
      logger.warn(
        { err, failures },
        "rate limit store (core.rate_limit) failed: counting in this process's memory until it answers, so each replica allows the whole budget meanwhile",
      );
      lastLogged = Date.now();
      failures = 0;
    },
    () => {
      if (!failing) return;
      failing = false;
      lastLogged = 0;
      logger.info('rate limit store (core.rate_limit) answers again: counters are shared again');
    },
  );

  let expiryCleaner = true;
  const limiter = (what: string, w: RateWindow): RateLimiterAbstract => {
    // The prefix names the window: a changed budget starts new counters instead of reading old ones.
    const opts = {
      keyPrefix: `${what}:${w.points}/${w.durationMs}ms`,
      points: w.points,
      duration: w.durationMs / 1000,
    };
    if (settings.store === 'memory') return new RateLimiterMemory(opts);
    const pgLimiter = new RateLimiterPostgres({
      ...opts,
      storeClient: client,
      storeType: 'pool',
      schemaName: RATE_LIMIT_SCHEMA,
      tableName: RATE_LIMIT_TABLE,
      tableCreated: true,
      // One limiter deletes expired rows (all limiters', every 5 min); the others would repeat it.
      clearExpiredByTimeout: expiryCleaner,
      insuranceLimiter: new RateLimiterMemory(opts),
    });
    expiryCleaner = false;
    return pgLimiter;
  };
  const own = createBudget('principal', settings.points, settings.durationSeconds, settings.slices, limiter);
  const tenant =
    settings.tenantPoints > 0
      ? createBudget('tenant', settings.tenantPoints, settings.durationSeconds, settings.slices, limiter)
      : null;

  return async (req, res, next) => {
    try {
      const principal = await principalFor(req, res, principalOf);
      const keys = rateLimitKeys(principal, req.ip ?? req.socket.remoteAddress);
      let refusedBy: Budget = own;
      let outcome = await consume(own, keys.own);
      // Only what the principal's own budget admitted counts against the tenant's.
      if (outcome.ok && tenant && keys.tenant) {
        const t = await consume(tenant, keys.tenant);
        if (t.ok) outcome = { ok: true, remaining: Math.min(outcome.remaining, t.remaining) };
        else [outcome, refusedBy] = [t, tenant];
      }
      if (outcome.ok) {
        res.setHeader('RateLimit-Limit', String(settings.points));
        res.setHeader('RateLimit-Remaining', String(outcome.remaining));
        return next();
      }
      const retryAfter = Math.max(1, Math.ceil(outcome.msBeforeNext / 1000));
      const whose =
        refusedBy.what === 'tenant'
          ? `tenant ${principal!.tenant} (shared by all its principals)`
          : principal
            ? `principal ${principal.subject} of tenant ${principal.tenant}`
            : 'this client';
      onRefused(ErrorCode.RATE_LIMITED);
      res
        .status(429)
        .setHeader('Retry-After', String(retryAfter))
        .json({
          errors: [
            {
              message: `rate limit exceeded: ${describe(refusedBy)} for ${whose}; retry after ${retryAfter} s`,
              extensions: { code: ErrorCode.RATE_LIMITED, retryAfterSeconds: retryAfter },
            },
          ],
        });
    } catch (err) {
      next(err);
    }
  };
}
