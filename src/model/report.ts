/**
 * The training report of a scorecard: a JSON object (`buildReport`) and its text form for the
 * terminal (`formatReport`).
 *
 * Contents: for the development (training) and validation samples, rows, events, event rate, AUC,
 * KS and Gini of the fitted PD; every feature sorted by IV with its status (selected, or dropped
 * and why) and coefficient; the intercept and λ (with the cross-validation table when λ was
 * chosen by it); the calibration table of the validation sample by decile of predicted PD; and
 * the PSI of the score between development and validation (bins at the development deciles).
 * The validation numbers are reported only: nothing in the fit reads them.
 */
import type { Dataset } from './dataset';
import { labelsOf, summarise } from './dataset';
import { auc, calibrationTable, ks, psi, type CalibrationRow, type PsiResult } from './metrics';
import { scorePds, type LambdaCandidate, type Scorecard, type DropReason } from './scorecard';
import { formatEdge, type Bin } from './binning';

export interface SampleMetrics {
  rows: number;
  events: number;
  eventRate: number;
  auc: number;
  ks: number;
  gini: number;
}

export interface FeatureReportRow {
  feature: string;
  kind: string;
  iv: number;
  status: 'selected' | 'dropped';
  dropReason: DropReason | null;
  note: string | null;
  coefficient: number | null;
  bins: number;
  direction: string | null;
}

export interface TrainingReport {
  /** What was fitted on (file, target, split…), as the caller describes it. */
  source: Record<string, string | number>;
  development: SampleMetrics;
  validation: SampleMetrics;
  lambda: number;
  lambdaSearch: LambdaCandidate[] | null;
  intercept: number;
  fit: Scorecard['fit'];
  /** Sorted by IV, highest first. */
  features: FeatureReportRow[];
  calibration: CalibrationRow[];
  psi: PsiResult;
  /** Bins of the selected features (for the text report; the model file has them all). */
  selectedBins: Array<{ feature: string; coefficient: number; bins: Bin[] }>;
}

function metricsOf(
  pd: Float64Array,
  labels: Uint8Array,
  summary: { rows: number; events: number; eventRate: number },
): SampleMetrics {
  const a = auc(pd, labels);
  return { ...summary, auc: a, ks: ks(pd, labels), gini: 2 * a - 1 };
}

export function buildReport(
  card: Scorecard,
  development: Dataset,
  validation: Dataset,
  source: Record<string, string | number> = {},
): TrainingReport {
  const devPd = scorePds(
    card,
    development.rows.map((r) => r.values),
  );
  const valPd = scorePds(
    card,
    validation.rows.map((r) => r.values),
  );
  const devLabels = labelsOf(development.rows);
  const valLabels = labelsOf(validation.rows);
  const features = card.features
    .map((f) => ({
      feature: f.feature,
      kind: f.kind,
      iv: f.iv,
      status: f.selected ? ('selected' as const) : ('dropped' as const),
      dropReason: f.dropReason,
      note: f.note,
      coefficient: f.coefficient,
      bins: f.binning.bins.length,
      direction: f.binning.direction,
    }))
    .sort((a, b) => b.iv - a.iv);
  return {
    source,
    development: metricsOf(devPd, devLabels, summarise(development.rows)),
    validation: metricsOf(valPd, valLabels, summarise(validation.rows)),
    lambda: card.lambda,
    lambdaSearch: card.lambdaSearch,
    intercept: card.intercept,
    fit: card.fit,
    features,
    calibration: calibrationTable(valPd, valLabels, 10),
    psi: psi(devPd, valPd, 10),
    selectedBins: card.features
      .filter((f) => f.selected)
      .map((f) => ({ feature: f.feature, coefficient: f.coefficient ?? 0, bins: f.binning.bins })),
  };
}

const pct = (x: number, d = 1) => (Number.isFinite(x) ? `${(x * 100).toFixed(d)}%` : 'n/a');
const num = (x: number, d = 3) => (Number.isFinite(x) ? x.toFixed(d) : 'n/a');

function table(header: string[], rows: string[][], right: boolean[]): string {
  const widths = header.map((h, j) => Math.max(h.length, ...rows.map((r) => r[j].length)));
  const line = (cells: string[]) =>
    cells
      .map((c, j) => (right[j] ? c.padStart(widths[j]) : c.padEnd(widths[j])))
      .join('  ')
      .trimEnd();
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

export interface FormatOptions {
  /** Print the bins of each selected feature. */
  showBins?: boolean;
}

export function formatReport(report: TrainingReport, options: FormatOptions = {}): string {
  const out: string[] = [];
  const src = Object.entries(report.source);
  if (src.length) out.push(src.map(([k, v]) => `${k}: ${v}`).join('\n'), '');
  out.push(
    table(
      ['sample', 'rows', 'events', 'event rate', 'AUC', 'KS', 'Gini'],
      (['development', 'validation'] as const).map((s) => {
        const m = report[s];
        return [s, String(m.rows), String(m.events), pct(m.eventRate, 2), num(m.auc, 4), num(m.ks), num(m.gini)];
      }),
      [false, true, true, true, true, true, true],
    ),
    '',
  );
  const selected = report.features.filter((f) => f.status === 'selected').length;
  out.push(
    `features: ${report.features.length} considered, ${selected} selected; lambda ${report.lambda}; intercept ${num(report.intercept, 4)}; ${report.fit.iterations} Newton iterations over ${report.fit.refits + 1} fit(s) (${report.fit.refits} refit(s) after wrong-sign drops)${report.fit.converged ? '' : ', NOT converged'}`,
  );
  if (report.lambdaSearch) {
    out.push('lambda by cross-validation on the development rows (pooled out-of-fold):');
    out.push(
      table(
        ['lambda', 'log loss', 'AUC'],
        report.lambdaSearch.map((c) => [String(c.lambda), num(c.cvLogLoss, 5), num(c.cvAuc, 4)]),
        [true, true, true],
      ),
    );
  }
  out.push('');
  out.push(
    table(
      ['feature', 'kind', 'IV', 'bins', 'trend', 'coef', 'status'],
      report.features.map((f) => [
        f.feature,
        f.kind === 'numeric' ? 'num' : 'cat',
        num(f.iv, 4),
        String(f.bins),
        f.direction === 'increasing' ? 'up' : f.direction === 'decreasing' ? 'down' : '',
        f.coefficient === null ? '' : num(f.coefficient, 3),
        f.status === 'selected' ? 'selected' : `dropped ${f.dropReason}: ${f.note}`,
      ]),
      [false, false, true, true, false, true, false],
    ),
    '',
  );
  if (options.showBins) {
    for (const f of report.selectedBins) {
      out.push(`${f.feature} (coefficient ${num(f.coefficient, 4)})`);
      out.push(
        table(
          ['bin', 'rows', 'events', 'rate', 'WoE', 'points'],
          f.bins.map((b) => [
            b.label,
            String(b.count),
            String(b.events),
            pct(b.eventRate),
            num(b.woe, 3),
            num(f.coefficient * b.woe, 3),
          ]),
          [false, true, true, true, true, true],
        ),
        '',
      );
    }
  }
  out.push('calibration on validation, by decile of predicted PD:');
  out.push(
    table(
      ['decile', 'rows', 'events', 'mean PD', 'observed', 'PD range'],
      report.calibration.map((c) => [
        String(c.group),
        String(c.count),
        String(c.events),
        pct(c.meanPd, 2),
        pct(c.observedRate, 2),
        `${pct(c.minPd, 2)} - ${pct(c.maxPd, 2)}`,
      ]),
      [true, true, true, true, true, false],
    ),
    '',
  );
  out.push(
    `PSI of the PD, development -> validation (${report.psi.bins.length} bins at the development deciles): ${num(report.psi.psi, 4)}`,
  );
  out.push(
    table(
      ['PD bin', 'development', 'validation', 'PSI term'],
      report.psi.bins.map((b) => [
        `${b.lower === null ? '(-inf' : `[${formatEdge(b.lower)}`}, ${b.upper === null ? '+inf)' : `${formatEdge(b.upper)})`}`,
        pct(b.expectedShare),
        pct(b.actualShare),
        num(b.contribution, 4),
      ]),
      [false, true, true, true],
    ),
  );
  return out.join('\n');
}
