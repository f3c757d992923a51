/**
 * Keeps the early warnings the rules detect in core.warning, whatever rule produced them, through
 * the lifecycle store the data-quality findings use too (src/lifecycle/lifecycle.store.ts).
 *
 * `storeWarnings` upserts one run's warnings by fingerprint, in one transaction and set-based
 * (`unnest` batches): new ones are inserted OPEN with `verify_due_at` = run + 24 h; known ones
 * get the fresh severity, tier, message, evidence and sources, `last_seen_at` and `cleared_at`
 * back to null. Status, due dates and decisions are never touched by a run: they are people's
 * (src/review/review.service.ts, `reviewWarning`). Warnings of the firms the run covered
 * (`scope`, or every firm) that the run did not produce are cleared (`cleared_at` set), not
 * deleted, so what was once raised stays traceable.
 */
import type { PoolClient } from 'pg';
import type { Database } from '../db/database';
import { LifecycleStoreError, storeSightings, type LifecycleTable } from '../lifecycle/lifecycle.store';
import type { DetectedWarning } from './warning';
import { verifyDueAt, WARNING_LIFECYCLE, type WarningLifecycleConfig } from './lifecycle.config';

/** A run refused before anything is written (a fingerprint twice, a firm outside the scope, no valid run time). */
export { LifecycleStoreError as WarningStoreError };

export interface StoreWarningsResult {
  /** New warnings (status OPEN). */
  inserted: number;
  /** Known warnings the run raised again (including the reopened ones). */
  updated: number;
  /** Of `updated`, those that had been cleared and fired again. */
  reopened: number;
  /** Warnings of the run's firms that it did not raise, now cleared. */
  cleared: number;
}

/** core.warning for the lifecycle store: the tier refreshed by every run, verification due 24 h after the first. */
function warningTable(config: WarningLifecycleConfig): LifecycleTable<DetectedWarning> {
  return {
    table: 'core.warning',
    noun: 'warning',
    producer: 'a rule',
    fingerprintType: 'text',
    firstSeenColumn: 'first_seen_at',
    resolvedColumn: 'cleared_at',
    extra: [
      { column: 'tier', type: 'core.health_tier', value: (w) => w.tier, refresh: true },
      {
        column: 'verify_due_at',
        type: 'timestamptz',
        value: (_w, runAt) => verifyDueAt(runAt, config).toISOString(),
        refresh: false,
      },
    ],
  };
}

/**
 * Stores the warnings a run at `runAt` detected. `scope` names the firms the run covered: only
 * their warnings are cleared when not raised again (undefined: the run covered every firm).
 * Every detected warning must belong to the scope, and fingerprints must be unique in a run.
 */
export function storeWarnings(
  db: Database,
  detected: readonly DetectedWarning[],
  runAt: Date,
  scope?: readonly string[],
  config: WarningLifecycleConfig = WARNING_LIFECYCLE,
): Promise<StoreWarningsResult> {
  return db.transaction((client) => storeWarningsIn(client, detected, runAt, { scope, config }));
}

/**
 * `storeWarnings` inside the caller's transaction (a rescore batch stores its snapshots and
 * warnings together). With `codes`, the run covered those rules only: the scope's warnings of
 * other rules are left as they are.
 */
export async function storeWarningsIn(
  client: PoolClient,
  detected: readonly DetectedWarning[],
  runAt: Date,
  {
    scope,
    config = WARNING_LIFECYCLE,
    codes,
  }: { scope?: readonly string[]; config?: WarningLifecycleConfig; codes?: readonly string[] } = {},
): Promise<StoreWarningsResult> {
  const { resolved, ...counts } = await storeSightings(client, warningTable(config), detected, {
    runAt,
    scope,
    scopeIsStrict: true,
    codes,
    batchSize: config.storeBatchSize,
  });
  return { ...counts, cleared: resolved };
}
