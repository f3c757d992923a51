/**
 * Keeps what a run found in a lifecycle table (lifecycle.entity.ts): the data-quality findings
 * (core.quality_finding, src/quality/quality.service.ts) and the early warnings (core.warning,
 * src/warnings/warning.service.ts) are stored the same way, here, set-based, in the caller's
 * transaction:
 *
 * - upsert by fingerprint, in `unnest` batches: a new row is inserted (status at its default,
 *   first and last seen = the run); a known one gets the fresh severity, message, evidence,
 *   sources and per-kind columns, `last_seen_at` = the run and its resolved column back to null
 *   (reopened, when it had been resolved). Status and people's decisions are never written: a
 *   person's decision survives every run;
 * - "no longer seen => resolved": the rows of the firms and codes the run covered that it did not
 *   produce get their resolved column set to the run (not deleted: what was once raised stays
 *   traceable); every other row is untouched.
 *
 * A table is described once (`LifecycleTable`): its name, its fingerprint type, the names of its
 * first-seen and resolved columns, and its extra columns (a warning's tier, refreshed by every run,
 * and verify_due_at, written when inserted only).
 */
import type { PoolClient } from 'pg';
import type { Severity } from './lifecycle.entity';

export class LifecycleStoreError extends Error {
  override name = 'LifecycleStoreError';
}

/** What a run saw: one finding or warning, before it is stored. */
export interface Sighting {
  uscc: string;
  code: string;
  severity: Severity;
  message: string;
  evidence: object;
  sources: readonly string[];
  fingerprint: string;
}

/** A column of one kind only, written from each sighting (as text, cast to `type`). */
export interface ExtraColumn<S> {
  column: string;
  /** The SQL type the text value is cast to, e.g. core.health_tier, timestamptz. */
  type: string;
  value(sighting: S, runAt: Date): string | null;
  /** true: every run writes it; false: written when the row is inserted, then left to people. */
  refresh: boolean;
}

export interface LifecycleTable<S extends Sighting> {
  /** Schema-qualified, e.g. core.warning. */
  table: string;
  /** What one row is, in errors: 'warning', 'finding'. */
  noun: string;
  /** Who raises one, in errors: 'a rule', 'a check'. */
  producer: string;
  /** The fingerprint column's SQL type, so lookups by it use its index: bpchar or text (varchar). */
  fingerprintType: 'bpchar' | 'text';
  firstSeenColumn: string;
  resolvedColumn: string;
  extra: readonly ExtraColumn<S>[];
}

export interface StoreOptions {
  /** The instant of the run: first/last seen of what it saw, resolved of what it no longer saw. */
  runAt: Date;
  /** The firms the run covered (undefined: every firm): only their rows are resolved. */
  scope?: readonly string[];
  /** Whether a sighting of a firm outside `scope` is refused (else stored, never resolved by this run). */
  scopeIsStrict: boolean;
  /** The codes the run covered (undefined: every code): only their rows are resolved. */
  codes?: readonly string[];
  /** Sightings per upsert statement. */
  batchSize: number;
}

export interface StoreResult {
  /** New rows. */
  inserted: number;
  /** Known rows the run saw again (the reopened included). */
  updated: number;
  /** Of `updated`, those that had been resolved and are seen again. */
  reopened: number;
  /** Rows of the firms and codes the run covered that it no longer saw, now resolved. */
  resolved: number;
}

/** One text[] literal: sources may hold any character. */
const textArray = (values: readonly string[]) => `{${values.map((s) => `"${s.replace(/["\\]/g, '\\$&')}"`).join(',')}}`;

function check<S extends Sighting>(kind: LifecycleTable<S>, sightings: readonly S[], options: StoreOptions): void {
  if (Number.isNaN(options.runAt.getTime())) throw new LifecycleStoreError('runAt is not a valid date');
  const seen = new Set<string>();
  const inScope = options.scope && options.scopeIsStrict ? new Set(options.scope) : null;
  for (const s of sightings) {
    if (seen.has(s.fingerprint))
      throw new LifecycleStoreError(
        `two ${kind.noun}s of the run share fingerprint ${s.fingerprint} (${s.code}, ${s.uscc}): ${kind.producer} must raise a subject once`,
      );
    seen.add(s.fingerprint);
    if (inScope && !inScope.has(s.uscc))
      throw new LifecycleStoreError(
        `${kind.noun} ${s.code} of ${s.uscc} is outside the run's scope of ${inScope.size} firm(s)`,
      );
  }
}

/**
 * The upsert of one batch. `prev` reads the rows as they were before the statement (one
 * snapshot), so the result tells new, seen-again and reopened apart.
 */
function upsertSql<S extends Sighting>(kind: LifecycleTable<S>): string {
  const fp = kind.fingerprintType;
  const extraParams = kind.extra.map((_, i) => `$${i + 9}::text[]`);
  const extraNames = kind.extra.map((_, i) => `e${i}`);
  const refreshed = kind.extra.filter((e) => e.refresh).map((e) => `, ${e.column} = EXCLUDED.${e.column}`);
  return `WITH t AS (
      SELECT * FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::${fp}[]${extraParams.map((p) => `, ${p}`).join('')})
               AS t(uscc, code, severity, message, evidence, sources, fingerprint${extraNames.map((n) => `, ${n}`).join('')})
    ), prev AS (
      SELECT x.fingerprint, x.${kind.resolvedColumn} AS resolved FROM ${kind.table} x WHERE x.fingerprint IN (SELECT fingerprint FROM t)
    ), up AS (
      INSERT INTO ${kind.table} (uscc, code, severity, message, evidence, sources, fingerprint, ${kind.firstSeenColumn}, last_seen_at${kind.extra.map((e) => `, ${e.column}`).join('')})
      SELECT t.uscc, t.code, t.severity::core.quality_severity, t.message, t.evidence::jsonb, t.sources::text[], t.fingerprint, $1, $1${kind.extra.map((e, i) => `, t.e${i}::${e.type}`).join('')}
        FROM t
      ON CONFLICT (fingerprint) DO UPDATE
         SET severity = EXCLUDED.severity, message = EXCLUDED.message, evidence = EXCLUDED.evidence, sources = EXCLUDED.sources,
             last_seen_at = EXCLUDED.last_seen_at, ${kind.resolvedColumn} = NULL${refreshed.join('')}
      RETURNING fingerprint, (xmax = 0) AS inserted
    )
    SELECT up.inserted, (prev.resolved IS NOT NULL) AS reopened FROM up LEFT JOIN prev USING (fingerprint)`;
}

/**
 * Stores what a run at `options.runAt` saw (see the module comment), inside the caller's
 * transaction. Fingerprints must be unique in a run; with a strict scope, every sighting must be
 * of a firm in it. Either is checked before anything is written.
 */
export async function storeSightings<S extends Sighting>(
  client: Pick<PoolClient, 'query'>,
  kind: LifecycleTable<S>,
  sightings: readonly S[],
  options: StoreOptions,
): Promise<StoreResult> {
  check(kind, sightings, options);
  const { runAt } = options;
  const sql = upsertSql(kind);
  let inserted = 0;
  let updated = 0;
  let reopened = 0;
  for (let start = 0; start < sightings.length; start += options.batchSize) {
    const batch = sightings.slice(start, start + options.batchSize);
    const { rows } = await client.query<{ inserted: boolean; reopened: boolean }>(sql, [
      runAt,
      batch.map((s) => s.uscc),
      batch.map((s) => s.code),
      batch.map((s) => s.severity),
      batch.map((s) => s.message),
      batch.map((s) => JSON.stringify(s.evidence)),
      batch.map((s) => textArray(s.sources)),
      batch.map((s) => s.fingerprint),
      ...kind.extra.map((e) => batch.map((s) => e.value(s, runAt))),
    ]);
    for (const r of rows) {
      if (r.inserted) inserted++;
      else {
        updated++;
        if (r.reopened) reopened++;
      }
    }
  }
  // The run's fingerprints go in as one array; NOT IN over a subquery is a hashed anti-join.
  const params: unknown[] = [runAt, sightings.map((s) => s.fingerprint)];
  const conds = [
    `x.${kind.resolvedColumn} IS NULL`,
    `x.fingerprint NOT IN (SELECT unnest($2::${kind.fingerprintType}[]))`,
  ];
  if (options.codes) {
    params.push([...options.codes]);
    conds.push(`x.code = ANY($${params.length}::text[])`);
  }
  if (options.scope) {
    params.push([...options.scope]);
    conds.push(`x.uscc = ANY($${params.length}::bpchar[])`);
  }
  const resolved = await client.query(
    `UPDATE ${kind.table} x SET ${kind.resolvedColumn} = $1 WHERE ${conds.join(' AND ')}`,
    params,
  );
  return { inserted, updated, reopened, resolved: resolved.rowCount ?? 0 };
}
