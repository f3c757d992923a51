/**
 * Who may see what: the one authorisation policy of the subgraph. Every resolver that returns a
 * firm's data asks here, and nowhere else decides:
 *
 * - `authorize(ctx, uscc, access)` for one firm: the entry points (`borrower`, `_entities`) ask
 *   for FIRM, every per-source sub-object for its source (through `requireSource`, which all of
 *   them call), `health` for SCORE, the health index's explanation for HEALTH_DETAIL, and the
 *   bank's internal views of a firm (data quality, entity links, warnings, consents) for INTERNAL;
 * - `requireRole(ctx, roles, what)` for what is not one firm: portfolio-wide queries and
 *   mutations (FIRM_READERS), the audit log (AUDITOR), model governance: rescore runs and model
 *   alerts (RISK_OFFICER, AUDITOR).
 *
 * The policy: ANALYST and RISK_OFFICER (the bank's own tenant) read every firm. An AUDITOR reads
 * the audit log and model governance (rescore runs, model alerts), and no firm's data (FORBIDDEN). A PARTNER reads a firm only under an active consent
 * (bank.consent) naming the partner (grantee = the token's tenant) and the token's purpose, today
 * within valid_from..valid_to, not revoked; otherwise CONSENT_REQUIRED. With one, it gets the
 * firm's identity (uscc, name, former names, industry, region), the source reports, `health {
 * score tier modelVersion asOf }` ("data usable, not visible": any scope), and each source's
 * sub-object only when a FULL consent covers that source. The health index's explanation
 * (factors, reasons, caps, confidence, missingSources, profile) draws on every source, so it needs
 * FULL consents covering all of them. Internal views and portfolio-wide queries are FORBIDDEN to
 * partners. Refusals are errors, never a silent null or empty list.
 */
import { ErrorCode, PublicError } from '../errors';
import type { Context } from '../graphql/context';
import type { SourceName } from '../../connectors/shared/connector';
import type { FirmConsents } from '../consent/consent.repository';
import { Role, type Principal } from './principal';

/** The internal roles that read firms' data (and decide reviews and consents). */
export const FIRM_READERS: readonly Role[] = [Role.ANALYST, Role.RISK_OFFICER];

/** A bank role that reads every firm's data (`authorize` lets it through whatever the access). */
export function isFirmReader(p: Principal | null): boolean {
  return p !== null && FIRM_READERS.includes(p.role);
}

/** Every source the health index reads: its explanation needs sight of all of them. */
export const HEALTH_SOURCES: readonly SourceName[] = [
  'BANK',
  'TAX',
  'REGISTRY',
  'SUPPLY_CHAIN',
  'JUDICIAL',
  'ALT_DATA',
];

/**
 * Who is tied to a firm (guarantee networks, related groups) joins the bank's guarantees and
 * loans with the registry's shareholdings: a partner needs sight of both.
 */
export const NETWORK_SOURCES: readonly SourceName[] = ['BANK', 'REGISTRY'];

export type Access = SourceName | 'FIRM' | 'SCORE' | 'HEALTH_DETAIL' | 'NETWORK' | 'INTERNAL';

export function requirePrincipal(ctx: Pick<Context, 'principal'>): Principal {
  if (!ctx.principal)
    throw new PublicError(
      ErrorCode.UNAUTHENTICATED,
      'no authenticated principal: send `Authorization: Bearer <token>`',
    );
  return ctx.principal;
}

function forbidden(p: Principal, message: string): PublicError {
  return new PublicError(ErrorCode.FORBIDDEN, message, { extensions: { role: p.role } });
}

/** The principal, when its role is one of `roles`; FORBIDDEN otherwise. */
export function requireRole(ctx: Pick<Context, 'principal'>, roles: readonly Role[], what: string): Principal {
  const p = requirePrincipal(ctx);
  if (roles.includes(p.role)) return p;
  const hint =
    p.role === Role.PARTNER
      ? '; a PARTNER reads one consented firm with `borrower(uscc)` or `_entities`'
      : p.role === Role.AUDITOR
        ? '; an AUDITOR reads the audit log, rescore runs and model alerts only'
        : '';
  throw forbidden(p, `${what} needs role ${roles.join(' or ')}; this token's role is ${p.role}${hint}`);
}

/** The sources a partner's FULL consents must cover for `access`. */
function neededSources(access: SourceName | 'HEALTH_DETAIL' | 'NETWORK'): readonly SourceName[] {
  return access === 'HEALTH_DETAIL' ? HEALTH_SOURCES : access === 'NETWORK' ? NETWORK_SOURCES : [access];
}

/**
 * Ends the description of a field that `authorize(ctx, uscc, access)` guards: such a field is
 * nullable, so that a refusal nulls it alone and leaves the rest of the response in place.
 */
export function refusalNote(access: Exclude<Access, 'FIRM' | 'SCORE'>): string {
  return access === 'INTERNAL'
    ? ' Null, with FORBIDDEN, for a PARTNER (internal to the bank): the rest of the response stays.'
    : ` Null, with CONSENT_REQUIRED, for a partner whose FULL consents do not cover ${neededSources(access).join(' and ')}: the rest of the response stays.`;
}

/** Throws FORBIDDEN or CONSENT_REQUIRED unless the request's principal may have `access` to firm `uscc`. */
export async function authorize(
  ctx: Pick<Context, 'principal' | 'loaders'>,
  uscc: string,
  access: Access,
): Promise<void> {
  const p = requirePrincipal(ctx);
  if (isFirmReader(p)) return;
  if (p.role !== Role.PARTNER) throw forbidden(p, `role ${p.role} may read the audit log only, not firms' data`);
  if (access === 'INTERNAL')
    throw forbidden(
      p,
      "this part of a firm's profile is internal to the bank (ANALYST or RISK_OFFICER); a PARTNER reads the sources its consent covers",
    );
  const c = await ctx.loaders.consents.load(uscc);
  if (c.active.length === 0) throw consentRequired(p, uscc, noConsentReason(p, c), {});
  if (access === 'FIRM' || access === 'SCORE') return;
  const missing = neededSources(access).filter((s) => !c.full.has(s));
  if (missing.length === 0) return;
  const what =
    access === 'HEALTH_DETAIL'
      ? "the health index's explanation (factors, reasons, caps, confidence)"
      : access === 'NETWORK'
        ? "who is tied to the firm (the bank's guarantees and the registry's shareholdings)"
        : `source ${access}`;
  const covered = [...c.full].map((s) => `${s} (FULL)`).concat([...c.scoreOnly].map((s) => `${s} (SCORE_ONLY)`));
  throw consentRequired(
    p,
    uscc,
    `${what} needs a FULL consent covering ${missing.join(', ')}; the active consent${c.active.length > 1 ? 's' : ''} ${c.active.join(', ')} cover${c.active.length > 1 ? '' : 's'} ` +
      `${covered.join(', ') || 'no source'} (SCORE_ONLY gives health { score tier } only: data usable, not visible)`,
    { sources: missing, consentIds: c.active },
  );
}

function consentRequired(p: Principal, uscc: string, reason: string, extra: Record<string, unknown>): PublicError {
  return new PublicError(
    ErrorCode.CONSENT_REQUIRED,
    `no consent for ${p.tenant} (purpose ${p.purpose}) to read firm ${uscc}: ${reason}`,
    {
      extensions: { uscc, grantee: p.tenant, purpose: p.purpose, ...extra },
    },
  );
}

/** Why none of the partner's consents of the firm is active (its own consents only: nothing about other institutions). */
function noConsentReason(p: Principal, c: FirmConsents): string {
  if (c.all.length === 0) return 'the firm has granted it no consent';
  const forPurpose = c.all.filter((r) => r.purpose === p.purpose);
  if (forPurpose.length === 0)
    return `its consents name other purposes (${[...new Set(c.all.map((r) => r.purpose))].join(', ')})`;
  const r = forPurpose[0];
  if (r.revokedAt) return `consent ${r.id} was revoked at ${new Date(r.revokedAt).toISOString()}`;
  return `consent ${r.id} is valid from ${r.validFrom} to ${r.validTo} (China Standard Time days), not today`;
}
