/**
 * The per-source sub-objects of a borrower that are not a single source record: their fields
 * are lists read through that source's loaders (see the *.resolver.ts files beside this one).
 */
import { Field, ObjectType, registerEnumType } from 'type-graphql';
import { PageInfo } from '../graphql/pagination';
import { Invoice } from '../../connectors/tax';

/** A sub-object keyed by the firm; its fields are resolved from the firm's USCC. */
abstract class FirmScoped {
  uscc: string;
}

@ObjectType({
  description:
    "The bank's own books about the firm: accounts, flows, loans, guarantees, consents, financial statements.",
})
export class BankProfile extends FirmScoped {}

@ObjectType({ description: 'The firm in supply chains: core enterprises it supplies, orders, receivables.' })
export class SupplyChainProfile extends FirmScoped {}

@ObjectType({ description: 'Court records about the firm (司法).' })
export class JudicialProfile extends FirmScoped {}

@ObjectType({ description: 'Alternative data: social-insurance headcount (社保) and utility payments (水电气).' })
export class AltDataProfile extends FirmScoped {}

export enum InvoiceDirection {
  ISSUED = 'ISSUED',
  RECEIVED = 'RECEIVED',
}
registerEnumType(InvoiceDirection, {
  name: 'InvoiceDirection',
  description: 'Invoices the firm issued (sales) or received (purchases).',
});

@ObjectType({ simpleResolvers: true })
export class InvoiceEdge {
  @Field()
  cursor: string;
  @Field(() => Invoice)
  node: Invoice;
}

@ObjectType({ simpleResolvers: true, description: 'A page of invoices, newest first.' })
export class InvoiceConnection {
  @Field(() => [InvoiceEdge])
  edges: InvoiceEdge[];
  @Field(() => PageInfo)
  pageInfo: PageInfo;
}

/** Bounds of list arguments, shared by every sub-object. */
export const LIMITS = { first: { default: 20, max: 100 }, months: { default: 24, max: 120 } } as const;
