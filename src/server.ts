/**
 * The HTTP server: Apollo Server 5 on Express 5, GraphQL at /graphql (POST for queries, GET
 * shows Apollo Sandbox outside production). Each request gets a fresh context with its own
 * DataLoaders. Hardening and operations live in src/ops/ (docs/operations.md):
 * request ids and logs, `/healthz`, `/readyz`, `/metrics`, body limit, rate limits per principal and tenant,
 * partners' persisted-only mode, graphql-armor limits. `stop()` turns `/readyz` to 503, stops
 * accepting and drains requests in flight, runs the shutdown hooks in order, then disposes the
 * connectors. The audit log's buffer is one of those hooks: written after requests drained,
 * a request whose response was never written whole audited as ABORTED.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { ApolloServer } from '@apollo/server';
import { expressMiddleware } from '@as-integrations/express5';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import {
  ApolloServerPluginCacheControlDisabled,
  ApolloServerPluginInlineTraceDisabled,
} from '@apollo/server/plugin/disabled';
import {
  ApolloServerPluginLandingPageLocalDefault,
  ApolloServerPluginLandingPageProductionDefault,
} from '@apollo/server/plugin/landingPage/default';
import type { Config } from './config';
import type { Database } from './db/database';
import { allConnectors, createConnectors, type Connectors } from './connectors';
import { createContext, type Context } from './graphql/context';
import { requestLoaders } from './graphql/loaders';
import { formatError, unexpectedErrorLog } from './graphql/format-error';
import { buildSubgraph } from './graphql/schema';
import { jitGateway } from './graphql/jit-executor';
import { connectorDebugPlugin } from './graphql/debug.plugin';
import { textArgumentsPlugin } from './graphql/text-arguments.plugin';
import { useCursorSecret } from './graphql/pagination';
import { createAuthenticator } from './auth/authenticate';
import { armorProtection, tokenLimitMiddleware } from './ops/armor';
import { healthRouter } from './ops/health';
import { bodyErrorHandler, lastResortErrorHandler, requestIdOf, requestLogger } from './ops/http';
import { createLogger } from './ops/logger';
import { ServerMetrics } from './ops/metrics';
import { loadPersistedQueries, persistedOnlyMiddleware } from './ops/persisted-queries';
import { principalFor, type PrincipalResolver } from './ops/principal';
import { rateLimitMiddleware } from './ops/rate-limit';
import { ShutdownHooks, type ShutdownHook } from './ops/shutdown';
import type { Logger } from 'pino';
import { setLoaderBatching } from './lib/loader';
import { AuditWriter } from './audit/audit.writer';
import { auditPlugin, trackAuditDelivery } from './audit/audit.plugin';
import type { AuditWriterOptions } from './audit/audit.config';

export interface RunningServer {
  url: string;
  port: number;
  connectors: Connectors;
  logger: Logger;
  /** The audit log's batching writer (`flush()` / `close()`; closed by `stop()` after requests drained). */
  audit: AuditWriter;
  metrics: ServerMetrics;
  /** Registers a hook `stop()` runs after draining requests, in registration order (src/ops/shutdown.ts). */
  onShutdown(name: string, hook: ShutdownHook): () => void;
  stop(): Promise<void>;
}

export type ServerConfig = Pick<
  Config,
  | 'port'
  | 'host'
  | 'nodeEnv'
  | 'requestDeadlineMs'
  | 'debugExtensions'
  | 'loaderBatching'
  | 'executor'
  | 'sources'
  | 'auth'
  | 'queryLimits'
  | 'maxBodyBytes'
  | 'rateLimit'
  | 'partnerPersistedOnly'
  | 'persistedQueriesFile'
  | 'logLevel'
  | 'shutdownGraceMs'
  | 'cursorSecret'
>;

export interface ServerDeps {
  fetch?: typeof fetch;
  /** Where server logs go (default: a pino logger on stdout at `config.logLevel`). */
  logger?: Logger;
  /** Who makes a request, for rate limits and persisted-only mode (src/ops/principal.ts); authentication plugs in here. */
  principalOf?: PrincipalResolver;
  /** The time consents are judged at (default: the wall clock); tests pin it to their portfolio's dates. */
  clock?: () => Date;
  /** Overrides of the audit writer's batching (AUDIT_WRITER_DEFAULTS). */
  audit?: Partial<AuditWriterOptions>;
}

export async function startServer(config: ServerConfig, db: Database, deps: ServerDeps = {}): Promise<RunningServer> {
  const { schema } = await buildSubgraph();
  setLoaderBatching(config.loaderBatching);
  useCursorSecret(config.cursorSecret);
  const connectors = createConnectors(config, { db, fetch: deps.fetch });
  const loaders = requestLoaders(connectors);
  const app = express();
  app.disable('x-powered-by');
  const httpServer = http.createServer(app);
  const production = config.nodeEnv === 'production';
  const authenticate = createAuthenticator(config.auth);
  const logger = deps.logger ?? createLogger(config.logLevel);
  const metrics = new ServerMetrics(connectors);
  // Rate limits and the partners' persisted-query mode run before Apollo: they see the verified
  // principal (or null for a missing or bad token, which the context then refuses).
  const principalOf: PrincipalResolver = deps.principalOf ?? ((req) => authenticate(req.header('authorization')));
  const persisted =
    config.partnerPersistedOnly && config.persistedQueriesFile
      ? loadPersistedQueries(config.persistedQueriesFile)
      : undefined;
  const shutdownHooks = new ShutdownHooks();
  // Requests have drained when hooks run: every answered request has buffered its audit rows, and
  // close() writes those whose responses never finished (cut at the grace period) as ABORTED.
  shutdownHooks.add('audit log', () => audit.close());
  const state = { shuttingDown: false };
  const armor = armorProtection(config.queryLimits, production);
  const refused = (code: string) => metrics.countError(code);
  const audit = new AuditWriter(db, deps.audit);

  const apollo = new ApolloServer<Context>({
    // main.ts owns SIGTERM/SIGINT (drain, hooks, database): Apollo's own handlers would stop the
    // server behind its back and re-raise the signal, leaving the process hanging.
    stopOnTerminationSignals: false,
    ...(config.executor === 'jit' ? { gateway: jitGateway(schema) } : { schema }),
    formatError,
    includeStacktraceInErrorResponses: false,
    introspection: !production,
    // On by default in Apollo Server 5; said here so no one turns it off by accident (test/ops.int.test.ts).
    csrfPrevention: true,
    allowBatchedHttpRequests: false,
    validationRules: armor.validationRules,
    plugins: [
      ApolloServerPluginDrainHttpServer({ httpServer, stopGracePeriodMillis: config.shutdownGraceMs }),
      ...armor.plugins,
      // Text PostgreSQL cannot take (NUL, lone surrogates) in any argument: BAD_USER_INPUT before execution.
      textArgumentsPlugin(),
      metrics.plugin(),
      unexpectedErrorLog(logger),
      // No federated traces (ftv1): they would cost per-field work and ship timings to the router.
      ApolloServerPluginInlineTraceDisabled(),
      // No cache hints are set or served: the default plugin's per-field hook only cost time.
      ApolloServerPluginCacheControlDisabled(),
      production
        ? ApolloServerPluginLandingPageProductionDefault()
        : ApolloServerPluginLandingPageLocalDefault({ embed: true }),
      ...(config.debugExtensions ? [connectorDebugPlugin(connectors)] : []),
      auditPlugin(audit),
    ],
  });
  await apollo.start();

  app.use(requestLogger(logger));
  app.use(healthRouter(db, connectors, state));
  app.get('/metrics', async (_req, res) => {
    res.type(metrics.registry.contentType).send(await metrics.registry.metrics());
  });
  app.use(
    '/graphql',
    // Over the budget, refused before the body is read.
    rateLimitMiddleware(config.rateLimit, { db, logger, principalOf, onRefused: refused }),
    express.json({ limit: config.maxBodyBytes }),
    ...(persisted ? [persistedOnlyMiddleware(persisted, principalOf, refused)] : []),
    tokenLimitMiddleware(config.queryLimits.tokens, refused),
    // Every request is authenticated before anything runs (UNAUTHENTICATED, HTTP 401, otherwise).
    expressMiddleware(apollo, {
      context: async ({ req, res }) => {
        const principal =
          (await principalFor(req, res, principalOf)) ?? (await authenticate(req.header('authorization')));
        const ctx = createContext(db, loaders, config.requestDeadlineMs, principal, requestIdOf(req), deps.clock?.());
        ctx.audit.clientIp = req.ip ?? null;
        // The request's audit rows are final when `res` is written whole (or cut): src/audit/audit.delivery.ts.
        trackAuditDelivery(audit, ctx, res);
        return ctx;
      },
    }),
  );
  app.use(bodyErrorHandler(config.maxBodyBytes, refused), lastResortErrorHandler(logger));

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
    logger,
    audit,
    metrics,
    onShutdown: (name, hook) => shutdownHooks.add(name, hook),
    async stop() {
      state.shuttingDown = true;
      // The drain plugin closes the listener, waits for requests in flight (up to shutdownGraceMs), then closes idle connections.
      await apollo.stop();
      await shutdownHooks.run(logger);
      await Promise.all(allConnectors(connectors).map((c) => c.dispose()));
    },
  };
}
