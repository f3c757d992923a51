/**
 * The score a request gets (docs/snapshots.md):
 * - `currentHealth`: the firm's latest snapshot when it is as of the portfolio's day, made by the
 *   serving model, and no input of the firm changed since (core.firm_input_change); otherwise
 *   the score computed now from the sources this request could reach (`live: true`), as before
 *   snapshots existed (a new applicant, a firm just imported or fetched).
 * - `healthOn`: the score from data known on a past (or today's) day: the snapshot stored for
 *   that day when there is one (what the bank knew then, by the model of then), else computed now
 *   from the records known by that day with the serving model (`live: true`).
 */
import { badInput } from '../errors';
import type { Context } from '../graphql/context';
import { scoreHealth, type Health } from '../health/health.service';
import { activeModel } from '../model/model.repository';
import { portfolioAsOf } from '../quality/as-of';
import { riskOf } from '../warnings/risk.service';
import type { ServedHealth } from './snapshot.repository';

export function liveHealth(h: Health, at: Date = new Date()): ServedHealth {
  const { uscc, score, probabilityOfDefault, tier, modelVersion, asOf, ...detail } = h;
  return { uscc, score, probabilityOfDefault, tier, modelVersion, asOf, computedAt: at, live: true, snapshotId: null, detail };
}

/** The firm's latest snapshot if it still holds (see the header), else null. */
async function freshSnapshot(ctx: Context, uscc: string): Promise<ServedHealth | null> {
  const [latest, asOf, model] = await Promise.all([ctx.loaders.latestSnapshot.load(uscc), portfolioAsOf(ctx.db), activeModel(ctx.db)]);
  return latest && latest.asOfDate === asOf.date && latest.inputsSeq === latest.currentSeq && latest.health.modelVersion === model.version ? latest.health : null;
}

export async function currentHealth(ctx: Context, uscc: string): Promise<ServedHealth | null> {
  const decision = freshSnapshot(ctx, uscc);
  const pending = ctx.sourceDecisions.get(uscc);
  if (pending) pending.push(decision);
  else ctx.sourceDecisions.set(uscc, [decision]);
  const stored = await decision;
  if (stored) return stored;
  const risk = await riskOf(ctx, uscc);
  return risk ? liveHealth(risk.health) : null;
}

/** The earliest day a score can be asked for. */
const FIRST_DAY = '2000-01-01';

export async function healthOn(ctx: Context, uscc: string, date: string, today: string = new Date().toISOString().slice(0, 10)): Promise<ServedHealth | null> {
  if (date > today || date < FIRST_DAY) throw badInput(`\`asOf\` must be a day from ${FIRST_DAY} to today (${today}), got ${date}`, { argument: 'asOf' });
  const stored = await ctx.loaders.snapshotOn.load({ uscc, date });
  if (stored) return stored;
  const [facts, model] = await Promise.all([ctx.loaders.factsOn.load({ uscc, date }), activeModel(ctx.db)]);
  return facts ? liveHealth(scoreHealth(facts, model)) : null;
}
