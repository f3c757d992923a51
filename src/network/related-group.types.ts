/** The GraphQL types of related groups (关联集团, `Borrower.relatedGroup`). */
import { Field, Int, ObjectType, registerEnumType } from 'type-graphql';
import { LocalDateScalar, MoneyScalar, UsccScalar } from '../graphql/scalars';
import { GuaranteeEdge, TiedFirm, UltimateController } from './network.types';

export enum RelatedGroupReasonKind {
  CONTROLLER = 'CONTROLLER',
  CONTROLLING_FIRM = 'CONTROLLING_FIRM',
  GUARANTEE = 'GUARANTEE',
}
registerEnumType(RelatedGroupReasonKind, {
  name: 'RelatedGroupReasonKind',
  description: "Why a firm belongs to a borrower's related group.",
  valuesConfig: {
    CONTROLLER: {
      description:
        "Under the same controller: the group's controller (the borrower's, or the borrower itself when no one controls it) controls the firm through holdings of at least the control share each.",
    },
    CONTROLLING_FIRM: {
      description:
        "The firm is the borrower's controller (a firm at the top of its chain of control): the group's head.",
    },
    GUARANTEE: { description: 'In the same guarantee network: reachable through live guarantees, either direction.' },
  },
});

@ObjectType({ description: 'One reason a firm is in the group, with its figures.' })
export class RelatedGroupReason {
  @Field(() => RelatedGroupReasonKind)
  kind: RelatedGroupReasonKind;

  @Field(() => String, {
    nullable: true,
    description:
      "CONTROLLER: the group controller's share of the firm; CONTROLLING_FIRM: the firm's share of the borrower; directly or indirectly, summed over the paths (0-1, 4 decimals); null for GUARANTEE.",
  })
  controllerShare: string | null;

  @Field(() => Int, {
    nullable: true,
    description: 'GUARANTEE: guarantees between the borrower and the firm on the shortest path; null for CONTROLLER.',
  })
  hops: number | null;

  @Field(() => [UsccScalar], {
    nullable: true,
    description: 'GUARANTEE: the firms on the path, from the borrower to this firm, both included.',
  })
  path: string[] | null;

  @Field(() => [GuaranteeEdge], { nullable: true, description: 'GUARANTEE: the guarantees along the path, in order.' })
  edges: GuaranteeEdge[] | null;
}

@ObjectType({
  implements: TiedFirm,
  description: 'A firm related to the borrower (the borrower itself is never a member).',
})
export class RelatedGroupMember extends TiedFirm {
  @Field(() => [RelatedGroupReason], {
    description: 'Every reason it is in the group: CONTROLLER first, then GUARANTEE.',
  })
  reasons: RelatedGroupReason[];
}

@ObjectType({
  description:
    "A borrower's related group (关联集团): the firms under its controller and the firms of its guarantee network, and the bank's combined exposure to them and to it.",
})
export class RelatedGroup {
  /** The borrower (not a field). */
  uscc: string;

  @Field(() => LocalDateScalar, { description: 'The day the guarantees are judged live on (the portfolio as-of day).' })
  asOf: string;

  @Field({
    description:
      'The control share: a holding (0-1, inclusive) that controls a firm; control passes along a chain of such holdings.',
  })
  controlShare: string;

  @Field(() => Int, { description: 'How many guarantees out the guarantee network is followed.' })
  networkDepth: number;

  @Field(() => UltimateController, {
    nullable: true,
    description:
      "The borrower's controller (实际控制人): the ultimate controller at the top of a chain of holdings of at least `controlShare` each (its `share` is the product of the ratios, which may be below it); null when none. A person's name and ID number are masked as in `ultimateControllers`.",
  })
  controller: UltimateController | null;

  @Field(() => [RelatedGroupMember], {
    description: 'The other firms of the group, once each with every reason; largest exposure first (then by USCC).',
  })
  members: RelatedGroupMember[];

  @Field(() => MoneyScalar, { description: "The bank's exposure to the borrower itself (ACTIVE loans), CNY." })
  borrowerExposure: string;

  @Field(() => MoneyScalar, {
    description: "The bank's combined exposure: the borrower's and every member's, summed exactly, CNY.",
  })
  exposure: string;
}
