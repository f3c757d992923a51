/**
 * Consent records (数据授权, bank.consent) granted and revoked through the API by the bank's
 * ANALYST or RISK_OFFICER. Every input is checked with a message naming the field; each grant
 * and revocation appends a core.review_event (subject CONSENT: who, when, why, status before and
 * after) in the same transaction as the row it changes. A revocation stamps revoked_at: the next
 * request already refuses (consents are never cached across requests).
 */
import type { Database } from '../db/database';
import { badInput, ErrorCode, PublicError } from '../errors';
import { selectColumns } from '../../connectors/shared/sql';
import { Consent, ConsentScope } from '../../connectors/bank';
import { SOURCE_NAMES } from '../../connectors/sources';
import { PURPOSE_RE } from '../auth/token.service';
import { appendEvent, checkId, freeText } from '../review/review.service';
import { ReviewSubject } from '../review/review-event.entity';
import { consentDay } from './consent.repository';

/** Longest validity a consent may be granted for (five years). */
export const MAX_CONSENT_DAYS = 1827;
const MAX_GRANTEE = 200;

export interface ConsentGrant {
  uscc: string;
  grantee: string;
  purpose: string;
  sources: string[];
  scope: ConsentScope;
  validFrom: string;
  validTo: string;
  /** Why it is recorded (e.g. the signed form's reference); optional. */
  note?: string | null;
}

export type ConsentStatus = 'PENDING' | 'ACTIVE' | 'EXPIRED' | 'REVOKED';

export function consentStatus(
  c: Pick<Consent, 'validFrom' | 'validTo' | 'revokedAt'>,
  day = consentDay(),
): ConsentStatus {
  if (c.revokedAt) return 'REVOKED';
  if (day < c.validFrom) return 'PENDING';
  if (day > c.validTo) return 'EXPIRED';
  return 'ACTIVE';
}

const DAY_RE = /^\d{4}-\d{2}-\d{2}$/;
const dayNumber = (d: string) => Date.parse(`${d}T00:00:00Z`) / 86_400_000;

/** Validates a grant; returns it normalised (trimmed, sources de-duplicated in the canonical order). */
export function checkGrant(input: ConsentGrant, today = consentDay()): ConsentGrant {
  const grantee = input.grantee?.trim() ?? '';
  if (!grantee)
    throw badInput(
      "`input.grantee` must name the institution the consent is for (a partner's tenant), got an empty string",
      { argument: 'input.grantee' },
    );
  if (grantee.length > MAX_GRANTEE)
    throw badInput(`\`input.grantee\` must be at most ${MAX_GRANTEE} characters, got ${grantee.length}`, {
      argument: 'input.grantee',
    });
  const purpose = input.purpose?.trim() ?? '';
  if (!PURPOSE_RE.test(purpose)) {
    throw badInput(
      `\`input.purpose\` must be an upper-case code such as CREDIT_APPLICATION (2-64 of A-Z, 0-9, _), got ${JSON.stringify(input.purpose)}`,
      { argument: 'input.purpose' },
    );
  }
  if (!input.sources?.length)
    throw badInput(`\`input.sources\` must list at least one of ${SOURCE_NAMES.join(', ')}`, {
      argument: 'input.sources',
    });
  const unknown = input.sources.filter((s) => !SOURCE_NAMES.includes(s as never));
  if (unknown.length)
    throw badInput(`\`input.sources\` holds ${unknown.join(', ')}: expected ${SOURCE_NAMES.join(', ')}`, {
      argument: 'input.sources',
    });
  const sources = SOURCE_NAMES.filter((s) => input.sources.includes(s));
  for (const [name, v] of [
    ['validFrom', input.validFrom],
    ['validTo', input.validTo],
  ] as const) {
    if (!DAY_RE.test(v) || Number.isNaN(dayNumber(v)))
      throw badInput(`\`input.${name}\` must be a date YYYY-MM-DD, got ${JSON.stringify(v)}`, {
        argument: `input.${name}`,
      });
  }
  if (input.validTo < input.validFrom)
    throw badInput(`\`input.validTo\` (${input.validTo}) is before \`input.validFrom\` (${input.validFrom})`, {
      argument: 'input.validTo',
    });
  if (input.validTo < today)
    throw badInput(
      `\`input.validTo\` (${input.validTo}) is in the past (today is ${today}, China Standard Time): the consent would never be active`,
      { argument: 'input.validTo' },
    );
  const days = dayNumber(input.validTo) - dayNumber(input.validFrom) + 1;
  if (days > MAX_CONSENT_DAYS)
    throw badInput(`a consent may last at most ${MAX_CONSENT_DAYS} days (five years), this one ${days}`, {
      argument: 'input.validTo',
    });
  const note = freeText(input.note, 'input.note');
  return { ...input, grantee, purpose, sources, note };
}

export async function grantConsent(
  db: Database,
  input: ConsentGrant,
  actor: string,
  at = new Date(),
): Promise<Consent> {
  const g = checkGrant(input, consentDay(at));
  return db.transaction(async (client) => {
    const firm = await client.query(`SELECT 1 FROM core.firm WHERE uscc = $1`, [g.uscc]);
    if (firm.rows.length === 0)
      throw new PublicError(
        ErrorCode.NOT_FOUND,
        `no firm has USCC ${g.uscc}: a consent is granted by a firm the platform knows`,
        { extensions: { argument: 'input.uscc' } },
      );
    const { rows } = await client.query<Consent>(
      `INSERT INTO bank.consent AS x (uscc, grantee, purpose, sources, scope, valid_from, valid_to, granted_at, revoked_at, import_key)
       VALUES ($1, $2, $3, $4::text[], $5, $6::date, $7::date, $8, NULL, NULL)
       RETURNING ${selectColumns(Consent, 'x')}`,
      [g.uscc, g.grantee, g.purpose, g.sources, g.scope, g.validFrom, g.validTo, at],
    );
    const c = rows[0];
    await appendEvent(
      client,
      ReviewSubject.CONSENT,
      c.id,
      'GRANT',
      g.note ?? null,
      actor,
      at,
      'NONE',
      consentStatus(c, consentDay(at)),
    );
    return c;
  });
}

export async function revokeConsent(
  db: Database,
  id: string,
  reason: string | null | undefined,
  actor: string,
  at = new Date(),
): Promise<Consent> {
  checkId(id, 'consent');
  const why = freeText(reason, 'reason');
  if (!why)
    throw badInput('revoking a consent needs a reason: say why in `reason` (e.g. the firm withdrew it in writing)', {
      argument: 'reason',
    });
  return db.transaction(async (client) => {
    const { rows } = await client.query<Consent>(
      `SELECT ${selectColumns(Consent, 'x')} FROM bank.consent x WHERE x.id = $1 FOR UPDATE`,
      [id],
    );
    const c = rows[0];
    if (!c) throw new PublicError(ErrorCode.NOT_FOUND, `no consent has id ${id}`);
    if (c.revokedAt)
      throw new PublicError(
        ErrorCode.CONFLICT,
        `consent ${id} was already revoked at ${new Date(c.revokedAt).toISOString()}`,
        { extensions: { status: 'REVOKED' } },
      );
    const before = consentStatus(c, consentDay(at));
    await client.query(`UPDATE bank.consent SET revoked_at = $2 WHERE id = $1`, [id, at]);
    await appendEvent(client, ReviewSubject.CONSENT, id, 'REVOKE', why, actor, at, before, 'REVOKED');
    return { ...c, revokedAt: at };
  });
}
