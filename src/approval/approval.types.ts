/** GraphQL view of approval routing and reconsideration. */
import { Field, Float, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { Source } from '../borrower/source-report';
import { DateTimeScalar, MoneyScalar, UsccScalar } from '../graphql/scalars';
import { Tier } from '../health/tier';
import { ApprovalRoute, ReasonCode } from './approval.service';
import { ReconsiderationOutcome, ReconsiderationStatus } from './reconsideration.entity';

registerEnumType(ApprovalRoute, {
  name: 'ApprovalRoute',
  description:
    'AUTO_APPROVE (high score, small amount, nothing serious, every source), SPECIALIST_REVIEW (middle score or amount), COMMITTEE (low score, large amount, or any serious anomaly).',
});
registerEnumType(ReasonCode, {
  name: 'ApprovalReasonCode',
  description:
    'Why an application takes its route: committee reasons, auto-approval conditions that failed, or (for AUTO_APPROVE) that held.',
});
registerEnumType(ReconsiderationStatus, { name: 'ReconsiderationStatus' });
registerEnumType(ReconsiderationOutcome, { name: 'ReconsiderationOutcome' });

@ObjectType('ApprovalReason', {
  simpleResolvers: true,
  description: 'One reason for a route, with the figure, the threshold and the records behind it.',
})
export class ApprovalReasonType {
  @Field(() => ReasonCode)
  code: ReasonCode;
  @Field(() => ApprovalRoute, { description: 'The route this reason calls for on its own.' })
  route: ApprovalRoute;
  @Field()
  message: string;
  /** Exposed through `ApprovalReasonEvidenceResolver.evidence` (personal data in it masked). */
  evidence: Record<string, unknown>;
  /** The firm (not a field): the one a read of the evidence is audited against. */
  uscc: string;
}

@ObjectType('ApprovalDecision', {
  simpleResolvers: true,
  description:
    'Where an application for `amount` goes (分层授权), and why. A recommendation computed on read, not stored.',
})
export class ApprovalDecisionType {
  @Field(() => ApprovalRoute)
  route: ApprovalRoute;
  @Field(() => [ApprovalReasonType], {
    description:
      'For AUTO_APPROVE every condition that held; otherwise the committee reasons, then the auto-approval conditions that failed.',
  })
  reasons: ApprovalReasonType[];
  /** The firm (not a field): its reasons' evidence is audited against it. */
  uscc: string;
  @Field(() => MoneyScalar, { description: 'The amount applied for, CNY, with two decimals.' })
  amount: string;
  @Field(() => Int, { description: 'The health score the route rests on.' })
  score: number;
  @Field(() => Tier)
  tier: Tier;
  @Field({ description: 'The health model that made the score.' })
  modelVersion: string;
  @Field(() => Float)
  confidence: number;
  @Field(() => [Source], {
    description: 'Expected sources with no data, or whose upstream failed in this request: never auto-approved.',
  })
  missingSources: string[];
  @Field({ description: 'The approval thresholds that made the route.' })
  policyVersion: string;
  @Field(() => DateTimeScalar)
  decidedAt: Date;
}

@ObjectType('Reconsideration', {
  simpleResolvers: true,
  description:
    'An application routed to a person, sent to manual reconsideration (复议): the decision as it stood, who asked and why, and who decided it.',
})
export class ReconsiderationType {
  @Field(() => ID)
  id: string;
  @Field(() => UsccScalar)
  uscc: string;
  @Field(() => MoneyScalar)
  amount: string;
  @Field(() => ApprovalRoute, { description: 'The route when reconsideration was asked.' })
  route: ApprovalRoute;
  @Field(() => [ApprovalReasonType], { description: "The route's reasons when reconsideration was asked." })
  reasons: ApprovalReasonType[];
  @Field(() => Int)
  score: number;
  @Field(() => Tier)
  tier: string;
  @Field()
  modelVersion: string;
  @Field()
  policyVersion: string;
  @Field({ description: 'Who asked (the bearer token subject).' })
  requestedBy: string;
  @Field(() => DateTimeScalar)
  requestedAt: Date;
  @Field({ description: 'Why reconsideration was asked.' })
  reason: string;
  @Field(() => ReconsiderationStatus)
  status: ReconsiderationStatus;
  @Field(() => String, { nullable: true })
  decidedBy: string | null;
  @Field(() => DateTimeScalar, { nullable: true })
  decidedAt: Date | null;
  @Field(() => ReconsiderationOutcome, { nullable: true })
  outcome: ReconsiderationOutcome | null;
  @Field(() => String, { nullable: true })
  decisionNote: string | null;
}
