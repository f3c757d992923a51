/** `Borrower.health`: the health index on read, from the sources this request could reach. */
import DataLoader from 'dataloader';
import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import type { Database } from '../db/database';
import { Firm } from '../firm/firm.entity';
import type { Context } from '../graphql/context';
import type { FirmFacts } from './facts';
import { loadFacts } from './facts.repository';
import { portfolioAsOf } from '../quality/as-of';
import type { Health } from './health.service';
import { riskOf } from '../warnings/risk.service';
import { HealthType } from './health.types';

/** Facts per firm as of the portfolio's month: one statement per source per batch. */
export function createFactsLoader(db: Database): DataLoader<string, FirmFacts | null> {
  return new DataLoader(async (usccs) => loadFacts(db, usccs, await portfolioAsOf(db)));
}

@Resolver(() => Firm)
export class BorrowerHealthResolver {
  @FieldResolver(() => HealthType, {
    nullable: true,
    description: 'The health index with its factors and reasons. A source that is down lowers `confidence` and is named in `missingSources`; the score still comes back.',
  })
  async health(@Root() f: Firm, @Ctx() ctx: Context): Promise<Health | null> {
    return (await riskOf(ctx, f.uscc))?.health ?? null;
  }
}
