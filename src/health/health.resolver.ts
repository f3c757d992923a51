/** `Borrower.health`: the health index on read, from the sources this request could reach. */
import DataLoader from 'dataloader';
import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import type { Database } from '../db/database';
import { Firm } from '../firm/firm.entity';
import type { Context } from '../graphql/context';
import { SOURCES } from '../borrower/sources.service';
import { type FirmFacts, withoutSources } from './facts';
import { loadFacts } from './facts.repository';
import { portfolioAsOf } from './as-of';
import { type Health, scoreHealth } from './health.service';
import { HealthType } from './health.types';

/** Facts per firm as of the portfolio's month: one statement per source per batch. */
export function createFactsLoader(db: Database): DataLoader<string, FirmFacts | null> {
  return new DataLoader(async (usccs) => loadFacts(db, usccs, await portfolioAsOf(db)));
}

/** The firm's facts once every source has answered this request, without those that failed. */
export async function reachableFacts(ctx: Context, uscc: string): Promise<FirmFacts | null> {
  const statuses = await Promise.all(SOURCES.map((s) => ctx.sourceStatus(s, uscc)));
  const failed = statuses.filter((s) => s.status === 'UNAVAILABLE' || s.status === 'TIMEOUT').map((s) => s.source);
  const facts = await ctx.loaders.facts.load(uscc);
  return facts && withoutSources(facts, failed);
}

@Resolver(() => Firm)
export class BorrowerHealthResolver {
  @FieldResolver(() => HealthType, {
    nullable: true,
    description: 'The health index with its factors and reasons. A source that is down lowers `confidence` and is named in `missingSources`; the score still comes back.',
  })
  async health(@Root() f: Firm, @Ctx() ctx: Context): Promise<Health | null> {
    const facts = await reachableFacts(ctx, f.uscc);
    return facts && scoreHealth(facts);
  }
}
