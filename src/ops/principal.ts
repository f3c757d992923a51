/**
 * The seam between the HTTP layer's protections and authentication.
 *
 * Per-tenant rate limits and the partners' persisted-query mode run as Express middleware,
 * before Apollo, so they cannot read `ctx.principal`. They ask a `PrincipalResolver` instead,
 * once per request (`principalFor` memoises the answer on `res.locals.principal`).
 *
 * The server's resolver verifies the bearer token (src/auth/authenticate.ts); a missing or bad
 * token counts as anonymous here (rate limits keyed by client IP) and the GraphQL context then
 * refuses it with UNAUTHENTICATED. The context reuses the memoised principal rather than
 * verifying the token twice. Tests may pass their own resolver as `startServer(config, db, { principalOf })`.
 */
import type { Request, Response } from 'express';
import type { Principal } from '../auth/principal';

export type PrincipalResolver = (req: Request) => Principal | null | Promise<Principal | null>;

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
