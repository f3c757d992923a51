/**
 * The seam between the HTTP layer's protections and authentication.
 *
 * Per-tenant rate limits and the partners' persisted-query mode run as Express middleware,
 * before Apollo, so they cannot read `ctx.principal`. They ask a `PrincipalResolver` instead,
 * once per request (`principalFor` memoises the answer on `res.locals.principal`).
 *
 * Today the server's default resolver is `noPrincipal` (every request is anonymous: rate limits
 * are keyed by client IP, persisted-only mode never applies). Authentication plugs in by passing
 * its resolver (verify the bearer token; return null when there is none or it is invalid, the
 * GraphQL layer then answers UNAUTHENTICATED) as `startServer(config, db, { principalOf })`, and
 * may read the memoised value from `res.locals.principal` when it builds the GraphQL context
 * rather than verifying the token twice.
 */
import type { Request, Response } from 'express';
import type { Principal } from '../auth/principal';

export type PrincipalResolver = (req: Request) => Principal | null | Promise<Principal | null>;

/** No authentication yet: every request is anonymous. */
export const noPrincipal: PrincipalResolver = () => null;

/** The request's principal, resolved once per request. */
export async function principalFor(req: Request, res: Response, resolve: PrincipalResolver): Promise<Principal | null> {
  const locals = res.locals as { principal?: Principal | null };
  if (locals.principal === undefined) {
    try {
      locals.principal = await resolve(req);
    } catch {
      // An invalid token is authentication's to refuse; here the request is simply anonymous.
      locals.principal = null;
    }
  }
  return locals.principal;
}
