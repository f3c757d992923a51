import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import { AbnormalListing, RegistryChange, RegistryCompany, Shareholder } from '../../connectors/registry';
import type { Context } from '../graphql/context';
import { SourceSync } from '../provenance/source-sync.entity';
import { provenanceOf } from '../borrower/sources.service';
import { first, FirstArg } from './args';

@Resolver(() => RegistryCompany)
export class RegistryResolver {
  @FieldResolver(() => SourceSync, { nullable: true, description: 'How this source\'s data arrived: origin, reference, as-of date, fetch time.' })
  provenance(@Root() r: RegistryCompany, @Ctx() ctx: Context) {
    return provenanceOf(ctx, 'REGISTRY', r.uscc);
  }

  @FieldResolver(() => [Shareholder], { description: 'Shareholders (股东), largest share first.' })
  shareholders(@Root() r: RegistryCompany, @Ctx() ctx: Context) {
    return ctx.loaders.registry.shareholders.load(r.uscc);
  }

  @FieldResolver(() => [RegistryChange], { description: 'Registered changes (变更记录), newest first.' })
  changes(@Root() r: RegistryCompany, @FirstArg() n: number, @Ctx() ctx: Context) {
    return ctx.loaders.registry.changes.load({ uscc: r.uscc, first: first(n) });
  }

  @FieldResolver(() => [AbnormalListing], { description: 'Abnormal-operations listings (经营异常名录), newest first.' })
  abnormalListings(@Root() r: RegistryCompany, @Ctx() ctx: Context) {
    return ctx.loaders.registry.abnormalListings.load(r.uscc);
  }
}
