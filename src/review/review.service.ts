/**
 * People's decisions on findings and entity links. Each decision checks the subject's current
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

/** Action -> [statuses it applies to, status it leads to, whether a reason is required]. */
const FINDING_TRANSITIONS: Record<FindingAction, [FindingStatus[], FindingStatus, boolean]> = {
  [FindingAction.CONFIRM]: [[FindingStatus.OPEN, FindingStatus.DISMISSED], FindingStatus.CONFIRMED, false],
  [FindingAction.DISMISS]: [[FindingStatus.OPEN, FindingStatus.CONFIRMED], FindingStatus.DISMISSED, true],
  [FindingAction.REOPEN]: [[FindingStatus.CONFIRMED, FindingStatus.DISMISSED], FindingStatus.OPEN, false],
};

const LINK_TRANSITIONS: Record<LinkAction, [LinkStatus[], LinkStatus, boolean]> = {
  [LinkAction.CONFIRM]: [[LinkStatus.REVIEW, LinkStatus.LINKED, LinkStatus.REJECTED, LinkStatus.UNDONE], LinkStatus.CONFIRMED, false],
  [LinkAction.REJECT]: [[LinkStatus.REVIEW], LinkStatus.REJECTED, true],
  [LinkAction.UNDO]: [[LinkStatus.LINKED, LinkStatus.CONFIRMED], LinkStatus.UNDONE, true],
};

export const MAX_REASON = 1000;

/** The reviewer's identity as the request states it, or UNAUTHENTICATED. */
export function requireActor(actor: string | null | undefined): string {
  const a = actor?.trim();
  if (!a) {
    throw new PublicError(ErrorCode.UNAUTHENTICATED, 'a review must say who makes it: send the reviewer\'s identity in the X-Actor header');
  }
  if (a.length > 100) throw badInput(`the X-Actor header must be at most 100 characters, got ${a.length}`);
  return a;
}

function checkReason(reason: string | null | undefined, required: boolean, action: string): string | null {
  const r = reason?.trim() || null;
  if (required && !r) throw badInput(`${action} needs a reason: say why in \`reason\``, { argument: 'reason' });
  if (r && r.length > MAX_REASON) throw badInput(`\`reason\` must be at most ${MAX_REASON} characters, got ${r.length}`, { argument: 'reason' });
  return r;
}

function checkId(id: string, what: string): string {
  if (!/^[1-9][0-9]{0,17}$/.test(id)) throw badInput(`\`id\` must be the numeric id of a ${what}, got "${id}"`, { argument: 'id' });
  return id;
}

function refuse(what: string, id: string, status: string, action: string, transitions: Record<string, [string[], string, boolean]>): PublicError {
  const allowed = Object.entries(transitions).filter(([, [from]]) => from.includes(status)).map(([a]) => a);
  return new PublicError(
    ErrorCode.CONFLICT,
    `cannot ${action} ${what} ${id}: it is ${status}` + (allowed.length ? `; allowed: ${allowed.join(', ')}` : '; no action applies'),
    { extensions: { status, allowed } },
  );
}

type Client = Parameters<Parameters<Database['transaction']>[0]>[0];

async function appendEvent(client: Client, subject: ReviewSubject, id: string, action: string, reason: string | null, actor: string, at: Date, before: string, after: string) {
  await client.query(
    `INSERT INTO core.review_event (subject, subject_id, action, reason, actor, at, status_before, status_after) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
    [subject, id, action, reason, actor, at, before, after],
  );
}

export async function reviewFinding(db: Database, id: string, action: FindingAction, reason: string | null, actor: string, at = new Date()): Promise<QualityFinding> {
  checkId(id, 'finding');
  const [from, to, needsReason] = FINDING_TRANSITIONS[action];
  const why = checkReason(reason, needsReason, action);
  return db.transaction(async (client) => {
    const { rows } = await client.query<QualityFinding>(`SELECT ${selectColumns(QualityFinding, 'x')} FROM core.quality_finding x WHERE x.id = $1 FOR UPDATE`, [id]);
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
export async function reviewLink(db: Database, id: string, action: LinkAction, reason: string | null, actor: string, at = new Date()): Promise<EntityLink> {
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
        throw new PublicError(ErrorCode.CONFLICT, `cannot CONFIRM entity link ${id}: the record is already linked to ${effective.uscc} by link ${effective.id}; UNDO that first`);
      }
      if (link.kind === LinkKind.FIRM) {
        const { rows: chained } = await client.query<{ id: string }>(
          `SELECT id FROM core.entity_link WHERE kind = 'FIRM' AND status IN ('LINKED', 'CONFIRMED') AND (record_key = $1 OR uscc = $2) AND id <> $3`,
          [link.uscc, link.recordKey, id],
        );
        if (chained.length) throw new PublicError(ErrorCode.CONFLICT, `cannot CONFIRM merge ${id}: ${link.uscc} is itself merged into another firm, or ${link.recordKey} has firms merged into it (link ${chained[0].id})`);
      }
      for (const o of others.filter((x) => x.status === LinkStatus.REVIEW)) {
        await client.query(`UPDATE core.entity_link SET status = 'REJECTED', decided_by = $2, decided_at = $3, decision_reason = $4 WHERE id = $1`, [
          o.id, actor, at, `another candidate (link ${id}, ${link.uscc}) was confirmed`,
        ]);
        await appendEvent(client, ReviewSubject.LINK, o.id, LinkAction.REJECT, `another candidate (link ${id}, ${link.uscc}) was confirmed`, actor, at, o.status, LinkStatus.REJECTED);
      }
    }
    await client.query(`UPDATE core.entity_link SET status = $2, decided_by = $3, decided_at = $4, decision_reason = $5 WHERE id = $1`, [id, to, actor, at, why]);
    await appendEvent(client, ReviewSubject.LINK, id, action, why, actor, at, link.status, to);
    return { ...link, status: to, decidedBy: actor, decidedAt: at, decisionReason: why };
  });
}

export async function reviewTrail(db: Database, subject: ReviewSubject, ids: readonly string[]): Promise<ReviewEvent[][]> {
  const { rows } = await db.query<ReviewEvent>(
    `SELECT ${selectColumns(ReviewEvent, 'x')} FROM core.review_event x WHERE x.subject = $1 AND x.subject_id = ANY($2::bigint[]) ORDER BY x.at, x.id`,
    [subject, ids],
  );
  const by = new Map<string, ReviewEvent[]>(ids.map((i) => [i, []]));
  for (const r of rows) by.get(String(r.subjectId))?.push(r);
  return ids.map((i) => by.get(i) ?? []);
}
