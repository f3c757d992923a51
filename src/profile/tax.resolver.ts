import { Arg, Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import { CreditRatingRecord, Taxpayer, VatDeclaration } from '../../connectors/tax';
import type { Context } from '../graphql/context';
import { SourceSync } from '../provenance/source-sync.entity';
import { provenanceOf } from '../borrower/sources.service';
import { encodeCursor } from '../graphql/pagination';
import { first, FirstArg, months, MonthsArg } from './args';
import { InvoiceConnection, InvoiceDirection } from './profile.types';

@Resolver(() => Taxpayer)
export class TaxResolver {
  @FieldResolver(() => SourceSync, { nullable: true, description: 'How this source\'s data arrived: origin, reference, as-of date, fetch time.' })
  provenance(@Root() t: Taxpayer, @Ctx() ctx: Context) {
    return provenanceOf(ctx, 'TAX', t.uscc);
  }

  @FieldResolver(() => [CreditRatingRecord], {
    description: 'Tax-credit ratings (纳税信用等级), one per year assessed, newest year first, each with the day it was published; creditRating is the newest.',
  })
  creditRatings(@Root() t: Taxpayer, @Ctx() ctx: Context) {
    return ctx.loaders.tax.creditRatings.load(t.uscc);
  }

  @FieldResolver(() => [VatDeclaration], { description: 'Monthly VAT declarations, newest first.' })
  declarations(@Root() t: Taxpayer, @MonthsArg() m: number, @Ctx() ctx: Context) {
    return ctx.loaders.tax.declarations.load({ uscc: t.uscc, months: months(m) });
  }

  @FieldResolver(() => InvoiceConnection, { description: 'E-invoices issued or received, newest first.' })
  async invoices(
    @Root() t: Taxpayer,
    @Arg('direction', () => InvoiceDirection, { defaultValue: InvoiceDirection.ISSUED }) direction: InvoiceDirection,
    @FirstArg() n: number,
    @Arg('after', () => String, { nullable: true, description: 'The endCursor of the previous page.' }) after: string | null,
    @Ctx() ctx: Context,
  ): Promise<InvoiceConnection> {
    const page = await ctx.loaders.tax.invoices.load({ uscc: t.uscc, direction, first: first(n), after: after ?? null });
    const edges = page.rows.map((node) => ({ cursor: encodeCursor([node.issueDate, node.id]), node }));
    return { edges, pageInfo: { hasNextPage: page.hasNextPage, endCursor: edges.at(-1)?.cursor ?? null } };
  }
}
