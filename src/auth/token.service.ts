/**
 * Bearer tokens: the claims this subgraph requires, signing (HS256 with the configured shared
 * secret: `npm run token`, the development token `npm start` prints, tests) and verifying
 * (jose: algorithms pinned, issuer and audience checked, lifetime bounded). Keys from an identity
 * provider come from `JWT_JWKS_URL` (RS256/ES256, fetched and cached by jose's remote JWKS).
 *
 * Required claims: `sub` (person or service account), `tenant` (the institution), `role` (one
 * of Role), `purpose` (an upper-case code such as CREDIT_APPLICATION; partners' consents name
 * it), `jti` (the token's id), `exp`; `iss` and `aud` must be the configured ones. Internal roles
 * (ANALYST, RISK_OFFICER, AUDITOR) belong to the bank's own tenant only; PARTNER to any other.
 */
import { randomUUID } from 'node:crypto';
import {
  createRemoteJWKSet,
  errors as joseErrors,
  jwtVerify,
  SignJWT,
  type JWTPayload,
  type JWTVerifyGetKey,
} from 'jose';
import { z } from 'zod';
import { ConfigError, type AuthConfig } from '../config';
import { Role, type Principal } from './principal';

/** Algorithms accepted per key kind: nothing else verifies (no `none`, no HS/RS confusion). */
export const SECRET_ALGORITHMS = ['HS256'];
export const JWKS_ALGORITHMS = ['RS256', 'ES256'];

export const PURPOSE_RE = /^[A-Z][A-Z0-9_]{1,63}$/;
export const DEFAULT_PURPOSE = 'CREDIT_APPLICATION';

const text = (what: string) =>
  z
    .string({ error: `${what} must be a string` })
    .trim()
    .min(1, `${what} must not be empty`)
    .max(200, `${what} must be at most 200 characters`);

export const claimsSchema = z.object({
  sub: text('sub'),
  tenant: text('tenant'),
  role: z.enum(Role, { error: `role must be one of ${Object.values(Role).join(', ')}` }),
  purpose: z
    .string({ error: 'purpose must be a string' })
    .regex(PURPOSE_RE, 'purpose must be an upper-case code such as CREDIT_APPLICATION (2-64 of A-Z, 0-9, _)'),
  jti: text('jti'),
  exp: z.number({ error: 'exp must be a number (seconds since the epoch)' }),
  iat: z.number({ error: 'iat must be a number (seconds since the epoch)' }).optional(),
});

/** Why a token was refused: a sentence for the client, never key material. */
export class TokenError extends Error {
  override name = 'TokenError';
}

/** Internal roles only in the bank's tenant; PARTNER only outside it. Returns the problem, or null. */
export function tenantRoleProblem(tenant: string, role: Role, bankTenant: string): string | null {
  if (role === Role.PARTNER && tenant === bankTenant)
    return `role PARTNER is for other institutions; tenant "${bankTenant}" is the bank itself (use ANALYST, RISK_OFFICER or AUDITOR)`;
  if (role !== Role.PARTNER && tenant !== bankTenant)
    return `role ${role} is internal to the bank's tenant "${bankTenant}"; tenant "${tenant}" may only hold PARTNER`;
  return null;
}

export interface TokenRequest {
  subject: string;
  tenant: string;
  role: Role;
  purpose?: string;
  ttlSeconds?: number;
}

/** Signs a token with the configured shared secret (HS256). */
export async function signToken(config: AuthConfig, req: TokenRequest, now = new Date()): Promise<string> {
  if (!config.secret) {
    throw new ConfigError(
      'tokens are verified with the keys at JWT_JWKS_URL: get one from that identity provider (only a JWT_SECRET configuration can sign tokens here)',
    );
  }
  const ttl = req.ttlSeconds ?? Math.min(3600, config.maxTtlSeconds);
  if (!Number.isInteger(ttl) || ttl < 1 || ttl > config.maxTtlSeconds) {
    throw new TokenError(`the lifetime must be 1 to ${config.maxTtlSeconds} seconds (JWT_MAX_TTL_SECONDS), got ${ttl}`);
  }
  const purpose = req.purpose ?? DEFAULT_PURPOSE;
  const iat = Math.floor(now.getTime() / 1000);
  const claims = claimsSchema.safeParse({
    sub: req.subject,
    tenant: req.tenant,
    role: req.role,
    purpose,
    jti: randomUUID(),
    exp: iat + ttl,
    iat,
  });
  if (!claims.success) throw new TokenError(claims.error.issues.map((i) => i.message).join('; '));
  const problem = tenantRoleProblem(claims.data.tenant, claims.data.role, config.bankTenant);
  if (problem) throw new TokenError(problem);
  const { sub, jti, exp, ...rest } = claims.data;
  return new SignJWT({ tenant: rest.tenant, role: rest.role, purpose: rest.purpose })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(sub)
    .setJti(jti)
    .setIssuer(config.issuer)
    .setAudience(config.audience)
    .setIssuedAt(iat)
    .setExpirationTime(exp)
    .sign(new TextEncoder().encode(config.secret));
}

export type TokenVerifier = (token: string, now?: Date) => Promise<Principal>;

/** A verifier for the configuration: the shared secret, or the identity provider's JWKS. */
export function createTokenVerifier(config: AuthConfig): TokenVerifier {
  const key: Uint8Array | JWTVerifyGetKey = config.jwksUrl
    ? createRemoteJWKSet(new URL(config.jwksUrl))
    : new TextEncoder().encode(config.secret ?? '');
  const algorithms = config.jwksUrl ? JWKS_ALGORITHMS : SECRET_ALGORITHMS;
  return async (token, now = new Date()) => {
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, key as Uint8Array, {
        issuer: config.issuer,
        audience: config.audience,
        algorithms,
        clockTolerance: config.clockToleranceSeconds,
        requiredClaims: ['sub', 'exp', 'jti'],
        currentDate: now,
      }));
    } catch (err) {
      throw new TokenError(describeJoseError(err, algorithms, config));
    }
    const claims = claimsSchema.safeParse(payload);
    if (!claims.success)
      throw new TokenError(`the token's claims are invalid: ${claims.error.issues.map((i) => i.message).join('; ')}`);
    const c = claims.data;
    const nowS = Math.floor(now.getTime() / 1000);
    const lifetime = c.iat !== undefined ? c.exp - c.iat : c.exp - nowS;
    if (lifetime > config.maxTtlSeconds || c.exp - nowS > config.maxTtlSeconds + config.clockToleranceSeconds) {
      throw new TokenError(
        `the token lives ${lifetime} s, longer than the ${config.maxTtlSeconds} s this server accepts (JWT_MAX_TTL_SECONDS)`,
      );
    }
    const problem = tenantRoleProblem(c.tenant, c.role, config.bankTenant);
    if (problem) throw new TokenError(`the token's claims are invalid: ${problem}`);
    return { subject: c.sub, tenant: c.tenant, role: c.role, purpose: c.purpose, tokenId: c.jti };
  };
}

function describeJoseError(err: unknown, algorithms: string[], config: AuthConfig): string {
  if (err instanceof joseErrors.JWTExpired) {
    const exp =
      typeof err.payload.exp === 'number' ? new Date(err.payload.exp * 1000).toISOString() : 'an earlier time';
    return `the token expired at ${exp}: get a new one`;
  }
  if (err instanceof joseErrors.JWTClaimValidationFailed) {
    if (err.claim === 'iss') return `the token's issuer (iss) is not "${config.issuer}", the one this server trusts`;
    if (err.claim === 'aud') return `the token's audience (aud) does not include "${config.audience}", this subgraph`;
    if (err.claim === 'nbf') return 'the token is not valid yet (nbf is in the future)';
    if (err.claim === 'iat') return 'the token was issued in the future (iat)';
    return `the token's claim ${err.claim} is missing or invalid`;
  }
  if (err instanceof joseErrors.JOSEAlgNotAllowed)
    return `the token's algorithm is not accepted: this server accepts ${algorithms.join(', ')}`;
  if (err instanceof joseErrors.JWSSignatureVerificationFailed)
    return "the token's signature does not verify: it was not signed with a key this server trusts";
  if (err instanceof joseErrors.JWKSNoMatchingKey)
    return "no key of the identity provider's JWKS matches the token (kid)";
  if (err instanceof joseErrors.JWKSTimeout || err instanceof joseErrors.JWKSInvalid)
    return "the identity provider's keys (JWKS) could not be fetched: try again";
  if (
    err instanceof joseErrors.JWSInvalid ||
    err instanceof joseErrors.JWTInvalid ||
    err instanceof joseErrors.JOSENotSupported
  ) {
    return 'the token is malformed: expected a signed JWT (header.payload.signature)';
  }
  return 'the token could not be verified';
}
