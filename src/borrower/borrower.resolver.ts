import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Ctx, FieldResolver, Info, Int, Query, Resolver, Root } from 'type-graphql';
import { Firm, type FirmRoot } from '../firm/firm.entity';
import { NULL_ROOT } from '../errors';
import { countFirms, listFirms } from '../firm/firm.repository';
import type { Context } from '../graphql/context';
import { checkFirst, connection, decodeCursor } from '../graphql/pagination';
import { UsccScalar } from '../graphql/scalars';
import { SOURCES } from '../../connectors/sources';
import { BorrowerConnection, BorrowerFilter, IndustryInfo, RegionInfo } from './borrower.type';
import { checkFilter, industryInfo, regionInfo } from './borrower.service';
import { requireSource } from './sources.service';
import { SourceReport, sourceReports } from './source-report';
import { DataQuality } from '../quality/data-quality.types';
import { authorize, FIRM_READERS, isFirmReader, refusalNote, requireRole } from '../auth/authorize.service';
import { selects } from '../graphql/selection';
import { latestFromRow, latestSnapshotJoin, type LatestSnapshotColumns } from '../rescore/snapshot.repository';
import { servingBasis, storedIfCurrent } from '../rescore/served-health.service';

const MAX_PAGE = 100;

@Resolver(() => Firm)
export class BorrowerResolver {
  @Query(() => Firm, { nullable: true, description: 'One borrower by USCC; null when the platform does not know it.' })
  async borrower(@Arg('uscc', () => UsccScalar) uscc: string, @Ctx() ctx: Context) {
    await authorize(ctx, uscc, 'FIRM');
    return ctx.loaders.firm.load(uscc);
  }

  @Query(() => BorrowerConnection, {
    nullable: true,
    description: 'Borrowers in USCC order, filtered and cursor-paginated.' + NULL_ROOT,
  })
  async borrowers(
    @Arg('first', () => Int, { defaultValue: 20, description: `Page size (0-${MAX_PAGE}).` }) first: number,
    @Arg('after', () => String, { nullable: true, description: 'The endCursor of the previous page.' })
    after: string | null,
    @Arg('filter', () => BorrowerFilter, { nullable: true }) filter: BorrowerFilter | null,
    @Ctx() ctx: Context,
    @Info() info: GraphQLResolveInfo,
  ): Promise<BorrowerConnection> {
    requireRole(ctx, FIRM_READERS, '`borrowers` (the portfolio)');
    const limit = checkFirst(first, MAX_PAGE);
    const firmFilter = checkFilter(filter);
    const afterUscc = after ? decodeCursor(after, 'borrowers', 1)[0] : null;
    // A page whose nodes ask for `health` reads each firm's latest score in the same statement.
    const withHealth = selects(info, ['edges', 'node', 'health']);
    const rows = await listFirms(
      ctx.db,
      firmFilter,
      limit,
      afterUscc,
      withHealth ? latestSnapshotJoin('f.uscc') : undefined,
    );
    // Whether a stored score is current is decided here once for the page (bank roles: a partner's score depends on its consents).
    const basis = withHealth && isFirmReader(ctx.principal) ? await servingBasis(ctx.db) : null;
    const page = rows.slice(0, limit).map((row): Firm => {
      if (!withHealth) return row;
      // The row keeps the snapshot's columns: GraphQL reads a Firm's own fields only (copying the row without them took about 0.03 ms per page in a profile).
      const latest = latestFromRow(row.uscc, row as unknown as LatestSnapshotColumns);
      ctx.loaders.latestSnapshot.prime(row.uscc, latest);
      const current = basis && storedIfCurrent(latest, basis);
      if (current) ctx.loaders.currentStored.set(row.uscc, current);
      return row;
    });
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
  async claimedStaff(@Root() f: FirmRoot, @Ctx() ctx: Context): Promise<number | null> {
    // Stated on the application to the bank: bank data.
    await authorize(ctx, f.uscc, 'BANK');
    return f.claimedStaff;
  }

  @FieldResolver(() => IndustryInfo)
  industry(@Root() f: FirmRoot): IndustryInfo {
    return industryInfo(f.industryCode);
  }

  @FieldResolver(() => RegionInfo)
  region(@Root() f: FirmRoot): RegionInfo {
    return regionInfo(f.regionCode);
  }

  @FieldResolver(() => DataQuality, {
    nullable: true,
    description:
      "What the cross-checks found in this firm's data (stored by `npm run quality`)." + refusalNote('INTERNAL'),
  })
  async dataQuality(@Root() f: FirmRoot, @Ctx() ctx: Context): Promise<DataQuality> {
    await authorize(ctx, f.uscc, 'INTERNAL');
    return { uscc: f.uscc };
  }

  @FieldResolver(() => [SourceReport], {
    description: 'For each source: its status in this response, when its data was fetched, and how long it took.',
  })
  sources(@Root() f: FirmRoot, @Ctx() ctx: Context): Promise<SourceReport[]> {
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

/**
 * `Borrower.<field>` of every source (connectors/sources.ts): the principal's access and the
 * source's status first (a failed source nulls only its field, with an error naming it), then
 * the value the source's descriptor gives.
 */
export const sourceFieldResolvers = SOURCES.map((s) => {
  @Resolver(() => Firm)
  class SourceFieldResolver {
    // Named by the field: type-graphql tells the resolvers of one type apart by method name.
    @FieldResolver(s.graphql.type, { nullable: true, description: s.graphql.description })
    async [s.field](@Root() f: FirmRoot, @Ctx() ctx: Context): Promise<unknown> {
      const status = await requireSource(ctx, s.name, f.uscc);
      return s.graphql.resolve(f.uscc, status.found, ctx.loaders.sources[s.name]);
    }
  }
  Object.defineProperty(SourceFieldResolver, 'name', { value: `${s.field}FieldResolver` });
  return SourceFieldResolver;
});
