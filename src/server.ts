/**
 * The HTTP server: Apollo Server 5 on Express 5, GraphQL at /graphql (POST for queries, GET
 * shows Apollo Sandbox outside production). Each request gets a fresh context with its own
 * DataLoaders. `stop()` drains requests, flushes the audit buffer, then disposes the connectors.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { ApolloServer } from '@apollo/server';
import { expressMiddleware } from '@as-integrations/express5';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import {
  ApolloServerPluginLandingPageLocalDefault,
  ApolloServerPluginLandingPageProductionDefault,
} from '@apollo/server/plugin/landingPage/default';
import type { Config } from './config';
import type { Database } from './db/database';
import { allConnectors, createConnectors, type Connectors } from './connectors';
import { createContext, type Context } from './graphql/context';
import { formatError } from './graphql/format-error';
import { buildSubgraph } from './graphql/schema';
import { connectorDebugPlugin } from './graphql/debug.plugin';
import type { Principal } from './auth/principal';
import { AuditWriter } from './audit/audit.writer';
import { auditPlugin } from './audit/audit.plugin';
import type { AuditWriterOptions } from './audit/audit.config';

export interface RunningServer {
  url: string;
  port: number;
  connectors: Connectors;
  /** The audit log's batching writer (`flush()` / `close()`; `stop()` closes it). */
  audit: AuditWriter;
  stop(): Promise<void>;
}

export interface ServerDeps {
  fetch?: typeof fetch;
  /**
   * TEST-ONLY seam: who makes a request. Until authentication lands every request's principal
   * is null; tests pass this to act as a role. The authentication layer replaces it with the
   * principal of the verified bearer token.
   */
  principalOf?: (req: express.Request) => Principal | null;
  /** Overrides of the audit writer's batching (AUDIT_WRITER_DEFAULTS). */
  audit?: Partial<AuditWriterOptions>;
}

export type ServerConfig = Pick<Config, 'port' | 'host' | 'nodeEnv' | 'requestDeadlineMs' | 'debugExtensions' | 'sources'>;

export async function startServer(config: ServerConfig, db: Database, deps: ServerDeps = {}): Promise<RunningServer> {
  const { schema } = await buildSubgraph();
  const connectors = createConnectors(config, { db, fetch: deps.fetch });
  const app = express();
  const httpServer = http.createServer(app);
  const production = config.nodeEnv === 'production';
  const audit = new AuditWriter(db, deps.audit);
  await audit.ready;

  const apollo = new ApolloServer<Context>({
    schema,
    formatError: (formatted, error) => formatError(formatted, error),
    includeStacktraceInErrorResponses: false,
    plugins: [
      ApolloServerPluginDrainHttpServer({ httpServer }),
      // No federated traces (ftv1): they would cost per-field work and ship timings to the router.
      ApolloServerPluginInlineTraceDisabled(),
      production ? ApolloServerPluginLandingPageProductionDefault() : ApolloServerPluginLandingPageLocalDefault({ embed: true }),
      ...(config.debugExtensions ? [connectorDebugPlugin(connectors)] : []),
      auditPlugin(audit),
    ],
  });
  await apollo.start();

  app.use(
    '/graphql',
    express.json({ limit: '1mb' }),
    expressMiddleware(apollo, {
      context: async ({ req }) => {
        const ctx = createContext(db, connectors, config.requestDeadlineMs, req.header('x-actor') ?? null, deps.principalOf?.(req) ?? null);
        ctx.audit.clientIp = req.ip ?? null;
        return ctx;
      },
    }),
  );

  await new Promise<void>((resolve, reject) => {
    httpServer.once('error', reject);
    httpServer.listen(config.port, config.host, resolve);
  });
  const port = (httpServer.address() as AddressInfo).port;
  const shownHost = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host;

  return {
    url: `http://${shownHost}:${port}/graphql`,
    port,
    connectors,
    audit,
    async stop() {
      // Drained first: every request still running has sent its response (and buffered its
      // audit rows) before the buffer is written. Seam for the operations layer: its shutdown
      // registry (onShutdown in src/ops/shutdown.ts) takes over this order.
      await apollo.stop();
      await audit.close();
      await Promise.all(allConnectors(connectors).map((c) => c.dispose()));
    },
  };
}
