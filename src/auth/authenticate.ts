/**
 * Authentication of one HTTP request: the `Authorization: Bearer <jwt>` header -> the verified
 * Principal, or UNAUTHENTICATED (HTTP 401, `WWW-Authenticate: Bearer`) saying what was wrong.
 *
 * Nothing under /graphql is anonymous with AUTH_MODE=jwt, the default and the only mode in
 * production: queries, mutations, and also the federation `_service { sdl }` a router fetches
 * (the router sends a token of its own, any role; the SDL is the public contract in
 * schema/schema.graphql anyway). With AUTH_MODE=off (development only) a request without a token
 * is the development analyst; a token that is sent is still verified.
 */
import { HeaderMap } from '@apollo/server';
import type { AuthConfig } from '../config';
import { ErrorCode, PublicError } from '../errors';
import { Role, type Principal } from './principal';
import { createTokenVerifier, DEFAULT_PURPOSE, TokenError } from './token.service';

export type Authenticate = (authorization: string | undefined) => Promise<Principal>;

export function unauthenticated(message: string): PublicError {
  return new PublicError(ErrorCode.UNAUTHENTICATED, message, {
    extensions: {
      http: {
        status: 401,
        headers: new HeaderMap([['www-authenticate', 'Bearer realm="sme-credit", error="invalid_token"']]),
      },
    },
  });
}

/** The principal of a request without a token when AUTH_MODE=off. */
export function developmentPrincipal(config: AuthConfig): Principal {
  return {
    subject: 'dev.analyst',
    tenant: config.bankTenant,
    role: Role.ANALYST,
    purpose: DEFAULT_PURPOSE,
    tokenId: null,
  };
}

export function createAuthenticator(config: AuthConfig): Authenticate {
  const verify = createTokenVerifier(config);
  return async (authorization) => {
    const header = authorization?.trim();
    if (!header) {
      if (config.mode === 'off') return developmentPrincipal(config);
      throw unauthenticated(
        'no bearer token: send `Authorization: Bearer <token>` (for development, `npm run token -- --role ANALYST` prints one)',
      );
    }
    const m = /^Bearer\s+(\S+)$/i.exec(header);
    if (!m) throw unauthenticated('the Authorization header must be `Bearer <token>`');
    try {
      return await verify(m[1]);
    } catch (err) {
      if (err instanceof TokenError) throw unauthenticated(err.message);
      throw err;
    }
  };
}
