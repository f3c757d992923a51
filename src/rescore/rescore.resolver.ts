/** `rescoreRuns` and `modelAlerts`: model governance, for risk officers and auditors. */
import { Arg, Ctx, Int, Query, Resolver } from 'type-graphql';
import { requireRole } from '../auth/authorize.service';
import { Role } from '../auth/principal';
import { NULL_ROOT } from '../errors';
import { checkFirst } from '../graphql/pagination';
import type { Context } from '../graphql/context';
import { DateTimeScalar } from '../graphql/scalars';
import { ModelAlertType, RescoreRunType } from './rescore.types';

const GOVERNANCE: readonly Role[] = [Role.RISK_OFFICER, Role.AUDITOR];
const MAX = 200;

@Resolver()
export class RescoreResolver {
  @Query(() => [RescoreRunType], {
    nullable: true,
    description: 'The newest rescore runs first (RISK_OFFICER or AUDITOR).' + NULL_ROOT,
  })
  async rescoreRuns(
    @Arg('first', () => Int, { defaultValue: 20, description: `How many (0-${MAX}).` }) first: number,
    @Ctx() ctx: Context,
  ): Promise<RescoreRunType[]> {
    requireRole(ctx, GOVERNANCE, 'rescoreRuns');
    const { rows } = await ctx.db.query<RescoreRunType>(
      `SELECT r.id::text, r.started_at AS "startedAt", r.finished_at AS "finishedAt", r.as_of::text AS "asOf", r.mode, r.model_version AS "modelVersion",
              r.status::text, r.firms_selected AS "firmsSelected", r.selection, r.batches, r.drift,
              coalesce(b.n, 0)::int AS "batchesDone", coalesce(b.firms, 0)::int AS "firmsScored", coalesce(b.written, 0)::int AS "snapshotsWritten"
         FROM core.rescore_run r
         LEFT JOIN LATERAL (SELECT count(*) AS n, sum(firms) AS firms, sum(snapshots_written) AS written FROM core.rescore_batch WHERE run_id = r.id) b ON true
        ORDER BY r.started_at DESC, r.id DESC LIMIT $1`,
      [checkFirst(first, MAX)],
    );
    return rows;
  }

  @Query(() => [ModelAlertType], {
    nullable: true,
    description: 'Model alerts, newest first (RISK_OFFICER or AUDITOR).' + NULL_ROOT,
  })
  async modelAlerts(
    @Arg('since', () => DateTimeScalar, { nullable: true, description: 'Only alerts raised at or after this time.' })
    since: Date | null,
    @Arg('first', () => Int, { defaultValue: 50, description: `How many (0-${MAX}).` }) first: number,
    @Ctx() ctx: Context,
  ): Promise<ModelAlertType[]> {
    requireRole(ctx, GOVERNANCE, 'modelAlerts');
    const { rows } = await ctx.db.query<ModelAlertType>(
      `SELECT id::text, raised_at AS "raisedAt", kind, model_version AS "modelVersion", run_id::text AS "runId", subject, value, threshold, message, evidence
         FROM core.model_alert WHERE ($1::timestamptz IS NULL OR raised_at >= $1) ORDER BY raised_at DESC, id DESC LIMIT $2`,
      [since, checkFirst(first, MAX)],
    );
    return rows;
  }
}
