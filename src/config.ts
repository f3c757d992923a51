/**
 * The one configuration module: reads the environment, validates it, and lets explicit
 * arguments win (overrides > environment > defaults). Every wrong setting fails start-up with a
 * message naming the variable, what it got and what it expects.
 */
import { z } from 'zod';
import path from 'node:path';
import { hkdfSync } from 'node:crypto';
import type { ConnectorConfig } from '../connectors/shared/connector';
import type { SourceName } from '../connectors/shared/source';
import { UPSTREAM_SOURCE_NAMES } from '../connectors/sources';
import { DEV_CURSOR_SECRET } from './lib/dev-secrets';

const int = (min: number, max: number) => {
  const expected = `expected a whole number from ${min} to ${max}`;
  return z.coerce
    .number({ error: expected })
    .int({ error: expected })
    .min(min, { error: expected })
    .max(max, { error: expected });
};
const portSchema = int(0, 65535);
const bool = z
  .enum(['true', 'false', '1', '0'], { error: 'expected true, false, 1 or 0' })
  .transform((v) => v === 'true' || v === '1');

const sourceEnv = (s: SourceName) => ({
  [`${s}_ADAPTER`]: z.enum(['postgres', 'http'], { error: 'expected postgres or http' }).default('postgres'),
  [`${s}_UPSTREAM_URL`]: z.url({ protocol: /^https?$/, error: 'expected an http(s):// URL' }).optional(),
  [`${s}_UPSTREAM_TOKEN`]: z.string().min(1).optional(),
  [`${s}_TIMEOUT_MS`]: int(1, 60_000).default(800),
  [`${s}_RETRIES`]: int(0, 10).default(2),
  [`${s}_MAX_BATCH`]: int(1, 1000).default(100),
  [`${s}_CONCURRENCY`]: int(1, 1000).default(8),
  [`${s}_BREAKER_THRESHOLD`]: int(1, 1000).default(5),
  [`${s}_BREAKER_HALF_OPEN_MS`]: int(1, 600_000).default(5000),
  [`${s}_FRESHNESS_SECONDS`]: int(0, 31_536_000).default(0),
});

const baseSchema = z.object({
  PORT: portSchema.default(4000),
  HOST: z.string().min(1).default('0.0.0.0'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'expected a postgres:// or postgresql:// URL')
    .optional(),
  DATA_DIR: z.string().min(1).default('.data'),
  DB_POOL_MAX: int(1, 200).default(10),
  SEED_FIRMS: int(0, 1_000_000).default(2000),
  SEED: z.coerce.number({ error: 'expected a whole number' }).int({ error: 'expected a whole number' }).default(42),
  NODE_ENV: z
    .enum(['development', 'production', 'test'], { error: 'expected development, production or test' })
    .default('development'),
  REQUEST_DEADLINE_MS: int(50, 120_000).default(2000),
  DEBUG_EXTENSIONS: bool.default(false),
  DATALOADER_BATCHING: bool.default(true),
  GRAPHQL_EXECUTOR: z.enum(['jit', 'graphql-js'], { error: 'expected jit or graphql-js' }).default('jit'),
  UPSTREAM_URL: z.url({ protocol: /^https?$/, error: 'expected an http(s):// URL' }).optional(),
  UPSTREAM_TOKEN: z.string().min(1).default('dev-upstream-token'),
  AUTH_MODE: z.enum(['jwt', 'off']).default('jwt'),
  JWT_ISSUER: z.string().trim().min(1).optional(),
  JWT_AUDIENCE: z.string().trim().min(1).optional(),
  JWT_SECRET: z.string().optional(),
  JWT_JWKS_URL: z.url({ protocol: /^https?$/, error: 'expected an http(s):// URL of a JSON Web Key Set' }).optional(),
  JWT_MAX_TTL_SECONDS: int(60, 604_800).default(28_800),
  JWT_CLOCK_TOLERANCE_SECONDS: int(0, 300).default(30),
  CURSOR_SECRET: z.string().optional(),
  BANK_TENANT: z.string().trim().min(1).max(200).default('本行'),
  // Hardening and operations (src/ops/, docs/operations.md).
  MAX_QUERY_DEPTH: int(2, 100).default(12),
  MAX_QUERY_ALIASES: int(0, 1000).default(20),
  MAX_QUERY_TOKENS: int(50, 100_000).default(3000),
  MAX_QUERY_COST: int(10, 10_000_000).default(20_000),
  MAX_QUERY_DIRECTIVES: int(0, 1000).default(30),
  MAX_BODY_BYTES: int(1024, 52_428_800).default(1_048_576),
  RATE_LIMIT_POINTS: int(0, 1_000_000).default(600),
  RATE_LIMIT_DURATION_SECONDS: int(1, 86_400).default(60),
  RATE_LIMIT_TENANT_POINTS: int(0, 100_000_000).default(3000),
  RATE_LIMIT_SLICES: int(1, 60).default(3),
  RATE_LIMIT_STORE: z.enum(['postgres', 'memory'], { error: 'expected postgres or memory' }).optional(),
  PARTNER_PERSISTED_ONLY: bool.default(false),
  PERSISTED_QUERIES_FILE: z.string().min(1).optional(),
  LOG_LEVEL: z
    .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], {
      error: 'expected fatal, error, warn, info, debug, trace or silent',
    })
    .default('info'),
  SHUTDOWN_GRACE_MS: int(0, 600_000).default(10_000),
});
const envSchema = baseSchema.extend(
  Object.assign({}, ...UPSTREAM_SOURCE_NAMES.map(sourceEnv)) as Record<string, z.ZodType>,
);

export type SourceConfig = ConnectorConfig;

/** Development defaults; production must name its own issuer, audience and key. */
export const DEV_JWT_ISSUER = 'sme-credit-dev';
export const DEV_JWT_AUDIENCE = 'sme-credit-subgraph';
/** Used only outside production when JWT_SECRET and JWT_JWKS_URL are unset; `npm start` says so loudly. */
export const DEV_JWT_SECRET = 'dev-only-insecure-jwt-secret-do-not-use-in-production';
export const MIN_SECRET_BYTES = 32;
export { DEV_CURSOR_SECRET };

/** How requests are authenticated (src/auth/). */
export interface AuthConfig {
  /** `jwt`: every request needs a valid bearer token; `off` (never in production): a request without one is the development analyst. */
  mode: 'jwt' | 'off';
  issuer: string;
  audience: string;
  /** HS256 shared secret (the embedded default); null when keys come from `jwksUrl`. */
  secret: string | null;
  /** RS256/ES256 keys from an identity provider's JSON Web Key Set. */
  jwksUrl: string | null;
  /** True when `secret` is the built-in development secret. */
  devSecret: boolean;
  /** Longest lifetime a token may have (exp - iat, and exp - now). */
  maxTtlSeconds: number;
  clockToleranceSeconds: number;
  /** The bank's own tenant: the only one with internal roles (ANALYST, RISK_OFFICER, AUDITOR). */
  bankTenant: string;
}

export interface Config {
  port: number;
  host: string;
  /** A PostgreSQL server; undefined means the embedded database (PGlite) under `dataDir`. */
  databaseUrl: string | undefined;
  dataDir: string;
  dbPoolMax: number;
  /** Firms the first start of an empty database generates; 0 leaves it empty. */
  seedFirms: number;
  seed: number;
  nodeEnv: 'development' | 'production' | 'test';
  /** Every GraphQL request's deadline; no upstream call outlives it. */
  requestDeadlineMs: number;
  /** Adds per-request connector calls and metrics to the response `extensions`. */
  debugExtensions: boolean;
  /** false: every DataLoader loads one key per statement with no per-request cache (the benchmark's NAIVE build only; src/lib/loader.ts). */
  loaderBatching: boolean;
  /** `jit`: operations compiled by graphql-jit (src/graphql/jit-executor.ts); `graphql-js`: the reference executor. */
  executor: 'jit' | 'graphql-js';
  /** Per source with an upstream API (connectors/sources.ts `UPSTREAM_SOURCE_NAMES`); the others are read from the database only. */
  sources: Partial<Record<SourceName, SourceConfig>>;
  auth: AuthConfig;
  /** Query limits enforced by graphql-armor at validation (before anything runs). */
  queryLimits: QueryLimits;
  /** The largest JSON request body accepted (413 above it). */
  maxBodyBytes: number;
  /** Request rate limits per principal and per tenant (src/ops/rate-limit.ts); 0 points = off. */
  rateLimit: RateLimitConfig;
  /** PARTNER principals may only run operations listed in `persistedQueriesFile` (an Apollo persisted-query manifest). */
  partnerPersistedOnly: boolean;
  persistedQueriesFile: string | undefined;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /** How long a shutdown waits for requests in flight before closing their connections. */
  shutdownGraceMs: number;
  /**
   * The HMAC key of pagination cursors (src/graphql/pagination.ts), the same on every replica:
   * CURSOR_SECRET; else derived from JWT_SECRET (HKDF-SHA256); else, outside production, a development key.
   */
  cursorSecret: string;
}

export interface RateLimitConfig {
  /** Per principal (tenant + token subject; client IP without a principal): `points` requests per `durationSeconds`; 0 = no limits at all. */
  points: number;
  durationSeconds: number;
  /** The tenant's ceiling: requests per `durationSeconds` summed over all its principals; 0 = no ceiling. */
  tenantPoints: number;
  /** Each budget is enforced in this many slices of the window (points / slices per durationSeconds / slices): bursts are smoothed. */
  slices: number;
  /** Where counters live: `postgres` (core.rate_limit, shared by replicas) or `memory` (this process). */
  store: 'postgres' | 'memory';
}

export interface QueryLimits {
  depth: number;
  aliases: number;
  tokens: number;
  cost: number;
  directives: number;
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

export function loadConfig(overrides: Partial<Config> = {}, env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = envSchema.safeParse(
    Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== '')),
  );
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => {
      const name = i.path.join('.');
      return `  ${name}=${JSON.stringify(env[name])}: ${i.message}`;
    });
    throw new ConfigError(`invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data as z.infer<typeof baseSchema> & Record<string, unknown>;
  const problems: string[] = [];
  const sources = Object.fromEntries(
    UPSTREAM_SOURCE_NAMES.map((s) => {
      const get = <T>(k: string) => e[`${s}_${k}`] as T;
      const adapter = get<'postgres' | 'http'>('ADAPTER');
      const baseUrl: string | undefined = get<string | undefined>('UPSTREAM_URL') ?? e.UPSTREAM_URL;
      if (adapter === 'http' && !baseUrl)
        problems.push(
          `  ${s}_ADAPTER=http needs ${s}_UPSTREAM_URL (or UPSTREAM_URL): the upstream's base URL, e.g. http://127.0.0.1:4100`,
        );
      const config: SourceConfig = {
        adapter,
        freshnessMs: get<number>('FRESHNESS_SECONDS') * 1000,
        upstream:
          adapter === 'http' && baseUrl
            ? {
                baseUrl,
                token: get<string | undefined>('UPSTREAM_TOKEN') ?? e.UPSTREAM_TOKEN,
                timeoutMs: get<number>('TIMEOUT_MS'),
                retries: get<number>('RETRIES'),
                maxBatch: get<number>('MAX_BATCH'),
                concurrency: get<number>('CONCURRENCY'),
                breakerThreshold: get<number>('BREAKER_THRESHOLD'),
                breakerHalfOpenMs: get<number>('BREAKER_HALF_OPEN_MS'),
              }
            : undefined,
      };
      return [s, config];
    }),
  ) as Partial<Record<SourceName, SourceConfig>>;
  const auth = authConfig(e, problems);
  const cursorSecret = cursorSecretOf(e, problems);
  if (e.PARTNER_PERSISTED_ONLY && !e.PERSISTED_QUERIES_FILE)
    problems.push(
      '  PARTNER_PERSISTED_ONLY=true needs PERSISTED_QUERIES_FILE: the path of a persisted-query manifest (JSON) listing the operations partners may run',
    );
  if (e.RATE_LIMIT_POINTS > 0 && e.RATE_LIMIT_TENANT_POINTS > 0 && e.RATE_LIMIT_TENANT_POINTS < e.RATE_LIMIT_POINTS) {
    problems.push(
      `  RATE_LIMIT_TENANT_POINTS=${e.RATE_LIMIT_TENANT_POINTS} is below RATE_LIMIT_POINTS=${e.RATE_LIMIT_POINTS}: the tenant's ceiling is shared by all its principals, expected at least RATE_LIMIT_POINTS (or 0 for no ceiling)`,
    );
  }
  if (problems.length) throw new ConfigError(`invalid configuration:\n${problems.join('\n')}`);
  return {
    port: e.PORT,
    host: e.HOST,
    databaseUrl: e.DATABASE_URL,
    dataDir: path.resolve(e.DATA_DIR),
    dbPoolMax: e.DB_POOL_MAX,
    seedFirms: e.SEED_FIRMS,
    seed: e.SEED,
    nodeEnv: e.NODE_ENV,
    requestDeadlineMs: e.REQUEST_DEADLINE_MS,
    debugExtensions: e.DEBUG_EXTENSIONS,
    loaderBatching: e.DATALOADER_BATCHING,
    executor: e.GRAPHQL_EXECUTOR,
    sources,
    auth,
    queryLimits: {
      depth: e.MAX_QUERY_DEPTH,
      aliases: e.MAX_QUERY_ALIASES,
      tokens: e.MAX_QUERY_TOKENS,
      cost: e.MAX_QUERY_COST,
      directives: e.MAX_QUERY_DIRECTIVES,
    },
    maxBodyBytes: e.MAX_BODY_BYTES,
    rateLimit: {
      points: e.RATE_LIMIT_POINTS,
      durationSeconds: e.RATE_LIMIT_DURATION_SECONDS,
      tenantPoints: e.RATE_LIMIT_TENANT_POINTS,
      slices: e.RATE_LIMIT_SLICES,
      // A PostgreSQL server may have replicas to share the counters with; the embedded database is one process.
      store: e.RATE_LIMIT_STORE ?? (e.DATABASE_URL ? 'postgres' : 'memory'),
    },
    partnerPersistedOnly: e.PARTNER_PERSISTED_ONLY,
    persistedQueriesFile: e.PERSISTED_QUERIES_FILE ? path.resolve(e.PERSISTED_QUERIES_FILE) : undefined,
    logLevel: e.LOG_LEVEL,
    shutdownGraceMs: e.SHUTDOWN_GRACE_MS,
    cursorSecret,
    ...overrides,
  };
}

/**
 * Cursors must verify on every replica, so their key is a shared secret: CURSOR_SECRET, or else
 * one derived from JWT_SECRET (which every replica already shares; HKDF with its own label, so
 * the cursor key neither reveals nor stands in for the token key, and rotating JWT_SECRET only
 * makes clients start their paging over). With JWT_JWKS_URL there is no shared secret to derive
 * from: production then needs CURSOR_SECRET.
 */
function cursorSecretOf(e: z.infer<typeof baseSchema>, problems: string[]): string {
  if (e.CURSOR_SECRET !== undefined) {
    const bytes = Buffer.byteLength(e.CURSOR_SECRET, 'utf8');
    if (bytes < MIN_SECRET_BYTES)
      problems.push(
        `  CURSOR_SECRET: expected at least ${MIN_SECRET_BYTES} bytes (the HMAC key of pagination cursors), got ${bytes} (the value is not shown)`,
      );
    return e.CURSOR_SECRET;
  }
  if (e.JWT_SECRET !== undefined)
    return Buffer.from(hkdfSync('sha256', e.JWT_SECRET, '', 'sme-credit pagination cursors v1', 32)).toString(
      'base64url',
    );
  if (e.NODE_ENV === 'production') {
    problems.push(
      `  NODE_ENV=production needs CURSOR_SECRET (at least ${MIN_SECRET_BYTES} bytes, the same on every replica) when JWT_SECRET is not set: the key that signs pagination cursors`,
    );
  }
  return DEV_CURSOR_SECRET;
}

function authConfig(e: z.infer<typeof baseSchema>, problems: string[]): AuthConfig {
  const production = e.NODE_ENV === 'production';
  if (production && e.AUTH_MODE === 'off')
    problems.push(
      '  AUTH_MODE=off is refused when NODE_ENV=production: every request needs a valid token (use AUTH_MODE=jwt)',
    );
  if (e.JWT_SECRET !== undefined && e.JWT_JWKS_URL !== undefined) {
    problems.push(
      '  JWT_SECRET and JWT_JWKS_URL are both set: set JWT_SECRET (HS256 shared secret) or JWT_JWKS_URL (RS256/ES256 keys of an identity provider), not both',
    );
  }
  if (e.JWT_SECRET !== undefined && Buffer.byteLength(e.JWT_SECRET, 'utf8') < MIN_SECRET_BYTES) {
    problems.push(
      `  JWT_SECRET: expected at least ${MIN_SECRET_BYTES} bytes for HS256, got ${Buffer.byteLength(e.JWT_SECRET, 'utf8')} (the value is not shown)`,
    );
  }
  if (production) {
    if (e.JWT_SECRET === undefined && e.JWT_JWKS_URL === undefined)
      problems.push(
        `  NODE_ENV=production needs JWT_SECRET (at least ${MIN_SECRET_BYTES} bytes) or JWT_JWKS_URL: the development secret is refused`,
      );
    if (e.JWT_ISSUER === undefined)
      problems.push('  NODE_ENV=production needs JWT_ISSUER: the `iss` every token must carry');
    if (e.JWT_AUDIENCE === undefined)
      problems.push('  NODE_ENV=production needs JWT_AUDIENCE: the `aud` every token must carry');
  }
  const devSecret = e.JWT_SECRET === undefined && e.JWT_JWKS_URL === undefined;
  return {
    mode: e.AUTH_MODE,
    issuer: e.JWT_ISSUER ?? DEV_JWT_ISSUER,
    audience: e.JWT_AUDIENCE ?? DEV_JWT_AUDIENCE,
    secret: e.JWT_SECRET ?? (devSecret ? DEV_JWT_SECRET : null),
    jwksUrl: e.JWT_JWKS_URL ?? null,
    devSecret,
    maxTtlSeconds: e.JWT_MAX_TTL_SECONDS,
    clockToleranceSeconds: e.JWT_CLOCK_TOLERANCE_SECONDS,
    bankTenant: e.BANK_TENANT,
  };
}
