/**
 * The health tiers (docs/domain.md): score bands, how often a firm of the tier is monitored and how
 * a warning on it is answered.
 */
export enum Tier {
  GREEN = 'GREEN',
  BLUE = 'BLUE',
  YELLOW = 'YELLOW',
  ORANGE = 'ORANGE',
  RED = 'RED',
}

export interface TierRule {
  tier: Tier;
  /** Lowest score of the tier (inclusive). */
  minScore: number;
  label: string;
  monitoring: 'MONTHLY' | 'WEEKLY' | 'DAILY';
  /** The response to a warning on a firm of this tier. */
  response: string;
}

export const TIERS: readonly TierRule[] = [
  { tier: Tier.GREEN, minScore: 90, label: '优质 excellent', monitoring: 'MONTHLY', response: 'monthly report' },
  { tier: Tier.BLUE, minScore: 70, label: '稳定 stable', monitoring: 'MONTHLY', response: 'monthly report' },
  {
    tier: Tier.YELLOW,
    minScore: 50,
    label: '关注 watch',
    monitoring: 'WEEKLY',
    response: 'risk plan, more frequent checks',
  },
  {
    tier: Tier.ORANGE,
    minScore: 30,
    label: '风险 at risk',
    monitoring: 'WEEKLY',
    response: 'cut the limit or add collateral',
  },
  {
    tier: Tier.RED,
    minScore: 0,
    label: '高风险 high risk',
    monitoring: 'DAILY',
    response: 'exit: recall, legal action',
  },
];

export function tierOf(score: number): Tier {
  return (TIERS.find((t) => score >= t.minScore) ?? TIERS[TIERS.length - 1]).tier;
}

export function tierRule(tier: Tier): TierRule {
  return TIERS.find((t) => t.tier === tier)!;
}
