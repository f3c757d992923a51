/**
 * The HTTP server: Apollo Server 5 on Express 5, GraphQL at /graphql (POST for queries, GET
 * shows Apollo Sandbox outside production). Each request gets a fresh context with its own
 * DataLoaders. `stop()` drains requests, then disposes the connectors.
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
import { createAuthenticator } from './auth/authenticate';

export interface RunningServer {
  url: string;
  port: number;
  connectors: Connectors;
  stop(): Promise<void>;
}

export type ServerConfig = Pick<Config, 'port' | 'host' | 'nodeEnv' | 'requestDeadlineMs' | 'debugExtensions' | 'sources' | 'auth'>;

export async function startServer(config: ServerConfig, db: Database, deps: { fetch?: typeof fetch } = {}): Promise<RunningServer> {
  const { schema } = await buildSubgraph();
  const connectors = createConnectors(config, { db, fetch: deps.fetch });
  const app = express();
  const httpServer = http.createServer(app);
  const production = config.nodeEnv === 'production';
  const authenticate = createAuthenticator(config.auth);

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
    ],
  });
  await apollo.start();

  app.use(
    '/graphql',
    express.json({ limit: '1mb' }),
    // Every request is authenticated before anything runs (UNAUTHENTICATED, HTTP 401, otherwise).
    expressMiddleware(apollo, { context: async ({ req }) => createContext(db, connectors, config.requestDeadlineMs, await authenticate(req.header('authorization'))) }),
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
    async stop() {
      await apollo.stop();
      await Promise.all(allConnectors(connectors).map((c) => c.dispose()));
    },
  };
}
