/**
 * The `status` loader of a connector, in its two adapters:
 * - postgres: the mirror is the source; the status is OK and the provenance is how the mirror's
 *   data arrived (core.source_sync).
 * - http: one batched upstream call per request for the firms whose mirror copy is not fresh;
 *   fetched profiles are written through to the mirror (with core.source_sync stamped
 *   LIVE_FETCH); a firm whose fetch failed is served from an older mirror copy marked STALE,
 *   or, with none, reported UNAVAILABLE or TIMEOUT with the error. When the request's deadline
 *   cuts the status's own read of the mirror's provenance (a connection not free in time,
 *   `Database.withDeadline`), the source is TIMEOUT with that error (DEADLINE_EXCEEDED).
 */
import type DataLoader from 'dataloader';
import { loader } from '../../src/lib/loader';
import type { PoolClient } from 'pg';
import type { Database } from '../../src/db/database';
import { DeadlineExceededError } from '../../src/errors';
import { Origin, SourceSync } from '../../src/provenance/source-sync.entity';
import type { RequestScope, SourceName, SourceStatus } from './connector';
import { oneByKey, selectColumns, USCC_ARRAY } from './sql';
import { UpstreamError, type UpstreamClient } from './upstream.client';

async function readSync(db: Database, source: SourceName, usccs: readonly string[]): Promise<(SourceSync | null)[]> {
  const { rows } = await db.query<SourceSync>(
    `SELECT ${selectColumns(SourceSync, 's')} FROM core.source_sync s WHERE s.source = $2 AND s.uscc = ANY($1::${USCC_ARRAY})`,
    [usccs, source],
  );
  return oneByKey(usccs, rows, (r) => r.uscc);
}

/** The mirror is the source: always there (a firm without records has empty lists). */
export function mirrorStatusLoader(source: SourceName): DataLoader<string, SourceStatus> {
  return loader(async (usccs) =>
    usccs.map(() => ({ source, status: 'OK', found: true, fetchedAt: null, latencyMs: 0, error: null })),
  );
}

/** Writes fetched profiles (`values[i]` of firm `usccs[i]`) into the source's mirror tables, inside the given transaction. */
export type WriteThrough<P> = (client: PoolClient, usccs: string[], values: P[]) => Promise<void>;

export interface HttpStatusOptions<P> {
  db: Database;
  source: SourceName;
  client: UpstreamClient<P>;
  writeThrough: WriteThrough<P>;
  freshnessMs: number;
  /** For provenance: what was called. */
  originRef: string;
  scope: RequestScope;
}

export function httpStatusLoader<P>(o: HttpStatusOptions<P>): DataLoader<string, SourceStatus> {
  return loader(async (usccs) => {
    const started = Date.now();
    let sync: (SourceSync | null)[];
    try {
      sync = await readSync(o.db, o.source, usccs);
    } catch (err) {
      if (!(err instanceof DeadlineExceededError)) throw err;
      return usccs.map((): SourceStatus => ({
        source: o.source,
        status: 'TIMEOUT',
        found: false,
        fetchedAt: null,
        latencyMs: Date.now() - started,
        error: err,
      }));
    }
    const fresh = (s: SourceSync | null) =>
      !!s && s.origin === Origin.LIVE_FETCH && o.freshnessMs > 0 && started - s.fetchedAt.getTime() < o.freshnessMs;
    const toFetch = usccs.filter((_, i) => !fresh(sync[i]));
    const results = toFetch.length ? await o.client.batchGet(toFetch, o.scope.deadline, o.scope.onCall) : [];
    const byUscc = new Map(toFetch.map((u, i) => [u, results[i]]));

    const fetchedAt = new Date();
    const found = results.filter(
      (r): r is { uscc: string; asOf: string | null; value: P } => !(r instanceof UpstreamError) && r.value !== null,
    );
    if (found.length) {
      const rows = found.map((r) => ({
        uscc: r.uscc,
        source: o.source,
        origin: Origin.LIVE_FETCH,
        originRef: o.originRef,
        asOf: r.asOf,
        fetchedAt,
      }));
      await o.db.transaction(async (client) => {
        await o.writeThrough(
          client,
          found.map((r) => r.uscc),
          found.map((r) => r.value),
        );
        await client.query(
          `INSERT INTO core.source_sync (uscc, source, origin, origin_ref, as_of, fetched_at)
           SELECT uscc, source, origin::core.origin, origin_ref, as_of, fetched_at FROM jsonb_to_recordset($1::jsonb)
             AS r(uscc char(18), source varchar, origin text, origin_ref text, as_of date, fetched_at timestamptz)
           ON CONFLICT (uscc, source) DO UPDATE SET origin = EXCLUDED.origin, origin_ref = EXCLUDED.origin_ref,
             as_of = EXCLUDED.as_of, fetched_at = EXCLUDED.fetched_at`,
          [
            JSON.stringify(
              rows.map((r) => ({
                uscc: r.uscc,
                source: r.source,
                origin: r.origin,
                origin_ref: r.originRef,
                as_of: r.asOf,
                fetched_at: r.fetchedAt,
              })),
            ),
          ],
        );
      });
    }

    const latencyMs = Date.now() - started;
    return usccs.map((uscc, i): SourceStatus => {
      const base = { source: o.source, latencyMs };
      const result = byUscc.get(uscc);
      if (result === undefined)
        return { ...base, status: 'OK', found: true, fetchedAt: sync[i]!.fetchedAt, error: null };
      if (!(result instanceof UpstreamError))
        return { ...base, status: 'OK', found: result.value !== null, fetchedAt, error: null };
      if (sync[i]) return { ...base, status: 'STALE', found: true, fetchedAt: sync[i]!.fetchedAt, error: result };
      return {
        ...base,
        status: result.code === 'UPSTREAM_TIMEOUT' ? 'TIMEOUT' : 'UNAVAILABLE',
        found: false,
        fetchedAt: null,
        error: result,
      };
    });
  });
}
