/**
 * What moves a firm up a tier: the smallest set of changes to the firm's actionable inputs that
 * lifts its index into the next better tier, each change a sentence a loan officer can give the
 * borrower ("raise the cash buffer from 0.8 to at least 1.61 months of sales: +4.15 points"). A
 * pure function of a scored firm (its input row, index, caps, default) and the serving model.
 *
 * - **Target**: the tier above the index's (`tierOf(score)`); none from GREEN. It is reached when
 *   min(indexOfPd(tiers, pd'), every cap's max) is in that tier or better, pd' the scorecard's PD
 *   of the changed row (`scoreRow`).
 * - **Blocks**: a firm in default has PD 1 whatever its inputs; a cap whose max is below the
 *   target tier's lowest score keeps the index under it whatever the PD. Either way no change is
 *   proposed and `blockedBy` names the default or the caps: the block must go first.
 * - **Actionable inputs only** (`Indicator.actionable`, src/health/indicators/): the borrower
 *   can move the value by its own conduct within a year — its finances, sales, collections and
 *   payments. Not actionable: its history (FIRM_AGE, LEGAL_REP_CHANGES), our data
 *   (DATA_COMPLETENESS), another party's price (LOAN_PRICING, the bank's), and measures whose
 *   only levers would be perverse advice (HEADCOUNT_TREND: hiring to lift a score;
 *   TAX_PAID_TREND: paying more tax; both follow sales). SECTOR is never changed. An input the
 *   model does not use gains nothing and is never proposed.
 * - **From a value only**: an input whose row value is a status (MISSING, NOT_APPLICABLE,
 *   UNAVAILABLE) is never proposed: we cannot know which bin the data would put it in.
 * - **Direction from the bins**: a change moves the value to another range bin with more points
 *   (POINTS_FACTOR × −coefficient × WoE), up or down, whatever the bin's place; a non-monotone
 *   binning can thus ask to lower a value elsewhere raised (the sentence then says "bring the
 *   <indicator> from … to between … and …" rather than the indicator's "raise …"). The target value is the value of the
 *   target bin nearest the current one, on the indicators' grid (values are kept to 4 decimals,
 *   so just below an upper edge is the edge minus 0.0001; counts are whole; a tax grade is D, C,
 *   B or A — M is given to new firms, not earned, so its bin is never a target). The sentence
 *   says "at least" (or "at most") when no bin beyond the target earns fewer points, else names
 *   the range.
 * - **Smallest**: fewest changed inputs (up to MAX_CHANGES), then the fewest points gained (the
 *   least overshoot), then the fewest bins moved. The logit is additive across inputs, so the
 *   search runs on points: the fewest changes is the smallest k whose k best single gains cover
 *   the shortfall, and a branch-and-bound over k-subsets finds the least total — well under a
 *   millisecond on the shipped model. The chosen plan is then verified exactly (scoreRow,
 *   indexOfPd, caps); a plan that fails (only at the edge's rounding) is set aside for the next.
 * - **Points needed**: how far the row's scorecard logit is above the target tier's PD edge, in
 *   points (for a blocked firm: as if the block were gone). The row is rescored for it: the PD
 *   given (Health's, rounded to 6 decimals; 1 in default) is not reused.
 */
import { Tier, TIERS, tierOf, tierRule } from './tier';
import { type ModelDocument, POINTS_FACTOR, indexOfPd } from '../model/model';
import { scoreRow } from '../model/scorecard';
import { EPS, type Option, optionsOf, prepare, targetIn } from './next-tier.options';
import { formatOf, shown, shownPair } from './next-tier.values';

export interface TierChange {
  /** The input, e.g. 'CASH_BUFFER'. */
  code: string;
  label: string;
  unit: string;
  /** The firm's current value. */
  fromValue: number | null;
  /** The bin the value is in now, and the one it must reach. */
  fromBin: string;
  toBin: string;
  /** The value of the target bin nearest the current value. */
  targetValue: number;
  /** Scorecard points gained, rounded to 2 decimals. */
  points: number;
  /** A sentence for the borrower. */
  action: string;
}

export interface NextTierPlan {
  currentTier: Tier;
  /** The next better tier; null when already GREEN. */
  targetTier: Tier | null;
  reachable: boolean;
  /** The smallest set of changes that reaches the target (empty when not reachable). */
  changes: TierChange[];
  /** Points the row is short of the target tier's PD edge, rounded to 2 decimals. */
  pointsNeeded: number;
  /** The caps keeping the index below the target (their reasons), or the default sentence. */
  blockedBy: string[];
  explanation: string;
}

export interface ScoredFirm {
  inputs: Record<string, number | string>;
  score: number;
  probabilityOfDefault: number;
  caps: Array<{ max: number; reason: string }>;
  inDefault: string | null;
}

/** The most inputs a plan changes. */
export const MAX_CHANGES = 4;
/** Verified plans tried before giving up (a failure happens only at the edge's rounding). */
const MAX_VERIFICATIONS = 50;

const round2 = (x: number) => Math.round(x * 100) / 100;
const logit = (p: number) => Math.log(p / (1 - p));
const rank = (t: Tier) => TIERS.findIndex((r) => r.tier === t);

// ---------------------------------------------------------------------------------------------
// The search.

interface Candidate {
  options: Option[];
  gain: number;
  moves: number;
}

const keyOf = (options: readonly Option[]) =>
  options
    .map((o) => `${o.input.code}:${o.to}`)
    .sort()
    .join('|');

/**
 * The plan with exactly `size` changes gaining at least `needed` points with the least gain, then
 * the fewest bins moved, skipping `excluded` plans; null if none. Branch and bound on the
 * per-input options (each sorted by gain); `top[i][k]` bounds what k inputs from i on can add.
 */
function bestOfSize(
  perInput: Option[][],
  size: number,
  needed: number,
  excluded: ReadonlySet<string>,
): Candidate | null {
  const n = perInput.length;
  const top: number[][] = [];
  for (let i = n; i >= 0; i--) {
    const maxes = perInput
      .slice(i)
      .map((o) => o[o.length - 1].gain)
      .sort((a, b) => b - a);
    top[i] = Array.from({ length: size + 1 }, (_, k) =>
      k <= maxes.length ? maxes.slice(0, k).reduce((a, b) => a + b, 0) : -Infinity,
    );
  }
  let best: Candidate | null = null;
  const better = (gain: number, moves: number) =>
    !best || gain < best.gain - EPS || (gain <= best.gain + EPS && moves < best.moves);
  const chosen: Option[] = [];
  const search = (start: number, partial: number, moves: number) => {
    const remaining = size - chosen.length;
    for (let i = start; i <= n - remaining; i++) {
      if (partial + top[i][remaining] < needed - EPS) return;
      const rest = top[i + 1][remaining - 1];
      for (const o of perInput[i]) {
        const gain = partial + o.gain;
        if (best && gain > best.gain + EPS) break;
        if (gain + rest < needed - EPS) continue;
        if (remaining === 1) {
          if (!better(gain, moves + o.moves)) continue;
          const options = [...chosen, o];
          if (excluded.has(keyOf(options))) continue;
          best = { options, gain, moves: moves + o.moves };
          break;
        }
        chosen.push(o);
        search(i + 1, gain, moves + o.moves);
        chosen.pop();
      }
    }
  };
  if (size >= 1 && size <= n) search(0, 0, 0);
  return best;
}

// ---------------------------------------------------------------------------------------------

export function planNextTier(input: ScoredFirm, model: ModelDocument): NextTierPlan {
  const currentTier = tierOf(input.score);
  const at = rank(currentTier);
  if (at === 0) {
    return {
      currentTier,
      targetTier: null,
      reachable: false,
      changes: [],
      pointsNeeded: 0,
      blockedBy: [],
      explanation: `the firm is already in ${currentTier}, the best tier: there is no tier to move up to`,
    };
  }
  const targetTier = TIERS[at - 1].tier;
  const minScore = tierRule(targetTier).minScore;
  const band = model.tiers.find((b) => b.tier === targetTier);
  if (!band) throw new RangeError(`the model has no PD band for ${targetTier}`);
  const scored = scoreRow(model.scorecard, input.inputs);
  const needed = POINTS_FACTOR * (scored.logit - logit(Math.min(1 - 1e-9, Math.max(1e-9, band.maxPd))));
  const pointsNeeded = Math.max(0, round2(needed));
  const plan = { currentTier, targetTier, pointsNeeded };
  const none = (blockedBy: string[], explanation: string): NextTierPlan => ({
    ...plan,
    reachable: false,
    changes: [],
    blockedBy,
    explanation,
  });

  if (input.inDefault !== null)
    return none(
      [input.inDefault],
      `the firm is in default (probability 1): no change to its indicators lifts it to ${targetTier} until the default is cured`,
    );
  const blocking = input.caps.filter((c) => c.max < minScore);
  if (blocking.length) {
    const lowest = Math.min(...blocking.map((c) => c.max));
    return none(
      blocking.map((c) => c.reason),
      `the index is capped at ${lowest}, below ${targetTier}'s ${minScore}: points cannot lift a capped index, so the cap${blocking.length > 1 ? 's' : ''} must go before any change can reach ${targetTier}`,
    );
  }

  const capMax = Math.min(100, ...input.caps.map((c) => c.max));
  const reaches = (row: Record<string, number | string>) =>
    rank(tierOf(Math.min(indexOfPd(model.tiers, scoreRow(model.scorecard, row).pd), capMax))) <= rank(targetTier);
  if (reaches(input.inputs)) {
    return {
      ...plan,
      reachable: true,
      changes: [],
      blockedBy: [],
      explanation: `the firm's inputs already score in ${targetTier}: no change is needed (the index given predates them)`,
    };
  }

  const perInput = prepare(model)
    .inputs.map((x) => optionsOf(x, input.inputs[x.code]))
    .filter((o) => o.length > 0);
  const bestGains = perInput.map((o) => o[o.length - 1].gain).sort((a, b) => b - a);
  const excluded = new Set<string>();
  let verifications = 0;
  for (let size = 1; size <= Math.min(MAX_CHANGES, perInput.length) && verifications < MAX_VERIFICATIONS; size++) {
    if (bestGains.slice(0, size).reduce((a, b) => a + b, 0) < needed - EPS) continue;
    for (;;) {
      const c = bestOfSize(perInput, size, needed, excluded);
      if (!c) break;
      verifications++;
      const row = { ...input.inputs };
      for (const o of c.options) row[o.input.code] = o.value;
      if (reaches(row))
        return {
          ...plan,
          reachable: true,
          changes: c.options.map((o) => changeOf(o, input.inputs[o.input.code] as number)),
          blockedBy: [],
          explanation: explain(c, currentTier, targetTier, needed),
        };
      excluded.add(keyOf(c.options));
      if (verifications >= MAX_VERIFICATIONS) break;
    }
  }
  if (!perInput.length)
    return none(
      [],
      `no change to an actionable input can earn more points: moving up to ${targetTier} rests on inputs the firm cannot change`,
    );
  const k = Math.min(MAX_CHANGES, bestGains.length);
  const most = round2(bestGains.slice(0, k).reduce((a, b) => a + b, 0));
  return none(
    [],
    most < needed
      ? `the firm is ${pointsNeeded} points short of ${targetTier}, and the ${k === 1 ? 'one actionable change' : `${k} most valuable actionable changes`} gain at most ${most}`
      : `no set of up to ${MAX_CHANGES} actionable changes reaches ${targetTier} when rescored`,
  );
}

function changeOf(o: Option, current: number): TierChange {
  const ind = o.input.indicator;
  const f = formatOf(ind.unit);
  const points = round2(o.gain);
  // "at least" (raising) or "at most" (lowering) holds when no bin beyond the target earns less.
  const ranges = o.input.ranges;
  const k = ranges.indexOf(o.to);
  const beyond = o.raising ? ranges.slice(k + 1) : ranges.slice(0, k);
  const open = beyond.every((j) => o.input.points[j] >= o.input.points[o.to] - EPS);
  let phrase: string;
  if (open) {
    const [from, to] = shownPair(current, o.value, f, o.raising ? 'up' : 'down');
    const atBound = !o.raising
      ? o.value === o.input.domain.min
      : o.value === o.input.domain.max || (o.input.domain.values && o.value === Math.max(...o.input.domain.values));
    phrase = `from ${from} to ${atBound ? '' : o.raising ? 'at least ' : 'at most '}${to}`;
  } else {
    // A bin beyond earns less: name the target bin's range, its lowest value up to its highest.
    const other = targetIn(o.input, o.to, !o.raising) ?? o.value;
    const [lo, hi] = o.raising ? [o.value, other] : [other, o.value];
    const [from, a, decimals] = shownPair(current, lo, f, 'up');
    const b = shown(hi, f, decimals, 'down');
    phrase = a === b ? `from ${from} to ${a}` : `from ${from} to between ${a} and ${b}`;
  }
  // The indicator's phrase ("raise the cash buffer") follows the binning's direction; a move against
  // it (a non-monotone binning's better bin on the other side) is worded neutrally.
  const along = o.raising ? o.input.direction === 'decreasing' : o.input.direction === 'increasing';
  const verb = along ? ind.action : `bring the ${ind.label.toLowerCase()}`;
  return {
    code: o.input.code,
    label: ind.label,
    unit: ind.unit,
    fromValue: current,
    fromBin: o.input.bins[o.from].label,
    toBin: o.input.bins[o.to].label,
    targetValue: o.value,
    points,
    action: `${verb} ${phrase}${f.suffix}: +${points} points`,
  };
}

function explain(c: Candidate, from: Tier, to: Tier, needed: number): string {
  const n = c.options.length;
  return `${n === 1 ? 'one change lifts' : `${n} changes lift`} the firm from ${from} to ${to}, gaining ${round2(c.gain)} of the ${Math.max(0, round2(needed))} points it is short: ${c.options.map((o) => o.input.indicator.label.toLowerCase()).join(', ')}`;
}
