/**
 * The examples `npm start` prints: a firm's profile from all five sources (for the bank's
 * analyst), and a partner's first query for a firm that holds a consent live today for that
 * partner.
 */
import type { Database } from './db/database';
import { consentDay } from './consent/consent.repository';

export const PROFILE_QUERY = `query Profile($uscc: USCC!) {
  borrower(uscc: $uscc) {
    uscc name industry { code name } region { province city name }
    registry { status foundedOn registeredCapital paidInCapital legalRepName shareholders { holderName shareRatio } changes(first: 3) { changedOn item } }
    tax { taxpayerType creditRating declarations(months: 3) { period sales taxPaid } invoices(first: 3) { edges { node { invoiceNumber buyerName amount issueDate } } } }
    bank { accounts { accountNo accountType } monthlyFlows(months: 3) { month inflow outflow endBalance } loans { contractNo principal balance overdueDays classification } }
    supplyChain { coreEnterprises { name } receivables(first: 3) { receivableNo amount pledges { pledgee } } }
    judicial { cases(first: 3) { caseNo cause role amount } enforcements { caseNo amount } dishonestListings { caseNo } }
    altData { socialInsurance(months: 3) { month insuredHeadcount } }
  }
}`;

/** The USCC of a firm with a loan, a receivable and a court case (falls back to any firm). */
export async function exampleUscc(db: Database): Promise<string | null> {
  const { rows } = await db.query<{ uscc: string }>(
    `SELECT f.uscc FROM core.firm f
      ORDER BY (EXISTS (SELECT 1 FROM bank.loan l WHERE l.uscc = f.uscc))::int
             + (EXISTS (SELECT 1 FROM supply_chain.receivable r WHERE r.creditor_uscc = f.uscc))::int
             + (EXISTS (SELECT 1 FROM judicial.case_party p WHERE p.uscc = f.uscc))::int
             + (EXISTS (SELECT 1 FROM tax.taxpayer t WHERE t.uscc = f.uscc))::int
             + (EXISTS (SELECT 1 FROM registry.company c WHERE c.uscc = f.uscc))::int DESC, f.uscc
      LIMIT 1`,
  );
  return rows[0]?.uscc ?? null;
}

/** What a partner sees under any consent scope: the firm's identity and its score. */
export const PARTNER_QUERY = `query PartnerFirst($uscc: USCC!) {
  borrower(uscc: $uscc) { uscc name health { score tier modelVersion asOf } }
}`;

export interface PartnerExample {
  uscc: string;
  grantee: string;
  purpose: string;
  scope: string;
  sources: string[];
}

/**
 * A consent live today (China Standard Time) for a partner, not the bank's own tenant: FULL
 * before SCORE_ONLY, then the most sources, then the lowest USCC. Null when there is none.
 */
export async function examplePartnerConsent(
  db: Database,
  bankTenant: string,
  now = new Date(),
): Promise<PartnerExample | null> {
  const { rows } = await db.query<PartnerExample>(
    `SELECT c.uscc, c.grantee, c.purpose, c.scope, c.sources
       FROM bank.consent c JOIN core.firm f ON f.uscc = c.uscc
      WHERE c.grantee <> $1 AND c.revoked_at IS NULL AND c.valid_from <= $2::date AND c.valid_to >= $2::date
      ORDER BY (c.scope = 'FULL') DESC, cardinality(c.sources) DESC, c.uscc, c.id
      LIMIT 1`,
    [bankTenant, consentDay(now)],
  );
  return rows[0] ?? null;
}

/** A curl command a person can paste (with the bearer token, when there is one). */
export function exampleCurl(url: string, uscc: string, token: string | null = null, query = PROFILE_QUERY): string {
  const body = JSON.stringify({ query: query.replace(/\s+/g, ' '), variables: { uscc } });
  const auth = token ? ` -H 'authorization: Bearer ${token}'` : '';
  return `curl -s ${url} -H 'content-type: application/json'${auth} -d '${body}'`;
}
