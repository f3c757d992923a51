/**
 * The hand-built firms of test/network.int.test.ts: guarantees (a chain, a star, a mutual pair, a
 * circle of 4, a released guarantee), loans for the exposure, a three-layer holding with a second
 * path and a loop, legal representatives, and partners' consents (one naming BANK only, one naming
 * BANK and REGISTRY).
 */
import type { Database } from '../src/db/database';
import { buildUscc } from '../src/lib/uscc';

const firm = (i: number) => buildUscc('9', '1', '330106', `NET${String(i).padStart(5, '0')}`);
const names = [
  'A',
  'B',
  'C',
  'D',
  'S',
  'T1',
  'T2',
  'T3',
  'T4',
  'T5',
  'M1',
  'M2',
  'K1',
  'K2',
  'K3',
  'K4',
  'R',
  'O1',
  'O2',
  'O3',
  'H1',
  'H2',
  'G',
  'L1',
  'L2',
] as const;
export type Name = (typeof names)[number];
export const U = Object.fromEntries(names.map((n, i) => [n, firm(i + 1)])) as Record<Name, string>;
export const byUscc = new Map(names.map((n) => [U[n], n]));
export const label = (usccs: string[]) => usccs.map((u) => byUscc.get(u) ?? u);

/** Persons: name and resident ID number. */
export const P = { name: '王小明', id: '330106198001011234' };
export const Q = { name: '李华', id: '330106198102021235' };
export const W = { name: '张伟', id: '330106198203031236' };
export const Z = { name: '赵敏', id: '330106198304041237' };
export const X = { name: '陈刚', id: '330106198405051238' };
export const LR = { name: '刘洋', id: '330106198506061239' };

const LIVE = ['2025-01-01', '2099-12-31'] as const;
/** Guarantor, guaranteed, amount, [start, end]. */
const GUARANTEES: Array<[Name, Name, string, readonly [string, string]]> = [
  ['A', 'B', '100000.00', LIVE],
  ['B', 'C', '200000.00', LIVE],
  ['C', 'D', '300000.00', LIVE],
  ['R', 'A', '999999.99', ['2019-01-01', '2020-12-31']], // released: does not count
  ...(['T1', 'T2', 'T3', 'T4', 'T5'] as const).map((t): [Name, Name, string, readonly [string, string]] => [
    'S',
    t,
    '50000.00',
    LIVE,
  ]),
  ['M1', 'M2', '10000.00', LIVE],
  ['M2', 'M1', '20000.00', LIVE],
  ['K1', 'K2', '1.00', LIVE],
  ['K2', 'K3', '2.00', LIVE],
  ['K3', 'K4', '3.00', LIVE],
  ['K4', 'K1', '4.00', LIVE],
];

/** Holdings: the held firm, the holder (a firm's name or a person), the ratio. */
type Holder = Name | { name: string; id: string };
const HOLDINGS: Array<[Name, Holder, string]> = [
  ['O1', 'H2', '0.8000'],
  ['O1', Q, '0.2000'],
  ['H2', 'H1', '0.5000'],
  ['H2', 'G', '0.5000'],
  ['H1', P, '0.6000'],
  ['H1', W, '0.4000'],
  ['O2', 'H2', '0.8000'],
  ['O2', P, '0.0500'],
  ['O2', Z, '0.1500'],
  ['O3', 'L1', '1.0000'],
  ['L1', 'L2', '0.5000'],
  ['L1', X, '0.5000'],
  ['L2', 'L1', '1.0000'], // a loop
];

export const PURPOSE = 'CREDIT_APPLICATION';
export const BANK_ONLY = 'network-test-bank';
export const WITH_REGISTRY = 'network-test-registry';

/** Writes the fixture into an empty, migrated database. */
export async function seedNetworkFixture(db: Database): Promise<void> {
  await db.query(
    `INSERT INTO core.firm (uscc, name, industry_code, region_code, claimed_staff)
     SELECT u, '测试' || n || '有限公司', 'C', '330106', 10 FROM unnest($1::bpchar[], $2::text[]) AS x(u, n)`,
    [names.map((n) => U[n]), [...names]],
  );
  for (const [g, b, amount, [from, to]] of GUARANTEES)
    await db.query(
      `INSERT INTO bank.guarantee (guarantor_uscc, borrower_uscc, amount, start_date, end_date) VALUES ($1, $2, $3, $4, $5)`,
      [U[g], U[b], amount, from, to],
    );
  // B: two ACTIVE loans and a SETTLED one (which does not count).
  const loans: Array<[Name, string, string]> = [
    ['B', '1000000.00', 'ACTIVE'],
    ['B', '250000.50', 'ACTIVE'],
    ['B', '5000.00', 'SETTLED'],
    ['D', '300000.25', 'ACTIVE'],
  ];
  for (const [i, [f, balance, status]] of loans.entries())
    await db.query(
      `INSERT INTO bank.loan (uscc, contract_no, product, principal, balance, annual_rate, term_months, repayment_method,
         start_date, maturity_date, classification, status)
       VALUES ($1, $2, 'WORKING_CAPITAL', $3, $3, 0.0450, 12, 'BULLET', '2026-01-01', '2027-01-01', 'NORMAL', $4)`,
      [U[f], `NET-${i}`, balance, status],
    );
  for (const [held, holder, ratio] of HOLDINGS) {
    const person = typeof holder === 'object';
    await db.query(
      `INSERT INTO registry.shareholder (uscc, holder_type, holder_name, holder_uscc, holder_id_no, share_ratio,
         subscribed_capital, paid_capital) VALUES ($1, $2, $3, $4, $5, $6, 1000000, 1000000)`,
      [
        U[held],
        person ? 'PERSON' : 'FIRM',
        person ? holder.name : `测试${holder}有限公司`,
        person ? null : U[holder],
        person ? holder.id : null,
        ratio,
      ],
    );
  }
  const reps: Array<[Name, { name: string; id: string }]> = [
    ['O1', Q],
    ['O2', LR],
  ];
  for (const [f, rep] of reps)
    await db.query(
      `INSERT INTO registry.company (uscc, name, status, entity_type, founded_on, registered_capital, paid_in_capital,
         legal_rep_name, legal_rep_id_no, address, business_scope, authority)
       VALUES ($1, $2, 'ACTIVE', 'COMPANY', '2015-01-01', 1000000, 1000000, $3, $4, '杭州市', '贸易', '杭州市市场监督管理局')`,
      [U[f], `测试${f}有限公司`, rep.name, rep.id],
    );
  for (const [grantee, sources] of [
    [BANK_ONLY, ['BANK']],
    [WITH_REGISTRY, ['BANK', 'REGISTRY']],
  ] as const)
    await db.query(
      `INSERT INTO bank.consent (uscc, grantee, purpose, sources, scope, valid_from, valid_to, granted_at, revoked_at)
       SELECT u, $2, $3, $4::text[], 'FULL', '2026-01-01', '2027-12-31', now(), NULL FROM unnest($1::bpchar[]) AS u`,
      [[U.A, U.O1], grantee, PURPOSE, sources],
    );
}
