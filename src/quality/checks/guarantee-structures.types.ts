/** The GraphQL types the guarantee-structure checks' evidence is built from (a firm of a structure, a guarantee between two of them). */
import { Field, ID, ObjectType } from 'type-graphql';
import { GuaranteeEdge, TiedFirm } from '../../network/network.types';

@ObjectType({ implements: TiedFirm, description: "A firm of a guarantee structure, with the bank's exposure to it." })
export class GuaranteeStructureFirm extends TiedFirm {}

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
