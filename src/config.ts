/**
 * The one configuration module: reads the environment, validates it, and lets explicit
 * arguments win (overrides > environment > defaults). Every wrong setting fails start-up with a
 * message naming the variable, what it got and what it expects.
 */
import { z } from 'zod';
import path from 'node:path';
import type { ConnectorConfig } from '../connectors/shared/connector';

const portSchema = z.coerce.number().int().min(0).max(65535);
const int = (min: number, max: number) => z.coerce.number().int().min(min).max(max);
const bool = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');

/** The sources that have an upstream API (the bank's books and alternative data are local). */
export const UPSTREAM_SOURCES = ['TAX', 'REGISTRY', 'SUPPLY_CHAIN', 'JUDICIAL'] as const;
export type UpstreamSource = (typeof UPSTREAM_SOURCES)[number];

const sourceEnv = (s: UpstreamSource) => ({
  [`${s}_ADAPTER`]: z.enum(['postgres', 'http']).default('postgres'),
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
  DATABASE_URL: z.string().regex(/^postgres(ql)?:\/\//, 'expected a postgres:// or postgresql:// URL').optional(),
  DATA_DIR: z.string().min(1).default('.data'),
  DB_POOL_MAX: int(1, 200).default(10),
  SEED_FIRMS: int(0, 1_000_000).default(2000),
  SEED: z.coerce.number().int().default(42),
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  REQUEST_DEADLINE_MS: int(50, 120_000).default(2000),
  DEBUG_EXTENSIONS: bool.default(false),
  UPSTREAM_URL: z.url({ protocol: /^https?$/, error: 'expected an http(s):// URL' }).optional(),
  UPSTREAM_TOKEN: z.string().min(1).default('dev-upstream-token'),
});
const envSchema = baseSchema.extend(Object.assign({}, ...UPSTREAM_SOURCES.map(sourceEnv)) as Record<string, z.ZodType>);

export type SourceConfig = ConnectorConfig;

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
  sources: Record<UpstreamSource, SourceConfig>;
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

export function loadConfig(overrides: Partial<Config> = {}, env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = envSchema.safeParse(Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== '')));
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
    UPSTREAM_SOURCES.map((s) => {
      const get = <T>(k: string) => e[`${s}_${k}`] as T;
      const adapter = get<'postgres' | 'http'>('ADAPTER');
      const baseUrl: string | undefined = get<string | undefined>('UPSTREAM_URL') ?? e.UPSTREAM_URL;
      if (adapter === 'http' && !baseUrl) problems.push(`  ${s}_ADAPTER=http needs ${s}_UPSTREAM_URL (or UPSTREAM_URL): the upstream's base URL, e.g. http://127.0.0.1:4100`);
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
  ) as Record<UpstreamSource, SourceConfig>;
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
    sources,
    ...overrides,
  };
}
