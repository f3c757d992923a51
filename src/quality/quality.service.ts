/**
 * Runs the data-quality checks over the whole portfolio and keeps their findings in
 * core.quality_finding.
 *
 * - `detect` runs one check's set-based SQL and formats its rows (nothing is written), which is
 *   what tests use on the shared database.
 * - `storeFindings` upserts one check's findings by fingerprint, in one transaction: new ones
 *   are inserted OPEN, known ones get the fresh evidence and `last_seen_at` (and `resolved_at`
 *   cleared if they had been resolved), and findings of that check the run no longer produces
 *   are RESOLVED (`resolved_at` set), not deleted, so a flag once raised stays traceable. A
 *   person's status (CONFIRMED / DISMISSED) is never overwritten by a run.
 */
import { createHash } from 'node:crypto';
import type { Database } from '../db/database';
import type { AsOf, CheckRow, DetectedFinding, QualityCheck } from './check';
import { CHECKS } from './checks';
import { Severity } from './finding.entity';
import { addMonths, lastDayOfMonth, parseYearMonth } from './months';
import { QUALITY_CONFIG, type QualityConfig } from './quality.config';

export class QualityError extends Error {
  override name = 'QualityError';
}

/** sha256 of code, firm and subject: the finding's identity across runs. */
export function fingerprint(code: string, uscc: string, subject: string): string {
  return createHash('sha256').update(`${code}\u0000${uscc}\u0000${subject}`).digest('hex');
}

/**
 * The portfolio's as-of point: `override` (YYYY-MM) if given, else the newest VAT declaration
 * period plus the declaration lag (a period is declared in the month after it).
 */
export async function resolveAsOf(db: Database, override?: string, config: QualityConfig = QUALITY_CONFIG): Promise<AsOf> {
  let month = override;
  if (month === undefined) {
    const { rows } = await db.query<{ period: string | null }>('SELECT max(period) AS period FROM tax.vat_declaration');
    const newest = rows[0].period;
    if (newest === null) throw new QualityError('no VAT declarations: cannot tell the portfolio\'s as-of month; pass --as-of YYYY-MM');
    month = addMonths(newest, config.asOf.declarationLagMonths);
  }
  parseYearMonth(month);
  return { month, date: lastDayOfMonth(month) };
}

/** Runs one check (read only) and returns its findings. */
export async function detect(db: Database, check: QualityCheck, asOf: AsOf, config: QualityConfig = QUALITY_CONFIG): Promise<DetectedFinding[]> {
  const { text, values } = check.sql(asOf, config);
  const { rows } = await db.query<CheckRow>(text, values);
  return rows.map((row) => {
    const result = check.evidence(row, asOf, config);
    return {
      code: check.code,
      uscc: row.uscc,
      severity: result.severity ?? check.severity,
      message: result.message,
      evidence: result.evidence,
      sources: result.sources ?? check.sources,
      fingerprint: fingerprint(check.code, row.uscc, row.subject),
    };
  });
}

export interface StoreResult {
  inserted: number;
  updated: number;
  resolved: number;
}

/**
 * Upserts the findings of one check run at `runAt` and resolves that check's findings the run
 * did not produce. `findings` must all carry `code`.
 */
export async function storeFindings(
  db: Database,
  code: string,
  findings: readonly DetectedFinding[],
  runAt: Date,
  config: QualityConfig = QUALITY_CONFIG,
): Promise<StoreResult> {
  return db.transaction(async (client) => {
    let inserted = 0;
    let updated = 0;
    for (let start = 0; start < findings.length; start += config.store.batchSize) {
      const batch = findings.slice(start, start + config.store.batchSize);
      const { rows } = await client.query<{ inserted: boolean }>(
        `INSERT INTO core.quality_finding (uscc, code, severity, message, evidence, sources, fingerprint, detected_at, last_seen_at)
         SELECT t.uscc, $1, t.severity::core.quality_severity, t.message, t.evidence::jsonb, string_to_array(t.sources, ','),
                t.fingerprint, $2, $2
           FROM unnest($3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[])
                AS t(uscc, severity, message, evidence, sources, fingerprint)
         ON CONFLICT (fingerprint) DO UPDATE
            SET severity = EXCLUDED.severity, message = EXCLUDED.message, evidence = EXCLUDED.evidence,
                sources = EXCLUDED.sources, last_seen_at = EXCLUDED.last_seen_at, resolved_at = NULL
         RETURNING (xmax = 0) AS inserted`,
        [
          code,
          runAt,
          batch.map((f) => f.uscc),
          batch.map((f) => f.severity),
          batch.map((f) => f.message),
          batch.map((f) => JSON.stringify(f.evidence)),
          batch.map((f) => f.sources.join(',')),
          batch.map((f) => f.fingerprint),
        ],
      );
      for (const r of rows) if (r.inserted) inserted++;
      else updated++;
    }
    const resolved = await client.query(
      `UPDATE core.quality_finding SET resolved_at = $2 WHERE code = $1 AND resolved_at IS NULL AND last_seen_at < $2`,
      [code, runAt],
    );
    return { inserted, updated, resolved: resolved.rowCount ?? 0 };
  });
}

export interface CheckRun extends StoreResult {
  code: string;
  findings: number;
  firms: number;
  bySeverity: Record<Severity, number>;
  elapsedMs: number;
}

export interface RunOptions {
  asOf?: string;
  checks?: readonly QualityCheck[];
  config?: QualityConfig;
  /** Called before each check starts and after it is stored. */
  onCheck?: (event: { check: QualityCheck; index: number; done?: CheckRun }) => void;
}

export interface RunResult {
  asOf: AsOf;
  checks: CheckRun[];
  elapsedMs: number;
}

/** Runs every check over the portfolio and stores its findings, one check after the other. */
export async function runQuality(db: Database, options: RunOptions = {}): Promise<RunResult> {
  const started = Date.now();
  const config = options.config ?? QUALITY_CONFIG;
  const checks = options.checks ?? CHECKS;
  const asOf = await resolveAsOf(db, options.asOf, config);
  // One instant for the whole run: a finding whose last_seen_at is older was not seen by it.
  const runAt = new Date();
  const out: CheckRun[] = [];
  for (const [index, check] of checks.entries()) {
    options.onCheck?.({ check, index });
    const t0 = Date.now();
    const findings = await detect(db, check, asOf, config);
    const stored = await storeFindings(db, check.code, findings, runAt, config);
    const bySeverity = { [Severity.LOW]: 0, [Severity.MEDIUM]: 0, [Severity.HIGH]: 0 };
    for (const f of findings) bySeverity[f.severity]++;
    const done: CheckRun = {
      code: check.code,
      findings: findings.length,
      firms: new Set(findings.map((f) => f.uscc)).size,
      bySeverity,
      ...stored,
      elapsedMs: Date.now() - t0,
    };
    out.push(done);
    options.onCheck?.({ check, index, done });
  }
  return { asOf, checks: out, elapsedMs: Date.now() - started };
}
