/**
 * Reconsideration (复议): an application a person must decide (SPECIALIST_REVIEW or COMMITTEE)
 * is sent to manual reconsideration with the decision as it stands, then decided once
 * (APPROVED or DECLINED, with a note) by someone other than the person who asked (four eyes),
 * each step recorded with who and when. An application the
 * rules auto-approve has nothing to reconsider; a decided reconsideration cannot be decided
 * again; one reconsideration of a firm and amount is open at a time.
 */
import type { Database } from '../db/database';
import { badInput, ErrorCode, PublicError } from '../errors';
import { loadAllPerKey, selectColumns } from '../../connectors/shared/sql';
import { checkId, freeText } from '../review/review.service';
import { ApprovalRoute, type ApprovalDecision } from './approval.service';
import { ApprovalReconsideration, ReconsiderationOutcome, ReconsiderationStatus } from './reconsideration.entity';

/** Trimmed required text (`reason`, `note`): BAD_USER_INPUT naming the argument when empty or too long. */
export function requireText(text: string | null | undefined, argument: string, what: string): string {
  const t = freeText(text, argument);
  if (!t) throw badInput(`\`${argument}\` is required: ${what}`, { argument });
  return t;
}

const SELECT = `SELECT ${selectColumns(ApprovalReconsideration, 'x')} FROM core.approval_reconsideration x`;

/** Stores a reconsideration of `decision` for firm `uscc`; CONFLICT when the rules auto-approve it or one is already open. */
export async function requestReconsideration(
  db: Database,
  uscc: string,
  decision: ApprovalDecision,
  reason: string,
  actor: string,
  at = new Date(),
): Promise<ApprovalReconsideration> {
  if (decision.route === ApprovalRoute.AUTO_APPROVE) {
    throw new PublicError(
      ErrorCode.CONFLICT,
      `cannot reconsider ${uscc} for ${decision.amount} CNY: it is routed AUTO_APPROVE (score ${decision.score}, ${decision.tier}, policy ${decision.policyVersion}); only an application routed to a person can be reconsidered`,
      { extensions: { route: decision.route } },
    );
  }
  return db.transaction(async (client) => {
    const { rows: open } = await client.query<ApprovalReconsideration>(
      `${SELECT} WHERE x.uscc = $1 AND x.amount = $2::numeric AND x.status = 'OPEN'`,
      [uscc, decision.amount],
    );
    if (open[0]) throw alreadyOpen(uscc, decision.amount, open[0]);
    try {
      const { rows } = await client.query<ApprovalReconsideration>(
        `INSERT INTO core.approval_reconsideration AS x (uscc, amount, route, reasons, score, tier, model_version, policy_version, requested_by, requested_at, reason)
         VALUES ($1, $2::numeric, $3, $4::jsonb, $5, $6, $7, $8, $9, $10, $11)
         RETURNING ${selectColumns(ApprovalReconsideration, 'x')}`,
        [
          uscc,
          decision.amount,
          decision.route,
          JSON.stringify(decision.reasons),
          decision.score,
          decision.tier,
          decision.modelVersion,
          decision.policyVersion,
          actor,
          at,
          reason,
        ],
      );
      return rows[0];
    } catch (e) {
      // A concurrent request opened one first (the partial unique index).
      if ((e as { code?: string }).code === '23505') throw alreadyOpen(uscc, decision.amount, null);
      throw e;
    }
  });
}

function alreadyOpen(uscc: string, amount: string, r: ApprovalReconsideration | null): PublicError {
  const which = r ? ` (id ${r.id}, requested by ${r.requestedBy} at ${r.requestedAt.toISOString()})` : '';
  return new PublicError(
    ErrorCode.CONFLICT,
    `a reconsideration of ${uscc} for ${amount} CNY is already open${which}; decide it first`,
    {
      extensions: r ? { id: String(r.id) } : {},
    },
  );
}

export async function decideReconsideration(
  db: Database,
  id: string,
  outcome: ReconsiderationOutcome,
  note: string,
  actor: string,
  at = new Date(),
): Promise<ApprovalReconsideration> {
  checkId(id, 'reconsideration');
  return db.transaction(async (client) => {
    const { rows } = await client.query<ApprovalReconsideration>(`${SELECT} WHERE x.id = $1 FOR UPDATE`, [id]);
    const r = rows[0];
    if (!r) throw new PublicError(ErrorCode.NOT_FOUND, `no reconsideration has id ${id}`);
    if (r.status !== ReconsiderationStatus.OPEN) {
      throw new PublicError(
        ErrorCode.CONFLICT,
        `cannot decide reconsideration ${id}: it was already decided ${r.outcome} by ${r.decidedBy} at ${r.decidedAt!.toISOString()}`,
        { extensions: { status: r.status, outcome: r.outcome } },
      );
    }
    if (r.requestedBy === actor) {
      throw new PublicError(
        ErrorCode.FORBIDDEN,
        `cannot decide reconsideration ${id}: ${actor} asked for it, and a reconsideration is decided by someone other than the person who asked (four eyes)`,
        { extensions: { requestedBy: r.requestedBy } },
      );
    }
    const { rows: updated } = await client.query<ApprovalReconsideration>(
      `UPDATE core.approval_reconsideration AS x SET status = 'DECIDED', outcome = $2, decided_by = $3, decided_at = $4, decision_note = $5
        WHERE x.id = $1 RETURNING ${selectColumns(ApprovalReconsideration, 'x')}`,
      [id, outcome, actor, at, note],
    );
    return updated[0];
  });
}

/** Every reconsideration per firm, newest first: one statement per batch. */
export function reconsiderationsOf(db: Database, usccs: readonly string[]): Promise<ApprovalReconsideration[][]> {
  return loadAllPerKey<ApprovalReconsideration>(
    db,
    {
      entity: ApprovalReconsideration,
      table: 'core.approval_reconsideration',
      key: 'uscc',
      orderBy: 'x.requested_at DESC, x.id DESC',
    },
    usccs,
  );
}
