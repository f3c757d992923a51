/**
 * Scoring the health index against the generator's truth: the AUC of the score for the planted
 * defaults (the probability that a random defaulter scores below a random non-defaulter, ties
 * counting half), and default rates by tier. Pure functions.
 */
import type { Tier } from './tier';

/** AUC of `risk` (higher = riskier) for binary `labels` (true = the bad outcome), Mann-Whitney with ties. */
export function auc(risk: readonly number[], labels: readonly boolean[]): number {
  const idx = risk.map((_, i) => i).sort((a, b) => risk[a] - risk[b]);
  let rankSumPos = 0;
  let pos = 0;
  for (let k = 0; k < idx.length; ) {
    let j = k;
    while (j + 1 < idx.length && risk[idx[j + 1]] === risk[idx[k]]) j++;
    const rank = (k + j) / 2 + 1;
    for (let t = k; t <= j; t++) if (labels[idx[t]]) {
      rankSumPos += rank;
      pos++;
    }
    k = j + 1;
  }
  const neg = labels.length - pos;
  if (pos === 0 || neg === 0) return NaN;
  return (rankSumPos - (pos * (pos + 1)) / 2) / (pos * neg);
}

export interface TierRow {
  tier: Tier;
  firms: number;
  defaults: number;
  defaultRate: number;
}

export function defaultRateByTier(tiers: readonly Tier[], labels: readonly boolean[], order: readonly Tier[]): TierRow[] {
  return order.map((tier) => {
    let firms = 0;
    let defaults = 0;
    tiers.forEach((t, i) => {
      if (t !== tier) return;
      firms++;
      if (labels[i]) defaults++;
    });
    return { tier, firms, defaults, defaultRate: firms ? defaults / firms : 0 };
  });
}
