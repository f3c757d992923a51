/**
 * The contract every source connector meets (docs/upstream-protocol.md):
 * - `defineConnector(descriptor, config, deps)` (./define.ts; `connectSource` in src/connectors.ts)
 *   builds it from the source's descriptor; `deps` brings the database, `fetch` and the metrics
 *   (no globals);
 * - `createLoaders(scope)` runs once per GraphQL request with that request's deadline; its
 *   batch functions return one value, `null` or an `Error` per key, in key order;
 * - `loaders.status` says, per firm, whether the source's data could be had (a live fetch in
 *   `http` mode, written through to the mirror; the mirror itself in `postgres` mode); every
 *   other loader reads the mirror with batched SQL;
 * - `health()` reports whether the source can be read; `dispose()` releases what it holds.
 */
import type DataLoader from 'dataloader';
import { loader } from '../../src/lib/loader';
import type { Database } from '../../src/db/database';
import type { DeadlineExceededError } from '../../src/errors';
import type { CallRecord, ConnectorMetrics } from './metrics';
import type { Deadline } from '../../src/lib/deadline';
import type { UpstreamError, UpstreamSettings } from './upstream.client';
import type { SourceName } from './source-name';

export type { SourceName } from './source-name';

export interface ConnectorDeps {
  db: Database;
  fetch?: typeof fetch;
  metrics?: ConnectorMetrics;
}

/** What one GraphQL request gives its loaders. */
export interface RequestScope {
  deadline: Deadline;
  /**
   * The request's view of the database (`Database.withDeadline`): the loaders read through it, so
   * a read still waiting for a connection at the deadline is not sent. Without one (tests, tools),
   * the connector's own database.
   */
  db?: Database;
  /** Called for every upstream call (the debug extensions list them). */
  onCall?: (call: CallRecord) => void;
}

export type SourceStatusCode = 'OK' | 'STALE' | 'UNAVAILABLE' | 'TIMEOUT';

export interface SourceStatus {
  source: SourceName;
  status: SourceStatusCode;
  /** False when the live upstream says it does not know the firm. */
  found: boolean;
  /** When the data now served was fetched, if known here (a live fetch or a STALE copy). */
  fetchedAt: Date | null;
  latencyMs: number;
  /**
   * Why the source failed (also set for STALE: the data served is the older mirror copy): the
   * upstream's error, or the request's deadline cutting the source's own database read (TIMEOUT).
   */
  error: UpstreamError | DeadlineExceededError | null;
}

export interface SourceHealth {
  source: SourceName;
  ok: boolean;
  adapter: 'postgres' | 'http';
  detail?: string;
}

export interface SourceConnector<L> {
  readonly source: SourceName;
  readonly adapter: 'postgres' | 'http';
  readonly metrics: ConnectorMetrics;
  createLoaders(scope: RequestScope): L & { status: DataLoader<string, SourceStatus> };
  health(): Promise<SourceHealth>;
  dispose(): Promise<void>;
}

/** Health of a postgres-mirror source: one trivial read of one of its tables. */
export async function mirrorHealth(db: Database, source: SourceName, table: string): Promise<SourceHealth> {
  try {
    await db.query(`SELECT 1 FROM ${table} LIMIT 1`);
    return { source, ok: true, adapter: 'postgres' };
  } catch (err) {
    return { source, ok: false, adapter: 'postgres', detail: (err as Error).message };
  }
}

/**
 * A loader whose keys carry arguments beside the firm (`{ uscc, first }`): keys are cached by
 * value and each batch runs `load` once per distinct argument set (normally one), so the number
 * of statements does not grow with the number of firms.
 */
export function argsLoader<A extends object, V>(
  load: (usccs: string[], args: A) => Promise<V[]>,
): DataLoader<{ uscc: string } & A, V, string> {
  return loader<{ uscc: string } & A, V, string>(
    async (keys) => {
      const groups = new Map<string, number[]>();
      keys.forEach(({ uscc: _uscc, ...args }, i) => {
        const sig = JSON.stringify(args);
        const list = groups.get(sig);
        if (list) list.push(i);
        else groups.set(sig, [i]);
      });
      const out = new Array<V>(keys.length);
      await Promise.all(
        [...groups.entries()].map(async ([sig, idx]) => {
          const values = await load(
            idx.map((i) => keys[i].uscc),
            JSON.parse(sig) as A,
          );
          idx.forEach((i, j) => (out[i] = values[j]));
        }),
      );
      return out;
    },
    { cacheKeyFn: (k) => JSON.stringify(k) },
  );
}

/** A connector's configuration (src/config.ts reads it from the environment). */
export interface ConnectorConfig {
  adapter: 'postgres' | 'http';
  /** Set when `adapter` is `http`. */
  upstream?: UpstreamSettings;
  /** Serve the mirror without calling the upstream while its last live fetch is this recent (0: always fetch). */
  freshnessMs: number;
}
