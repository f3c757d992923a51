/**
 * Evaluation of a score against 0/1 outcomes (1 = the event). A higher score means more risk
 * (a PD or a logit), so a good model ranks events above non-events. Pure functions.
 *
 * - AUC: the probability that a random event scores above a random non-event, ties counting one
 *   half: the Mann-Whitney U statistic (rank sum of the events with mid-ranks for ties, minus its
 *   minimum) over (events × non-events). NaN when either class is absent.
 * - Gini (accuracy ratio) = 2·AUC − 1.
 * - KS: the largest gap between the cumulative score distributions of events and non-events,
 *   max over thresholds t of |F₁(t) − F₀(t)|; thresholds are taken between distinct scores only,
 *   so tied scores are never split.
 * - Calibration: the rows sorted by predicted PD (ties in input order) and cut into `groups`
 *   (default 10) groups of as equal a size as possible (decile 1 = the lowest PDs); per group the
 *   count, the mean predicted PD, the observed event rate, and the PD range.
 * - PSI (population stability index) of a score between a development (expected) and a later or
 *   other (actual) sample: bin edges are the development sample's deciles (distinct values only:
 *   a discrete score may give fewer bins; a value v is in the bin of the number of edges ≤ v, as
 *   for the WoE bins); with e and a each sample's share in a bin,
 *     PSI = Σ (a − e) · ln(a / e).
 *   An empty bin's share is floored at 1e-4 (one in ten thousand), so that the logarithm stays
 *   finite; the floor is small enough not to matter for bins holding rows. Common reading:
 *   < 0.1 stable, 0.1–0.25 some shift, > 0.25 a major shift.
 */

type Numbers = ArrayLike<number>;

function check(scores: Numbers, labels: Numbers): void {
  if (scores.length !== labels.length) throw new RangeError(`${scores.length} scores but ${labels.length} labels`);
}

function order(scores: Numbers): Uint32Array {
  const idx = new Uint32Array(scores.length);
  for (let i = 0; i < idx.length; i++) idx[i] = i;
  return idx.sort((a, b) => scores[a] - scores[b] || a - b);
}

/** AUC by Mann-Whitney with mid-ranks for ties. */
export function auc(scores: Numbers, labels: Numbers): number {
  check(scores, labels);
  const idx = order(scores);
  let rankSum = 0;
  let pos = 0;
  for (let k = 0; k < idx.length;) {
    let j = k;
    while (j + 1 < idx.length && scores[idx[j + 1]] === scores[idx[k]]) j++;
    const rank = (k + j) / 2 + 1;
    for (let t = k; t <= j; t++)
      if (labels[idx[t]] === 1) {
        rankSum += rank;
        pos++;
      }
    k = j + 1;
  }
  const neg = idx.length - pos;
  if (!pos || !neg) return NaN;
  return (rankSum - (pos * (pos + 1)) / 2) / (pos * neg);
}

export function gini(scores: Numbers, labels: Numbers): number {
  return 2 * auc(scores, labels) - 1;
}

/** Kolmogorov-Smirnov statistic of the scores of events against non-events. */
export function ks(scores: Numbers, labels: Numbers): number {
  check(scores, labels);
  const idx = order(scores);
  let pos = 0;
  for (let i = 0; i < labels.length; i++) if (labels[i] === 1) pos++;
  const neg = labels.length - pos;
  if (!pos || !neg) return NaN;
  let cumPos = 0;
  let cumNeg = 0;
  let best = 0;
  for (let k = 0; k < idx.length;) {
    let j = k;
    while (j + 1 < idx.length && scores[idx[j + 1]] === scores[idx[k]]) j++;
    for (let t = k; t <= j; t++)
      if (labels[idx[t]] === 1) cumPos++;
      else cumNeg++;
    best = Math.max(best, Math.abs(cumPos / pos - cumNeg / neg));
    k = j + 1;
  }
  return best;
}

export interface CalibrationRow {
  /** 1 = the lowest predicted PDs. */
  group: number;
  count: number;
  events: number;
  meanPd: number;
  observedRate: number;
  minPd: number;
  maxPd: number;
}

/** Calibration by groups (deciles by default) of predicted PD. */
export function calibrationTable(pd: Numbers, labels: Numbers, groups = 10): CalibrationRow[] {
  check(pd, labels);
  const idx = order(pd);
  const n = idx.length;
  const rows: CalibrationRow[] = [];
  for (let g = 0; g < groups; g++) {
    const from = Math.floor((g * n) / groups);
    const to = Math.floor(((g + 1) * n) / groups);
    if (to <= from) continue;
    let sum = 0;
    let events = 0;
    for (let k = from; k < to; k++) {
      sum += pd[idx[k]];
      events += labels[idx[k]] === 1 ? 1 : 0;
    }
    const count = to - from;
    rows.push({
      group: g + 1,
      count,
      events,
      meanPd: sum / count,
      observedRate: events / count,
      minPd: pd[idx[from]],
      maxPd: pd[idx[to - 1]],
    });
  }
  return rows;
}

export interface PsiBin {
  /** null = −infinity / +infinity. */
  lower: number | null;
  upper: number | null;
  expectedShare: number;
  actualShare: number;
  contribution: number;
}

export interface PsiResult {
  psi: number;
  bins: PsiBin[];
}

/** The floor on an empty bin's share (see the header). */
export const PSI_FLOOR = 1e-4;

/** One bin's PSI term, (actual - expected) ln(actual / expected), with both shares floored at PSI_FLOOR. */
export function psiTerm(expectedShare: number, actualShare: number): number {
  const es = Math.max(expectedShare, PSI_FLOOR);
  const as = Math.max(actualShare, PSI_FLOOR);
  return (as - es) * Math.log(as / es);
}

/** Quantile of sorted values with linear interpolation (numpy's default). */
function quantileSorted(sorted: Float64Array, q: number): number {
  const h = (sorted.length - 1) * q;
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, sorted.length - 1);
  return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
}

/** PSI of `actual` against `expected` (the development sample), with bins at the development deciles. */
export function psi(expected: Numbers, actual: Numbers, bins = 10): PsiResult {
  if (!expected.length || !actual.length) return { psi: NaN, bins: [] };
  const sorted = Float64Array.from(expected).sort();
  const edges: number[] = [];
  for (let k = 1; k < bins; k++) {
    const e = quantileSorted(sorted, k / bins);
    if (!edges.length || e > edges[edges.length - 1]) edges.push(e);
  }
  const binOf = (v: number) => {
    let lo = 0;
    let hi = edges.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (edges[mid] <= v) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  const e = new Float64Array(edges.length + 1);
  const a = new Float64Array(edges.length + 1);
  for (let i = 0; i < expected.length; i++) e[binOf(expected[i])]++;
  for (let i = 0; i < actual.length; i++) a[binOf(actual[i])]++;
  let total = 0;
  const out: PsiBin[] = [];
  for (let k = 0; k <= edges.length; k++) {
    const contribution = psiTerm(e[k] / expected.length, a[k] / actual.length);
    total += contribution;
    out.push({
      lower: k === 0 ? null : edges[k - 1],
      upper: k === edges.length ? null : edges[k],
      expectedShare: e[k] / expected.length,
      actualShare: a[k] / actual.length,
      contribution,
    });
  }
  return { psi: total, bins: out };
}
