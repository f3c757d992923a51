/**
 * Per-tenant rate limits (rate-limiter-flexible, memory store: per server process). The key is
 * the principal's tenant when the request has one (every user of an institution shares its
 * budget), else the client's IP address. Over the budget: HTTP 429 with `Retry-After` (seconds)
 * and a GraphQL-shaped body with code RATE_LIMITED. RATE_LIMIT_POINTS=0 turns it off.
 */
import type { RequestHandler } from 'express';
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import { ErrorCode } from '../errors';
import { principalFor, type PrincipalResolver } from './principal';

export function rateLimitKey(tenant: string | null | undefined, ip: string | undefined): string {
  return tenant ? `tenant:${tenant}` : `ip:${ip ?? 'unknown'}`;
}

export function rateLimitMiddleware(
  settings: { points: number; durationSeconds: number },
  principalOf: PrincipalResolver,
  onRefused: (code: string) => void = () => {},
): RequestHandler {
  if (settings.points === 0) return (_req, _res, next) => next();
  const limiter = new RateLimiterMemory({ points: settings.points, duration: settings.durationSeconds });
  return async (req, res, next) => {
    const principal = await principalFor(req, res, principalOf);
    const key = rateLimitKey(principal?.tenant, req.ip ?? req.socket.remoteAddress);
    try {
      const r = await limiter.consume(key);
      res.setHeader('RateLimit-Limit', String(settings.points));
      res.setHeader('RateLimit-Remaining', String(r.remainingPoints));
      next();
    } catch (err) {
      if (!(err instanceof RateLimiterRes)) return next(err);
      const retryAfter = Math.max(1, Math.ceil(err.msBeforeNext / 1000));
      onRefused(ErrorCode.RATE_LIMITED);
      res
        .status(429)
        .setHeader('Retry-After', String(retryAfter))
        .json({
          errors: [
            {
              message: `rate limit exceeded: ${settings.points} requests per ${settings.durationSeconds} s for ${principal ? `tenant ${principal.tenant}` : 'this client'}; retry after ${retryAfter} s`,
              extensions: { code: ErrorCode.RATE_LIMITED, retryAfterSeconds: retryAfter },
            },
          ],
        });
    }
  };
}
