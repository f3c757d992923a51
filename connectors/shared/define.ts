/**
 * Builds a connector from what is particular to its source (its mirror loaders, and for an
 * upstream source the payload schema and how a payload is written to the mirror) and the
 * adapter its configuration chooses. One code path for every source.
 */
import type { ConnectorConfig, ConnectorDeps, SourceConnector, SourceHealth, SourceName } from './connector';
import type { ConnectorSpec } from './source';
import { mirrorHealth } from './connector';
import { ConnectorMetrics } from './metrics';
import { httpStatusLoader, mirrorStatusLoader } from './source-status';
import { createUpstreamClient } from './upstream.client';

export const POSTGRES_ONLY: ConnectorConfig = { adapter: 'postgres', freshnessMs: 0 };

export function defineConnector<L, P>(
  spec: ConnectorSpec<L, P> & { name: SourceName },
  config: ConnectorConfig,
  deps: ConnectorDeps,
): SourceConnector<L> {
  const { db } = deps;
  const metrics = deps.metrics ?? new ConnectorMetrics(spec.name);
  const settings = config.adapter === 'http' ? config.upstream : undefined;
  if (config.adapter === 'http' && (!settings || !spec.upstream)) {
    throw new Error(
      `${spec.name}: the http adapter needs ${spec.upstream ? 'upstream settings (a base URL)' : 'an upstream API, which this source does not have'}`,
    );
  }
  const fetchFn = deps.fetch ?? fetch;
  const client =
    settings && spec.upstream
      ? createUpstreamClient(spec.name, spec.upstream.resource, settings, spec.upstream.schema, {
          fetch: fetchFn,
          metrics,
        })
      : undefined;

  return {
    source: spec.name,
    adapter: config.adapter,
    metrics,
    createLoaders(scope) {
      // The request's view of the database when it has one (reads stop at its deadline).
      const reads = scope.db ?? db;
      const status =
        client && spec.upstream
          ? httpStatusLoader({
              db: reads,
              source: spec.name,
              client,
              writeThrough: spec.upstream.writeThrough,
              freshnessMs: config.freshnessMs,
              originRef: `POST ${settings!.baseUrl}/v1/${spec.upstream.resource}/profiles:batchGet`,
              scope,
            })
          : mirrorStatusLoader(spec.name);
      return { ...spec.mirrorLoaders(reads), status };
    },
    async health(): Promise<SourceHealth> {
      const mirror = await mirrorHealth(db, spec.name, spec.healthTable);
      if (!settings) return mirror;
      try {
        const res = await fetchFn(`${settings.baseUrl.replace(/\/$/, '')}/healthz`, {
          signal: AbortSignal.timeout(settings.timeoutMs),
        });
        // The upstream may be up while it reports this source as failing (docs/upstream-protocol.md, "Health": `outages`).
        const body = res.ok ? ((await res.json().catch(() => ({}))) as { outages?: unknown }) : {};
        const outage = Array.isArray(body.outages) && body.outages.includes(spec.upstream!.resource);
        const ok = res.ok && !outage && mirror.ok;
        const why = !res.ok
          ? `upstream HTTP ${res.status}`
          : outage
            ? `upstream reports an outage of ${spec.upstream!.resource}`
            : 'upstream ok';
        return {
          source: spec.name,
          adapter: 'http',
          ok,
          detail: ok ? `breaker ${metrics.breakerState}` : `${why}; ${mirror.detail ?? 'mirror ok'}`,
        };
      } catch (err) {
        return {
          source: spec.name,
          adapter: 'http',
          ok: false,
          detail: `upstream unreachable: ${(err as Error).message}`,
        };
      }
    },
    dispose: async () => {},
  };
}
