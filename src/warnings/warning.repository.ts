/**
 * Reads of core.warning: the mapping to the GraphQL type, per-borrower history and
 * by-fingerprint lookups (batched: one statement per batch), and the portfolio's filtered,
 * keyset-paginated list.
 */
import type DataLoader from 'dataloader';
import { loader } from '../lib/loader';
import type { Database } from '../db/database';
import { loadAllPerKey, selectColumns } from '../../connectors/shared/sql';
import type { Severity } from '../quality/finding.entity';
import type { Tier } from '../health/tier';
import { Warning, WarningStatus } from './warning.entity';
import type { WarningType } from './warning.types';
import { RULES } from './rules';
import { kindInSql, notedSinceSql } from '../rescore/snapshot.repository';
import { InputChangeKind } from '../rescore/snapshot.entity';

/** OPEN or VERIFYING past verify_due_at, or ACTION_TAKEN past follow_up_due_at, at `now`. */
export function isOverdue(w: Pick<Warning, 'status' | 'verifyDueAt' | 'followUpDueAt'>, now: Date): boolean {
  if (w.status === WarningStatus.OPEN || w.status === WarningStatus.VERIFYING)
    return w.verifyDueAt.getTime() < now.getTime();
  if (w.status === WarningStatus.ACTION_TAKEN)
    return w.followUpDueAt !== null && w.followUpDueAt.getTime() < now.getTime();
  return false;
}

/** The same test in SQL over alias `x`, with `now` as parameter `$n`. */
export function overdueSql(nowParam: string): string {
  return `COALESCE((x.status IN ('OPEN', 'VERIFYING') AND x.verify_due_at < ${nowParam})
              OR (x.status = 'ACTION_TAKEN' AND x.follow_up_due_at < ${nowParam}), false)`;
}

/** A stored warning as the GraphQL `Warning`, `overdue` as of `now`. */
export function toWarningType(w: Warning, now: Date = new Date()): WarningType {
  return {
    id: String(w.id),
    uscc: w.uscc,
    code: w.code,
    severity: w.severity,
    tier: w.tier,
    message: w.message,
    evidence: w.evidence,
    sources: w.sources,
    firstSeenAt: w.firstSeenAt,
    lastSeenAt: w.lastSeenAt,
    clearedAt: w.clearedAt,
    status: w.status,
    verifyDueAt: w.verifyDueAt,
    actionTakenAt: w.actionTakenAt,
    followUpDueAt: w.followUpDueAt,
    closedAt: w.closedAt,
    overdue: isOverdue(w, now),
    decidedBy: w.decidedBy,
    decidedAt: w.decidedAt,
    decisionReason: w.decisionReason,
    fingerprint: w.fingerprint,
  };
}

/** Every stored warning of each borrower (all statuses, cleared ones too), newest first. */
export async function loadWarningHistory(db: Database, usccs: readonly string[]): Promise<Warning[][]> {
  return loadAllPerKey<Warning>(
    db,
    { entity: Warning, table: 'core.warning', key: 'uscc', orderBy: 'x.first_seen_at DESC, x.id DESC' },
    usccs,
  );
}

/** The stored warning of each fingerprint, or null, in key order: one statement. */
export async function loadWarningsByFingerprints(
  db: Database,
  fingerprints: readonly string[],
): Promise<(Warning | null)[]> {
  const { rows } = await db.query<Warning>(
    `SELECT ${selectColumns(Warning, 'x')} FROM core.warning x WHERE x.fingerprint = ANY($1::text[])`,
    [fingerprints],
  );
  const by = new Map(rows.map((r) => [r.fingerprint, r]));
  return fingerprints.map((f) => by.get(f) ?? null);
}

export function createWarningHistoryLoader(db: Database): DataLoader<string, WarningType[]> {
  return loader(async (usccs) => {
    const now = new Date();
    return (await loadWarningHistory(db, usccs)).map((list) => list.map((w) => toWarningType(w, now)));
  });
}

/** Stored warnings by fingerprint, for merging the warnings the rules compute on read with their stored status. */
export function createWarningByFingerprintLoader(db: Database): DataLoader<string, WarningType | null> {
  return loader(async (fingerprints) => {
    const now = new Date();
    return (await loadWarningsByFingerprints(db, fingerprints)).map((w) => (w ? toWarningType(w, now) : null));
  });
}

/** Where each rule's warning comes in a firm's list: the rules' order, as evaluating them gives it. */
const RULE_ORDER = new Map<string, number>(RULES.map((r, k) => [r.code, k]));

/**
 * Each firm's warnings as the rescore's last pass over it stored them (`cleared_at` null, in the
 * rules' order), when they still hold:
 * - the firm's latest snapshot is as of `asOfDate` by the model `modelVersion` (its warnings
 *   were raised in the same pass), and nothing the rules read was noted since: no row of
 *   core.firm_input_change of any kind (a record, a finding, a note for its guarantee network)
 *   after the change number the snapshot saw;
 * - no other run stored the firm's warnings since that pass (none seen or cleared after the
 *   snapshot was last confirmed, `checked_at`: an `npm run warnings` as of another month replaces
 *   them);
 * - the stored findings that pass read are those the checks find on read: a quality run of the
 *   as-of month completed that started after the firm's newest record change (a rescore after an
 *   import but before the quality checks read the findings of the records before it).
 * Null for any other firm: its warnings must be computed on read. One statement.
 */
export async function loadCurrentWarnings(
  db: Database,
  usccs: readonly string[],
  basis: { asOfDate: string; modelVersion: string },
): Promise<(Warning[] | null)[]> {
  const { rows } = await db.query<Warning & { currentUscc: string }>(
    `WITH checked AS (
       SELECT max(started_at) AS started_at FROM core.quality_run WHERE status = 'COMPLETED' AND as_of = $4),
     cur AS (
       SELECT f.uscc FROM unnest($1::bpchar[]) AS f(uscc)
         JOIN core.health_latest l ON l.uscc = f.uscc AND l.as_of = $2::date AND l.model_version = $3
         JOIN checked q ON q.started_at IS NOT NULL
        WHERE NOT ${notedSinceSql('f.uscc', 'l.inputs_seq', Object.values(InputChangeKind))}
          AND NOT EXISTS (SELECT 1 FROM core.warning w WHERE w.uscc = f.uscc AND (w.last_seen_at > l.checked_at OR w.cleared_at > l.checked_at))
          AND NOT EXISTS (SELECT 1 FROM core.firm_input_change ic WHERE ic.uscc = f.uscc AND ${kindInSql('ic.kind', [InputChangeKind.RECORD])} AND ic.changed_at >= q.started_at))
     SELECT cur.uscc AS "currentUscc", ${selectColumns(Warning, 'x')}
       FROM cur LEFT JOIN core.warning x ON x.uscc = cur.uscc AND x.cleared_at IS NULL`,
    [usccs, basis.asOfDate, basis.modelVersion, basis.asOfDate.slice(0, 7)],
  );
  const by = new Map<string, Warning[]>();
  for (const { currentUscc, ...w } of rows) {
    const list = by.get(currentUscc) ?? [];
    if (w.id !== null) list.push(w as Warning);
    by.set(currentUscc, list);
  }
  for (const list of by.values())
    list.sort((a, b) => (RULE_ORDER.get(a.code) ?? Infinity) - (RULE_ORDER.get(b.code) ?? Infinity));
  return usccs.map((u) => by.get(u) ?? null);
}

export interface PortfolioFilter {
  tiers: Tier[] | null;
  codes: string[] | null;
  statuses: WarningStatus[];
  overdue: boolean | null;
  cleared: boolean | null;
  uscc: string | null;
}

/** A position in the portfolio's order: severity (most severe first), first seen (oldest first), id. */
export type WarningCursor = [Severity, string, string];

function where(filter: PortfolioFilter, now: Date): { sql: string; params: unknown[] } {
  const params: unknown[] = [filter.statuses];
  const conds = ['x.status = ANY($1::core.warning_status[])'];
  const add = (cond: (p: string) => string, value: unknown) => {
    params.push(value);
    conds.push(cond(`$${params.length}`));
  };
  if (filter.tiers) add((p) => `x.tier = ANY(${p}::core.health_tier[])`, filter.tiers);
  if (filter.codes) add((p) => `x.code = ANY(${p}::text[])`, filter.codes);
  if (filter.uscc) add((p) => `x.uscc = ${p}::bpchar`, filter.uscc);
  if (filter.overdue !== null)
    add((p) => `${overdueSql(`${p}::timestamptz`)} = ${filter.overdue ? 'true' : 'false'}`, now);
  if (filter.cleared !== null) conds.push(filter.cleared ? 'x.cleared_at IS NOT NULL' : 'x.cleared_at IS NULL');
  return { sql: conds.join(' AND '), params };
}

/** One page (`limit` + 1 rows, to tell whether another follows) of the filtered warnings after `after`. */
export async function portfolioWarnings(
  db: Database,
  filter: PortfolioFilter,
  limit: number,
  after: WarningCursor | null,
  now: Date,
): Promise<Warning[]> {
  const w = where(filter, now);
  const params = [...w.params];
  let cursor = '';
  if (after) {
    const n = params.length;
    params.push(after[0], after[1], after[2]);
    cursor = ` AND (x.severity < $${n + 1}::core.quality_severity
                OR (x.severity = $${n + 1}::core.quality_severity AND (x.first_seen_at, x.id) > ($${n + 2}::timestamptz, $${n + 3}::bigint)))`;
  }
  params.push(limit + 1);
  const { rows } = await db.query<Warning>(
    `SELECT ${selectColumns(Warning, 'x')} FROM core.warning x WHERE ${w.sql}${cursor}
      ORDER BY x.severity DESC, x.first_seen_at, x.id LIMIT $${params.length}`,
    params,
  );
  return rows;
}

export async function countPortfolioWarnings(db: Database, filter: PortfolioFilter, now: Date): Promise<number> {
  const w = where(filter, now);
  const { rows } = await db.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM core.warning x WHERE ${w.sql}`,
    w.params,
  );
  return rows[0].n;
}
