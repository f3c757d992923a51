import { Arg, Ctx, Field, FieldResolver, ObjectType, registerEnumType, Resolver, Root } from 'type-graphql';
import { CreditRatingRecord, Invoice, Taxpayer, VatDeclaration } from './tax.records';
import { SensitiveKind } from '../../src/masking/masking.config';
import { isPersonParty } from '../../src/masking/person-name';
import { Sensitive, UnmaskedArg } from '../../src/masking/sensitive';
import type { Context } from '../../src/graphql/context';
import { SourceSync } from '../../src/provenance/source-sync.entity';
import { provenanceOf } from '../../src/borrower/sources.service';
import { connection, PageInfo } from '../../src/graphql/pagination';
import { first, FirstArg, months, MonthsArg } from '../../src/profile/args';

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

@Resolver(() => Taxpayer)
export class TaxResolver {
  @FieldResolver(() => SourceSync, {
    nullable: true,
    description: "How this source's data arrived: origin, reference, as-of date, fetch time.",
  })
  provenance(@Root() t: Taxpayer, @Ctx() ctx: Context) {
    return provenanceOf(ctx, 'TAX', t.uscc);
  }

  @FieldResolver(() => [CreditRatingRecord], {
    description:
      'Tax-credit ratings (纳税信用等级), one per year assessed, newest year first, each with the day it was published; creditRating is the newest.',
  })
  creditRatings(@Root() t: Taxpayer, @Ctx() ctx: Context) {
    return ctx.loaders.sources.TAX.creditRatings.load(t.uscc);
  }

  @FieldResolver(() => [VatDeclaration], { description: 'Monthly VAT declarations, newest first.' })
  declarations(@Root() t: Taxpayer, @MonthsArg() m: number, @Ctx() ctx: Context) {
    return ctx.loaders.sources.TAX.declarations.load({ uscc: t.uscc, months: months(m) });
  }

  @FieldResolver(() => InvoiceConnection, { description: 'E-invoices issued or received, newest first.' })
  async invoices(
    @Root() t: Taxpayer,
    @Arg('direction', () => InvoiceDirection, { defaultValue: InvoiceDirection.ISSUED }) direction: InvoiceDirection,
    @FirstArg() n: number,
    @Arg('after', () => String, { nullable: true, description: 'The endCursor of the previous page.' })
    after: string | null,
    @Ctx() ctx: Context,
  ): Promise<InvoiceConnection> {
    const page = await ctx.loaders.sources.TAX.invoices.load({
      uscc: t.uscc,
      direction,
      first: first(n),
      after: after ?? null,
    });
    // `after` is checked (decodeCursor(after, 'invoices', 2)) where the page is read: connectors/tax.
    return connection(
      'invoices',
      page.rows,
      (node) => [node.issueDate, node.id],
      page.hasNextPage,
      (node): InvoiceRow => ({ ...node, firmUscc: t.uscc }),
    );
  }
}

/** An invoice as served under a firm's invoice list: `firmUscc` is that firm (audit keys on it). */
type InvoiceRow = Invoice & { firmUscc?: string };

@Resolver(() => Invoice)
export class InvoiceResolver {
  @FieldResolver(() => String, {
    nullable: true,
    description:
      "The seller's name; a person's name (a sole trader named by its operator) is personal data (masked, e.g. 王*).",
  })
  @Sensitive<InvoiceRow>(SensitiveKind.PERSON_NAME, {
    firmOf: (i) => i.firmUscc ?? i.sellerUscc,
    when: (i) => isPersonParty(i.sellerName, { uscc: i.sellerUscc }),
  })
  sellerName(@Root() i: InvoiceRow, @UnmaskedArg() _unmasked: boolean): string {
    return i.sellerName;
  }

  @FieldResolver(() => String, {
    nullable: true,
    description: "The buyer's name; a person's name (a buyer without a USCC) is personal data (masked, e.g. 王*).",
  })
  @Sensitive<InvoiceRow>(SensitiveKind.PERSON_NAME, {
    firmOf: (i) => i.firmUscc ?? i.sellerUscc,
    when: (i) => isPersonParty(i.buyerName, { uscc: i.buyerUscc }),
  })
  buyerName(@Root() i: InvoiceRow, @UnmaskedArg() _unmasked: boolean): string {
    return i.buyerName;
  }
}
