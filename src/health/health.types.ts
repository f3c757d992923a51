/** GraphQL view of the health index: score, tier, confidence, and every factor with its evidence. */
import { Field, Float, Int, ObjectType, registerEnumType } from 'type-graphql';
import { JSONObjectResolver } from 'graphql-scalars';
import { Source } from '../borrower/sources.service';
import { Tier } from './tier';

registerEnumType(Tier, { name: 'Tier', description: 'Health tier (DOMAIN.md): GREEN >= 90, BLUE 70-89, YELLOW 50-69, ORANGE 30-49, RED < 30.' });

export enum IndicatorState {
  OK = 'OK',
  MISSING = 'MISSING',
  NOT_APPLICABLE = 'NOT_APPLICABLE',
}
registerEnumType(IndicatorState, { name: 'IndicatorState', description: 'MISSING lowers confidence (missing is not zero); NOT_APPLICABLE has nothing to measure.' });

@ObjectType({ simpleResolvers: true, description: 'One indicator\'s part in the health score.' })
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
  @Field(() => Float, { description: 'Points contributed to the score.' })
  points: number;
  @Field(() => Float, { description: 'The most it could contribute (its weight\'s share).' })
  maxPoints: number;
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
  @Field(() => Int)
  score: number;
  @Field(() => Tier)
  tier: Tier;
  @Field({ description: 'The version of the weights and scales that made the score.' })
  modelVersion: string;
  @Field(() => String, { nullable: true, description: 'The industry weight profile applied.' })
  profile: string;
  @Field({ description: 'The month the score is as of (YYYY-MM).' })
  asOf: string;
  @Field(() => Float, { nullable: true, description: 'Share (0-1) of the applicable weight that had data.' })
  confidence: number;
  @Field(() => [Source], { nullable: true, description: 'Expected sources with no data, or whose upstream failed in this request.' })
  missingSources: string[];
  @Field(() => [HealthFactor], { nullable: true, description: 'Every indicator, the costliest first.' })
  factors: HealthFactor[];
  @Field(() => [String], { nullable: true, description: 'Caps that bound the score (revoked licence, dishonest listing, 90 days overdue, abnormal list).' })
  caps: string[];
  @Field(() => [String], { nullable: true, description: 'The top reasons, as sentences.' })
  reasons: string[];
}
