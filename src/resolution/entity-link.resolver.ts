/** Entity resolution in GraphQL: a borrower's links and merge, and the review queue. */
import { Arg, Ctx, FieldResolver, Int, Query, Resolver, Root } from 'type-graphql';
import { Firm } from '../firm/firm.entity';
import type { Context } from '../graphql/context';
import { badInput } from '../errors';
import { checkFirst, decodeCursor, encodeCursor } from '../graphql/pagination';
import { EntityLinkConnection, EntityLinkType } from './entity-link.types';
import { reviewQueue, toLinkType } from './entity-link.repository';
import { LinkStatus } from './link.entity';
import { authorize, FIRM_READERS, requireRole } from '../auth/authorize.service';

const MAX_PAGE = 100;

@Resolver(() => Firm)
export class BorrowerLinksResolver {
  @FieldResolver(() => [EntityLinkType], {
    description: 'Records from other sources resolved to this borrower by name (court parties, orders), and firms merged into it, with scores and reasons. Retired links are left out.',
  })
  async entityLinks(
    @Root() f: Firm,
    @Arg('status', () => [LinkStatus], { nullable: true, description: 'Only links with these statuses (default: all).' }) status: LinkStatus[] | null,
    @Ctx() ctx: Context,
  ): Promise<EntityLinkType[]> {
    await authorize(ctx, f.uscc, 'INTERNAL');
    const links = (await ctx.loaders.entityLinks.load(f.uscc)).filter((l) => l.retiredAt === null);
    return status ? links.filter((l) => status.includes(l.status)) : links;
  }

  @FieldResolver(() => EntityLinkType, { nullable: true, description: 'The merge that folds this firm into another (the same firm under another USCC), when one is in effect.' })
  async mergedInto(@Root() f: Firm, @Ctx() ctx: Context): Promise<EntityLinkType | null> {
    await authorize(ctx, f.uscc, 'INTERNAL');
    return ctx.loaders.mergedInto.load(f.uscc);
  }
}

@Resolver()
export class MatchReviewQueueResolver {
  @Query(() => EntityLinkConnection, { description: 'Uncertain or ambiguous matches waiting for a person, most likely first.' })
  async matchReviewQueue(
    @Arg('first', () => Int, { defaultValue: 20, description: `Page size (0-${MAX_PAGE}).` }) first: number,
    @Arg('after', () => String, { nullable: true }) after: string | null,
    @Ctx() ctx: Context,
  ): Promise<EntityLinkConnection> {
    requireRole(ctx, FIRM_READERS, '`matchReviewQueue`');
    const limit = checkFirst(first, MAX_PAGE);
    const cursor = after ? (decodeCursor(after, 2) as [string, string]) : null;
    if (cursor && !(/^[0-9.]+$/.test(cursor[0]) && /^[0-9]+$/.test(cursor[1]))) {
      throw badInput('`after` is not a cursor of this queue: pass the endCursor of a previous page', { argument: 'after' });
    }
    const rows = await reviewQueue(ctx.db, limit, cursor);
    const edges = rows.slice(0, limit).map((r) => ({ cursor: encodeCursor([r.probability, r.id]), node: toLinkType(r) }));
    return { edges, pageInfo: { hasNextPage: rows.length > limit, endCursor: edges.at(-1)?.cursor ?? null } };
  }
}
