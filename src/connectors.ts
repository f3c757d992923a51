/**
 * Wires the source connectors (one folder each under connectors/, listed in connectors/sources.ts)
 * from the configuration, and registers every source's loaders in each request's context.
 */
import type { Config } from './config';
import { SOURCES } from '../connectors/sources';
import type { ConnectorConfig, ConnectorDeps, SourceConnector } from '../connectors/shared/connector';
import { defineConnector, POSTGRES_ONLY } from '../connectors/shared/define';
import type { SourceDescriptor, SourceLoaderMap, SourceName } from '../connectors/shared/source';
import { registerLoaders } from './graphql/context';

export type Connectors = Record<SourceName, SourceConnector<unknown>>;

/** A source's connector with its configured adapter (postgres for a source without an upstream, or unconfigured). */
export function connectSource<L, P>(
  source: SourceDescriptor<L, P>,
  config: ConnectorConfig | undefined,
  deps: ConnectorDeps,
): SourceConnector<L> {
  return defineConnector(source, (source.upstream && config) || POSTGRES_ONLY, deps);
}

/** One connector per source (connectors/sources.ts), each as the configuration says. */
export function createConnectors(config: Pick<Config, 'sources'>, deps: ConnectorDeps): Connectors {
  return Object.fromEntries(SOURCES.map((s) => [s.name, connectSource(s, config.sources[s.name], deps)])) as Connectors;
}

/** Every source's loaders in each request (each reads through the request's view of the database). */
export function sourceLoaders(c: Connectors) {
  return registerLoaders((scope) => ({
    sources: Object.fromEntries(
      SOURCES.map((s) => [
        s.name,
        c[s.name].createLoaders({ deadline: scope.deadline, db: scope.reads, onCall: scope.onCall }),
      ]),
    ) as SourceLoaderMap,
  }));
}

export function allConnectors(c: Connectors): SourceConnector<unknown>[] {
  return Object.values(c);
}
