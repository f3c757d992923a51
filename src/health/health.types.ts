/** GraphQL view of the health index: score, tier, confidence, and every factor with its evidence. */
import { Field, Float, Int, ObjectType, registerEnumType } from 'type-graphql';
import { DateTimeScalar } from '../graphql/scalars';
import { Source } from '../borrower/source-report';
import { Tier } from './tier';

registerEnumType(Tier, {
  name: 'Tier',
  description:
    "Health tier: a band of the probability of default, chosen on the model's development sample; on the 0-100 index GREEN >= 90, BLUE 70-89, YELLOW 50-69, ORANGE 30-49, RED < 30.",
});

export enum IndicatorState {
  OK = 'OK',
  MISSING = 'MISSING',
  NOT_APPLICABLE = 'NOT_APPLICABLE',
}
registerEnumType(IndicatorState, {
  name: 'IndicatorState',
  description: 'MISSING lowers confidence (missing is not zero); NOT_APPLICABLE has nothing to measure.',
});

@ObjectType({
  simpleResolvers: true,
  description:
    "One indicator: its value and evidence, and, when it is one of the default model's inputs, the bin the firm fell in and the points it earned.",
})
export class HealthFactor {
  @Field()
  code: string;
  @Field()
  label: string;
  @Field()
  unit: string;
  @Field({ description: 'The window of records it reads.' })
  window: string;
  @Field(() => IndicatorState)
  status: IndicatorState;
  @Field(() => Float, {
    nullable: true,
    description: "The indicator's value in its unit; null when missing or not applicable.",
  })
  value: number | null;
  @Field(() => String, {
    nullable: true,
    description:
      'The model\'s bin the value fell in, e.g. "[-0.35, -0.12)", "MISSING"; null when the model does not use the indicator.',
  })
  bin: string | null;
  @Field(() => Float, {
    nullable: true,
    description:
      "The bin's weight of evidence: ln(share of non-defaulters / share of defaulters) in the development sample.",
  })
  woe: number | null;
  @Field(() => Float, {
    description:
      "Scorecard points earned: 0 in the input's worst bin, maxPoints in its best (20 points double the odds of not defaulting).",
  })
  points: number;
  @Field(() => Float, {
    description: "The points of the input's best bin; maxPoints - points is what it costs the firm.",
  })
  maxPoints: number;
  @Field(() => Float, {
    description: "The input's share of the model's point range (0 when the model does not use it).",
  })
  weight: number;
  /** Exposed through `HealthFactorEvidenceResolver.explanation` (persons' names in it masked as in evidence). */
  explanation: string;
  /** Exposed through `HealthFactorEvidenceResolver.evidence` (personal data in it masked). */
  evidence: Record<string, unknown>;
  @Field(() => [String])
  sources: string[];
  /** The firm (not a field): the one a read of explanation or evidence is audited against. */
  uscc: string;
}

@ObjectType({
  simpleResolvers: true,
  description: 'One change to an input the borrower can act on, and what it earns.',
})
export class TierChangeType {
  @Field({ description: 'The model input (an indicator code).' })
  code: string;
  @Field()
  label: string;
  @Field()
  unit: string;
  @Field(() => Float, { nullable: true, description: "The firm's value now." })
  fromValue: number | null;
  @Field({ description: "The model's bin the value is in now." })
  fromBin: string;
  @Field({ description: 'The bin it must reach.' })
  toBin: string;
  @Field(() => Float, { description: 'The value in the target bin nearest to the current one.' })
  targetValue: number;
  @Field(() => Float, { description: 'Scorecard points gained (20 points double the odds of not defaulting).' })
  points: number;
  @Field({
    description:
      'The change in words, for the borrower, e.g. "raise the cash buffer from 0.8 to at least 1.62 months of sales: +6.11 points".',
  })
  action: string;
}

@ObjectType({
  simpleResolvers: true,
  description:
    'What moves the firm up a tier: the smallest changes to inputs the borrower can act on (never age, sector or history) that lift it into the next better tier.',
})
export class NextTierType {
  @Field(() => Tier)
  currentTier: string;
  @Field(() => Tier, { nullable: true, description: 'The next better tier; null when the firm is GREEN.' })
  targetTier: string | null;
  @Field({
    description: 'False when no set of up to 4 actionable changes reaches it, or a cap or a default blocks it.',
  })
  reachable: boolean;
  @Field(() => Float, { description: 'Points the firm is short of the target tier.' })
  pointsNeeded: number;
  @Field(() => [TierChangeType], {
    description: 'The fewest changes that reach the target, with the least overshoot; empty when not reachable.',
  })
  changes: TierChangeType[];
  @Field(() => [String], { description: 'What points cannot lift: a cap below the target tier, or the default.' })
  blockedBy: string[];
  @Field()
  explanation: string;
}

@ObjectType({
  simpleResolvers: true,
  description:
    "The firm's health index (企业健康指数), 0-100, with the reasons. A partner gets score, tier, modelVersion and asOf under any active consent; " +
    'the explanation (profile, confidence, missingSources, factors, caps, reasons) needs FULL consents covering every source, and is null with a CONSENT_REQUIRED error otherwise.',
})
export class HealthType {
  @Field(() => Int, {
    description:
      'The 0-100 index: a monotone transform of the probability of default (90 at the GREEN/BLUE edge, 70, 50, 30 at the next), capped by registry status, dishonest listing, 90 days overdue, abnormal listing.',
  })
  score: number;
  @Field(() => Float, {
    description:
      'Probability of default (a loan 90 days past due or written off) in the 12 months after asOf, from the active default model; 1 for a firm already in default.',
  })
  probabilityOfDefault: number;
  @Field(() => Tier)
  tier: Tier;
  @Field({ description: 'The default model version that made the score (npm run model -- list).' })
  modelVersion: string;
  @Field(() => String, { nullable: true, description: 'The sector the model read.' })
  profile: string;
  @Field({ description: 'The month the score is as of (YYYY-MM).' })
  asOf: string;
  @Field(() => Float, { nullable: true, description: "Share (0-1) of the model's point range whose inputs had data." })
  confidence: number;
  @Field(() => [Source], {
    nullable: true,
    description: 'Expected sources with no data, or whose upstream failed in this request.',
  })
  missingSources: string[];
  @Field(() => [HealthFactor], {
    nullable: true,
    description: 'Every indicator (and the sector), the costliest first.',
  })
  factors: HealthFactor[];
  @Field(() => [String], {
    nullable: true,
    description: 'Caps that bound the score (revoked licence, dishonest listing, 90 days overdue, abnormal list).',
  })
  caps: string[];
  @Field(() => [String], {
    nullable: true,
    description:
      "The top reasons, as sentences; persons' names a factor's explanation quotes in them are masked as in that factor's evidence.",
  })
  reasons: string[];
  @Field(() => DateTimeScalar, {
    description:
      'When this score was computed: now for a live score, else when the stored snapshot was first computed.',
  })
  computedAt: Date;
  @Field({
    description:
      'True: computed in this request (no snapshot, or inputs newer than it, or a past day with no snapshot); false: read from a stored snapshot.',
  })
  live: boolean;
  @Field(() => NextTierType, {
    nullable: true,
    description: 'What moves the firm up a tier (needs sight of every source, like factors).',
  })
  nextTier: NextTierType;
}
