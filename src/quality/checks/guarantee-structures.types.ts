/** The GraphQL types the guarantee-structure checks' evidence is built from (a firm of a structure, a guarantee between two of them). */
import { Field, ID, ObjectType } from 'type-graphql';
import { MoneyScalar, UsccScalar } from '../../graphql/scalars';
import { GuaranteeEdge } from '../../network/network.types';

@ObjectType({ description: "A firm of a guarantee structure, with the bank's exposure to it." })
export class GuaranteeStructureFirm {
  @Field(() => UsccScalar)
  uscc: string;
  @Field(() => String, {
    nullable: true,
    description: 'Registered name; null for a firm the platform has no record of.',
  })
  name: string | null;
  @Field(() => MoneyScalar, {
    description: "Outstanding principal of the firm's ACTIVE loans on the bank's books, CNY.",
  })
  exposure: string;
}

@ObjectType({ description: 'The guarantees live on the as-of day from one firm to another, summed.' })
export class GuaranteeLink extends GuaranteeEdge {
  @Field(() => [ID], { description: 'The bank.guarantee rows.' })
  guaranteeIds: string[];
}

/** What every structure's evidence holds (the SQL's structureEvidence). */
export interface StructureEvidence {
  members: GuaranteeStructureFirm[];
  guarantees: GuaranteeLink[];
  totalExposure: string;
  totalGuaranteed: string;
  asOf: string;
}
