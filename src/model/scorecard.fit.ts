/**
 * Fitting a scorecard (scorecard.ts scores with it).
 *
 * `fitScorecard(train, options)`:
 * 1. Bins each feature on the training rows and computes its IV.
 * 2. Drops the features whose IV is below `minIv` (default 0.02: "not predictive" on the usual
 *    scale) — reason LOW_IV. `minIv: 0` keeps them all.
 * 3. Chooses λ: the given number (default 1), or with `lambda: 'cv'` by k-fold cross-validation
 *    inside the training rows (stratified folds, `foldsOf`): for each fold the whole procedure
 *    (binning, IV filter, fit, sign drops) runs on the other folds and scores the held-out one;
 *    the λ of `lambdaGrid` with the lowest pooled out-of-fold log loss wins (the larger λ on a
 *    tie). Held-out likelihood is what λ trades off; the validation sample is never used.
 * 4. Fits the regression on the remaining features' WoE values.
 * 5. WoE is larger for safer bins, so each coefficient should be ≤ 0. A positive one (a
 *    "wrong sign", usually a feature that is collinear with stronger ones and picks up their
 *    residual) makes the scorecard say that a safer value is riskier. While some coefficient is
 *    positive, the wrong-sign feature with the lowest IV is dropped (reason WRONG_SIGN, with its
 *    coefficient) and the model is refitted, one feature at a time. `dropWrongSign: false` keeps
 *    them, to measure the effect.
 *
 * Cost: binning sorts each feature once; each fit is O(n·p²) per Hessian pass (logistic.ts) and
 * each wrong-sign drop adds a refit (warm-started, so mostly O(n·p) passes). On one core: 300,000
 * rows × 60 features take about 2 s for the fit and about 25 s with 40 wrong-sign refits; the
 * Polish files (3,500 rows × 64) about a second. `lambda: 'cv'` repeats it folds × grid times.
 */
import { binFeature, compileBinning, type FeatureBinning } from './binning';
import { columnOf, foldsOf, labelsOf, type Dataset, type FeatureRow, type Observation } from './dataset';
import { fitLogistic, softplus, type Matrix } from './logistic';
import { auc } from './metrics';
import type { DropReason, LambdaCandidate, Scorecard, ScorecardOptions } from './scorecard.types';

export const DEFAULT_SCORECARD: ScorecardOptions = {
  fineBins: 20,
  minBinShare: 0.05,
  monotone: 'auto',
  minIv: 0.02,
  dropWrongSign: true,
  lambda: 1,
  lambdaGrid: [0.1, 0.3, 1, 3, 10, 30, 100],
  cvFolds: 5,
  maxIterations: 100,
  tolerance: 1e-10,
};

export function resolveOptions(options: Partial<ScorecardOptions> = {}): ScorecardOptions {
  const o = { ...DEFAULT_SCORECARD, ...options };
  if (o.lambda !== 'cv' && !(o.lambda >= 0)) throw new RangeError(`lambda must be >= 0 or 'cv', got ${o.lambda}`);
  if (!(o.minIv >= 0)) throw new RangeError(`minIv must be >= 0, got ${o.minIv}`);
  if (o.lambda === 'cv' && (!o.lambdaGrid.length || o.lambdaGrid.some((l) => !(l >= 0))))
    throw new RangeError('lambdaGrid must hold values >= 0');
  return o;
}

/** Bins, their per-row bin indices and WoE tables, for a set of rows. */
interface Prepared {
  binnings: FeatureBinning[];
  /** Per feature: the WoE of each row. */
  woeColumns: Float64Array[];
  labels: Uint8Array;
}

function prepare(features: Dataset['features'], rows: readonly Observation[], opts: ScorecardOptions): Prepared {
  const labels = labelsOf(rows);
  const binnings: FeatureBinning[] = [];
  const woeColumns: Float64Array[] = [];
  for (const f of features) {
    const column = columnOf(rows, f.name);
    const b = binFeature(f.name, f.kind, column, labels, opts);
    binnings.push(b);
    woeColumns.push(woeColumn(b, column));
  }
  return { binnings, woeColumns, labels };
}

function woeColumn(binning: FeatureBinning, column: readonly (FeatureRow[string] | undefined)[]): Float64Array {
  const find = compileBinning(binning);
  const table = binning.bins.map((b) => b.woe);
  const out = new Float64Array(column.length);
  for (let i = 0; i < column.length; i++) {
    const k = find(column[i]);
    out[i] = k < 0 ? 0 : table[k];
  }
  return out;
}

/** The row-major matrix of the columns, written into `buffer` (at least n × cols.length long). */
function design(cols: readonly Float64Array[], n: number, buffer: Float64Array): Matrix {
  const p = cols.length;
  const data = buffer.subarray(0, n * p);
  for (let j = 0; j < p; j++) {
    const c = cols[j];
    for (let i = 0, off = j; i < n; i++, off += p) data[off] = c[i];
  }
  return { rows: n, cols: p, data };
}

interface Warm {
  intercept: number;
  coefficients: Map<number, number>;
  /** X̃ᵀWX̃ of the last fit and the features (in order) it was computed for. */
  information: Float64Array | null;
  features: number[];
}

const coldStart = (): Warm => ({ intercept: 0, coefficients: new Map(), information: null, features: [] });

/** The part of the warm start's X̃ᵀWX̃ for `active` (intercept first), or undefined if a feature is not in it. */
function subInformation(warm: Warm, active: readonly number[]): Float64Array | undefined {
  if (!warm.information) return undefined;
  const pos = new Map(warm.features.map((j, k) => [j, k + 1]));
  const map = [0];
  for (const j of active) {
    const k = pos.get(j);
    if (k === undefined) return undefined;
    map.push(k);
  }
  const Q = warm.features.length + 1;
  const q = active.length + 1;
  const out = new Float64Array(q * q);
  for (let a = 0; a < q; a++) for (let b = 0; b < q; b++) out[a * q + b] = warm.information[map[a] * Q + map[b]];
  return out;
}

interface Selection {
  intercept: number;
  /** Feature index -> coefficient for the selected ones. */
  coefficients: Map<number, number>;
  dropped: Map<number, { reason: DropReason; note: string }>;
  iterations: number;
  hessianEvaluations: number;
  converged: boolean;
  logLikelihood: number;
  refits: number;
}

/**
 * Steps 2, 4, 5 of the header for one λ. Each refit (and, in cross-validation, each λ after the
 * first) starts Newton from the coefficients last fitted for the same features (`warm`, updated
 * here): the same optimum, in fewer iterations.
 */
function selectAndFit(prep: Prepared, opts: ScorecardOptions, lambda: number, warm: Warm = coldStart()): Selection {
  const dropped = new Map<number, { reason: DropReason; note: string }>();
  let active: number[] = [];
  prep.binnings.forEach((b, j) => {
    if (b.iv < opts.minIv) dropped.set(j, { reason: 'LOW_IV', note: `IV ${b.iv.toFixed(4)} < ${opts.minIv}` });
    else active.push(j);
  });
  const n = prep.labels.length;
  // One buffer for every refit's design (each has fewer columns than the first).
  const buffer = new Float64Array(n * active.length);
  let refits = 0;
  let iterations = 0;
  let hessians = 0;
  for (;;) {
    const start = { intercept: warm.intercept, coefficients: active.map((j) => warm.coefficients.get(j) ?? 0) };
    const fit = fitLogistic(
      design(
        active.map((j) => prep.woeColumns[j]),
        n,
        buffer,
      ),
      prep.labels,
      {
        lambda,
        maxIterations: opts.maxIterations,
        tolerance: opts.tolerance,
        start,
        startInformation: subInformation(warm, active),
      },
    );
    iterations += fit.iterations;
    hessians += fit.hessianEvaluations;
    warm.intercept = fit.intercept;
    active.forEach((j, k) => warm.coefficients.set(j, fit.coefficients[k]));
    warm.information = fit.information;
    warm.features = active;
    const wrong = opts.dropWrongSign
      ? active.map((j, k) => ({ j, c: fit.coefficients[k] })).filter((x) => x.c > 0)
      : [];
    if (!wrong.length) {
      return {
        intercept: fit.intercept,
        coefficients: new Map(active.map((j, k) => [j, fit.coefficients[k]])),
        dropped,
        iterations,
        hessianEvaluations: hessians,
        converged: fit.converged,
        logLikelihood: fit.logLikelihood,
        refits,
      };
    }
    wrong.sort((a, b) => prep.binnings[a.j].iv - prep.binnings[b.j].iv || a.j - b.j);
    const w = wrong[0];
    dropped.set(w.j, {
      reason: 'WRONG_SIGN',
      note: `coefficient +${w.c.toPrecision(3)} on WoE (expected <= 0) in a fit with ${active.length} features; the weakest (IV ${prep.binnings[w.j].iv.toFixed(4)}) of ${wrong.length} wrong-sign feature${wrong.length === 1 ? '' : 's'}`,
    });
    active = active.filter((j) => j !== w.j);
    refits++;
  }
}

function checkData(train: Dataset): void {
  const names = new Set<string>();
  for (const f of train.features) {
    if (names.has(f.name)) throw new RangeError(`feature ${f.name} is listed twice`);
    names.add(f.name);
  }
  let events = 0;
  for (const r of train.rows) {
    if (r.label !== 0 && r.label !== 1) throw new RangeError(`labels must be 0 or 1, got ${String(r.label)}`);
    events += r.label;
  }
  if (events === 0 || events === train.rows.length)
    throw new RangeError(`the training rows need both outcomes (${train.rows.length} rows, ${events} events)`);
}

/** Pooled out-of-fold log loss and AUC of the procedure for each λ (binning redone inside each fold). */
export function crossValidateLambdas(
  train: Dataset,
  options: Partial<ScorecardOptions>,
  lambdas: readonly number[],
  folds: number,
): LambdaCandidate[] {
  const opts = resolveOptions(options);
  checkData(train);
  const fold = foldsOf(train.rows, folds);
  const n = train.rows.length;
  const logits = lambdas.map(() => new Float64Array(n));
  for (let f = 0; f < folds; f++) {
    const inRows: Observation[] = [];
    const outIdx: number[] = [];
    train.rows.forEach((r, i) => (fold[i] === f ? outIdx.push(i) : inRows.push(r)));
    const prep = prepare(train.features, inRows, opts);
    const outRows = outIdx.map((i) => train.rows[i]);
    const outWoe = prep.binnings.map((b) => woeColumn(b, columnOf(outRows, b.feature)));
    const warm = coldStart();
    lambdas.forEach((lambda, li) => {
      const sel = selectAndFit(prep, opts, lambda, warm);
      outIdx.forEach((i, k) => {
        let eta = sel.intercept;
        for (const [j, c] of sel.coefficients) eta += c * outWoe[j][k];
        logits[li][i] = eta;
      });
    });
  }
  const labels = labelsOf(train.rows);
  return lambdas.map((lambda, li) => {
    let loss = 0;
    for (let i = 0; i < n; i++) loss += softplus(logits[li][i]) - labels[i] * logits[li][i];
    return { lambda, cvLogLoss: loss / n, cvAuc: auc(logits[li], labels) };
  });
}

/** Fits a scorecard on the training rows (see the header for the steps). */
export function fitScorecard(train: Dataset, options: Partial<ScorecardOptions> = {}): Scorecard {
  const opts = resolveOptions(options);
  checkData(train);
  let lambda: number;
  let lambdaSearch: LambdaCandidate[] | null = null;
  if (opts.lambda === 'cv') {
    lambdaSearch = crossValidateLambdas(train, opts, opts.lambdaGrid, opts.cvFolds);
    let best = lambdaSearch[0];
    for (const c of lambdaSearch)
      if (c.cvLogLoss < best.cvLogLoss || (c.cvLogLoss === best.cvLogLoss && c.lambda > best.lambda)) best = c;
    lambda = best.lambda;
  } else lambda = opts.lambda;
  const prep = prepare(train.features, train.rows, opts);
  const sel = selectAndFit(prep, opts, lambda);
  const events = prep.labels.reduce((s, v) => s + v, 0);
  return {
    format: 'woe-logistic-scorecard',
    version: 1,
    options: opts,
    lambda,
    lambdaSearch,
    intercept: sel.intercept,
    features: prep.binnings.map((b, j) => {
      const d = sel.dropped.get(j);
      return {
        feature: b.feature,
        kind: b.kind,
        iv: b.iv,
        selected: !d,
        dropReason: d?.reason ?? null,
        note: d?.note ?? null,
        coefficient: sel.coefficients.get(j) ?? null,
        binning: b,
      };
    }),
    training: {
      rows: train.rows.length,
      events,
      nonEvents: train.rows.length - events,
      eventRate: events / train.rows.length,
    },
    fit: {
      iterations: sel.iterations,
      hessianEvaluations: sel.hessianEvaluations,
      converged: sel.converged,
      logLikelihood: sel.logLikelihood,
      refits: sel.refits,
    },
  };
}
