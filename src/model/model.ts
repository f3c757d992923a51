/**
 * The default model as it is stored, reviewed and served: a fitted scorecard (WoE bins and
 * logistic coefficients, src/model/scorecard.ts) with what turns its probability of default (PD)
 * into the platform's outputs.
 *
 * - **Tiers are PD bands** chosen on the development sample (`chooseTiers`): the best
 *   TIER_SHARES of the development observations (by predicted PD) are GREEN, the next BLUE, and
 *   so on; the band edges are those PD quantiles. Each tier's observed default rate must rise
 *   from GREEN to RED on the development sample (checked when training) and is reported on the
 *   validation window.
 * - **The 0-100 index** is a monotone transform of the PD: linear in the log-odds between knots
 *   placed at the tier edges (the GREEN/BLUE edge maps to 90, BLUE/YELLOW to 70, YELLOW/ORANGE to
 *   50, ORANGE/RED to 30, the tiers' familiar score bands), extended beyond the outer knots with
 *   the slope of the neighbouring segment and clamped to 0-100, then rounded down. So a higher
 *   PD never has a higher index, and the index's tier is the PD's tier.
 * - **Points** explain the PD input by input, as in a classic scorecard: an input's points are
 *   factor x |coefficient| x (WoE of the firm's bin - WoE of the input's worst value bin), with
 *   factor = POINTS_TO_DOUBLE_ODDS / ln 2, kept within 0 and `maxPoints` (the best value bin's);
 *   what a value falls short by is its deficit, and the largest deficits are the reasons.
 */
import type { Tier } from '../health/tier';
import type { Scorecard } from './scorecard';
import type { ModelInput } from './inputs';
import type { TrainingReport } from './report';

/** Points that double the odds of a good outcome (the scorecard's "PDO"). */
export const POINTS_TO_DOUBLE_ODDS = 20;
export const POINTS_FACTOR = POINTS_TO_DOUBLE_ODDS / Math.LN2;

/** Share of the development observations in each tier, best first. */
export const TIER_SHARES: ReadonlyArray<[Tier, number]> = [
  ['GREEN' as Tier, 0.3],
  ['BLUE' as Tier, 0.4],
  ['YELLOW' as Tier, 0.15],
  ['ORANGE' as Tier, 0.1],
  ['RED' as Tier, 0.05],
];

/** The index value at the upper PD edge of each tier but the last (GREEN/BLUE, BLUE/YELLOW, ...). */
const EDGE_INDEX = [90, 70, 50, 30];

export interface TierBand {
  tier: Tier;
  /** The highest PD in the tier (inclusive); the last tier's is 1. */
  maxPd: number;
}

export interface ModelDocument {
  format: 'sme-default-model';
  /** `pd-YYYYMMDD-<hash>`: the day it was trained and a hash of its content. */
  version: string;
  createdAt: string;
  target: { horizonMonths: number; definition: string };
  population: string;
  /** Where the observations came from (database, seed, firms) and the windows. */
  sample: {
    source: string;
    dataAsOf: string;
    development: { from: string; to: string; rows: number; events: number };
    validation: { from: string; to: string; rows: number; events: number };
    stepMonths: number;
  };
  inputs: ModelInput[];
  scorecard: Scorecard;
  tiers: TierBand[];
  report: TrainingReport & {
    tiers?: TierReport;
    baselines?: { handWeightedIndexAuc: number; oracleAuc?: number; capturedLift?: number };
  };
}

export interface TierRow {
  tier: Tier;
  rows: number;
  events: number;
  defaultRate: number;
  meanPd: number;
}

export interface TierReport {
  development: TierRow[];
  validation: TierRow[];
  /** Each tier's default rate is above the better tier's on the validation window. */
  strictlyIncreasingOnValidation: boolean;
}

const logit = (p: number) => Math.log(p / (1 - p));

/** PD band edges at the development PDs' quantiles (TIER_SHARES); the last tier runs to 1. */
export function chooseTiers(developmentPds: ArrayLike<number>): TierBand[] {
  if (developmentPds.length === 0) throw new RangeError('cannot choose tier bands without development PDs');
  const sorted = Float64Array.from(developmentPds).sort();
  const bands: TierBand[] = [];
  let cumulative = 0;
  TIER_SHARES.forEach(([tier, share], k) => {
    cumulative += share;
    const last = k === TIER_SHARES.length - 1;
    const at = Math.min(sorted.length - 1, Math.max(0, Math.ceil(cumulative * sorted.length) - 1));
    bands.push({ tier, maxPd: last ? 1 : sorted[at] });
  });
  return bands;
}

export function tierOfPd(bands: readonly TierBand[], pd: number): Tier {
  return (bands.find((b) => pd <= b.maxPd) ?? bands[bands.length - 1]).tier;
}

/** The 0-100 index of a PD (see the header): monotone, 90/70/50/30 at the tier edges. */
export function indexOfPd(bands: readonly TierBand[], pd: number): number {
  const p = Math.min(1 - 1e-12, Math.max(1e-12, pd));
  const knots = bands
    .slice(0, EDGE_INDEX.length)
    .map((b, k) => ({ x: logit(Math.min(1 - 1e-9, Math.max(1e-9, b.maxPd))), y: EDGE_INDEX[k] }));
  const x = logit(p);
  let k = knots.findIndex((kn) => x <= kn.x);
  // Outside the knots: the slope of the first or last segment.
  if (k === -1) k = knots.length - 1;
  else if (k === 0) k = 1;
  const a = knots[k - 1];
  const b = knots[k];
  const slope = b.x === a.x ? 0 : (b.y - a.y) / (b.x - a.x);
  const y = a.y + slope * (x - a.x);
  return Math.floor(Math.min(100, Math.max(0, y)));
}

/** Observed default rate and mean PD per tier. */
export function tierTable(bands: readonly TierBand[], pds: ArrayLike<number>, labels: ArrayLike<number>): TierRow[] {
  const rows = bands.map((b) => ({ tier: b.tier, rows: 0, events: 0, defaultRate: 0, meanPd: 0 }));
  for (let i = 0; i < pds.length; i++) {
    const r = rows.find((x) => x.tier === tierOfPd(bands, pds[i]))!;
    r.rows++;
    r.events += labels[i];
    r.meanPd += pds[i];
  }
  for (const r of rows) {
    r.defaultRate = r.rows ? r.events / r.rows : 0;
    r.meanPd = r.rows ? r.meanPd / r.rows : 0;
  }
  return rows;
}

export function strictlyIncreasing(rows: readonly TierRow[]): boolean {
  return rows.every(
    (r, k) => k === 0 || (r.rows > 0 && rows[k - 1].rows > 0 && r.defaultRate > rows[k - 1].defaultRate),
  );
}
