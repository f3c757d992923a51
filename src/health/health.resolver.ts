/**
 * `Borrower.health` (the latest snapshot, or live: src/rescore/served-health.service.ts),
 * `Borrower.health(asOf)`, `Borrower.healthHistory`, and the explanation's fields.
 */
import { Arg, Ctx, FieldResolver, Float, Info, Resolver, Root } from 'type-graphql';
import type { GraphQLResolveInfo } from 'graphql';
import { JSONObjectResolver } from 'graphql-scalars';
import { Firm, type FirmRoot } from '../firm/firm.entity';
import type { Context } from '../graphql/context';
import type { HealthFactor as ScoredFactor } from './health.service';
import { HealthFactor, HealthType, NextTierType } from './health.types';
import { authorize } from '../auth/authorize.service';
import { Source } from '../borrower/source-report';
import { LocalDateScalar } from '../graphql/scalars';
import { badInput } from '../errors';
import { currentHealth, healthHistoryOf, healthOn } from '../rescore/served-health.service';
import { HISTORY_LIMIT, type HealthDetail, type ServedHealth } from '../rescore/snapshot.repository';
import { modelByVersion } from '../model/model.repository';
import { planNextTier, type NextTierPlan } from './next-tier';
import { SensitiveEvidence, sensitiveEvidenceMiddleware, UnmaskedArg } from '../masking/sensitive';

/** A factor as the API serves it: with its firm, against which a read of its evidence is audited. */
type FirmFactor = ScoredFactor & { uscc: string };

/**
 * The evidence a reason quotes: that of the factors whose explanation it begins with (a point
 * deficit is told in its factor's sentence). Caps, the default and missing sources quote none.
 */
export function evidenceQuotedBy(reason: string, factors: readonly ScoredFactor[]): Array<Record<string, unknown>> {
  return factors.filter((f) => f.explanation !== '' && reason.startsWith(f.explanation)).map((f) => f.evidence);
}

/** A reason masked as `@SensitiveEvidence` masks a text built from evidence (audited as `Health.reasons`). */
const maskReason = sensitiveEvidenceMiddleware<{ uscc: string; evidence: unknown }>({ evidenceOf: (r) => r.evidence });

/** A score's explanation (after the access check): its own when live, else read from its snapshot. */
async function detailOf(h: ServedHealth, ctx: Context): Promise<HealthDetail> {
  await authorize(ctx, h.uscc, 'HEALTH_DETAIL');
  if (h.detail) return h.detail;
  const stored = await ctx.loaders.snapshotDetails.load(h.snapshotId!);
  if (!stored) throw new Error(`health snapshot ${h.snapshotId} of ${h.uscc} has gone`);
  return stored;
}

@Resolver(() => Firm)
export class BorrowerHealthResolver {
  @FieldResolver(() => HealthType, {
    nullable: true,
    description:
      'The health index with its factors and reasons. A source that is down lowers `confidence` and is named in `missingSources`; the score still comes back.',
  })
  health(
    @Root() f: FirmRoot,
    @Arg('asOf', () => LocalDateScalar, {
      nullable: true,
      description:
        'The score from data known on this day: the snapshot stored for the day if any, else computed now from the records known by then (`live`).',
    })
    asOf: string | null,
    @Ctx() ctx: Context,
  ): ServedHealth | Promise<ServedHealth | null> {
    // A page of borrowers read the stored score and found it current (a bank role): served as it is, no further work per node.
    const stored = asOf ? undefined : ctx.loaders.currentStored.get(f.uscc);
    if (stored) return stored;
    return this.healthOf(f.uscc, asOf, ctx);
  }

  private async healthOf(uscc: string, asOf: string | null, ctx: Context): Promise<ServedHealth | null> {
    // Any active consent gives a partner the score and the tier (data usable, not visible),
    // computed from the sources its consents name only (served-health.service.ts).
    await authorize(ctx, uscc, 'SCORE');
    return asOf ? healthOn(ctx, uscc, asOf) : currentHealth(ctx, uscc);
  }

  @FieldResolver(() => [HealthType], {
    nullable: true,
    description: `Stored scores with as-of days from \`from\` to \`to\` (inclusive), oldest first: each state once, as first computed (at most ${HISTORY_LIMIT}). Null, with an error, when refused (a partner whose consents do not cover every source): the rest of the borrower stays.`,
  })
  async healthHistory(
    @Root() f: FirmRoot,
    @Arg('from', () => LocalDateScalar) from: string,
    @Arg('to', () => LocalDateScalar) to: string,
    @Ctx() ctx: Context,
  ): Promise<ServedHealth[]> {
    if (from > to) throw badInput(`\`from\` (${from}) must not be after \`to\` (${to})`, { argument: 'from' });
    await authorize(ctx, f.uscc, 'SCORE');
    return healthHistoryOf(ctx, f.uscc, from, to);
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
  async profile(@Root() h: ServedHealth, @Ctx() ctx: Context): Promise<string> {
    return (await detailOf(h, ctx)).profile;
  }

  @FieldResolver(() => Float, {
    nullable: true,
    description: "Share (0-1) of the model's point range whose inputs had data.",
  })
  async confidence(@Root() h: ServedHealth, @Ctx() ctx: Context): Promise<number> {
    return (await detailOf(h, ctx)).confidence;
  }

  @FieldResolver(() => [Source], {
    nullable: true,
    description: 'Expected sources with no data, or whose upstream failed in this request.',
  })
  async missingSources(@Root() h: ServedHealth, @Ctx() ctx: Context): Promise<string[]> {
    return (await detailOf(h, ctx)).missingSources;
  }

  @FieldResolver(() => [HealthFactor], {
    nullable: true,
    description: 'Every indicator (and the sector), the costliest first.',
  })
  async factors(@Root() h: ServedHealth, @Ctx() ctx: Context): Promise<FirmFactor[]> {
    return (await detailOf(h, ctx)).factors.map((f) => ({ ...f, uscc: h.uscc }));
  }

  @FieldResolver(() => NextTierType, {
    nullable: true,
    description: 'What moves the firm up a tier (needs sight of every source, like factors).',
  })
  async nextTier(@Root() h: ServedHealth, @Ctx() ctx: Context): Promise<NextTierPlan> {
    const [d, model] = await Promise.all([detailOf(h, ctx), modelByVersion(ctx.db, h.modelVersion)]);
    return planNextTier(
      {
        inputs: d.inputs as Record<string, number | string>,
        score: h.score,
        probabilityOfDefault: h.probabilityOfDefault,
        caps: d.capLimits,
        inDefault: d.inDefault,
      },
      model,
    );
  }

  @FieldResolver(() => [String], {
    nullable: true,
    description: 'Caps that bound the score (revoked licence, dishonest listing, 90 days overdue, abnormal list).',
  })
  async caps(@Root() h: ServedHealth, @Ctx() ctx: Context): Promise<string[]> {
    return (await detailOf(h, ctx)).caps;
  }

  @FieldResolver(() => [String], {
    nullable: true,
    description:
      "The top reasons, as sentences; persons' names a factor's explanation quotes in them are masked as in that factor's evidence.",
  })
  async reasons(
    @Root() h: ServedHealth,
    @Ctx() ctx: Context,
    @UnmaskedArg() unmasked: boolean,
    @Info() info: GraphQLResolveInfo,
  ): Promise<string[]> {
    const d = await detailOf(h, ctx);
    // Each reason quoting a factor is masked by that factor's evidence, as its explanation is; the others name no one.
    return Promise.all(
      d.reasons.map((text) => {
        const evidence = evidenceQuotedBy(text, d.factors);
        return evidence.length
          ? (maskReason({ root: { uscc: h.uscc, evidence }, args: { unmasked }, context: ctx, info }, () =>
              Promise.resolve(text),
            ) as Promise<string>)
          : text;
      }),
    );
  }
}

/**
 * A factor's explanation and evidence, with the personal data in them masked as the profile masks
 * it (`SensitiveEvidence`): CUSTOMER_CONCENTRATION's and MAJOR_CUSTOMER_LOSS's customers who are
 * persons, LEGAL_REP_CHANGES's legal representatives. Pure CPU on the factors already loaded, and
 * only for the fields selected.
 */
@Resolver(() => HealthFactor)
export class HealthFactorEvidenceResolver {
  @FieldResolver(() => String, {
    nullable: true,
    description:
      "What the value means, in words a risk officer can check against the evidence; persons' names in it (a customer who is a person) are masked as in evidence.",
  })
  @SensitiveEvidence<FirmFactor>({ evidenceOf: (f) => f.evidence })
  explanation(@Root() f: FirmFactor, @UnmaskedArg() _unmasked: boolean): string {
    return f.explanation;
  }

  @FieldResolver(() => JSONObjectResolver, {
    nullable: true,
    description:
      "The records and figures behind the value. Personal data in it are masked as the profile's fields mask them (a customer who is " +
      "a person 王*, the persons in a change of the legal representative); firms' names and USCCs are not.",
  })
  @SensitiveEvidence()
  evidence(@Root() f: FirmFactor, @UnmaskedArg() _unmasked: boolean): Record<string, unknown> {
    return f.evidence;
  }
}
