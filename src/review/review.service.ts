/**
 * People's decisions on findings, entity links and early warnings. Each decision checks the subject's current
 * status against the action, updates the subject, and appends a core.review_event row (who,
 * when, why, status before and after) in one transaction, so the trail and the state never
 * disagree. Refused actions name the current status and the actions it allows.
 */
import type { Database } from '../db/database';
import { badInput, ErrorCode, PublicError } from '../errors';
import { selectColumns } from '../../connectors/shared/sql';
import { FindingStatus, QualityFinding } from '../quality/finding.entity';
import { EntityLink, LinkKind, LinkStatus } from '../resolution/link.entity';
import { ReviewEvent, ReviewSubject } from './review-event.entity';
import { Warning, WarningStatus } from '../warnings/warning.entity';
import {
  followUpDueAt,
  verifyDueAt,
  WARNING_LIFECYCLE,
  type WarningLifecycleConfig,
} from '../warnings/lifecycle.config';
import { FIRM_READERS, requireRole } from '../auth/authorize.service';
import type { Principal } from '../auth/principal';

export enum FindingAction {
  CONFIRM = 'CONFIRM',
  DISMISS = 'DISMISS',
  REOPEN = 'REOPEN',
}

export enum LinkAction {
  CONFIRM = 'CONFIRM',
  REJECT = 'REJECT',
  UNDO = 'UNDO',
}

/** The steps of an early warning's lifecycle (docs/domain.md: verify in 24 h, act by tier, follow up, close). */
export enum WarningAction {
  START_VERIFICATION = 'START_VERIFICATION',
  RECORD_ACTION = 'RECORD_ACTION',
  CLOSE = 'CLOSE',
  DISMISS = 'DISMISS',
  REOPEN = 'REOPEN',
}

/** Action -> [statuses it applies to, status it leads to, whether a reason is required]. */
const FINDING_TRANSITIONS: Record<FindingAction, [FindingStatus[], FindingStatus, boolean]> = {
  [FindingAction.CONFIRM]: [[FindingStatus.OPEN, FindingStatus.DISMISSED], FindingStatus.CONFIRMED, false],
  [FindingAction.DISMISS]: [[FindingStatus.OPEN, FindingStatus.CONFIRMED], FindingStatus.DISMISSED, true],
  [FindingAction.REOPEN]: [[FindingStatus.CONFIRMED, FindingStatus.DISMISSED], FindingStatus.OPEN, false],
};

const LINK_TRANSITIONS: Record<LinkAction, [LinkStatus[], LinkStatus, boolean]> = {
  [LinkAction.CONFIRM]: [
    [LinkStatus.REVIEW, LinkStatus.LINKED, LinkStatus.REJECTED, LinkStatus.UNDONE],
    LinkStatus.CONFIRMED,
    false,
  ],
  [LinkAction.REJECT]: [[LinkStatus.REVIEW], LinkStatus.REJECTED, true],
  [LinkAction.UNDO]: [[LinkStatus.LINKED, LinkStatus.CONFIRMED], LinkStatus.UNDONE, true],
};

/**
 * Action -> [statuses it applies to, status it leads to, what the note must say (null: optional)].
 * RECORD_ACTION sets the follow-up due date by the warning's tier; REOPEN gives a fresh 24 h to verify.
 */
export const WARNING_TRANSITIONS: Record<WarningAction, [WarningStatus[], WarningStatus, string | null]> = {
  [WarningAction.START_VERIFICATION]: [[WarningStatus.OPEN], WarningStatus.VERIFYING, null],
  [WarningAction.RECORD_ACTION]: [[WarningStatus.VERIFYING], WarningStatus.ACTION_TAKEN, 'say what was done'],
  [WarningAction.CLOSE]: [[WarningStatus.ACTION_TAKEN], WarningStatus.CLOSED, 'give the outcome of the follow-up'],
  [WarningAction.DISMISS]: [[WarningStatus.OPEN, WarningStatus.VERIFYING], WarningStatus.DISMISSED, 'say why'],
  [WarningAction.REOPEN]: [[WarningStatus.DISMISSED], WarningStatus.OPEN, null],
};

export const MAX_REASON = 1000;

/**
 * Who decides, as the review trail records it: the verified token's subject. Decisions (reviews
 * of findings, links and warnings; granting and revoking consents) need ANALYST or RISK_OFFICER,
 * roles only the bank's own tenant holds, so the subject alone names the person.
 * UNAUTHENTICATED without a principal, FORBIDDEN for other roles.
 */
export function requireActor(ctx: { principal: Principal | null }, what = 'a review'): string {
  return requireRole(ctx, FIRM_READERS, what).subject;
}

/** Free text a person sends (a reason, a note): trimmed, null when blank, at most MAX_REASON characters. */
export function freeText(text: string | null | undefined, argument: string): string | null {
  const t = text?.trim() || null;
  if (t && t.length > MAX_REASON)
    throw badInput(`\`${argument}\` must be at most ${MAX_REASON} characters, got ${t.length}`, { argument });
  return t;
}

function checkReason(
  reason: string | null | undefined,
  required: boolean,
  action: string,
  argument = 'reason',
  what = 'say why',
): string | null {
  const r = freeText(reason, argument);
  if (required && !r) throw badInput(`${action} needs a ${argument}: ${what} in \`${argument}\``, { argument });
  return r;
}

/** A record's numeric id, or BAD_USER_INPUT naming what it should be the id of. */
export function checkId(id: string, what: string): string {
  if (!/^[1-9][0-9]{0,17}$/.test(id))
    throw badInput(`\`id\` must be the numeric id of a ${what}, got "${id}"`, { argument: 'id' });
  return id;
}

function refuse(
  what: string,
  id: string,
  status: string,
  action: string,
  transitions: Record<string, [string[], string, unknown]>,
): PublicError {
  const allowed = Object.entries(transitions)
    .filter(([, [from]]) => from.includes(status))
    .map(([a]) => a);
  return new PublicError(
    ErrorCode.CONFLICT,
    `cannot ${action} ${what} ${id}: it is ${status}` +
      (allowed.length ? `; allowed: ${allowed.join(', ')}` : '; no action applies'),
    { extensions: { status, allowed } },
  );
}

export type Client = Parameters<Parameters<Database['transaction']>[0]>[0];

export async function appendEvent(
  client: Client,
  subject: ReviewSubject,
  id: string,
  action: string,
  reason: string | null,
  actor: string,
  at: Date,
  before: string,
  after: string,
) {
  await client.query(
    `INSERT INTO core.review_event (subject, subject_id, action, reason, actor, at, status_before, status_after) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
    [subject, id, action, reason, actor, at, before, after],
  );
}

export async function reviewFinding(
  db: Database,
  id: string,
  action: FindingAction,
  reason: string | null,
  actor: string,
  at = new Date(),
): Promise<QualityFinding> {
  checkId(id, 'finding');
  const [from, to, needsReason] = FINDING_TRANSITIONS[action];
  const why = checkReason(reason, needsReason, action);
  return db.transaction(async (client) => {
    const { rows } = await client.query<QualityFinding>(
      `SELECT ${selectColumns(QualityFinding, 'x')} FROM core.quality_finding x WHERE x.id = $1 FOR UPDATE`,
      [id],
    );
    const f = rows[0];
    if (!f) throw new PublicError(ErrorCode.NOT_FOUND, `no data-quality finding has id ${id}`);
    if (!from.includes(f.status)) throw refuse('finding', id, f.status, action, FINDING_TRANSITIONS);
    await client.query(`UPDATE core.quality_finding SET status = $2 WHERE id = $1`, [id, to]);
    await appendEvent(client, ReviewSubject.FINDING, id, action, why, actor, at, f.status, to);
    return { ...f, status: to };
  });
}

/**
 * Confirming one candidate of an ambiguous record rejects the record's other candidates in
 * review (each with its own event). Confirming a merge is refused while the firm is merged
 * elsewhere or has firms merged into it (merges never chain).
 */
export async function reviewLink(
  db: Database,
  id: string,
  action: LinkAction,
  reason: string | null,
  actor: string,
  at = new Date(),
): Promise<EntityLink> {
  checkId(id, 'entity link');
  const [from, to, needsReason] = LINK_TRANSITIONS[action];
  const why = checkReason(reason, needsReason, action);
  return db.transaction(async (client) => {
    const select = `SELECT ${selectColumns(EntityLink, 'x')} FROM core.entity_link x`;
    const { rows } = await client.query<EntityLink>(`${select} WHERE x.id = $1 FOR UPDATE`, [id]);
    const link = rows[0];
    if (!link) throw new PublicError(ErrorCode.NOT_FOUND, `no entity link has id ${id}`);
    if (!from.includes(link.status)) throw refuse('entity link', id, link.status, action, LINK_TRANSITIONS);
    if (action === LinkAction.CONFIRM) {
      const { rows: others } = await client.query<EntityLink>(
        `${select} WHERE x.source_table = $1 AND x.record_key = $2 AND x.id <> $3 FOR UPDATE`,
        [link.sourceTable, link.recordKey, id],
      );
      const effective = others.find((o) => o.status === LinkStatus.LINKED || o.status === LinkStatus.CONFIRMED);
      if (effective) {
        throw new PublicError(
          ErrorCode.CONFLICT,
          `cannot CONFIRM entity link ${id}: the record is already linked to ${effective.uscc} by link ${effective.id}; UNDO that first`,
        );
      }
      if (link.kind === LinkKind.FIRM) {
        const { rows: chained } = await client.query<{ id: string }>(
          `SELECT id FROM core.entity_link WHERE kind = 'FIRM' AND status IN ('LINKED', 'CONFIRMED') AND (record_key = $1 OR uscc = $2) AND id <> $3`,
          [link.uscc, link.recordKey, id],
        );
        if (chained.length)
          throw new PublicError(
            ErrorCode.CONFLICT,
            `cannot CONFIRM merge ${id}: ${link.uscc} is itself merged into another firm, or ${link.recordKey} has firms merged into it (link ${chained[0].id})`,
          );
      }
      for (const o of others.filter((x) => x.status === LinkStatus.REVIEW)) {
        await client.query(
          `UPDATE core.entity_link SET status = 'REJECTED', decided_by = $2, decided_at = $3, decision_reason = $4 WHERE id = $1`,
          [o.id, actor, at, `another candidate (link ${id}, ${link.uscc}) was confirmed`],
        );
        await appendEvent(
          client,
          ReviewSubject.LINK,
          o.id,
          LinkAction.REJECT,
          `another candidate (link ${id}, ${link.uscc}) was confirmed`,
          actor,
          at,
          o.status,
          LinkStatus.REJECTED,
        );
      }
    }
    await client.query(
      `UPDATE core.entity_link SET status = $2, decided_by = $3, decided_at = $4, decision_reason = $5 WHERE id = $1`,
      [id, to, actor, at, why],
    );
    await appendEvent(client, ReviewSubject.LINK, id, action, why, actor, at, link.status, to);
    return { ...link, status: to, decidedBy: actor, decidedAt: at, decisionReason: why };
  });
}

/**
 * One step of an early warning's lifecycle, by `actor` at `at`: checks the status allows it,
 * updates the warning (status, decision, and the dates the step sets) and appends the
 * review_event, in one transaction.
 */
export async function reviewWarning(
  db: Database,
  id: string,
  action: WarningAction,
  note: string | null,
  actor: string,
  at = new Date(),
  config: WarningLifecycleConfig = WARNING_LIFECYCLE,
): Promise<Warning> {
  checkId(id, 'warning');
  const [from, to, noteSays] = WARNING_TRANSITIONS[action];
  const why = checkReason(note, noteSays !== null, action, 'note', noteSays ?? '');
  return db.transaction(async (client) => {
    const { rows } = await client.query<Warning>(
      `SELECT ${selectColumns(Warning, 'x')} FROM core.warning x WHERE x.id = $1 FOR UPDATE`,
      [id],
    );
    const w = rows[0];
    if (!w) throw new PublicError(ErrorCode.NOT_FOUND, `no warning has id ${id}`);
    if (!from.includes(w.status)) throw refuse('warning', id, w.status, action, WARNING_TRANSITIONS);
    const next: Warning = { ...w, status: to, decidedBy: actor, decidedAt: at, decisionReason: why };
    if (action === WarningAction.RECORD_ACTION) {
      next.actionTakenAt = at;
      next.followUpDueAt = followUpDueAt(w.tier, at, config);
    } else if (action === WarningAction.CLOSE) {
      next.closedAt = at;
    } else if (action === WarningAction.REOPEN) {
      next.verifyDueAt = verifyDueAt(at, config);
    }
    await client.query(
      `UPDATE core.warning SET status = $2, decided_by = $3, decided_at = $4, decision_reason = $5,
              action_taken_at = $6, follow_up_due_at = $7, closed_at = $8, verify_due_at = $9 WHERE id = $1`,
      [id, to, actor, at, why, next.actionTakenAt, next.followUpDueAt, next.closedAt, next.verifyDueAt],
    );
    await appendEvent(client, ReviewSubject.WARNING, id, action, why, actor, at, w.status, to);
    return next;
  });
}

export async function reviewTrail(
  db: Database,
  subject: ReviewSubject,
  ids: readonly string[],
): Promise<ReviewEvent[][]> {
  const { rows } = await db.query<ReviewEvent>(
    `SELECT ${selectColumns(ReviewEvent, 'x')} FROM core.review_event x WHERE x.subject = $1 AND x.subject_id = ANY($2::bigint[]) ORDER BY x.at, x.id`,
    [subject, ids],
  );
  const by = new Map<string, ReviewEvent[]>(ids.map((i) => [i, []]));
  for (const r of rows) by.get(String(r.subjectId))?.push(r);
  return ids.map((i) => by.get(i) ?? []);
}
