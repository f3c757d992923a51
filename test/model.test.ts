/**
 * The default model's pure parts (src/model): metrics, WoE binning, logistic regression, the
 * scorecard's feature selection and scoring, the dataset splits, the ARFF and CSV readers.
 * Simulated data come from a seeded xoroshiro128+ stream, so every run sees the same numbers.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { xoroshiro128plus } from 'pure-rand';
import { auc, calibrationTable, gini, ks, psi } from '../src/model/metrics';
import { binFeature, compileBinning, woe } from '../src/model/binning';
import { cholesky, fitLogistic, sigmoid, solveCholesky, type Matrix } from '../src/model/logistic';
import { crossValidateLambdas, fitScorecard, scoreLogits, scoreRow, type Scorecard } from '../src/model/scorecard';
import {
  foldsOf,
  splitClassAlternate,
  splitLast,
  type Dataset,
  type FeatureValue,
  type Observation,
} from '../src/model/dataset';
import { parseArff } from '../src/model/arff';
import { parseCsvTable, tableToDataset } from '../src/model/file-dataset';
import { runFileTraining } from '../src/model/train-file';
import { UsageError } from '../src/lib/cli';

/** A seeded stream of uniforms and normals. */
function random(seed: number) {
  const gen = xoroshiro128plus.fromState([seed, seed ^ 0x5bd1e995, 7, 11]);
  const uniform = () => (gen.unsafeNext() >>> 0) / 4294967296;
  return {
    uniform,
    normal: () => {
      let u = uniform();
      while (u === 0) u = uniform();
      return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * uniform());
    },
    bernoulli: (p: number) => (uniform() < p ? 1 : 0) as 0 | 1,
  };
}

const logit = (p: number) => Math.log(p / (1 - p));

describe('metrics', () => {
  it('AUC counts ties as one half (hand-computed: 7 of 9 pairs)', () => {
    // Events score 0.4, 0.8, 0.9; non-events 0.1, 0.4, 0.8. Pairs won: 0.4 → 1 + ½; 0.8 → 2 + ½; 0.9 → 3.
    expect(auc([0.1, 0.4, 0.4, 0.8, 0.8, 0.9], [0, 0, 1, 0, 1, 1])).toBeCloseTo(7 / 9, 12);
    expect(auc([1, 1, 1, 1], [0, 1, 0, 1])).toBe(0.5);
    expect(auc([1, 2], [1, 1])).toBeNaN();
  });

  it('KS is the largest gap of the cumulative distributions, ties never split; Gini = 2·AUC − 1', () => {
    // Non-events 0.1, 0.2, 0.65; events 0.6, 0.7, 0.9: after 0.2 the gap is 2/3 − 0, after 0.65 it is 1 − 1/3.
    const scores = [0.1, 0.2, 0.65, 0.6, 0.7, 0.9];
    const labels = [0, 0, 0, 1, 1, 1];
    expect(ks(scores, labels)).toBeCloseTo(2 / 3, 12);
    expect(auc(scores, labels)).toBeCloseTo(8 / 9, 12);
    expect(gini(scores, labels)).toBeCloseTo(7 / 9, 12);
    expect(ks([0.5, 0.5, 0.5, 0.5], [0, 1, 0, 1])).toBe(0);
    expect(ks([0, 1], [0, 1])).toBe(1);
  });

  it('PSI is 0 for identical samples and grows with a shift; an empty bin stays finite', () => {
    const r = random(1);
    const dev = Array.from({ length: 5000 }, () => r.normal());
    expect(psi(dev, dev).psi).toBe(0);
    expect(psi(dev, [...dev].reverse()).psi).toBe(0);
    const small = psi(
      dev,
      dev.map((x) => x + 0.1),
    ).psi;
    const large = psi(
      dev,
      dev.map((x) => x + 0.5),
    ).psi;
    expect(small).toBeGreaterThan(0);
    expect(large).toBeGreaterThan(small);
    expect(large).toBeGreaterThan(0.1);
    const out = psi(
      dev,
      dev.map((x) => x + 100),
    );
    expect(Number.isFinite(out.psi)).toBe(true);
    expect(out.bins).toHaveLength(10);
    expect(out.bins[9].actualShare).toBe(1);
  });

  it('calibration groups the rows by decile of predicted PD', () => {
    const pd = Array.from({ length: 100 }, (_, i) => i / 100);
    const labels = pd.map((p, i) => (i % 10 < p * 10 ? 1 : 0));
    const table = calibrationTable(pd, labels);
    expect(table).toHaveLength(10);
    expect(table.map((g) => g.count)).toEqual(Array(10).fill(10));
    expect(table[0].meanPd).toBeCloseTo(0.045, 12);
    expect(table[9].minPd).toBe(0.9);
    expect(table[9].maxPd).toBe(0.99);
    expect(table.reduce((s, g) => s + g.events, 0)).toBe(labels.reduce<number>((s, v) => s + v, 0));
  });
});

describe('WoE binning', () => {
  it('WoE and IV of a hand-made table follow the formula', () => {
    // Levels A (10 goods, 2 bads), B (5, 5), C (5, 13): G = 20, D = 20.
    const values: FeatureValue[] = [];
    const labels: number[] = [];
    const add = (level: string, goods: number, bads: number) => {
      for (let i = 0; i < goods + bads; i++) {
        values.push(level);
        labels.push(i < goods ? 0 : 1);
      }
    };
    add('A', 10, 2);
    add('B', 5, 5);
    add('C', 5, 13);
    const b = binFeature('sector', 'categorical', values, labels, { minBinShare: 0 });
    const expected = { A: [10, 2], B: [5, 5], C: [5, 13] } as const;
    let iv = 0;
    for (const [level, [g, d]] of Object.entries(expected)) {
      const bin = b.bins.find((x) => x.label === level)!;
      const w = Math.log((g + 0.5) / 20) - Math.log((d + 0.5) / 20);
      expect(bin.woe).toBeCloseTo(w, 12);
      expect([bin.count, bin.events, bin.nonEvents]).toEqual([g + d, d, g]);
      iv += (g / 20 - d / 20) * w;
    }
    expect(woe(10, 2, 20, 20)).toBeCloseTo(Math.log(10.5 / 2.5), 12);
    expect(b.iv).toBeCloseTo(iv, 12);
    expect([b.rows, b.events, b.nonEvents]).toEqual([40, 20, 20]);
  });

  it('merges rare levels into one "other" bin', () => {
    const values: FeatureValue[] = [...Array(50).fill('big'), ...Array(45).fill('mid'), 'r1', 'r2', 'r2', 'r3', 'r3'];
    const labels = values.map((_, i) => (i % 3 === 0 ? 1 : 0));
    const b = binFeature('city', 'categorical', values, labels, { minBinShare: 0.05 });
    expect(b.bins.map((x) => x.label)).toEqual(['big', 'mid', 'other (3 levels)']);
    const other = b.bins[2];
    expect(other.kind === 'other' && other.levels).toEqual(['r1', 'r2', 'r3']);
    expect(other.count).toBe(5);
    const find = compileBinning(b);
    expect(find('r2')).toBe(2);
    expect(find('never seen')).toBe(-1);
  });

  it.each([
    { direction: 'increasing', slope: 3 },
    { direction: 'decreasing', slope: -3 },
  ])(
    'yields a monotone ($direction) event rate on noisy data, every bin with its minimum share and both outcomes',
    ({ direction, slope }) => {
      const r = random(2);
      const n = 6000;
      const values: number[] = [];
      const labels: number[] = [];
      for (let i = 0; i < n; i++) {
        const x = r.uniform() * 10;
        // A monotone trend with a wiggle and label noise.
        values.push(Math.round(x * 100) / 100);
        labels.push(r.bernoulli(sigmoid(-1 + slope * (x / 10 - 0.5) + 0.4 * Math.sin(3 * x))));
      }
      const b = binFeature('x', 'numeric', values, labels);
      expect(b.direction).toBe(direction);
      const ranges = b.bins.filter((x) => x.kind === 'range');
      expect(ranges.length).toBeGreaterThanOrEqual(3);
      expect(ranges.length).toBeLessThanOrEqual(20);
      for (let k = 1; k < ranges.length; k++) {
        const step = ranges[k].eventRate - ranges[k - 1].eventRate;
        expect(direction === 'increasing' ? step : -step).toBeGreaterThan(0);
      }
      for (const bin of ranges) {
        expect(bin.count).toBeGreaterThanOrEqual(0.05 * n);
        expect(bin.events).toBeGreaterThan(0);
        expect(bin.nonEvents).toBeGreaterThan(0);
      }
      expect(ranges.reduce((s, x) => s + x.count, 0)).toBe(n);
      // Edges: [lower, upper), open at both ends, each bin starting where the previous one ends.
      expect(ranges[0].kind === 'range' && ranges[0].lower).toBeNull();
      expect(ranges[ranges.length - 1].kind === 'range' && ranges[ranges.length - 1].upper).toBeNull();
      const find = compileBinning(b);
      for (let k = 1; k < ranges.length; k++) {
        const bin = ranges[k];
        if (bin.kind !== 'range') throw new Error('not a range');
        expect(ranges[k - 1].kind === 'range' && ranges[k - 1].upper).toBe(bin.lower);
        expect(find(bin.lower!)).toBe(k);
        expect(find(bin.lower! - 1e-9)).toBe(k - 1);
        expect(bin.label).toMatch(/^\[[-0-9.e]+, ([-0-9.e]+\)|\+inf\))$/);
      }
      expect(ranges[0].label).toMatch(/^\(-inf, /);
      // Forcing the other direction pools everything into fewer bins with a lower IV.
      const forced = binFeature('x', 'numeric', values, labels, {
        monotone: direction === 'increasing' ? 'decreasing' : 'increasing',
      });
      expect(forced.iv).toBeLessThan(b.iv);
    },
  );

  it('gives missing values and each special code a bin of their own', () => {
    const values: FeatureValue[] = [];
    const labels: number[] = [];
    for (let i = 0; i < 400; i++) {
      values.push(i % 10 === 0 ? null : i % 10 === 1 ? 'NOT_APPLICABLE' : i % 10 === 2 ? 'MISSING' : i);
      labels.push(i % 10 === 0 ? (i % 20 === 0 ? 1 : 0) : i % 10 === 1 ? 1 : i % 4 === 0 ? 1 : 0);
    }
    const b = binFeature('debt_ratio', 'numeric', values, labels);
    const kinds = b.bins.map((x) => x.kind);
    expect(kinds.filter((k) => k === 'missing')).toHaveLength(1);
    const missing = b.bins.find((x) => x.kind === 'missing')!;
    expect([missing.label, missing.count, missing.events]).toEqual(['missing', 40, 20]);
    const na = b.bins.find((x) => x.kind === 'special' && x.code === 'NOT_APPLICABLE')!;
    expect([na.label, na.count, na.events]).toEqual(['NOT_APPLICABLE', 40, 40]);
    expect(Number.isFinite(na.woe)).toBe(true);
    expect(b.bins.find((x) => x.kind === 'special' && x.code === 'MISSING')!.count).toBe(40);
    expect(b.bins.filter((x) => x.kind === 'range').reduce((s, x) => s + x.count, 0)).toBe(280);
    const find = compileBinning(b);
    expect(b.bins[find(null)].kind).toBe('missing');
    expect(b.bins[find(undefined)].kind).toBe('missing');
    expect(b.bins[find('NOT_APPLICABLE')].label).toBe('NOT_APPLICABLE');
    expect(find('UNKNOWN_CODE')).toBe(-1);
    expect(b.bins[find(1e9)].kind).toBe('range');
  });
});

describe('logistic regression', () => {
  function simulate(seed: number, n: number, beta: number[], intercept: number): { X: Matrix; y: Uint8Array } {
    const r = random(seed);
    const p = beta.length;
    const data = new Float64Array(n * p);
    const y = new Uint8Array(n);
    for (let i = 0; i < n; i++) {
      let eta = intercept;
      for (let j = 0; j < p; j++) {
        const x = r.normal();
        data[i * p + j] = x;
        eta += beta[j] * x;
      }
      y[i] = r.bernoulli(sigmoid(eta));
    }
    return { X: { rows: n, cols: p, data }, y };
  }

  it('recovers known coefficients on simulated data', () => {
    const truth = [0.8, -0.5, 0.3, 0];
    const { X, y } = simulate(3, 40000, truth, -1);
    const fit = fitLogistic(X, y, { lambda: 0 });
    expect(fit.converged).toBe(true);
    expect(fit.intercept).toBeCloseTo(-1, 1);
    fit.coefficients.forEach((c, j) => expect(Math.abs(c - truth[j])).toBeLessThan(0.04));
  });

  it('matches the closed form of one binary feature (λ = 0) and of the intercept alone', () => {
    // x = 0: 30 events in 100; x = 1: 60 events in 80.
    const rows: Array<[number, number]> = [];
    for (let i = 0; i < 100; i++) rows.push([0, i < 30 ? 1 : 0]);
    for (let i = 0; i < 80; i++) rows.push([1, i < 60 ? 1 : 0]);
    const X = { rows: rows.length, cols: 1, data: Float64Array.from(rows.map((r) => r[0])) };
    const y = rows.map((r) => r[1]);
    for (const reuseHessian of [true, false]) {
      const fit = fitLogistic(X, y, { lambda: 0, reuseHessian });
      expect(fit.intercept).toBeCloseTo(logit(0.3), 9);
      expect(fit.coefficients[0]).toBeCloseTo(logit(0.75) - logit(0.3), 9);
      expect(fit.logLikelihood).toBeCloseTo(
        30 * Math.log(0.3) + 70 * Math.log(0.7) + 60 * Math.log(0.75) + 20 * Math.log(0.25),
        9,
      );
    }
    const empty = fitLogistic({ rows: rows.length, cols: 0, data: new Float64Array(0) }, y, { lambda: 1 });
    expect(empty.intercept).toBeCloseTo(logit(90 / 180), 12);
  });

  it('λ shrinks the slopes but not the intercept', () => {
    const { X, y } = simulate(4, 2000, [1, -1, 0.5], 0.5);
    const norms = [0, 10, 1000, 1e6].map((lambda) => {
      const f = fitLogistic(X, y, { lambda });
      return { lambda, norm: Math.hypot(...f.coefficients), intercept: f.intercept };
    });
    for (let k = 1; k < norms.length; k++) expect(norms[k].norm).toBeLessThan(norms[k - 1].norm);
    const rate = y.reduce((s, v) => s + v, 0) / y.length;
    expect(norms[3].norm).toBeLessThan(1e-3);
    expect(norms[3].intercept).toBeCloseTo(logit(rate), 3);
  });

  it('reusing the Hessian reaches the same optimum as plain Newton, with fewer Hessian passes', () => {
    const { X, y } = simulate(5, 5000, [0.7, -0.4, 0.2, 0.1, -0.3], -2);
    const plain = fitLogistic(X, y, { lambda: 1, reuseHessian: false });
    const reused = fitLogistic(X, y, { lambda: 1 });
    expect(plain.hessianEvaluations).toBe(plain.iterations);
    expect(reused.hessianEvaluations).toBeLessThan(plain.hessianEvaluations);
    reused.coefficients.forEach((c, j) => expect(c).toBeCloseTo(plain.coefficients[j], 9));
    expect(reused.intercept).toBeCloseTo(plain.intercept, 9);
  });

  it('solves symmetric positive definite systems by Cholesky', () => {
    const A = Float64Array.from([4, 2, 0.6, 2, 5, 1, 0.6, 1, 3]);
    const x = solveCholesky(cholesky(A, 3), [1, 2, 3], 3);
    for (let i = 0; i < 3; i++)
      expect(A[i * 3] * x[0] + A[i * 3 + 1] * x[1] + A[i * 3 + 2] * x[2]).toBeCloseTo([1, 2, 3][i], 12);
  });
});

/**
 * x1 drives the outcome; x2 = x1 + noise also predicts it on its own (through x1), but given x1 a
 * higher x2 is safer, so its WoE coefficient comes out positive: a wrong sign. x3 is pure noise.
 */
function selectionData(seed: number, n: number): Dataset {
  const r = random(seed);
  const rows: Observation[] = [];
  for (let i = 0; i < n; i++) {
    const x1 = r.normal();
    const x2 = x1 + 0.5 * r.normal();
    const x3 = r.normal();
    const segment = r.uniform() < 0.3 ? 'retail' : r.uniform() < 0.5 ? 'trade' : 'manufacturing';
    const eta = -1.5 + 1.6 * x1 - 0.9 * x2 + (segment === 'retail' ? 0.6 : 0);
    rows.push({
      label: r.bernoulli(sigmoid(eta)),
      values: {
        x1: Math.round(x1 * 1000) / 1000,
        x2: i % 50 === 0 ? null : Math.round(x2 * 1000) / 1000,
        x3: i % 37 === 0 ? 'NOT_APPLICABLE' : x3,
        segment,
      },
    });
  }
  return {
    features: [
      { name: 'x1', kind: 'numeric' },
      { name: 'x2', kind: 'numeric' },
      { name: 'x3', kind: 'numeric' },
      { name: 'segment', kind: 'categorical' },
    ],
    rows,
  };
}

describe('scorecard', () => {
  const data = selectionData(6, 20000);
  const card = fitScorecard(data);
  const byName = (c: Scorecard, f: string) => c.features.find((x) => x.feature === f)!;

  it('drops a pure-noise feature for its IV and a wrong-sign feature after the fit, saying why', () => {
    expect(byName(card, 'x1')).toMatchObject({ selected: true, dropReason: null });
    expect(byName(card, 'x1').coefficient).toBeLessThan(0);
    expect(byName(card, 'segment')).toMatchObject({ selected: true });
    expect(byName(card, 'x3')).toMatchObject({ selected: false, dropReason: 'LOW_IV', coefficient: null });
    expect(byName(card, 'x3').note).toMatch(/^IV 0\.\d{4} < 0\.02$/);
    expect(byName(card, 'x2')).toMatchObject({ selected: false, dropReason: 'WRONG_SIGN', coefficient: null });
    expect(byName(card, 'x2').iv).toBeGreaterThan(0.1);
    expect(byName(card, 'x2').note).toMatch(/^coefficient \+/);
    expect(card.fit.refits).toBe(1);
    expect(card.fit.converged).toBe(true);
  });

  it('keeps them when told to, with the wrong sign visible', () => {
    const kept = fitScorecard(data, { dropWrongSign: false, minIv: 0 });
    expect(byName(kept, 'x2').selected).toBe(true);
    expect(byName(kept, 'x2').coefficient).toBeGreaterThan(0);
    expect(byName(kept, 'x3').selected).toBe(true);
    expect(kept.fit.refits).toBe(0);
  });

  it('scores a row: the contributions and the intercept add up to the logit', () => {
    for (const row of data.rows.slice(0, 50)) {
      const s = scoreRow(card, row.values);
      expect(s.contributions.map((c) => c.feature)).toEqual(['x1', 'segment']);
      const sum = s.contributions.reduce((t, c) => t + c.logitContribution, card.intercept);
      expect(s.logit).toBeCloseTo(sum, 12);
      expect(s.pd).toBeCloseTo(sigmoid(s.logit), 15);
      for (const c of s.contributions) {
        expect(c.logitContribution).toBeCloseTo(c.coefficient * c.woe, 15);
        const bin = byName(card, c.feature).binning.bins[c.bin.index];
        expect([c.bin.label, c.woe]).toEqual([bin.label, bin.woe]);
      }
    }
    const logits = scoreLogits(
      card,
      data.rows.slice(0, 50).map((r) => r.values),
    );
    data.rows.slice(0, 50).forEach((r, i) => expect(logits[i]).toBeCloseTo(scoreRow(card, r.values).logit, 12));
  });

  it('gives WoE 0 to a value in a bin never seen in training', () => {
    // x1 never missing in training; a new segment; an unknown special code.
    const s = scoreRow(card, { x1: null, segment: 'mining' });
    const x1 = s.contributions.find((c) => c.feature === 'x1')!;
    expect(x1).toMatchObject({
      bin: { index: -1, label: 'missing (not seen in training)' },
      woe: 0,
      logitContribution: 0,
    });
    const seg = s.contributions.find((c) => c.feature === 'segment')!;
    expect(seg).toMatchObject({ bin: { index: -1, label: 'mining (not seen in training)' }, woe: 0 });
    expect(s.logit).toBe(card.intercept);
    const special = scoreRow(card, { x1: 'NEW_CODE', segment: 'retail' });
    expect(special.contributions[0]).toMatchObject({
      bin: { index: -1, label: 'NEW_CODE (not seen in training)' },
      woe: 0,
    });
  });

  it('is plain JSON: a parsed copy scores the same', () => {
    const copy = JSON.parse(JSON.stringify(card)) as Scorecard;
    expect(copy).toEqual(card);
    const probes = [
      ...data.rows.slice(0, 20).map((r) => r.values),
      { x1: null },
      { x1: 'NOT_APPLICABLE', segment: 'unknown' },
      { x1: -1e9, x2: 1e9, segment: null },
    ];
    for (const row of probes) expect(scoreRow(copy, row)).toEqual(scoreRow(card, row));
    // The first and last range bins are open: null edges in JSON, as in the model.
    const ranges = byName(copy, 'x1').binning.bins.filter((b) => b.kind === 'range');
    expect(ranges[0].kind === 'range' && ranges[0].lower).toBeNull();
  });

  it('chooses λ by cross-validation on the training rows only', () => {
    const small: Dataset = { features: data.features, rows: data.rows.slice(0, 3000) };
    const cv = crossValidateLambdas(small, {}, [0.1, 10, 10000], 4);
    expect(cv.map((c) => c.lambda)).toEqual([0.1, 10, 10000]);
    // A huge λ flattens the slopes: worse held-out log loss.
    expect(cv[2].cvLogLoss).toBeGreaterThan(Math.min(cv[0].cvLogLoss, cv[1].cvLogLoss));
    const chosen = fitScorecard(small, { lambda: 'cv', lambdaGrid: [0.1, 10, 10000], cvFolds: 4 });
    const best = cv.reduce((b, c) => (c.cvLogLoss < b.cvLogLoss ? c : b));
    expect(chosen.lambda).toBe(best.lambda);
    expect(chosen.lambdaSearch).toEqual(cv);
  });

  it('refuses training rows with one outcome only', () => {
    expect(() =>
      fitScorecard({ features: data.features, rows: data.rows.filter((r) => r.label === 0).slice(0, 100) }),
    ).toThrow(/both outcomes/);
  });
});

describe('datasets and readers', () => {
  const rows = (labels: Array<0 | 1>): Dataset => ({
    features: [{ name: 'i', kind: 'numeric' }],
    rows: labels.map((label, i) => ({ label, values: { i } })),
  });

  it('splits by class alternately, by the last fraction, and into stratified folds', () => {
    const d = rows([0, 1, 0, 0, 1, 1, 0, 1, 0, 0]);
    const s = splitClassAlternate(d);
    // Non-events are rows 0,2,3,6,8,9 (even-numbered: 0,3,8); events 1,4,5,7 (even-numbered: 1,5).
    expect(s.train.rows.map((r) => r.values.i)).toEqual([0, 1, 3, 5, 8]);
    expect(s.validation.rows.map((r) => r.values.i)).toEqual([2, 4, 6, 7, 9]);
    const last = splitLast(d, 0.3);
    expect(last.train.rows.map((r) => r.values.i)).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(last.validation.rows.map((r) => r.values.i)).toEqual([7, 8, 9]);
    expect(Array.from(foldsOf(d.rows, 3))).toEqual([0, 0, 1, 2, 1, 2, 0, 0, 1, 2]);
  });

  it('keeps each group (a borrower observed at several dates) in one fold', () => {
    const panel: Observation[] = ['a', 'b', 'a', 'c', 'b', 'd', 'c', 'e'].map((group, i) => ({
      group,
      label: group === 'b' && i === 4 ? 1 : 0,
      values: {},
    }));
    // Groups with an event: b (fold 0). Without: a, c, d, e (folds 0, 1, 0, 1).
    expect(Array.from(foldsOf(panel, 2))).toEqual([0, 0, 0, 1, 0, 0, 1, 1]);
  });

  it('reads ARFF: comments, CRLF, quoted names and values, nominal attributes, ? as missing', () => {
    const text = [
      '% a comment',
      "@RELATION 'firms'",
      '',
      '@attribute ratio NUMERIC',
      "@attribute 'sector name' {retail, 'heavy industry'}",
      '@attribute note string',
      '@attribute class {0,1}',
      '@data',
      '% rows follow',
      "0.5, retail, 'a, b', 0",
      "?, 'heavy industry', ?, 1",
      '-1e3,retail,x,0',
    ].join('\r\n');
    const a = parseArff(text);
    expect(a.relation).toBe('firms');
    expect(a.attributes).toEqual([
      { name: 'ratio', type: 'numeric' },
      { name: 'sector name', type: 'nominal', values: ['retail', 'heavy industry'] },
      { name: 'note', type: 'string' },
      { name: 'class', type: 'nominal', values: ['0', '1'] },
    ]);
    expect(a.rows).toEqual([
      [0.5, 'retail', 'a, b', '0'],
      [null, 'heavy industry', null, '1'],
      [-1000, 'retail', 'x', '0'],
    ]);
    expect(a.lines).toEqual([10, 11, 12]);
    expect(() => parseArff('@attribute x numeric\n@data\nabc')).toThrow(/line 3: x is numeric/);
    expect(() => parseArff('@attribute c {a,b}\n@data\nz')).toThrow(/must be one of/);
    expect(() => parseArff('@attribute x numeric\n@data\n1,2')).toThrow(/2 values, expected 1/);
  });

  it('turns a CSV into a split dataset: numeric and categorical columns, special codes, exclusions', () => {
    const csv =
      '\ufeffid,amount,sector,zip,flag,split,bad\r\n1,100,A,94105,NOT_APPLICABLE,1,0\r\n2,,B,94107,3.5,1,1\r\n3,250.5,A,,2,0,0\r\n4,1e3,,94105,1,0,1\r\n5,7,B,94110,,1,\r\n';
    const d = tableToDataset(parseCsvTable(csv), {
      target: 'bad',
      exclude: ['id'],
      categorical: ['zip'],
      specialCodes: ['NOT_APPLICABLE'],
      split: { kind: 'column', column: 'split', trainValue: '1' },
    });
    expect(d.skippedRows).toBe(1);
    expect(d.columns.map((c) => [c.name, c.role, c.kind])).toEqual([
      ['id', 'excluded', null],
      ['amount', 'feature', 'numeric'],
      ['sector', 'feature', 'categorical'],
      ['zip', 'feature', 'categorical'],
      ['flag', 'feature', 'numeric'],
      ['split', 'split', null],
      ['bad', 'target', null],
    ]);
    expect(d.train.rows.map((r) => [r.label, r.values])).toEqual([
      [0, { amount: 100, sector: 'A', zip: '94105', flag: 'NOT_APPLICABLE' }],
      [1, { amount: null, sector: 'B', zip: '94107', flag: 3.5 }],
    ]);
    expect(d.validation.rows.map((r) => r.values.amount)).toEqual([250.5, 1000]);
    expect(() =>
      tableToDataset(parseCsvTable('a,b\n1,x\n'), { target: 'b', split: { kind: 'class-alternate' } }),
    ).toThrow(/must be 0 or 1/);
    expect(() =>
      tableToDataset(parseCsvTable('a,b\n1,0\n'), { target: 'nope', split: { kind: 'class-alternate' } }),
    ).toThrow(/not a column/);
  });

  it('refuses a file run without a split, and a bad database-mode flag with the usage of both modes', async () => {
    await expect(runFileTraining(['--file', 'x.csv', '--target', 'y'])).rejects.toThrow(UsageError);
    await expect(runFileTraining(['--file', 'x.csv', '--target', 'y', '--split', 'last:2'])).rejects.toThrow(
      /0 < F < 1/,
    );
    const root = path.resolve(__dirname, '..');
    const run = spawnSync(
      process.execPath,
      ['-r', '@swc-node/register', 'src/model/train.cli.ts', '--from', '2025-13'],
      { cwd: root, encoding: 'utf8' },
    );
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/--from must be a month YYYY-MM, got "2025-13"/);
    expect(run.stderr).toMatch(/usage: npm run train \[-- options\]/);
    expect(run.stderr).toMatch(/usage: npm run train -- --file FILE/);
  });
});
