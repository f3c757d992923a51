/** GraphQL view of the health index: score, tier, confidence, and every factor with its evidence. */
import { Field, Float, Int, ObjectType, registerEnumType } from 'type-graphql';
import { JSONObjectResolver } from 'graphql-scalars';
import { Source } from '../borrower/sources.service';
import { Tier } from './tier';

registerEnumType(Tier, { name: 'Tier', description: 'Health tier: a band of the probability of default, chosen on the model\'s development sample; on the 0-100 index GREEN >= 90, BLUE 70-89, YELLOW 50-69, ORANGE 30-49, RED < 30.' });

export enum IndicatorState {
  OK = 'OK',
  MISSING = 'MISSING',
  NOT_APPLICABLE = 'NOT_APPLICABLE',
}
registerEnumType(IndicatorState, { name: 'IndicatorState', description: 'MISSING lowers confidence (missing is not zero); NOT_APPLICABLE has nothing to measure.' });

@ObjectType({ simpleResolvers: true, description: 'One indicator: its value and evidence, and, when it is one of the default model\'s inputs, the bin the firm fell in and the points it earned.' })
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
  @Field(() => Float, { nullable: true, description: 'The indicator\'s value in its unit; null when missing or not applicable.' })
  value: number | null;
  @Field(() => String, { nullable: true, description: 'The model\'s bin the value fell in, e.g. "[-0.35, -0.12)", "MISSING"; null when the model does not use the indicator.' })
  bin: string | null;
  @Field(() => Float, { nullable: true, description: 'The bin\'s weight of evidence: ln(share of non-defaulters / share of defaulters) in the development sample.' })
  woe: number | null;
  @Field(() => Float, { description: 'Scorecard points earned: 0 in the input\'s worst bin, maxPoints in its best (20 points double the odds of not defaulting).' })
  points: number;
  @Field(() => Float, { description: 'The points of the input\'s best bin; maxPoints - points is what it costs the firm.' })
  maxPoints: number;
  @Field(() => Float, { description: 'The input\'s share of the model\'s point range (0 when the model does not use it).' })
  weight: number;
  @Field({ description: 'What the value means, in words a risk officer can check against the evidence.' })
  explanation: string;
  @Field(() => JSONObjectResolver, { description: 'The records and figures behind the value.' })
  evidence: Record<string, unknown>;
  @Field(() => [String])
  sources: string[];
}

@ObjectType({
  simpleResolvers: true,
  description:
    'The firm\'s health index (企业健康指数), 0-100, with the reasons. A partner gets score, tier, modelVersion and asOf under any active consent; ' +
    'the explanation (profile, confidence, missingSources, factors, caps, reasons) needs FULL consents covering every source, and is null with a CONSENT_REQUIRED error otherwise.',
})
export class HealthType {
  @Field(() => Int, { description: 'The 0-100 index: a monotone transform of the probability of default (90 at the GREEN/BLUE edge, 70, 50, 30 at the next), capped by registry status, dishonest listing, 90 days overdue, abnormal listing.' })
  score: number;
  @Field(() => Float, { description: 'Probability of default (a loan 90 days past due or written off) in the 12 months after asOf, from the active default model; 1 for a firm already in default.' })
  probabilityOfDefault: number;
  @Field(() => Tier)
  tier: Tier;
  @Field({ description: 'The default model version that made the score (npm run model -- list).' })
  modelVersion: string;
  @Field(() => String, { nullable: true, description: 'The sector the model read.' })
  profile: string;
  @Field({ description: 'The month the score is as of (YYYY-MM).' })
  asOf: string;
  @Field(() => Float, { nullable: true, description: 'Share (0-1) of the model\'s point range whose inputs had data.' })
  confidence: number;
  @Field(() => [Source], { nullable: true, description: 'Expected sources with no data, or whose upstream failed in this request.' })
  missingSources: string[];
  @Field(() => [HealthFactor], { nullable: true, description: 'Every indicator (and the sector), the costliest first.' })
  factors: HealthFactor[];
  @Field(() => [String], { nullable: true, description: 'Caps that bound the score (revoked licence, dishonest listing, 90 days overdue, abnormal list).' })
  caps: string[];
  @Field(() => [String], { nullable: true, description: 'The top reasons, as sentences.' })
  reasons: string[];
}
