/**
 * The one configuration module: reads the environment, validates it, and lets explicit
 * arguments win (overrides > environment > defaults). Every wrong setting fails start-up with a
 * message naming the variable, what it got and what it expects.
 */
import { z } from 'zod';
import path from 'node:path';

const portSchema = z.coerce.number().int().min(0).max(65535);

const envSchema = z.object({
  PORT: portSchema.default(4000),
  HOST: z.string().min(1).default('0.0.0.0'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'expected a postgres:// or postgresql:// URL')
    .optional(),
  DATA_DIR: z.string().min(1).default('.data'),
  DB_POOL_MAX: z.coerce.number().int().min(1).max(200).default(10),
  SEED_FIRMS: z.coerce.number().int().min(0).max(1_000_000).default(2000),
  SEED: z.coerce.number().int().default(42),
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
});

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
  const e = parsed.data;
  return {
    port: e.PORT,
    host: e.HOST,
    databaseUrl: e.DATABASE_URL,
    dataDir: path.resolve(e.DATA_DIR),
    dbPoolMax: e.DB_POOL_MAX,
    seedFirms: e.SEED_FIRMS,
    seed: e.SEED,
    nodeEnv: e.NODE_ENV,
    ...overrides,
  };
}
