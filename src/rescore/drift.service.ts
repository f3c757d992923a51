/**
 * Drift of the portfolio against the model's development population (docs/snapshots.md): after a
 * rescore, the population stability index (PSI, src/model/metrics.ts) of the score and of each
 * model input, over the latest snapshots of the run's as-of day that were made by the model and
 * are in its population (a loan running, not in default: the population it was fitted on).
 *
 * - The score: the PD's distribution over the development sample's PD deciles (the bins the
 *   training report kept, with their development shares).
 * - Each input: its distribution over the model's bins for it (development shares: each bin's
 *   count over the sample); a bin the model never saw counts against a floored share.
 *
 * Counting is one statement in PostgreSQL. A PSI above the threshold (0.25) raises a model-level
 * alert (core.model_alert) naming the subject, the value, the threshold and the bins behind it.
 */
import type { PoolClient } from 'pg';
import type { ModelDocument } from '../model/model';
import { psiTerm } from '../model/metrics';
import { RESCORE_CONFIG, type RescoreConfig } from './rescore.config';

export interface DriftBin {
  bin: string;
  expectedShare: number;
  actualShare: number;
  contribution: number;
}

export interface DriftSubject {
  /** SCORE, or the input's code. */
  subject: string;
  psi: number;
  alert: boolean;
  bins: DriftBin[];
}

export interface DriftReport {
  modelVersion: string;
  asOf: string;
  /** Firms measured: latest snapshots of the day, by this model, in its population. */
  population: number;
  /** False when the population is below the minimum (nothing measured, no alert). */
  measured: boolean;
  threshold: number;
  subjects: DriftSubject[];
}

const round = (x: number, d = 6) => Math.round(x * 10 ** d) / 10 ** d;

function subjectOf(
  subject: string,
  expected: ReadonlyArray<[string, number]>,
  counts: ReadonlyMap<string, number>,
  population: number,
  threshold: number,
): DriftSubject {
  const labels = new Set([...expected.map(([b]) => b), ...counts.keys()]);
  const share = new Map(expected);
  const bins = [...labels].map((bin) => {
    const e = share.get(bin) ?? 0;
    const a = (counts.get(bin) ?? 0) / population;
    return { bin, expectedShare: round(e), actualShare: round(a), contribution: round(psiTerm(e, a)) };
  });
  const psi = round(
    bins.reduce((s, b) => s + b.contribution, 0),
    4,
  );
  return { subject, psi, alert: psi > threshold, bins };
}

function scoreBinLabel(lower: number | null, upper: number | null): string {
  return `[${lower === null ? '-inf' : lower.toPrecision(4)}, ${upper === null ? '+inf' : upper.toPrecision(4)})`;
}

/** The drift report of the latest snapshots as of `asOf` (YYYY-MM-DD) made by `model`. */
export async function measureDrift(
  db: PoolClient,
  model: ModelDocument,
  asOf: string,
  config: RescoreConfig = RESCORE_CONFIG,
): Promise<DriftReport> {
  const scoreBins = model.report?.psi?.bins ?? [];
  const thresholds = scoreBins.slice(1).map((b) => b.lower as number);
  const { rows } = await db.query<{ subject: string; bin: string; n: number }>(
    `WITH p AS (
       SELECT s.probability_of_default AS pd, s.bins FROM core.health_latest l JOIN core.health_snapshot s ON s.id = l.snapshot_id
        WHERE l.model_version = $1 AND l.as_of = $2::date AND s.in_population)
     SELECT '' AS subject, '' AS bin, count(*)::int AS n FROM p
     UNION ALL
     SELECT 'SCORE', width_bucket(pd, $3::float8[])::text, count(*)::int FROM p GROUP BY 2
     UNION ALL
     SELECT b.key, b.value, count(*)::int FROM p, jsonb_each_text(p.bins) b GROUP BY 1, 2`,
    [model.version, asOf, thresholds],
  );
  const population = rows.find((r) => r.subject === '')?.n ?? 0;
  const report: DriftReport = {
    modelVersion: model.version,
    asOf,
    population,
    measured: population >= config.driftMinPopulation,
    threshold: config.driftThreshold,
    subjects: [],
  };
  if (!report.measured) return report;
  const counts = new Map<string, Map<string, number>>();
  for (const r of rows) {
    if (r.subject === '') continue;
    if (!counts.has(r.subject)) counts.set(r.subject, new Map());
    counts.get(r.subject)!.set(r.bin, r.n);
  }
  if (scoreBins.length) {
    const byIndex = new Map(
      [...(counts.get('SCORE') ?? new Map<string, number>())].map(([k, n]) => [
        scoreBinLabel(scoreBins[Number(k)].lower, scoreBins[Number(k)].upper),
        n,
      ]),
    );
    const expected = scoreBins.map((b): [string, number] => [scoreBinLabel(b.lower, b.upper), b.expectedShare]);
    report.subjects.push(subjectOf('SCORE', expected, byIndex, population, config.driftThreshold));
  }
  for (const f of model.scorecard.features) {
    if (!f.selected || f.coefficient === null) continue;
    const total = f.binning.bins.reduce((s, b) => s + b.count, 0);
    const expected = f.binning.bins.map((b): [string, number] => [b.label, total ? b.count / total : 0]);
    report.subjects.push(
      subjectOf(f.feature, expected, counts.get(f.feature) ?? new Map(), population, config.driftThreshold),
    );
  }
  return report;
}

/**
 * An alert for each subject above the threshold that this model has no DRIFT alert for on the
 * report's as-of day yet: a later run of the same day (an incremental run, one that scored
 * nothing) reports the drift again in its own report but does not raise the alert again, so an
 * hourly schedule does not repeat it every hour. A new as-of day raises it again if it still holds.
 * Returns how many it raised.
 */
export async function raiseDriftAlerts(
  db: PoolClient,
  report: DriftReport,
  runId: string | null,
  now: Date,
): Promise<number> {
  const alerts = report.subjects.filter((s) => s.alert);
  if (!alerts.length) return 0;
  // Runs closing at the same moment take turns here, so neither misses the other's alert.
  await db.query(`SELECT pg_advisory_xact_lock(hashtext('core.model_alert DRIFT'))`);
  const { rowCount } = await db.query(
    `INSERT INTO core.model_alert (raised_at, kind, model_version, run_id, subject, value, threshold, message, evidence)
     SELECT $1, 'DRIFT', $2::text, $3, x.subject, x.psi, $4, x.message, x.evidence
       FROM json_to_recordset($5::json) AS x(subject text, psi float8, message text, evidence jsonb)
      WHERE NOT EXISTS (SELECT 1 FROM core.model_alert a
                         WHERE a.kind = 'DRIFT' AND a.model_version = $2::text AND a.subject = x.subject AND a.evidence->>'asOf' = x.evidence->>'asOf')`,
    [
      now,
      report.modelVersion,
      runId,
      report.threshold,
      JSON.stringify(
        alerts.map((s) => ({
          subject: s.subject,
          psi: s.psi,
          message:
            `${s.subject === 'SCORE' ? 'the probability of default' : `input ${s.subject}`} has drifted from model ${report.modelVersion}'s development population: ` +
            `PSI ${s.psi.toFixed(3)} > ${report.threshold} over ${report.population} firms as of ${report.asOf}; largest shift in bin ${[...s.bins].sort((a, b) => b.contribution - a.contribution)[0].bin}`,
          evidence: { asOf: report.asOf, population: report.population, bins: s.bins },
        })),
      ),
    ],
  );
  return rowCount ?? 0;
}
