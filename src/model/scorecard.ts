/**
 * A credit scorecard: WoE binning of every feature (binning.ts), feature selection, and an
 * L2-regularised logistic regression of the event on the selected features' WoE values
 * (logistic.ts). The fitted model is plain JSON-serialisable data: it can be stored in a
 * database or written as a reviewable JSON file, and `scoreRow` needs nothing else.
 *
 *
 * Fitting is in scorecard.fit.ts, the shapes in scorecard.types.ts; this module scores and
 * exports them all.
 *
 * `scoreRow(card, row)`: each selected feature's bin, WoE and its contribution coefficient × WoE
 * to the logit; logit = intercept + Σ contributions, PD = σ(logit). A value in a bin never seen
 * in training gets WoE 0 (no evidence), so contributes nothing.
 */
import { compileBinning, unseenLabel, type FeatureBinning } from './binning';
import type { FeatureRow } from './dataset';
import { sigmoid } from './logistic';
import type { Contribution, RowScore, Scorecard } from './scorecard.types';

export type * from './scorecard.types';
export { crossValidateLambdas, DEFAULT_SCORECARD, fitScorecard, resolveOptions } from './scorecard.fit';

interface Compiled {
  terms: Array<{
    feature: string;
    coefficient: number;
    find: (v: FeatureRow[string] | undefined) => number;
    binning: FeatureBinning;
  }>;
}

const compiledCards = new WeakMap<Scorecard, Compiled>();

function compile(card: Scorecard): Compiled {
  let c = compiledCards.get(card);
  if (!c) {
    c = {
      terms: card.features
        .filter((f) => f.selected && f.coefficient !== null)
        .map((f) => ({
          feature: f.feature,
          coefficient: f.coefficient as number,
          find: compileBinning(f.binning),
          binning: f.binning,
        })),
    };
    compiledCards.set(card, c);
  }
  return c;
}

/** The logit, PD and per-feature contributions of one row (feature values by name; absent = missing). */
export function scoreRow(card: Scorecard, row: FeatureRow): RowScore {
  let logit = card.intercept;
  const contributions: Contribution[] = [];
  for (const t of compile(card).terms) {
    const v = row[t.feature];
    const index = t.find(v);
    const bin = index < 0 ? null : t.binning.bins[index];
    const w = bin ? bin.woe : 0;
    const logitContribution = bin ? t.coefficient * w : 0;
    logit += logitContribution;
    contributions.push({
      feature: t.feature,
      bin: { index, label: bin ? bin.label : unseenLabel(v) },
      woe: w,
      coefficient: t.coefficient,
      logitContribution,
    });
  }
  return { logit, pd: sigmoid(logit), contributions };
}

/** Logits of many rows (the fast path of scoreRow, without contributions). */
export function scoreLogits(card: Scorecard, rows: readonly FeatureRow[]): Float64Array {
  const terms = compile(card).terms;
  const out = new Float64Array(rows.length);
  const tables = terms.map((t) => t.binning.bins.map((b) => b.woe));
  rows.forEach((row, i) => {
    let logit = card.intercept;
    terms.forEach((t, k) => {
      const index = t.find(row[t.feature]);
      if (index >= 0) logit += t.coefficient * tables[k][index];
    });
    out[i] = logit;
  });
  return out;
}

/** PDs of many rows. */
export function scorePds(card: Scorecard, rows: readonly FeatureRow[]): Float64Array {
  return scoreLogits(card, rows).map(sigmoid);
}
