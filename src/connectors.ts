/**
 * Wires the source connectors (one folder each under connectors/, listed in connectors/sources.ts)
 * from the configuration, and registers every source's loaders in each request's context.
 */
import type { Config } from './config';
import { SOURCES } from '../connectors/sources';
import type { ConnectorDeps, SourceConnector } from '../connectors/shared/connector';
import { defineConnector, POSTGRES_ONLY } from '../connectors/shared/define';
import type { SourceLoaderMap, SourceName } from '../connectors/shared/source';
import { registerLoaders } from './graphql/context';

export type Connectors = Record<SourceName, SourceConnector<unknown>>;

/** One connector per source, its adapter from the configuration (postgres for a source without an upstream). */
export function createConnectors(config: Pick<Config, 'sources'>, deps: ConnectorDeps): Connectors {
  const settings = config.sources as Partial<Record<SourceName, Config['sources'][keyof Config['sources']]>>;
  return Object.fromEntries(
    SOURCES.map((s) => [s.name, defineConnector(s, (s.upstream && settings[s.name]) || POSTGRES_ONLY, deps)]),
  ) as Connectors;
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
