/**
 * The score a request gets (docs/snapshots.md):
 * - `currentHealth`: the firm's latest snapshot when it is as of the portfolio's day, made by the
 *   serving model, and no record of the firm was written since (core.firm_input_change's RECORD
 *   rows; a data-quality finding or a note for its guarantee network does not count, as the
 *   score reads neither); otherwise
 *   the score computed now from the sources this request could reach (`live: true`), as before
 *   snapshots existed (a new applicant, a firm just imported or fetched).
 * - `healthOn`: the score from data known on a past (or today's) day: the snapshot stored for
 *   that day when there is one (what the bank knew then, by the model of then), else computed now
 *   from the records known by that day with the serving model (`live: true`).
 * - `healthHistoryOf`: the stored scores between two days.
 *
 * A partner's score uses only the sources its consents name (any scope: SCORE_ONLY or FULL;
 * `scoreSources`). Snapshots are computed from every source, so they are served to a partner
 * only when its consents cover all of them; otherwise the score is computed in the request from
 * the facts restricted to the consented sources (facts.ts `restrictToSources`, through the same
 * batched facts loader and the same scoring function as any live score): the sources left out
 * are unknown to the model, named missing, and lower the confidence. Only the consented sources'
 * upstreams are asked. A partner's history of stored scores needs the same cover.
 */
import { badInput, ErrorCode, PublicError } from '../errors';
import type { Context } from '../graphql/context';
import { type FirmFacts, restrictToSources, withoutSources } from '../health/facts';
import { scoreHealth, type Health } from '../health/health.service';
import { activeModel } from '../model/model.repository';
import { portfolioAsOf } from '../quality/as-of';
import { riskOf } from '../warnings/risk.service';
import { HEALTH_SOURCES } from '../auth/authorize.service';
import { Role } from '../auth/principal';
import type { SourceName } from '../../connectors/shared/connector';
import type { LatestSnapshot, ServedHealth } from './snapshot.repository';

export function liveHealth(h: Health, at: Date = new Date()): ServedHealth {
  const { uscc, score, probabilityOfDefault, tier, modelVersion, asOf, ...detail } = h;
  return {
    uscc,
    score,
    probabilityOfDefault,
    tier,
    modelVersion,
    asOf,
    computedAt: at,
    live: true,
    snapshotId: null,
    detail,
  };
}

/** What a stored score must have been made for to be served as current: the portfolio's day and the serving model. */
export interface ServingBasis {
  asOfDate: string;
  modelVersion: string;
}

export async function servingBasis(db: Context['db']): Promise<ServingBasis> {
  const [asOf, model] = await Promise.all([portfolioAsOf(db), activeModel(db)]);
  return { asOfDate: asOf.date, modelVersion: model.version };
}

/** The firm's latest snapshot if it still holds (see the header), else null. */
export function storedIfCurrent(latest: LatestSnapshot | null, basis: ServingBasis): ServedHealth | null {
  return latest &&
    latest.asOfDate === basis.asOfDate &&
    latest.inputsCurrent &&
    latest.health.modelVersion === basis.modelVersion
    ? latest.health
    : null;
}

async function freshSnapshot(ctx: Context, uscc: string): Promise<ServedHealth | null> {
  const [latest, basis] = await Promise.all([ctx.loaders.latestSnapshot.load(uscc), servingBasis(ctx.db)]);
  return storedIfCurrent(latest, basis);
}

/**
 * The sources a score served in this request may use for firm `uscc`: null for every source (the
 * bank's own roles; a partner whose active consents, of any scope, cover all of HEALTH_SOURCES),
 * else the partner's consented ones. Called after `authorize(ctx, uscc, 'SCORE')`.
 */
export async function scoreSources(
  ctx: Pick<Context, 'principal' | 'loaders'>,
  uscc: string,
): Promise<SourceName[] | null> {
  if (ctx.principal?.role !== Role.PARTNER) return null;
  const c = await ctx.loaders.consents.load(uscc);
  const usable = HEALTH_SOURCES.filter((s) => c.full.has(s) || c.scoreOnly.has(s));
  return usable.length === HEALTH_SOURCES.length ? null : usable;
}

/** The score from `facts` restricted to `sources` (every source when null), computed now. */
async function scoredLive(
  ctx: Context,
  facts: FirmFacts | null,
  sources: readonly string[] | null,
): Promise<ServedHealth | null> {
  if (!facts) return null;
  const model = await activeModel(ctx.db);
  return liveHealth(scoreHealth(sources ? restrictToSources(facts, sources) : facts, model));
}

/** The firm's facts from the consented sources once they answered this request, less those that failed (others are not asked). */
async function consentedFacts(ctx: Context, uscc: string, sources: readonly SourceName[]): Promise<FirmFacts | null> {
  const statuses = await Promise.all(sources.map((s) => ctx.sourceStatus(s, uscc)));
  const failed = statuses.filter((s) => s.status === 'UNAVAILABLE' || s.status === 'TIMEOUT').map((s) => s.source);
  const facts = await ctx.loaders.facts.load(uscc);
  return facts && withoutSources(facts, failed);
}

export async function currentHealth(ctx: Context, uscc: string): Promise<ServedHealth | null> {
  const decision = scoreSources(ctx, uscc).then(async (sources) => ({
    sources,
    stored: sources ? null : await freshSnapshot(ctx, uscc),
  }));
  const pending = ctx.sourceDecisions.get(uscc);
  if (pending) pending.push(decision);
  else ctx.sourceDecisions.set(uscc, [decision]);
  const { sources, stored } = await decision;
  if (stored) return stored;
  if (sources) return scoredLive(ctx, await consentedFacts(ctx, uscc, sources), sources);
  const risk = await riskOf(ctx, uscc);
  return risk ? liveHealth(risk.health) : null;
}

/** The earliest day a score can be asked for. */
const FIRST_DAY = '2000-01-01';

export async function healthOn(
  ctx: Context,
  uscc: string,
  date: string,
  today: string = new Date().toISOString().slice(0, 10),
): Promise<ServedHealth | null> {
  if (date > today || date < FIRST_DAY)
    throw badInput(`\`asOf\` must be a day from ${FIRST_DAY} to today (${today}), got ${date}`, { argument: 'asOf' });
  const sources = await scoreSources(ctx, uscc);
  const stored = sources ? null : await ctx.loaders.snapshotOn.load({ uscc, date });
  if (stored) return stored;
  const facts = await ctx.loaders.factsOn.load({ uscc, date });
  const founded = facts?.registry?.foundedOn;
  if (founded && founded > date) {
    // The firm did not exist that day: no score, rather than one made of its later records. The founding day is registry data.
    const shown = !sources || sources.includes('REGISTRY') ? ` (${founded})` : '';
    throw badInput(
      `\`asOf\` (${date}) is before firm ${uscc} was founded${shown}: there is no score for a day it did not exist`,
      { argument: 'asOf' },
    );
  }
  return scoredLive(ctx, facts, sources);
}

/**
 * The stored scores of `uscc` with as-of days from `from` to `to`. Each was computed from every
 * source, so a partner whose consents do not cover them all is refused (CONSENT_REQUIRED, naming
 * the sources missing): it asks `health(asOf:)` for a day instead, computed from its sources.
 */
export async function healthHistoryOf(ctx: Context, uscc: string, from: string, to: string): Promise<ServedHealth[]> {
  const sources = await scoreSources(ctx, uscc);
  if (sources) {
    const p = ctx.principal!;
    const missing = HEALTH_SOURCES.filter((s) => !sources.includes(s));
    throw new PublicError(
      ErrorCode.CONSENT_REQUIRED,
      `no consent for ${p.tenant} (purpose ${p.purpose}) to read the stored scores of firm ${uscc}: they are computed from every source, and the active consents cover ` +
        `${sources.join(', ') || 'no source'}, not ${missing.join(', ')}; \`health(asOf:)\` gives a day's score computed from the consented sources`,
      { extensions: { uscc, grantee: p.tenant, purpose: p.purpose, sources: missing } },
    );
  }
  return ctx.loaders.snapshotHistory.load({ uscc, from, to });
}
