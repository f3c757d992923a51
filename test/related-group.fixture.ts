/**
 * The hand-built firms of test/related-group.int.test.ts (in the style of network.fixture.ts):
 * - person P controls F1 (60%), F2 (100%) and, through the holding firm HF (P 80%), F3 (HF 70%:
 *   P 56%); P holds only 30% of F4 (Q holds 70%); P sold F5 to Q (the change log says so, the
 *   current shareholder rows name Q only);
 * - a shareholding loop: P holds 60% of L1, L1 holds 100% of L2, L2 holds 40% of L1;
 * - a firm controller: GL (no shareholders of its own) holds 90% of GL2 and 100% of GL3;
 * - guarantees live on the as-of day: F1 guarantees GL and F2 (so F2 is in F1's group twice over),
 *   GL guarantees GL2 (two hops from F1);
 * - ACTIVE loans whose balances are exact only in decimals (0.10 + 0.20 ...), a SETTLED one that
 *   does not count; F1's group is 9,999,999.99 CNY in all;
 * - partners' consents on F1: BANK only, REGISTRY only, both.
 */
import type { Database } from '../src/db/database';
import { buildUscc } from '../src/lib/uscc';

const names = ['F1', 'F2', 'HF', 'F3', 'F4', 'F5', 'L1', 'L2', 'GL', 'GL2', 'GL3'] as const;
export type Name = (typeof names)[number];
export const U = Object.fromEntries(
  names.map((n, i) => [n, buildUscc('9', '1', '330106', `GRP${String(i + 1).padStart(5, '0')}`)]),
) as Record<Name, string>;
export const byUscc = new Map(names.map((n) => [U[n], n]));
export const label = (usccs: string[]) => usccs.map((u) => byUscc.get(u) ?? u);

export const P = { name: '周明', id: '330106197501011234' };
export const Q = { name: '吴芳', id: '330106197602021235' };

type Holder = Name | { name: string; id: string };
/** Holdings: the held firm, the holder, the ratio. */
const HOLDINGS: Array<[Name, Holder, string]> = [
  ['F1', P, '0.6000'],
  ['F1', Q, '0.4000'],
  ['F2', P, '1.0000'],
  ['HF', P, '0.8000'],
  ['HF', Q, '0.2000'],
  ['F3', 'HF', '0.7000'],
  ['F3', Q, '0.3000'],
  ['F4', P, '0.3000'],
  ['F4', Q, '0.7000'],
  ['F5', Q, '1.0000'],
  ['L1', P, '0.6000'],
  ['L1', 'L2', '0.4000'],
  ['L2', 'L1', '1.0000'],
  ['GL2', 'GL', '0.9000'],
  ['GL2', Q, '0.1000'],
  ['GL3', 'GL', '1.0000'],
];

/** The firm, the balance, the status. */
const LOANS: Array<[Name, string, string]> = [
  ['F1', '0.10', 'ACTIVE'],
  ['F2', '0.20', 'ACTIVE'],
  ['F2', '888.00', 'SETTLED'],
  ['F3', '3000000.00', 'ACTIVE'],
  ['GL', '6999999.60', 'ACTIVE'],
  ['GL', '0.09', 'ACTIVE'],
  ['F4', '500.00', 'ACTIVE'],
  ['F5', '700.00', 'ACTIVE'],
];

export const PURPOSE = 'CREDIT_APPLICATION';
export const BANK_ONLY = 'group-test-bank';
export const REGISTRY_ONLY = 'group-test-registry';
export const BOTH = 'group-test-both';

export async function seedRelatedGroupFixture(db: Database): Promise<void> {
  await db.query(
    `INSERT INTO core.firm (uscc, name, industry_code, region_code, claimed_staff)
     SELECT u, '集团' || n || '有限公司', 'C', '330106', 10 FROM unnest($1::bpchar[], $2::text[]) AS x(u, n)`,
    [names.map((n) => U[n]), [...names]],
  );
  for (const [held, holder, ratio] of HOLDINGS) {
    const person = typeof holder === 'object';
    await db.query(
      `INSERT INTO registry.shareholder (uscc, holder_type, holder_name, holder_uscc, holder_id_no, share_ratio,
         subscribed_capital, paid_capital) VALUES ($1, $2, $3, $4, $5, $6, 1000000, 1000000)`,
      [
        U[held],
        person ? 'PERSON' : 'FIRM',
        person ? holder.name : `集团${holder}有限公司`,
        person ? null : U[holder],
        person ? holder.id : null,
        ratio,
      ],
    );
  }
  await db.query(
    `INSERT INTO registry.change_log (uscc, changed_on, item, before_value, after_value)
     VALUES ($1, '2025-06-30', 'SHAREHOLDER', $2, $3)`,
    [U.F5, `${P.name} 100%`, `${Q.name} 100%`],
  );
  for (const [g, b] of [
    ['F1', 'GL'],
    ['F1', 'F2'],
    ['GL', 'GL2'],
  ] as const)
    await db.query(
      `INSERT INTO bank.guarantee (guarantor_uscc, borrower_uscc, amount, start_date, end_date)
       VALUES ($1, $2, 100000, '2025-01-01', '2099-12-31')`,
      [U[g], U[b]],
    );
  for (const [i, [f, balance, status]] of LOANS.entries())
    await db.query(
      `INSERT INTO bank.loan (uscc, contract_no, product, principal, balance, annual_rate, term_months, repayment_method,
         start_date, maturity_date, classification, status)
       VALUES ($1, $2, 'WORKING_CAPITAL', $3, $3, 0.0450, 12, 'BULLET', '2026-01-01', '2027-01-01', 'NORMAL', $4)`,
      [U[f], `GRP-${i}`, balance, status],
    );
  for (const [grantee, sources] of [
    [BANK_ONLY, ['BANK']],
    [REGISTRY_ONLY, ['REGISTRY']],
    [BOTH, ['BANK', 'REGISTRY']],
  ] as const)
    await db.query(
      `INSERT INTO bank.consent (uscc, grantee, purpose, sources, scope, valid_from, valid_to, granted_at, revoked_at)
       VALUES ($1, $2, $3, $4::text[], 'FULL', '2026-01-01', '2027-12-31', now(), NULL)`,
      [U.F1, grantee, PURPOSE, sources],
    );
}
