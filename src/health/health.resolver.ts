/** `Borrower.health`: the health index on read, from the sources this request could reach. */
import DataLoader from 'dataloader';
import { Ctx, FieldResolver, Float, Resolver, Root } from 'type-graphql';
import type { Database } from '../db/database';
import { Firm } from '../firm/firm.entity';
import type { Context } from '../graphql/context';
import type { FirmFacts } from './facts';
import { loadFacts } from './facts.repository';
import { portfolioAsOf } from '../quality/as-of';
import type { Health } from './health.service';
import { riskOf } from '../warnings/risk.service';
import { HealthFactor, HealthType } from './health.types';
import { authorize } from '../auth/authorize.service';
import { Source } from '../borrower/sources.service';

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
    // Any active consent gives a partner the score and the tier (data usable, not visible).
    await authorize(ctx, f.uscc, 'SCORE');
    return (await riskOf(ctx, f.uscc))?.health ?? null;
  }
}

/**
 * The health index's explanation is the firm's data from every source (values, evidence,
 * missing sources): it needs sight of all of them (HEALTH_DETAIL). Score, tier, model version
 * and as-of month come with the score. These fields are nullable so that a refusal (an error at
 * the field) leaves the score in place.
 */
@Resolver(() => HealthType)
export class HealthDetailResolver {
  @FieldResolver(() => String, { nullable: true, description: 'The sector the model read.' })
  async profile(@Root() h: Health, @Ctx() ctx: Context): Promise<string> {
    await authorize(ctx, h.uscc, 'HEALTH_DETAIL');
    return h.profile;
  }

  @FieldResolver(() => Float, { nullable: true, description: 'Share (0-1) of the model\'s point range whose inputs had data.' })
  async confidence(@Root() h: Health, @Ctx() ctx: Context): Promise<number> {
    await authorize(ctx, h.uscc, 'HEALTH_DETAIL');
    return h.confidence;
  }

  @FieldResolver(() => [Source], { nullable: true, description: 'Expected sources with no data, or whose upstream failed in this request.' })
  async missingSources(@Root() h: Health, @Ctx() ctx: Context): Promise<string[]> {
    await authorize(ctx, h.uscc, 'HEALTH_DETAIL');
    return h.missingSources;
  }

  @FieldResolver(() => [HealthFactor], { nullable: true, description: 'Every indicator (and the sector), the costliest first.' })
  async factors(@Root() h: Health, @Ctx() ctx: Context): Promise<Health['factors']> {
    await authorize(ctx, h.uscc, 'HEALTH_DETAIL');
    return h.factors;
  }

  @FieldResolver(() => [String], { nullable: true, description: 'Caps that bound the score (revoked licence, dishonest listing, 90 days overdue, abnormal list).' })
  async caps(@Root() h: Health, @Ctx() ctx: Context): Promise<string[]> {
    await authorize(ctx, h.uscc, 'HEALTH_DETAIL');
    return h.caps;
  }

  @FieldResolver(() => [String], { nullable: true, description: 'The top reasons, as sentences.' })
  async reasons(@Root() h: Health, @Ctx() ctx: Context): Promise<string[]> {
    await authorize(ctx, h.uscc, 'HEALTH_DETAIL');
    return h.reasons;
  }
}
