/** The GraphQL types of guarantee networks, ultimate controllers and beneficial owners (`Borrower.*`). */
import { Field, Int, InterfaceType, ObjectType, registerEnumType } from 'type-graphql';
import { LocalDateScalar, MoneyScalar, UsccScalar } from '../graphql/scalars';
import { HolderType } from '../../connectors/registry/registry.records';

/** What a guarantee network is asked for: the firm and how many hops out. */
export interface NetworkKey {
  uscc: string;
  depth: number;
}

@ObjectType({ description: 'One guarantee (担保) on a path: who guarantees whom, and the amount.' })
export class GuaranteeEdge {
  @Field(() => UsccScalar, { description: 'The guarantor (担保人).' })
  guarantorUscc: string;

  @Field(() => UsccScalar, { description: 'The firm whose debt is guaranteed.' })
  borrowerUscc: string;

  @Field(() => MoneyScalar, { description: 'The amount guaranteed, CNY.' })
  amount: string;
}

/** A firm tied to a borrower, and the bank's exposure to it: what every member type of this folder (and the guarantee-structure findings) starts with. */
@InterfaceType({ description: "A firm tied to another by guarantees or shareholdings, and the bank's exposure to it." })
export abstract class TiedFirm {
  @Field(() => UsccScalar)
  uscc: string;

  @Field(() => String, {
    nullable: true,
    description: 'Registered name; null for a firm the platform has no record of.',
  })
  name: string | null;

  @Field(() => MoneyScalar, {
    description: "The bank's exposure to it: the outstanding principal of its ACTIVE loans on the bank's books, CNY.",
  })
  exposure: string;
}

@ObjectType({
  implements: TiedFirm,
  description: "A firm of a borrower's guarantee network, by its shortest path from the borrower.",
})
export class GuaranteeNetworkMember extends TiedFirm {
  @Field(() => Int, { description: 'Guarantees between the borrower and this firm on the shortest path (1 = direct).' })
  hops: number;

  @Field(() => [UsccScalar], { description: 'The firms on the path, from the borrower to this firm, both included.' })
  path: string[];

  @Field(() => [GuaranteeEdge], { description: 'The guarantees along the path, in order, each with its direction.' })
  edges: GuaranteeEdge[];
}

@ObjectType({
  description:
    'The firms reachable from a borrower through guarantees live on the as-of day (released ones do not count), in either direction.',
})
export class GuaranteeNetwork {
  @Field(() => LocalDateScalar, { description: 'The day the guarantees are judged live on (the portfolio as-of day).' })
  asOf: string;

  @Field(() => Int, { description: 'The hops asked for.' })
  depth: number;

  @Field(() => [GuaranteeNetworkMember], { description: 'Every firm within `depth` hops, once, nearest first.' })
  members: GuaranteeNetworkMember[];

  @Field(() => MoneyScalar, { description: "The bank's exposure to the members (the borrower not included), CNY." })
  totalExposure: string;

  @Field({
    description:
      'Whether the borrower sits on a guarantee circle (互保圈): guarantees that, followed from guarantor to guaranteed, come back to it (up to 8 firms, whatever the depth).',
  })
  onCircle: boolean;

  @Field(() => [UsccScalar], {
    description: 'The firms of the circles through the borrower, once each, the borrower included.',
  })
  circle: string[];
}

export enum ControllerKind {
  NATURAL_PERSON = 'NATURAL_PERSON',
  UNHELD_FIRM = 'UNHELD_FIRM',
  DEPTH_LIMIT = 'DEPTH_LIMIT',
}
registerEnumType(ControllerKind, {
  name: 'ControllerKind',
  description: 'Where a walk up the shareholdings stopped.',
  valuesConfig: {
    NATURAL_PERSON: { description: 'A natural person.' },
    UNHELD_FIRM: { description: 'A firm with no recorded shareholders (a root, e.g. a state-owned holder).' },
    DEPTH_LIMIT: { description: 'A firm that still has shareholders at the depth bound (10 layers).' },
  },
});

@ObjectType({ description: 'One chain of holdings from the borrower up to a controller.' })
export class OwnershipPath {
  @Field(() => [UsccScalar], {
    description: 'The firms from the borrower up to the one the controller holds directly, the borrower first.',
  })
  firms: string[];

  @Field(() => [String], { description: 'The share ratio at each layer (0-1, 4 decimals), the borrower first.' })
  ratios: string[];

  @Field({ description: 'The product of the ratios: the share held through this path (0-1, 4 decimals).' })
  share: string;
}

/** A controller as the API serves it: with the borrower it was found for (the firm its personal data is audited against). */
@ObjectType({ description: 'A holder at the top of the shareholdings above the borrower, with its total share.' })
export class UltimateController {
  /** The borrower's USCC (not a field). */
  uscc: string;

  @Field(() => ControllerKind)
  kind: ControllerKind;

  @Field(() => HolderType)
  holderType: HolderType;

  holderName: string;

  @Field(() => UsccScalar, { nullable: true, description: "A firm's USCC; null for a person." })
  holderUscc: string | null;

  holderIdNo: string | null;

  @Field({ description: 'The share held directly or indirectly, summed over the paths (0-1, 4 decimals).' })
  share: string;

  @Field(() => [OwnershipPath], { description: 'Every path (loops cut), largest share first.' })
  paths: OwnershipPath[];
}

export enum BeneficialOwnerReason {
  OWNS_25_PERCENT = 'OWNS_25_PERCENT',
  LARGEST_HOLDER = 'LARGEST_HOLDER',
  LEGAL_REPRESENTATIVE = 'LEGAL_REPRESENTATIVE',
}
registerEnumType(BeneficialOwnerReason, {
  name: 'BeneficialOwnerReason',
  description: 'Why a natural person is a beneficial owner (受益所有人) under the PBoC/SAMR rule (2024).',
  valuesConfig: {
    OWNS_25_PERCENT: { description: 'Holds 25% or more of the firm, directly or indirectly.' },
    LARGEST_HOLDER: { description: 'No natural person holds 25%: the largest natural-person holder.' },
    LEGAL_REPRESENTATIVE: {
      description: 'Control by other means: the legal representative (法定代表人) the registry names.',
    },
  },
});

@ObjectType({ description: 'A natural person who owns or controls the borrower, with why.' })
export class BeneficialOwner {
  /** The borrower's USCC (not a field). */
  uscc: string;

  name: string;

  idNo: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'The share held directly or indirectly (0-1, 4 decimals); null when the person holds none.',
  })
  share: string | null;

  @Field(() => [BeneficialOwnerReason], { description: 'Every reason the person qualifies.' })
  reasons: BeneficialOwnerReason[];

  @Field({ description: 'The reasons in words, with the figures.' })
  explanation: string;
}
