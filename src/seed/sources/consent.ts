/**
 * Data-sharing consents (bank.consent) and the platform's master record (core.firm).
 *
 * Every firm consented to the bank itself ('本行') for CREDIT_APPLICATION over all five
 * sources; a few of those consents have expired or were revoked since. Borrowers also consent
 * to POST_LOAN_MONITORING. Some firms consent to partner institutions, often SCORE_ONLY (可用不可见).
 * The firm's record was created when it first consented (so created_at is deterministic too).
 */
import { type Day, formatDay, formatTimestamp, lastDay } from '../calendar';
import { type FirmContext } from '../firm.context';
import { Rng, Stream } from '../random';
import { textArrayLiteral } from '../tables';

const ALL_SOURCES = ['BANK', 'TAX', 'REGISTRY', 'SUPPLY_CHAIN', 'JUDICIAL'];
const PARTNERS = ['省融资担保集团有限公司', '普惠金融服务平台', '中小企业融资服务中心', '城商行联合风控平台'];

interface Consent {
  grantee: string;
  purpose: string;
  sources: string[];
  scope: 'FULL' | 'SCORE_ONLY';
  from: Day;
  to: Day;
  grantedSecond: number;
  revoked: { day: Day; second: number } | null;
}

export function generateConsentsAndFirm(f: FirmContext): void {
  const rng = Rng.stream(f.g.seed, f.i, Stream.CONSENT);
  const asOfEnd = lastDay(f.g.asOf);
  const activeEnd = lastDay(f.p.lastMonth);
  const consents: Consent[] = [];
  const fate = rng.float();
  // Granted within the last 11 months (ceased firms: before they ceased); valid for a year.
  let from = Math.max(f.id.foundedOn + 30, Math.min(activeEnd, asOfEnd) - rng.int(0, 330));
  if (fate < 0.02) from = Math.max(f.id.foundedOn + 30, asOfEnd - rng.int(400, 700)); // expired
  const main = consent(rng, '本行', 'CREDIT_APPLICATION', ALL_SOURCES, 'FULL', from, 365);
  if (fate >= 0.02 && fate < 0.035 && main.from < asOfEnd) main.revoked = revocation(rng, main.from, asOfEnd);
  consents.push(main);
  if (f.p.hasLoan) consents.push(consent(rng, '本行', 'POST_LOAN_MONITORING', ALL_SOURCES, 'FULL', main.from, 730));
  if (rng.chance(0.15)) {
    const sources = ALL_SOURCES.filter(() => rng.chance(0.6));
    const partner = consent(
      rng,
      rng.pick(PARTNERS),
      rng.pick(['CREDIT_APPLICATION', 'RISK_ASSESSMENT']),
      sources.length ? sources : ['TAX'],
      rng.chance(0.6) ? 'SCORE_ONLY' : 'FULL',
      Math.min(asOfEnd, main.from + rng.int(0, 200)),
      365,
    );
    if (rng.chance(0.1) && partner.from < asOfEnd) partner.revoked = revocation(rng, partner.from, asOfEnd);
    consents.push(partner);
  }
  for (const c of consents) {
    f.out['bank.consent'].add(
      f.g.ids.take('bank.consent'),
      f.id.uscc,
      c.grantee,
      c.purpose,
      textArrayLiteral(c.sources),
      c.scope,
      formatDay(c.from),
      formatDay(c.to),
      formatTimestamp(c.from, c.grantedSecond),
      c.revoked ? formatTimestamp(c.revoked.day, c.revoked.second) : null,
    );
  }
  writeFirm(f, formatTimestamp(main.from, main.grantedSecond));
}

function consent(
  rng: Rng,
  grantee: string,
  purpose: string,
  sources: string[],
  scope: Consent['scope'],
  from: Day,
  days: number,
): Consent {
  return {
    grantee,
    purpose,
    sources,
    scope,
    from,
    to: from + days,
    grantedSecond: rng.int(8 * 3600, 20 * 3600),
    revoked: null,
  };
}

/** Revoked on a later day than granted, by asOf. */
function revocation(rng: Rng, from: Day, asOfEnd: Day): Consent['revoked'] {
  return { day: Math.min(asOfEnd, from + rng.int(1, 300)), second: rng.int(8 * 3600, 22 * 3600) };
}

function writeFirm(f: FirmContext, createdAt: string): void {
  f.out['core.firm'].add(
    f.id.uscc,
    f.id.name,
    textArrayLiteral(f.id.formerNames),
    f.id.industry.code,
    f.id.region.code,
    f.p.claimedStaff,
    f.id.registrationNo,
    createdAt,
  );
}
