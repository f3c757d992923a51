/**
 * Checks on read: every check run for a batch of firms (scoped with `detect`'s scope, one
 * statement per check whatever the batch size), merged by fingerprint with the findings runs
 * stored, so a finding keeps its id, status and first detection, and one no run has stored yet
 * shows with id null, status OPEN and detectedAt now. What the data shows now, whether or not
 * the portfolio job ran since it changed.
 */
import type { Database } from '../db/database';
import type { DetectedFinding, QualityCheck } from './check';
import { portfolioAsOf } from './as-of';
import { CHECKS } from './checks';
import { FindingStatus, Severity } from './finding.entity';
import { QUALITY_CONFIG, type QualityConfig } from './quality.config';
import { detect } from './quality.service';

export interface LiveFinding extends Omit<DetectedFinding, 'uscc'> {
  id: string | null;
  uscc: string;
  status: FindingStatus;
  detectedAt: Date;
}

const RANK: Record<Severity, number> = { [Severity.HIGH]: 0, [Severity.MEDIUM]: 1, [Severity.LOW]: 2 };

/** Per firm of `usccs` (in order), the findings every check makes of its current data, most severe first. */
export async function liveFindingsOf(
  db: Database,
  usccs: readonly string[],
  checks: readonly QualityCheck[] = CHECKS,
  config: QualityConfig = QUALITY_CONFIG,
): Promise<LiveFinding[][]> {
  const asOf = await portfolioAsOf(db);
  const detected = (await Promise.all(checks.map((check) => detect(db, check, asOf, config, usccs)))).flat();
  const { rows: stored } = await db.query<{ id: string; fingerprint: string; status: FindingStatus; detectedAt: Date }>(
    `SELECT id, fingerprint, status, detected_at AS "detectedAt" FROM core.quality_finding WHERE fingerprint = ANY($1::bpchar[])`,
    [detected.map((f) => f.fingerprint)],
  );
  const byFingerprint = new Map(stored.map((r) => [r.fingerprint, r]));
  const now = new Date();
  const byFirm = new Map<string, LiveFinding[]>(usccs.map((u) => [u, []]));
  for (const f of detected) {
    const s = byFingerprint.get(f.fingerprint);
    byFirm
      .get(f.uscc)
      ?.push({ ...f, id: s?.id ?? null, status: s?.status ?? FindingStatus.OPEN, detectedAt: s?.detectedAt ?? now });
  }
  return usccs.map((u) =>
    byFirm
      .get(u)!
      .sort(
        (a, b) =>
          RANK[a.severity] - RANK[b.severity] ||
          a.code.localeCompare(b.code) ||
          a.fingerprint.localeCompare(b.fingerprint),
      ),
  );
}
