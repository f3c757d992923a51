/**
 * Runs the data-quality checks over the portfolio, or over some firms, and keeps their findings
 * in core.quality_finding.
 *
 * - `detect` runs one check's set-based SQL and formats its rows (nothing is written), which is
 *   what tests use on the shared database; with a scope, only for those firms (`scopedSql`
 *   wraps any check's SQL in a firm filter), which is what reads and incremental runs use.
 * - `storeFindings` upserts one check's findings by fingerprint, in one transaction (the
 *   lifecycle store, src/lifecycle/lifecycle.store.ts, which keeps early warnings too): new ones
 *   are inserted OPEN, known ones get the fresh evidence and `last_seen_at` (and `resolved_at`
 *   cleared if they had been resolved), and findings of that check the run no longer produces
 *   (of the scope's firms, when scoped) are RESOLVED (`resolved_at` set), not deleted, so a
 *   flag once raised stays traceable. A person's status (CONFIRMED / DISMISSED) is never
 *   overwritten by a run.
 * - `runQuality` runs every check, FULL or INCREMENTAL (the firms whose data changed since the
 *   last completed run started), and records the run in core.quality_run.
 */
import { createHash } from 'node:crypto';
import { statementName, type Database } from '../db/database';
import type { AsOf, CheckRow, CheckSql, DetectedFinding, QualityCheck } from './check';
import { CHECKS } from './checks';
import { Severity } from './finding.entity';
import { QualityRunMode, type QualityRunCheck } from './quality-run.entity';
import { addMonths, lastDayOfMonth, parseYearMonth } from './months';
import { QUALITY_CONFIG, type QualityConfig } from './quality.config';
import { storeSightings, type LifecycleTable, type StoreResult } from '../lifecycle/lifecycle.store';

export class QualityError extends Error {
  override name = 'QualityError';
}

/** sha256 of code, firm and subject: the finding's identity across runs. */
export function fingerprint(code: string, uscc: string, subject: string): string {
  return createHash('sha256').update(`${code}\u0000${uscc}\u0000${subject}`).digest('hex');
}

/** The calendar month before `now`'s (UTC). */
export function lastCompleteMonth(now: Date): AsOf {
  const y = now.getUTCFullYear();
  const m = now.getUTCMonth(); // 0-based: the previous month's 1-based number
  const month = m === 0 ? `${y - 1}-12` : `${y}-${String(m).padStart(2, '0')}`;
  return { month, date: lastDayOfMonth(month) };
}

/**
 * The portfolio's as-of point: the newest VAT declaration period plus the declaration lag (a
 * period is declared in the month after it), or `override` (YYYY-MM), an earlier month, for a
 * backfill. A later month is refused: its data is not complete, and a run as of it would become
 * every firm's latest score. Without declarations, `override` may be any month up to the last
 * complete calendar month.
 */
export async function resolveAsOf(
  db: Database,
  override?: string,
  config: QualityConfig = QUALITY_CONFIG,
  now: Date = new Date(),
): Promise<AsOf> {
  if (override !== undefined) parseYearMonth(override);
  const { rows } = await db.query<{ period: string | null }>('SELECT max(period) AS period FROM tax.vat_declaration');
  const newest = rows[0].period;
  const lag = config.asOf.declarationLagMonths;
  if (newest === null && override === undefined)
    throw new QualityError("no VAT declarations: cannot tell the portfolio's as-of month; pass --as-of YYYY-MM");
  const latest = newest === null ? lastCompleteMonth(now).month : addMonths(newest, lag);
  const month = override ?? latest;
  if (month > latest)
    throw new QualityError(
      newest === null
        ? `--as-of ${month} is after the last complete month (${latest}): its data is not complete yet`
        : `--as-of ${month} is after the portfolio's as-of month ${latest} (its newest VAT declaration period, ${newest}, ` +
            `plus the declaration lag of ${lag} month(s)): that month's data is not complete yet; pass ${latest} or an earlier month`,
    );
  return { month, date: lastDayOfMonth(month) };
}

/**
 * A check's statement limited to the findings of some firms, without touching the check: its
 * SQL becomes a subquery filtered on the `uscc` it returns, the firms appended as one more
 * parameter. The result is exactly the whole-portfolio result's rows of those firms (a finding
 * is attributed to a firm by the check itself, whatever rows of other firms it looks at), so
 * it is correct for any check; how fast depends on whether the planner can push the filter
 * down into the check's scans (see src/quality/README.md, "Checks scoped to some firms").
 */
export function scopedSql(sql: CheckSql, usccs: readonly string[]): CheckSql {
  const text = sql.text.trim().replace(/;$/, '');
  const n = sql.values.length + 1;
  // One firm: an equality, which the planner propagates through the check's joins to every
  // table joined on the firm (equivalence classes); `= ANY(array)` only reaches the side it
  // is written on. The parameter is the array either way (a check's firmSql reads it too).
  const filter = usccs.length === 1 ? `scoped.uscc = ($${n}::bpchar[])[1]` : `scoped.uscc = ANY($${n}::bpchar[])`;
  return { text: `SELECT * FROM (${text}\n) AS scoped WHERE ${filter}`, values: [...sql.values, usccs] };
}

/**
 * Runs one check (read only) and returns its findings: over the whole portfolio, or, with
 * `scope`, only those of the given firms (the same statement, filtered: see scopedSql).
 * `withRelated`: for a check with firmSql, also the findings of other firms it returns (a
 * duplicate of a changed firm's invoice attributed to the other seller), unfiltered; what the
 * incremental job stores.
 */
export async function detect(
  db: Database,
  check: QualityCheck,
  asOf: AsOf,
  config: QualityConfig = QUALITY_CONFIG,
  scope?: readonly string[],
  withRelated = false,
): Promise<DetectedFinding[]> {
  if (scope && scope.length === 0) return [];
  let sql = check.sql(asOf, config);
  if (scope && check.firmSql && withRelated) {
    const firmSql = check.firmSql(asOf, config);
    sql = { text: firmSql.text, values: [...firmSql.values, scope] };
  } else if (scope) {
    sql = scopedSql((check.firmSql ?? check.sql)(asOf, config), scope);
  }
  const { text, values } = sql;
  // One firm (an applicant's approval, a firm's data-quality read): prepared once per connection
  // under a name taken from its text, as planning the larger checks cost several times running them.
  const { rows } = await db.query<CheckRow>(
    text,
    values,
    scope?.length === 1 ? statementName('check-one', text) : undefined,
  );
  return rows.map((row) => {
    const result = check.evidence(row, asOf, config);
    return {
      code: check.code,
      uscc: row.uscc,
      severity: result.severity ?? check.severity,
      message: result.message,
      // Stored and read back as JSON; its type is the check's (`evidenceType`).
      evidence: result.evidence as Record<string, unknown>,
      sources: result.sources ?? check.sources,
      fingerprint: fingerprint(check.code, row.uscc, row.subject),
    };
  });
}

export type { StoreResult };

/** core.quality_finding for the lifecycle store: no columns beyond the shared ones. */
const FINDINGS: LifecycleTable<DetectedFinding> = {
  table: 'core.quality_finding',
  noun: 'finding',
  producer: 'a check',
  fingerprintType: 'bpchar',
  firstSeenColumn: 'detected_at',
  resolvedColumn: 'resolved_at',
  extra: [],
};

/**
 * Upserts the findings of one check run at `runAt` and resolves that check's findings the run
 * did not produce: all of them, or with `scope` (an incremental run that checked only those
 * firms) only those of the firms in scope, so other firms' findings stay untouched (a finding
 * of another firm the check returned is stored, not resolved). One transaction, through the
 * lifecycle store early warnings use too (src/lifecycle/lifecycle.store.ts).
 */
export async function storeFindings(
  db: Database,
  code: string,
  findings: readonly DetectedFinding[],
  runAt: Date,
  config: QualityConfig = QUALITY_CONFIG,
  scope?: readonly string[],
): Promise<StoreResult> {
  const other = findings.find((f) => f.code !== code);
  if (other) throw new QualityError(`storeFindings of ${code} got a finding of ${other.code}`);
  return db.transaction((client) =>
    storeSightings(client, FINDINGS, findings, {
      runAt,
      scope,
      scopeIsStrict: false,
      codes: [code],
      batchSize: config.store.batchSize,
    }),
  );
}

export interface CheckRun extends StoreResult {
  code: string;
  findings: number;
  firms: number;
  bySeverity: Record<Severity, number>;
  elapsedMs: number;
  /** FULL: the check ran over every firm; INCREMENTAL: over the run's checked firms. */
  scope: QualityRunMode;
}

export interface RunPlan {
  runId: string;
  mode: QualityRunMode;
  asOf: AsOf;
  /** Firms the run checks: the whole portfolio (FULL), or the changed ones (INCREMENTAL). */
  firms: number;
  /** Why the run is FULL (`--full`, no completed run yet, another as-of month, other thresholds). */
  reason: string;
}

export interface RunOptions {
  asOf?: string;
  checks?: readonly QualityCheck[];
  config?: QualityConfig;
  /** Check every firm even when an incremental run is possible. */
  full?: boolean;
  /** Called once the run knows its mode and how many firms it checks. */
  onStart?: (plan: RunPlan) => void;
  /** Called before each check starts and after it is stored. */
  onCheck?: (event: { check: QualityCheck; index: number; done?: CheckRun }) => void;
}

export interface RunResult extends RunPlan {
  checks: CheckRun[];
  elapsedMs: number;
}

/** sha256 of the thresholds: a run under other thresholds is no base for an incremental one. */
export function configHash(config: QualityConfig): string {
  return createHash('sha256').update(JSON.stringify(config)).digest('hex');
}

interface LastRun {
  id: string;
  /** As the database keeps it (microseconds): a Date would cut it to the millisecond, and an arrival in that millisecond before the run would count as after it. */
  startedAt: string;
  asOf: string;
  configHash: string;
  checks: Record<string, QualityRunCheck>;
}

/** The newest COMPLETED run (failed and running ones are no base for the next). */
export async function lastCompletedRun(db: Database): Promise<LastRun | null> {
  const { rows } = await db.query<LastRun>(
    `SELECT id, started_at::text AS "startedAt", as_of AS "asOf", config_hash AS "configHash", checks
       FROM core.quality_run WHERE status = 'COMPLETED' ORDER BY started_at DESC, id DESC LIMIT 1`,
  );
  return rows[0] ?? null;
}

/**
 * The firms whose data changed since `since`, as the ways data arrive stamp it: every arrival
 * (live fetch written through, import, generator) sets core.source_sync.fetched_at for the firm
 * and source, and every import lists the firms it carried rows of in core.import_run_firm (an
 * import re-delivering a corrected file under the same name and lines does not re-stamp
 * source_sync, so the import's own trace is read too: an import still running or finished
 * since `since` counts). Then the firms whose unresolved findings name a changed firm anywhere
 * in their evidence (a duplicate invoice attributed to another seller, a pledge of another
 * firm's receivable): their findings may have changed with that firm's data.
 */
export async function changedFirmsSince(db: Database, since: string): Promise<string[]> {
  const { rows } = await db.query<{ uscc: string }>(
    `WITH changed AS (
       SELECT uscc FROM core.source_sync WHERE fetched_at >= $1
        UNION
       SELECT rf.uscc FROM core.import_run_firm rf JOIN core.import_run r ON r.id = rf.run_id
        WHERE r.finished_at IS NULL OR r.finished_at >= $1)
     SELECT uscc FROM changed
      UNION
     SELECT q.uscc
       FROM core.quality_finding q
      CROSS JOIN LATERAL jsonb_path_query(q.evidence, 'strict $.**') AS v(value)
       JOIN changed c ON c.uscc::text = v.value #>> '{}'
      WHERE q.resolved_at IS NULL AND jsonb_typeof(v.value) = 'string'
      ORDER BY 1`,
    [since],
  );
  return rows.map((r) => r.uscc);
}

/**
 * Runs every check and stores its findings, one check after the other, and records the run in
 * core.quality_run.
 *
 * INCREMENTAL (the default when possible): when a completed run exists for the same as-of month
 * and thresholds, only the firms whose data changed since that run started are checked (see
 * changedFirmsSince); each check runs scoped to them (scopedSql) and resolves vanished
 * findings of those firms only, so every other firm's findings stay untouched. A check the
 * last run did not have (a new one) runs over the whole portfolio. FULL: every firm, every
 * check (`full`, the first run, a new as-of month, changed thresholds).
 */
export async function runQuality(db: Database, options: RunOptions = {}): Promise<RunResult> {
  const started = Date.now();
  const config = options.config ?? QUALITY_CONFIG;
  const checks = options.checks ?? CHECKS;
  const asOf = await resolveAsOf(db, options.asOf, config);
  const hash = configHash(config);
  const last = await lastCompletedRun(db);
  const reason = options.full
    ? '--full'
    : last === null
      ? 'no completed run yet'
      : last.asOf !== asOf.month
        ? `the last completed run was as of ${last.asOf}`
        : last.configHash !== hash
          ? 'the thresholds changed since the last completed run'
          : '';
  const mode = reason ? QualityRunMode.FULL : QualityRunMode.INCREMENTAL;
  const { rows: inserted } = await db.query<{ id: string; startedAt: Date }>(
    `INSERT INTO core.quality_run (as_of, mode, config_hash, status, checks) VALUES ($1, $2, $3, 'RUNNING', '{}') RETURNING id, started_at AS "startedAt"`,
    [asOf.month, mode, hash],
  );
  const runId = inserted[0].id;
  try {
    const scope = mode === QualityRunMode.INCREMENTAL ? await changedFirmsSince(db, last!.startedAt) : undefined;
    const firms = scope
      ? scope.length
      : Number((await db.query<{ n: string }>('SELECT count(*) AS n FROM core.firm')).rows[0].n);
    const plan: RunPlan = {
      runId,
      mode,
      asOf,
      firms,
      reason: reason || `${firms} firm(s) changed since run ${last!.id} started`,
    };
    options.onStart?.(plan);
    // One instant for the whole run: a finding whose last_seen_at is older was not seen by it.
    const runAt = new Date();
    const out: CheckRun[] = [];
    for (const [index, check] of checks.entries()) {
      options.onCheck?.({ check, index });
      const t0 = Date.now();
      // A check the last run did not have has no findings to continue from: all firms.
      const checkScope = scope && last!.checks[check.code] ? scope : undefined;
      // With the findings of unchanged firms a check's firmSql shows the changed ones created
      // (stored, never resolved: their firms are not in scope).
      const findings = await detect(db, check, asOf, config, checkScope, true);
      const stored = await storeFindings(db, check.code, findings, runAt, config, checkScope);
      const bySeverity = { [Severity.LOW]: 0, [Severity.MEDIUM]: 0, [Severity.HIGH]: 0 };
      for (const f of findings) bySeverity[f.severity]++;
      const done: CheckRun = {
        code: check.code,
        findings: findings.length,
        firms: new Set(findings.map((f) => f.uscc)).size,
        bySeverity,
        ...stored,
        elapsedMs: Date.now() - t0,
        scope: checkScope ? QualityRunMode.INCREMENTAL : QualityRunMode.FULL,
      };
      out.push(done);
      options.onCheck?.({ check, index, done });
    }
    const perCheck = Object.fromEntries(
      out.map((c): [string, QualityRunCheck] => [
        c.code,
        {
          findings: c.findings,
          firms: c.firms,
          inserted: c.inserted,
          updated: c.updated,
          resolved: c.resolved,
          elapsedMs: c.elapsedMs,
          scope: c.scope,
        },
      ]),
    );
    await db.query(
      `UPDATE core.quality_run SET status = 'COMPLETED', finished_at = now(), firms_checked = $2, checks = $3::jsonb WHERE id = $1`,
      [runId, firms, JSON.stringify(perCheck)],
    );
    return { ...plan, checks: out, elapsedMs: Date.now() - started };
  } catch (err) {
    await db
      .query(`UPDATE core.quality_run SET status = 'FAILED', finished_at = now(), error = $2 WHERE id = $1`, [
        runId,
        (err as Error).message,
      ])
      .catch(() => undefined);
    throw err;
  }
}
