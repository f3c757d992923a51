/**
 * The portfolio scan behind `npm run warnings` and `npm run eval:score`: every firm's facts in
 * chunks (set-based reads per chunk), its health, its data-quality findings (the checks run once
 * over the portfolio, set-based) and the warnings the rules raise, handed to `onFirm`. A firm
 * whose registry record says it was founded after the as-of day is left out, as the rescore
 * leaves it out: it did not exist that day. The tables it reads are analyzed first if their
 * statistics are out of date (`analyzeStaleReads`).
 */
import type { Database } from '../db/database';
import type { AsOf, DetectedFinding } from '../quality/check';
import { CHECKS } from '../quality/checks';
import { detect } from '../quality/quality.service';
import { analyzeStaleReads, loadFacts } from '../health/facts.repository';
import { foundedAfterSql } from '../firm/firm.repository';
import { scoreHealth } from '../health/health.service';
import { activeModel } from '../model/model.repository';
import type { Risk } from './risk.service';
import { evaluateRules } from './rules.service';

export interface ScanOptions {
  chunk?: number;
  /** Called after each chunk with the firms done and the total. */
  onProgress?: (done: number, total: number) => void;
}

export async function scanPortfolio(
  db: Database,
  asOf: AsOf,
  onFirm: (risk: Risk) => void,
  options: ScanOptions = {},
): Promise<number> {
  const chunk = options.chunk ?? 500;
  await analyzeStaleReads(db);
  const { rows } = await db.query<{ uscc: string }>(
    `SELECT f.uscc FROM core.firm f WHERE NOT ${foundedAfterSql('f.uscc', '$1::date')} ORDER BY f.uscc`,
    [asOf.date],
  );
  const model = await activeModel(db);
  const findings = new Map<string, DetectedFinding[]>();
  for (const check of CHECKS) {
    for (const f of await detect(db, check, asOf)) {
      const own = findings.get(f.uscc);
      if (own) own.push(f);
      else findings.set(f.uscc, [f]);
    }
  }
  for (let k = 0; k < rows.length; k += chunk) {
    for (const facts of await loadFacts(
      db,
      rows.slice(k, k + chunk).map((r) => r.uscc),
      asOf,
    )) {
      if (!facts) continue;
      const health = scoreHealth(facts, model);
      const own = findings.get(facts.uscc) ?? [];
      const warnings = evaluateRules(facts, health, own);
      // Stored decisions are not consulted here: the scan raises what the data shows, to store or score.
      onFirm({ facts, health, findings: own, warnings, activeWarnings: warnings });
    }
    options.onProgress?.(Math.min(k + chunk, rows.length), rows.length);
  }
  return rows.length;
}
