/**
 * The serving model as next-tier.ts searches it, prepared once per model: per actionable input
 * its range bins in order and their points, and the moves of an input's value to each bin with
 * more points (the options the search combines).
 */
import { INDICATORS, type Indicator } from './indicators';
import { type Bin, compileBinning, type FeatureBinning } from '../model/binning';
import { type ModelDocument, POINTS_FACTOR } from '../model/model';
import { type Domain, domainOf } from './next-tier.values';

/** Gains and points closer than this are equal. */
export const EPS = 1e-9;

type RangeBin = Extract<Bin, { kind: 'range' }>;

export interface Input {
  code: string;
  indicator: Indicator;
  find: (v: number | string | undefined) => number;
  bins: FeatureBinning['bins'];
  /** Bin indices of the range bins, lowest values first. */
  ranges: number[];
  /** Points of each bin (POINTS_FACTOR × −coefficient × WoE). */
  points: number[];
  domain: Domain;
  /** The binning's event rate against the value: 'decreasing' means higher values are safer. */
  direction: FeatureBinning['direction'];
}

interface Prepared {
  inputs: Input[];
}

const prepared = new WeakMap<ModelDocument, Prepared>();
const indicatorByCode = new Map(INDICATORS.map((i) => [i.code, i]));

export function prepare(model: ModelDocument): Prepared {
  const hit = prepared.get(model);
  if (hit) return hit;
  const inputs: Input[] = [];
  for (const f of model.scorecard.features) {
    const indicator = indicatorByCode.get(f.feature);
    if (!f.selected || f.coefficient === null || f.binning.kind !== 'numeric' || !indicator?.actionable) continue;
    const beta = -f.coefficient;
    const ranges = f.binning.bins.map((b, i) => ({ b, i })).filter((x) => x.b.kind === 'range');
    ranges.sort((a, b) => ((a.b as RangeBin).lower ?? -Infinity) - ((b.b as RangeBin).lower ?? -Infinity));
    inputs.push({
      code: f.feature,
      indicator,
      find: compileBinning(f.binning),
      bins: f.binning.bins,
      ranges: ranges.map((x) => x.i),
      points: f.binning.bins.map((b) => POINTS_FACTOR * beta * b.woe),
      domain: domainOf(indicator.unit),
      direction: f.binning.direction,
    });
  }
  const p = { inputs };
  prepared.set(model, p);
  return p;
}

/** The value of bin `bin` nearest to it from below (`raising`: its lowest) or above (its highest), on the domain; null if none. */
export function targetIn(input: Input, bin: number, raising: boolean): number | null {
  const b = input.bins[bin] as RangeBin;
  const d = input.domain;
  const lo = Math.max(b.lower ?? -Infinity, d.min ?? -Infinity);
  const hi = b.upper ?? Infinity;
  const inBin = (v: number) => v >= lo && v < hi && v <= (d.max ?? Infinity) && input.find(v) === bin;
  if (d.values) {
    const vs = d.values.filter(inBin);
    return vs.length ? (raising ? Math.min(...vs) : Math.max(...vs)) : null;
  }
  const snap = (k: number) => Number((k * d.step).toFixed(8));
  const candidates: number[] = [];
  if (raising) {
    if (Number.isFinite(lo)) candidates.push(snap(Math.ceil(Number((lo / d.step).toPrecision(12)))), lo);
  } else {
    if (Number.isFinite(hi))
      candidates.push(
        snap(Math.ceil(Number((hi / d.step).toPrecision(12))) - 1),
        hi - Math.max(1, Math.abs(hi)) * 1e-9,
      );
  }
  return candidates.find(inBin) ?? null;
}

export interface Option {
  input: Input;
  from: number;
  to: number;
  gain: number;
  moves: number;
  value: number;
  raising: boolean;
}

/** The moves of one input from its current value to each bin with more points, fewest points first. */
export function optionsOf(input: Input, value: number | string | undefined): Option[] {
  if (typeof value !== 'number' || !Number.isFinite(value)) return [];
  const from = input.find(value);
  const at = input.ranges.indexOf(from);
  if (at < 0) return [];
  const out: Option[] = [];
  input.ranges.forEach((to, k) => {
    const gain = input.points[to] - input.points[from];
    if (!(gain > EPS)) return;
    const target = targetIn(input, to, k > at);
    if (target === null) return;
    out.push({ input, from, to, gain, moves: Math.abs(k - at), value: target, raising: k > at });
  });
  return out.sort((a, b) => a.gain - b.gain || a.moves - b.moves);
}
