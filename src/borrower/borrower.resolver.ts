import { Arg, Ctx, FieldResolver, Int, Query, Resolver, Root } from 'type-graphql';
import { Firm } from '../firm/firm.entity';
import { countFirms, listFirms } from '../firm/firm.repository';
import type { Context } from '../graphql/context';
import { checkFirst, decodeCursor, encodeCursor } from '../graphql/pagination';
import { UsccScalar } from '../graphql/scalars';
import { RegistryCompany } from '../../connectors/registry';
import { Taxpayer } from '../../connectors/tax';
import { AltDataProfile, BankProfile, JudicialProfile, SupplyChainProfile } from '../profile/profile.types';
import { BorrowerConnection, BorrowerFilter, IndustryInfo, RegionInfo } from './borrower.type';
import { checkFilter, industryInfo, regionInfo } from './borrower.service';

const MAX_PAGE = 100;

@Resolver(() => Firm)
export class BorrowerResolver {
  @Query(() => Firm, { nullable: true, description: 'One borrower by USCC; null when the platform does not know it.' })
  borrower(@Arg('uscc', () => UsccScalar) uscc: string, @Ctx() ctx: Context) {
    return ctx.loaders.firm.load(uscc);
  }

  @Query(() => BorrowerConnection, { description: 'Borrowers in USCC order, filtered and cursor-paginated.' })
  async borrowers(
    @Arg('first', () => Int, { defaultValue: 20, description: `Page size (0-${MAX_PAGE}).` }) first: number,
    @Arg('after', () => String, { nullable: true, description: 'The endCursor of the previous page.' }) after: string | null,
    @Arg('filter', () => BorrowerFilter, { nullable: true }) filter: BorrowerFilter | null,
    @Ctx() ctx: Context,
  ): Promise<BorrowerConnection> {
    const limit = checkFirst(first, MAX_PAGE);
    const firmFilter = checkFilter(filter);
    const afterUscc = after ? decodeCursor(after, 1)[0] : null;
    const rows = await listFirms(ctx.db, firmFilter, limit, afterUscc);
    const page = rows.slice(0, limit);
    // Prime the firm loader so `_entities` or nested look-ups in this request reuse the rows.
    for (const f of page) ctx.loaders.firm.prime(f.uscc, f);
    const edges = page.map((node) => ({ cursor: encodeCursor([node.uscc]), node }));
    return {
      edges,
      pageInfo: { hasNextPage: rows.length > limit, endCursor: edges.at(-1)?.cursor ?? null },
      count: () => countFirms(ctx.db, firmFilter),
    };
  }

  @FieldResolver(() => IndustryInfo)
  industry(@Root() f: Firm): IndustryInfo {
    return industryInfo(f.industryCode);
  }

  @FieldResolver(() => RegionInfo)
  region(@Root() f: Firm): RegionInfo {
    return regionInfo(f.regionCode);
  }

  @FieldResolver(() => RegistryCompany, { nullable: true, description: 'Business registry (工商); null when the registry has no record.' })
  registry(@Root() f: Firm, @Ctx() ctx: Context) {
    return ctx.loaders.registry.company.load(f.uscc);
  }

  @FieldResolver(() => Taxpayer, { nullable: true, description: 'Tax bureau (金税); null when the firm is not a registered taxpayer there.' })
  tax(@Root() f: Firm, @Ctx() ctx: Context) {
    return ctx.loaders.tax.taxpayer.load(f.uscc);
  }

  @FieldResolver(() => BankProfile, { nullable: true, description: 'The bank\'s own books.' })
  bank(@Root() f: Firm): BankProfile {
    return { uscc: f.uscc };
  }

  @FieldResolver(() => SupplyChainProfile, { nullable: true, description: 'Supply-chain finance records.' })
  supplyChain(@Root() f: Firm): SupplyChainProfile {
    return { uscc: f.uscc };
  }

  @FieldResolver(() => JudicialProfile, { nullable: true, description: 'Court records (司法).' })
  judicial(@Root() f: Firm): JudicialProfile {
    return { uscc: f.uscc };
  }

  @FieldResolver(() => AltDataProfile, { nullable: true, description: 'Social-insurance headcount and utility payments.' })
  altData(@Root() f: Firm): AltDataProfile {
    return { uscc: f.uscc };
  }
}

@Resolver(() => BorrowerConnection)
export class BorrowerConnectionResolver {
  @FieldResolver(() => Int, { description: 'Borrowers matching the filter (counted only when asked for).' })
  totalCount(@Root() c: BorrowerConnection) {
    return c.count();
  }
}
