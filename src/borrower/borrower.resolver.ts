import { Arg, Ctx, FieldResolver, Int, Query, Resolver, Root } from 'type-graphql';
import { Firm } from '../firm/firm.entity';
import { countFirms, listFirms } from '../firm/firm.repository';
import type { Context } from '../graphql/context';
import { checkFirst, connection, decodeCursor } from '../graphql/pagination';
import { UsccScalar } from '../graphql/scalars';
import { RegistryCompany } from '../../connectors/registry';
import { Taxpayer } from '../../connectors/tax';
import { AltDataProfile, BankProfile, JudicialProfile, SupplyChainProfile } from '../profile/profile.types';
import { BorrowerConnection, BorrowerFilter, IndustryInfo, RegionInfo } from './borrower.type';
import { checkFilter, industryInfo, regionInfo } from './borrower.service';
import { requireSource, SourceReport, sourceReports } from './sources.service';
import { DataQuality } from '../quality/data-quality.types';
import { authorize, FIRM_READERS, requireRole } from '../auth/authorize.service';

const MAX_PAGE = 100;

@Resolver(() => Firm)
export class BorrowerResolver {
  @Query(() => Firm, { nullable: true, description: 'One borrower by USCC; null when the platform does not know it.' })
  async borrower(@Arg('uscc', () => UsccScalar) uscc: string, @Ctx() ctx: Context) {
    await authorize(ctx, uscc, 'FIRM');
    return ctx.loaders.firm.load(uscc);
  }

  @Query(() => BorrowerConnection, { description: 'Borrowers in USCC order, filtered and cursor-paginated.' })
  async borrowers(
    @Arg('first', () => Int, { defaultValue: 20, description: `Page size (0-${MAX_PAGE}).` }) first: number,
    @Arg('after', () => String, { nullable: true, description: 'The endCursor of the previous page.' })
    after: string | null,
    @Arg('filter', () => BorrowerFilter, { nullable: true }) filter: BorrowerFilter | null,
    @Ctx() ctx: Context,
  ): Promise<BorrowerConnection> {
    requireRole(ctx, FIRM_READERS, '`borrowers` (the portfolio)');
    const limit = checkFirst(first, MAX_PAGE);
    const firmFilter = checkFilter(filter);
    const afterUscc = after ? decodeCursor(after, 'borrowers', 1)[0] : null;
    const rows = await listFirms(ctx.db, firmFilter, limit, afterUscc);
    const page = rows.slice(0, limit);
    // Prime the firm loader so `_entities` or nested look-ups in this request reuse the rows.
    for (const f of page) ctx.loaders.firm.prime(f.uscc, f);
    return {
      ...connection('borrowers', page, (f) => [f.uscc], rows.length > limit),
      count: () => countFirms(ctx.db, firmFilter),
    };
  }

  @FieldResolver(() => Int, {
    nullable: true,
    description:
      'Staff the firm claims on its application (申报员工人数); null when it has made none (known from its registry record only); bank data (null, with CONSENT_REQUIRED, for a partner without a FULL BANK consent).',
  })
  async claimedStaff(@Root() f: Firm, @Ctx() ctx: Context): Promise<number | null> {
    // Stated on the application to the bank: bank data.
    await authorize(ctx, f.uscc, 'BANK');
    return f.claimedStaff;
  }

  @FieldResolver(() => IndustryInfo)
  industry(@Root() f: Firm): IndustryInfo {
    return industryInfo(f.industryCode);
  }

  @FieldResolver(() => RegionInfo)
  region(@Root() f: Firm): RegionInfo {
    return regionInfo(f.regionCode);
  }

  @FieldResolver(() => RegistryCompany, {
    nullable: true,
    description: 'Business registry (工商); null when the registry has no record.',
  })
  async registry(@Root() f: Firm, @Ctx() ctx: Context) {
    const s = await requireSource(ctx, 'REGISTRY', f.uscc);
    return s.found ? ctx.loaders.registry.company.load(f.uscc) : null;
  }

  @FieldResolver(() => Taxpayer, {
    nullable: true,
    description: 'Tax bureau (金税); null when the firm is not a registered taxpayer there.',
  })
  async tax(@Root() f: Firm, @Ctx() ctx: Context) {
    const s = await requireSource(ctx, 'TAX', f.uscc);
    return s.found ? ctx.loaders.tax.taxpayer.load(f.uscc) : null;
  }

  @FieldResolver(() => BankProfile, { nullable: true, description: "The bank's own books." })
  async bank(@Root() f: Firm, @Ctx() ctx: Context): Promise<BankProfile> {
    await requireSource(ctx, 'BANK', f.uscc);
    return { uscc: f.uscc };
  }

  @FieldResolver(() => SupplyChainProfile, { nullable: true, description: 'Supply-chain finance records.' })
  async supplyChain(@Root() f: Firm, @Ctx() ctx: Context): Promise<SupplyChainProfile | null> {
    const s = await requireSource(ctx, 'SUPPLY_CHAIN', f.uscc);
    return s.found ? { uscc: f.uscc } : null;
  }

  @FieldResolver(() => JudicialProfile, { nullable: true, description: 'Court records (司法).' })
  async judicial(@Root() f: Firm, @Ctx() ctx: Context): Promise<JudicialProfile | null> {
    const s = await requireSource(ctx, 'JUDICIAL', f.uscc);
    return s.found ? { uscc: f.uscc } : null;
  }

  @FieldResolver(() => AltDataProfile, {
    nullable: true,
    description: 'Social-insurance headcount and utility payments.',
  })
  async altData(@Root() f: Firm, @Ctx() ctx: Context): Promise<AltDataProfile> {
    await requireSource(ctx, 'ALT_DATA', f.uscc);
    return { uscc: f.uscc };
  }

  @FieldResolver(() => DataQuality, {
    description: "What the cross-checks found in this firm's data (stored by `npm run quality`).",
  })
  async dataQuality(@Root() f: Firm, @Ctx() ctx: Context): Promise<DataQuality> {
    await authorize(ctx, f.uscc, 'INTERNAL');
    return { uscc: f.uscc };
  }

  @FieldResolver(() => [SourceReport], {
    description: 'For each source: its status in this response, when its data was fetched, and how long it took.',
  })
  sources(@Root() f: Firm, @Ctx() ctx: Context): Promise<SourceReport[]> {
    return sourceReports(ctx, f.uscc);
  }
}

@Resolver(() => BorrowerConnection)
export class BorrowerConnectionResolver {
  @FieldResolver(() => Int, { description: 'Borrowers matching the filter (counted only when asked for).' })
  totalCount(@Root() c: BorrowerConnection) {
    return c.count();
  }
}
