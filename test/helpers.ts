/** Test helpers: the shared test database, scratch databases, a running server, GraphQL over HTTP. */
import 'reflect-metadata';
import pg from 'pg';
import { openDatabase, startEmbedded, type Database } from '../src/db/database';
import { startServer, type RunningServer, type ServerConfig, type ServerDeps } from '../src/server';
import { loadConfig } from '../src/config';

export function testDatabaseUrl(): string {
  const url = process.env.TEST_DATABASE_URL;
  if (!url) throw new Error('TEST_DATABASE_URL is not set: run the tests through jest (test/global-setup.ts builds the database)');
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

/** The platform's configuration for tests: defaults (no environment), on a free loopback port. */
export function testConfig(overrides: Partial<ServerConfig> = {}): ServerConfig {
  return loadConfig({ port: 0, host: '127.0.0.1', nodeEnv: 'test', logLevel: 'silent', ...overrides }, {});
}

/** A server on the shared test database (or `opts.databaseUrl`), configured by `overrides`. */
export async function startTestServer(overrides: Partial<ServerConfig> = {}, opts: { databaseUrl?: string; deps?: ServerDeps } = {}): Promise<TestServer> {
  const db = await openDatabase({ databaseUrl: opts.databaseUrl ?? testDatabaseUrl(), poolMax: 2 });
  const server = await startServer(testConfig(overrides), db, opts.deps);
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

export async function gql<T = Record<string, any>>(
  url: string,
  query: string,
  variables?: Record<string, unknown>,
  headers: Record<string, string> = {},
): Promise<GraphQLResponse<T>> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
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
