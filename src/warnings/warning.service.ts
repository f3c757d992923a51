/**
 * Keeps the early warnings the rules detect in core.warning, whatever rule produced them.
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
import type { DetectedWarning } from './warning';
import { verifyDueAt, WARNING_LIFECYCLE, type WarningLifecycleConfig } from './lifecycle.config';

export class WarningStoreError extends Error {
  override name = 'WarningStoreError';
}

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
  return db.transaction((client) => storeWarningsIn(client, detected, runAt, scope, config));
}

/** `storeWarnings` inside the caller's transaction (a rescore batch stores its snapshots and warnings together). */
export async function storeWarningsIn(
  client: PoolClient,
  detected: readonly DetectedWarning[],
  runAt: Date,
  scope?: readonly string[],
  config: WarningLifecycleConfig = WARNING_LIFECYCLE,
): Promise<StoreWarningsResult> {
  if (Number.isNaN(runAt.getTime())) throw new WarningStoreError('runAt is not a valid date');
  const seen = new Set<string>();
  const inScope = scope ? new Set(scope) : null;
  for (const w of detected) {
    if (seen.has(w.fingerprint))
      throw new WarningStoreError(
        `two warnings of the run share fingerprint ${w.fingerprint} (${w.code}, ${w.uscc}): a rule must raise a subject once`,
      );
    seen.add(w.fingerprint);
    if (inScope && !inScope.has(w.uscc))
      throw new WarningStoreError(
        `warning ${w.code} of ${w.uscc} is outside the run's scope of ${inScope.size} firm(s)`,
      );
  }
  const dueAt = verifyDueAt(runAt, config);
  let inserted = 0;
  let updated = 0;
  let reopened = 0;
  for (let start = 0; start < detected.length; start += config.storeBatchSize) {
    const batch = detected.slice(start, start + config.storeBatchSize);
    // `prev` reads the rows as they were before this statement (one snapshot), so the
    // result tells new, seen-again and reopened (cleared, now firing again) apart.
    const { rows } = await client.query<{ inserted: boolean; reopened: boolean }>(
      `WITH t AS (
         SELECT * FROM unnest($3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::text[])
                  AS t(uscc, code, severity, tier, message, evidence, sources, fingerprint)
       ), prev AS (
         SELECT w.fingerprint, w.cleared_at FROM core.warning w WHERE w.fingerprint IN (SELECT fingerprint FROM t)
       ), up AS (
         INSERT INTO core.warning (uscc, code, severity, tier, message, evidence, sources, fingerprint, first_seen_at, last_seen_at, verify_due_at)
         SELECT t.uscc, t.code, t.severity::core.quality_severity, t.tier::core.health_tier, t.message, t.evidence::jsonb,
                t.sources::text[], t.fingerprint, $1, $1, $2
           FROM t
         ON CONFLICT (fingerprint) DO UPDATE
            SET severity = EXCLUDED.severity, tier = EXCLUDED.tier, message = EXCLUDED.message, evidence = EXCLUDED.evidence,
                sources = EXCLUDED.sources, last_seen_at = EXCLUDED.last_seen_at, cleared_at = NULL
         RETURNING fingerprint, (xmax = 0) AS inserted
       )
       SELECT up.inserted, (prev.cleared_at IS NOT NULL) AS reopened FROM up LEFT JOIN prev USING (fingerprint)`,
      [
        runAt,
        dueAt,
        batch.map((w) => w.uscc),
        batch.map((w) => w.code),
        batch.map((w) => w.severity),
        batch.map((w) => w.tier),
        batch.map((w) => w.message),
        batch.map((w) => JSON.stringify(w.evidence)),
        // one text[] literal per warning: sources may hold any character
        batch.map((w) => `{${w.sources.map((s) => `"${s.replace(/["\\]/g, '\\$&')}"`).join(',')}}`),
        batch.map((w) => w.fingerprint),
      ],
    );
    for (const r of rows) {
      if (r.inserted) inserted++;
      else {
        updated++;
        if (r.reopened) reopened++;
      }
    }
  }
  // The run's fingerprints go in as one array; NOT IN over a subquery is a hashed anti-join.
  const cleared = await client.query(
    `UPDATE core.warning w SET cleared_at = $1
      WHERE w.cleared_at IS NULL
        AND ($2::bpchar[] IS NULL OR w.uscc = ANY($2::bpchar[]))
        AND w.fingerprint NOT IN (SELECT unnest($3::text[]))`,
    [runAt, scope ? [...scope] : null, [...seen]],
  );
  return { inserted, updated, reopened, cleared: cleared.rowCount ?? 0 };
}
