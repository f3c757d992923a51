/** GraphQL types of the review trail and the decisions people take. */
import { Field, ID, ObjectType, registerEnumType } from 'type-graphql';
import { DateTimeScalar } from '../graphql/scalars';
import { FindingAction, LinkAction, WarningAction } from './review.service';

registerEnumType(FindingAction, {
  name: 'FindingAction',
  description: 'CONFIRM a finding, DISMISS it (reason required), or REOPEN it.',
});
registerEnumType(LinkAction, {
  name: 'LinkAction',
  description:
    'CONFIRM a link or merge, REJECT a pair in review (reason required), UNDO a link or merge in effect (reason required).',
});

registerEnumType(WarningAction, {
  name: 'WarningAction',
  description:
    "A step of a warning's lifecycle: START_VERIFICATION (OPEN), RECORD_ACTION (VERIFYING; note required), CLOSE (ACTION_TAKEN; note required), DISMISS (OPEN or VERIFYING; note required), REOPEN (DISMISSED).",
});

@ObjectType('ReviewEvent', { simpleResolvers: true, description: 'One decision a person took: who, when, what, why.' })
export class ReviewEventType {
  @Field(() => ID)
  id: string;
  @Field()
  action: string;
  @Field(() => String, { nullable: true })
  reason: string | null;
  @Field({ description: 'Who decided.' })
  actor: string;
  @Field(() => DateTimeScalar)
  at: Date;
  @Field()
  statusBefore: string;
  @Field()
  statusAfter: string;
}
