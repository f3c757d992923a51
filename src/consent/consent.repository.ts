/**
 * A partner's consents (bank.consent) per firm, read fresh for every request (a revocation takes
 * effect on the next request): one statement per batch of firms, through a per-request
 * DataLoader. Every consent naming the partner is read, active or not, so a refusal can say why
 * (revoked, expired, another purpose) without a second look-up.
 */
import type DataLoader from 'dataloader';
import { loader } from '../lib/loader';
import type { Database } from '../db/database';
import type { Principal } from '../auth/principal';

export interface ConsentRow {
  id: string;
  uscc: string;
  purpose: string;
  sources: string[];
  scope: 'FULL' | 'SCORE_ONLY';
  validFrom: string;
  validTo: string;
  revokedAt: Date | null;
  /** Names the principal's purpose, today within its dates, not revoked. */
  active: boolean;
}

/** What one partner may do with one firm: the union of its active consents. */
export interface FirmConsents {
  uscc: string;
  /** Active consents' ids. */
  active: string[];
  /** Sources visible (a FULL consent covers them). */
  full: Set<string>;
  /** Sources only usable (a SCORE_ONLY consent covers them and no FULL one). */
  scoreOnly: Set<string>;
  /** Every consent naming the partner, for explaining a refusal. */
  all: ConsentRow[];
}

/** Today's date in China Standard Time (UTC+8, no daylight saving): consents' dates are local days. */
export function consentDay(now: Date = new Date()): string {
  return new Date(now.getTime() + 8 * 3600_000).toISOString().slice(0, 10);
}

export async function loadConsents(
  db: Database,
  grantee: string,
  purpose: string,
  day: string,
  usccs: readonly string[],
): Promise<FirmConsents[]> {
  const { rows } = await db.query<ConsentRow>(
    `SELECT id::text AS id, uscc, purpose, sources, scope::text AS scope, valid_from::text AS "validFrom", valid_to::text AS "validTo",
            revoked_at AS "revokedAt",
            (purpose = $3 AND valid_from <= $4::date AND valid_to >= $4::date AND revoked_at IS NULL) AS active
       FROM bank.consent
      WHERE uscc = ANY($1::bpchar[]) AND grantee = $2
      ORDER BY uscc, granted_at DESC, id DESC`,
    [usccs, grantee, purpose, day],
  );
  const by = new Map<string, FirmConsents>(
    usccs.map((u) => [u, { uscc: u, active: [], full: new Set(), scoreOnly: new Set(), all: [] }]),
  );
  for (const r of rows) {
    const c = by.get(r.uscc.trim());
    if (!c) continue;
    c.all.push(r);
    if (!r.active) continue;
    c.active.push(r.id);
    for (const s of r.sources) (r.scope === 'FULL' ? c.full : c.scoreOnly).add(s);
  }
  for (const c of by.values()) for (const s of c.full) c.scoreOnly.delete(s);
  return usccs.map((u) => by.get(u)!);
}

/** The per-request loader of the principal's consents (only partners' are ever read). */
export function createConsentLoader(
  db: Database,
  principal: Principal | null,
  now: Date = new Date(),
): DataLoader<string, FirmConsents> {
  const day = consentDay(now);
  return loader((usccs) => loadConsents(db, principal?.tenant ?? '', principal?.purpose ?? '', day, usccs));
}
