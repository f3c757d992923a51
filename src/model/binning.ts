/**
 * Weight-of-evidence (WoE) binning of one feature, and its information value (IV).
 *
 * Counting: a "good" is a label 0 and a "bad" (an event) a label 1; G and D are the training
 * totals of goods and bads over every row, missing ones included. For a bin with g goods and d
 * bads:
 *   WoE = ln((g + 0.5) / G) − ln((d + 0.5) / D)
 * The half added to each count keeps WoE finite for a bin with no goods or no bads. A high WoE is
 * a safe bin (relatively more goods), so a logistic regression of the event on WoE values expects
 * negative coefficients. The feature's
 *   IV = Σ over bins (g/G − d/D) · WoE
 * (raw shares times the smoothed WoE) measures how well the bins separate goods from bads.
 *
 * Numeric features:
 * 1. `null` (and NaN or ±Infinity, which the dataset should not contain) goes to one "missing"
 *    bin; each string value (a special code such as "NOT_APPLICABLE") to a bin of its own. These
 *    bins are never merged with anything: their meaning differs from any number.
 * 2. The finite values are sorted and cut into `fineBins` (default 20) quantile bins; tied values
 *    always stay in one bin, so there may be fewer.
 * 3. For each direction (event rate increasing, then decreasing, in the value) the fine bins are
 *    pooled by the pool-adjacent-violators algorithm: scanning from the lowest value, a bin whose
 *    event rate breaks the order (or equals the previous one) is merged with the previous block,
 *    repeatedly, giving the count-weighted least-squares monotone fit of the event rates, with
 *    strictly monotone rates across the blocks.
 * 4. Then, while a bin holds fewer than `minBinShare` (default 5%) of the non-missing rows, or no
 *    good or no bad, the smallest such bin is merged with the neighbour whose event rate is closer.
 *    Merging two adjacent bins of a monotone sequence keeps it monotone (the merged rate lies
 *    between the two), so the result is still monotone. A single bin left is accepted.
 * 5. Of the two directions, the one with the higher IV is kept (its bins fit the data better);
 *    `monotone: 'increasing' | 'decreasing'` forces one, and `'none'` keeps the fine bins subject
 *    only to step 4 (to measure what the monotonicity costs or saves).
 * Range bins are [lower, upper): `lower` is the smallest training value in the bin, `upper` the
 * smallest of the next bin; the first bin has no lower bound and the last no upper bound (null in
 * the JSON, as ±Infinity does not survive JSON).
 *
 * Categorical features: `null` is the missing bin; each level with at least `minBinShare` of the
 * non-missing rows keeps a bin of its own; rarer levels are merged into one "other" bin, listing
 * its levels. Numbers given to a categorical feature are used as their string form.
 *
 * Scoring a value (`compileBinning`): the bin it falls in, or −1 when it falls in a bin never seen
 * in training (missing when training had no missing, an unknown special code, a level never seen).
 * Such a value gets WoE 0, the neutral evidence of "no information".
 */
import type { FeatureKind, FeatureValue } from './dataset';

export interface BinningOptions {
  /** Number of initial quantile bins for numeric values. */
  fineBins: number;
  /** Minimum share of the non-missing training rows in a bin (numeric ranges; categorical levels). */
  minBinShare: number;
  /** Direction of the event rate in the value: chosen by IV ('auto'), forced, or not imposed ('none'). */
  monotone: 'auto' | 'increasing' | 'decreasing' | 'none';
}

export const DEFAULT_BINNING: BinningOptions = { fineBins: 20, minBinShare: 0.05, monotone: 'auto' };

export interface BinStats {
  /** Human label: "[0.12, 0.35)", "missing", "NOT_APPLICABLE", a level, "other (3 levels)". */
  label: string;
  /** Training rows in the bin. */
  count: number;
  /** Training events (label 1, bads) in the bin. */
  events: number;
  /** Training non-events (label 0, goods). */
  nonEvents: number;
  eventRate: number;
  woe: number;
  /** The bin's term of the IV: (g/G − d/D) · WoE. */
  iv: number;
}

export type Bin =
  | (BinStats & { kind: 'range'; lower: number | null; upper: number | null })
  | (BinStats & { kind: 'missing' })
  | (BinStats & { kind: 'special'; code: string })
  | (BinStats & { kind: 'level'; level: string })
  | (BinStats & { kind: 'other'; levels: string[] });

export interface FeatureBinning {
  feature: string;
  kind: FeatureKind;
  /** Event rate against the value over the range bins (numeric only); null for categorical. */
  direction: 'increasing' | 'decreasing' | 'none' | null;
  bins: Bin[];
  iv: number;
  /** Training totals: rows, events (D) and non-events (G). */
  rows: number;
  events: number;
  nonEvents: number;
}

/** WoE with the half-count smoothing above. */
export function woe(goods: number, bads: number, totalGoods: number, totalBads: number): number {
  return Math.log((goods + 0.5) / totalGoods) - Math.log((bads + 0.5) / totalBads);
}

interface Block {
  n: number;
  d: number;
  /** Index of the first fine group (sorted distinct value) in the block. */
  first: number;
}

const rate = (b: Block) => b.d / b.n;

/** A number printed short but exact enough to tell bins apart. */
export function formatEdge(x: number): string {
  if (Number.isInteger(x)) return String(x);
  return String(Number(x.toPrecision(6)));
}

function rangeLabel(lower: number | null, upper: number | null): string {
  return `${lower === null ? '(-inf' : `[${formatEdge(lower)}`}, ${upper === null ? '+inf)' : `${formatEdge(upper)})`}`;
}

/** Pool adjacent violators: blocks with strictly increasing (sign 1) or decreasing (sign -1) event rates. */
function pool(blocks: readonly Block[], sign: 1 | -1): Block[] {
  const out: Block[] = [];
  for (const b of blocks) {
    let cur = { ...b };
    while (out.length && sign * (rate(cur) - rate(out[out.length - 1])) <= 0) {
      const prev = out.pop()!;
      cur = { n: prev.n + cur.n, d: prev.d + cur.d, first: prev.first };
    }
    out.push(cur);
  }
  return out;
}

/** Merge bins that are too small or lack a class into their closer neighbour (by event rate), smallest first. */
function enforceMinimum(blocks: Block[], minCount: number): Block[] {
  const out = blocks.map((b) => ({ ...b }));
  const bad = (b: Block) => b.n < minCount || b.d === 0 || b.d === b.n;
  while (out.length > 1) {
    let worst = -1;
    for (let i = 0; i < out.length; i++) if (bad(out[i]) && (worst < 0 || out[i].n < out[worst].n)) worst = i;
    if (worst < 0) break;
    let j: number;
    if (worst === 0) j = 1;
    else if (worst === out.length - 1) j = worst - 1;
    else {
      const r = rate(out[worst]);
      j = Math.abs(rate(out[worst - 1]) - r) <= Math.abs(rate(out[worst + 1]) - r) ? worst - 1 : worst + 1;
    }
    const lo = Math.min(worst, j);
    out.splice(lo, 2, { n: out[lo].n + out[lo + 1].n, d: out[lo].d + out[lo + 1].d, first: out[lo].first });
  }
  return out;
}

function stats(label: string, n: number, d: number, G: number, D: number): BinStats {
  const g = n - d;
  const w = woe(g, d, G, D);
  return { label, count: n, events: d, nonEvents: g, eventRate: n ? d / n : NaN, woe: w, iv: (g / G - d / D) * w };
}

function isRangeValue(v: FeatureValue | undefined): v is number {
  return typeof v === 'number' && Number.isFinite(v);
}

/** Bins of one feature from its training values and labels (1 = event). */
export function binFeature(
  feature: string,
  kind: FeatureKind,
  values: readonly FeatureValue[],
  labels: ArrayLike<number>,
  options: Partial<BinningOptions> = {},
): FeatureBinning {
  const opts = { ...DEFAULT_BINNING, ...options };
  if (!(Number.isInteger(opts.fineBins) && opts.fineBins >= 1))
    throw new RangeError(`fineBins must be a positive integer, got ${opts.fineBins}`);
  if (!(opts.minBinShare >= 0 && opts.minBinShare < 1))
    throw new RangeError(`minBinShare must be in [0, 1), got ${opts.minBinShare}`);
  if (values.length !== labels.length)
    throw new RangeError(`${feature}: ${values.length} values but ${labels.length} labels`);
  let D = 0;
  for (let i = 0; i < labels.length; i++) D += labels[i];
  const rows = values.length;
  const G = rows - D;
  const result =
    kind === 'numeric' ? binNumeric(values, labels, opts, G, D) : binCategorical(values, labels, opts, G, D);
  const iv = result.bins.reduce((s, b) => s + b.iv, 0);
  return { feature, kind, direction: result.direction, bins: result.bins, iv, rows, events: D, nonEvents: G };
}

function binNumeric(
  values: readonly FeatureValue[],
  labels: ArrayLike<number>,
  opts: BinningOptions,
  G: number,
  D: number,
): { bins: Bin[]; direction: FeatureBinning['direction'] } {
  // The finite values of non-events and events, each sorted natively, then merged into distinct values.
  let nGood = 0;
  let nBad = 0;
  for (let i = 0; i < values.length; i++) {
    if (!isRangeValue(values[i])) continue;
    if (labels[i]) nBad++;
    else nGood++;
  }
  const goods = new Float64Array(nGood);
  const bads = new Float64Array(nBad);
  let missN = 0;
  let missD = 0;
  const specials = new Map<string, { n: number; d: number }>();
  nGood = 0;
  nBad = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (isRangeValue(v)) {
      if (labels[i]) bads[nBad++] = v;
      else goods[nGood++] = v;
    } else if (typeof v === 'string') {
      const s = specials.get(v) ?? { n: 0, d: 0 };
      s.n++;
      s.d += labels[i];
      specials.set(v, s);
    } else {
      missN++;
      missD += labels[i];
    }
  }
  goods.sort();
  bads.sort();
  const distinct: number[] = [];
  const groups: Block[] = [];
  for (let a = 0, b = 0; a < goods.length || b < bads.length;) {
    const v = b >= bads.length || (a < goods.length && goods[a] <= bads[b]) ? goods[a] : bads[b];
    const group: Block = { n: 0, d: 0, first: distinct.length };
    while (a < goods.length && goods[a] === v) {
      a++;
      group.n++;
    }
    while (b < bads.length && bads[b] === v) {
      b++;
      group.n++;
      group.d++;
    }
    distinct.push(v);
    groups.push(group);
  }
  const n = goods.length + bads.length;
  // Fine quantile bins: close a bin once the running count reaches the next multiple of n / fineBins.
  const fine: Block[] = [];
  const target = n / opts.fineBins;
  let cum = 0;
  let nextCut = target;
  let open: Block | null = null;
  for (const g of groups) {
    if (!open) {
      open = { n: 0, d: 0, first: g.first };
      fine.push(open);
    }
    open.n += g.n;
    open.d += g.d;
    cum += g.n;
    if (cum >= nextCut - 1e-9) {
      open = null;
      while (nextCut <= cum + 1e-9) nextCut += target;
    }
  }
  const minCount = Math.max(1, opts.minBinShare * n);
  const toBins = (blocks: Block[]): Bin[] =>
    blocks.map((b, k) => {
      const lower = k === 0 ? null : distinct[b.first];
      const upper = k === blocks.length - 1 ? null : distinct[blocks[k + 1].first];
      return { kind: 'range' as const, lower, upper, ...stats(rangeLabel(lower, upper), b.n, b.d, G, D) };
    });
  const ivOf = (bins: Bin[]) => bins.reduce((s, b) => s + b.iv, 0);
  let ranges: Bin[] = [];
  let direction: FeatureBinning['direction'] = 'none';
  if (fine.length) {
    if (opts.monotone === 'none') ranges = toBins(enforceMinimum(fine, minCount));
    else {
      const inc = opts.monotone === 'decreasing' ? null : toBins(enforceMinimum(pool(fine, 1), minCount));
      const dec = opts.monotone === 'increasing' ? null : toBins(enforceMinimum(pool(fine, -1), minCount));
      if (inc && (!dec || ivOf(inc) >= ivOf(dec))) {
        ranges = inc;
        direction = 'increasing';
      } else {
        ranges = dec!;
        direction = 'decreasing';
      }
      if (ranges.length === 1) direction = 'none';
    }
  }
  const bins: Bin[] = [...ranges];
  for (const [code, s] of [...specials].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)))
    bins.push({ kind: 'special', code, ...stats(code, s.n, s.d, G, D) });
  if (missN) bins.push({ kind: 'missing', ...stats('missing', missN, missD, G, D) });
  return { bins, direction };
}

function binCategorical(
  values: readonly FeatureValue[],
  labels: ArrayLike<number>,
  opts: BinningOptions,
  G: number,
  D: number,
): { bins: Bin[]; direction: null } {
  const levels = new Map<string, { n: number; d: number }>();
  let missN = 0;
  let missD = 0;
  let present = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v === null || v === undefined || (typeof v === 'number' && Number.isNaN(v))) {
      missN++;
      missD += labels[i];
      continue;
    }
    const key = String(v);
    const s = levels.get(key) ?? { n: 0, d: 0 };
    s.n++;
    s.d += labels[i];
    levels.set(key, s);
    present++;
  }
  const minCount = Math.max(1, opts.minBinShare * present);
  const bins: Bin[] = [];
  const rare: string[] = [];
  let rareN = 0;
  let rareD = 0;
  const sorted = [...levels].sort((a, b) => b[1].n - a[1].n || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  for (const [level, s] of sorted) {
    if (s.n >= minCount) bins.push({ kind: 'level', level, ...stats(level, s.n, s.d, G, D) });
    else {
      rare.push(level);
      rareN += s.n;
      rareD += s.d;
    }
  }
  if (rare.length)
    bins.push({
      kind: 'other',
      levels: rare.sort(),
      ...stats(`other (${rare.length} level${rare.length === 1 ? '' : 's'})`, rareN, rareD, G, D),
    });
  if (missN) bins.push({ kind: 'missing', ...stats('missing', missN, missD, G, D) });
  return { bins, direction: null };
}

/** A fast lookup from a value to its bin index (−1 = a bin never seen in training). */
export function compileBinning(binning: FeatureBinning): (value: FeatureValue | undefined) => number {
  const missing = binning.bins.findIndex((b) => b.kind === 'missing');
  if (binning.kind === 'categorical') {
    const byLevel = new Map<string, number>();
    binning.bins.forEach((b, i) => {
      if (b.kind === 'level') byLevel.set(b.level, i);
      else if (b.kind === 'other') for (const l of b.levels) byLevel.set(l, i);
    });
    return (v) => {
      if (v === null || v === undefined || (typeof v === 'number' && Number.isNaN(v))) return missing;
      return byLevel.get(String(v)) ?? -1;
    };
  }
  const special = new Map<string, number>();
  const rangeIdx: number[] = [];
  const lowers: number[] = [];
  binning.bins.forEach((b, i) => {
    if (b.kind === 'special') special.set(b.code, i);
    else if (b.kind === 'range') {
      rangeIdx.push(i);
      lowers.push(b.lower ?? -Infinity);
    }
  });
  return (v) => {
    if (typeof v === 'string') return special.get(v) ?? -1;
    if (!isRangeValue(v)) return missing;
    if (!rangeIdx.length) return -1;
    // The last range whose lower bound is <= v.
    let lo = 0;
    let hi = lowers.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1;
      if (lowers[mid] <= v) lo = mid;
      else hi = mid - 1;
    }
    return rangeIdx[lo];
  };
}

/** The label of an unseen bin for a value (see the header: such a value gets WoE 0). */
export function unseenLabel(value: FeatureValue | undefined): string {
  if (value === null || value === undefined || (typeof value === 'number' && !Number.isFinite(value)))
    return 'missing (not seen in training)';
  return `${typeof value === 'string' ? value : formatEdge(value)} (not seen in training)`;
}
