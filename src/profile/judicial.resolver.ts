import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import { DishonestListing, Enforcement, FirmCase } from '../../connectors/judicial';
import type { Context } from '../graphql/context';
import { SourceSync } from '../provenance/source-sync.entity';
import { provenanceOf } from '../borrower/sources.service';
import { first, FirstArg } from './args';
import { JudicialProfile } from './profile.types';

@Resolver(() => JudicialProfile)
export class JudicialResolver {
  @FieldResolver(() => SourceSync, { nullable: true, description: 'How this source\'s data arrived: origin, reference, as-of date, fetch time.' })
  provenance(@Root() p: JudicialProfile, @Ctx() ctx: Context) {
    return provenanceOf(ctx, 'JUDICIAL', p.uscc);
  }

  @FieldResolver(() => [FirmCase], { description: 'Court cases the firm is party to, newest first.' })
  cases(@Root() p: JudicialProfile, @FirstArg() n: number, @Ctx() ctx: Context) {
    return ctx.loaders.judicial.cases.load({ uscc: p.uscc, first: first(n) });
  }

  @FieldResolver(() => [Enforcement])
  enforcements(@Root() p: JudicialProfile, @Ctx() ctx: Context) {
    return ctx.loaders.judicial.enforcements.load(p.uscc);
  }

  @FieldResolver(() => [DishonestListing])
  dishonestListings(@Root() p: JudicialProfile, @Ctx() ctx: Context) {
    return ctx.loaders.judicial.dishonestListings.load(p.uscc);
  }
}
