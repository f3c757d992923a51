/** Test helpers: the shared test database, scratch databases, a running server, GraphQL over HTTP. */
import 'reflect-metadata';
import pg from 'pg';
import { openDatabase, startEmbedded, type Database } from '../src/db/database';
import { migrate } from '../src/db/data-source';
import { startServer, type RunningServer, type ServerConfig, type ServerDeps } from '../src/server';
import { loadConfig } from '../src/config';
import { Role } from '../src/auth/principal';
import { signToken } from '../src/auth/token.service';

export function testDatabaseUrl(): string {
  const url = process.env.TEST_DATABASE_URL;
  if (!url)
    throw new Error(
      'TEST_DATABASE_URL is not set: run the tests through jest (test/global-setup.ts builds the database)',
    );
  return url;
}

export function openTestDatabase(): Promise<Database> {
  return openDatabase({ databaseUrl: testDatabaseUrl(), poolMax: 2 });
}

export interface TestServer {
  db: Database;
  server: RunningServer;
  url: string;
  close(): Promise<void>;
}

/** The authentication settings every test server uses (a known secret, issuer and audience). */
export const TEST_AUTH_ENV = {
  JWT_SECRET: 'test-secret-0123456789-abcdefghij-KLMNOP',
  JWT_ISSUER: 'sme-credit-test',
  JWT_AUDIENCE: 'sme-credit-subgraph-test',
};

/** The bank's own tenant (BANK_TENANT's default, the grantee the generator writes for the bank). */
export const BANK_TENANT = '本行';

/** The platform's configuration for tests: defaults (no environment but TEST_AUTH_ENV), on a free loopback port. */
export function testConfig(overrides: Partial<ServerConfig> = {}): ServerConfig {
  return loadConfig(
    { port: 0, host: '127.0.0.1', nodeEnv: 'test', logLevel: 'silent', ...overrides },
    { ...TEST_AUTH_ENV },
  );
}

/** A token the test servers accept: `role` of `tenant` (the bank's for internal roles) for `purpose`. */
export function tokenFor(
  role: Role,
  opts: { tenant?: string; purpose?: string; sub?: string; ttlSeconds?: number } = {},
): Promise<string> {
  const tenant = opts.tenant ?? (role === Role.PARTNER ? undefined : BANK_TENANT);
  if (!tenant) throw new Error('tokenFor(PARTNER) needs a tenant');
  return signToken(testConfig().auth, {
    subject: opts.sub ?? `${role.toLowerCase()}.test`,
    tenant,
    role,
    purpose: opts.purpose,
    ttlSeconds: opts.ttlSeconds,
  });
}

/** `{ authorization: 'Bearer ...' }` for `tokenFor(...)`. */
export async function authHeader(
  role: Role,
  opts: Parameters<typeof tokenFor>[1] = {},
): Promise<Record<string, string>> {
  return { authorization: `Bearer ${await tokenFor(role, opts)}` };
}

/** A server on the shared test database (or `opts.databaseUrl`), configured by `overrides`. */
/**
 * The time test servers judge consents at: the shared portfolio is as of 2026-10, so its
 * consents are dated around it; pinned so that tests do not start failing as the calendar moves.
 */
export const TEST_NOW = new Date('2026-11-20T04:00:00Z');

/** The request deadline of test servers unless a test sets one. */
export const TEST_DEADLINE_MS = 15_000;

export async function startTestServer(
  overrides: Partial<ServerConfig> = {},
  opts: { databaseUrl?: string; deps?: ServerDeps } = {},
): Promise<TestServer> {
  const db = await openDatabase({ databaseUrl: opts.databaseUrl ?? testDatabaseUrl(), poolMax: 2 });
  // A generous deadline by default: two test workers on two cores stretch pages of 50-100 firms
  // past the production 2 s; tests of the deadline set their own.
  const server = await startServer(testConfig({ requestDeadlineMs: TEST_DEADLINE_MS, ...overrides }), db, {
    clock: () => TEST_NOW,
    ...opts.deps,
  });
  return {
    db,
    server,
    url: server.url,
    async close() {
      await server.stop();
      await db.close();
    },
  };
}

export interface GraphQLResponse<T = Record<string, any>> {
  status: number;
  data?: T | null;
  errors?: Array<{ message: string; path?: Array<string | number>; extensions?: Record<string, unknown> }>;
}

/**
 * GraphQL over HTTP. Sends an ANALYST token of the bank's tenant unless `headers` has an
 * `authorization` of its own (an empty one sends none).
 */
export async function gql<T = Record<string, any>>(
  url: string,
  query: string,
  variables?: Record<string, unknown>,
  headers: Record<string, string> = {},
): Promise<GraphQLResponse<T>> {
  const own = Object.keys(headers).find((k) => k.toLowerCase() === 'authorization');
  const auth = own === undefined ? await authHeader(Role.ANALYST) : headers[own] ? { authorization: headers[own] } : {};
  const rest = Object.fromEntries(Object.entries(headers).filter(([k]) => k !== own));
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...rest, ...auth },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await res.json()) as Omit<GraphQLResponse<T>, 'status'>;
  return { status: res.status, ...body };
}

/**
 * An empty database of its own for tests that change the schema (migrations up and down): a
 * new database on the server with DATABASE_URL, else a new in-memory embedded one (PGlite on a
 * loopback socket, alive as long as this process).
 */
export async function createScratchDatabase(embeddedConnections = 4): Promise<{ url: string; drop(): Promise<void> }> {
  if (process.env.DATABASE_URL) {
    const name = `scratch_${process.pid}_${Math.floor(Math.random() * 1e9)}`;
    const admin = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
    const u = new URL(process.env.DATABASE_URL);
    u.pathname = `/${name}`;
    return {
      url: u.toString(),
      async drop() {
        const a = new pg.Client({ connectionString: process.env.DATABASE_URL });
        await a.connect();
        await a.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
        await a.end();
      },
    };
  }
  const embedded = await startEmbedded(undefined, embeddedConnections);
  return { url: embedded.url, drop: () => embedded.stop() };
}

export interface ScratchDatabase {
  url: string;
  db: Database;
  /** Closes `db`, then drops the database. */
  drop(): Promise<void>;
}

/**
 * A migrated scratch database of the test's own (createScratchDatabase, `embeddedConnections`
 * for the embedded one), opened with a pool of `poolMax`.
 */
export async function openScratchDatabase(
  opts: { poolMax?: number; embeddedConnections?: number } = {},
): Promise<ScratchDatabase> {
  const scratch = await createScratchDatabase(opts.embeddedConnections);
  let db: Database;
  try {
    await migrate(scratch.url);
    db = await openDatabase({ databaseUrl: scratch.url, poolMax: opts.poolMax ?? 2 });
  } catch (e) {
    await scratch.drop();
    throw e;
  }
  return {
    url: scratch.url,
    db,
    async drop() {
      try {
        await db.close();
      } finally {
        await scratch.drop();
      }
    },
  };
}

/** Every borrower's `fields`, page by page (pages of `first`, within the query limits). */
export async function allBorrowers<T = Record<string, any>>(url: string, fields: string, first = 50): Promise<T[]> {
  const out: T[] = [];
  let after: string | null = null;
  for (;;) {
    const res: GraphQLResponse = await gql(
      url,
      `query($first: Int!, $after: String) { borrowers(first: $first, after: $after) { edges { node { ${fields} } } pageInfo { hasNextPage endCursor } } }`,
      { first, after },
    );
    if (res.errors) throw new Error(`allBorrowers: ${JSON.stringify(res.errors)}`);
    out.push(...res.data!.borrowers.edges.map((e: { node: T }) => e.node));
    if (!res.data!.borrowers.pageInfo.hasNextPage) return out;
    after = res.data!.borrowers.pageInfo.endCursor;
  }
}

/** The sensitive and unmasked fields the audit log holds for `subject`'s reads on server `t` (its buffer flushed first). */
export async function auditedFields(
  t: TestServer,
  subject: string,
): Promise<{ sensitive: string[]; unmasked: string[] }> {
  await t.server.audit.flush();
  const { rows } = await t.db.query<{ s: string[]; u: string[] }>(
    `SELECT sensitive_fields AS s, unmasked_fields AS u FROM core.audit_log WHERE subject = $1`,
    [subject],
  );
  return { sensitive: rows.flatMap((r) => r.s), unmasked: rows.flatMap((r) => r.u) };
}
