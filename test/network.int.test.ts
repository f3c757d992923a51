/**
 * Guarantee networks and equity penetration (src/network/) on a scratch database of hand-built
 * firms, through GraphQL over HTTP:
 * - guarantees: a chain A->B->C->D, a star (S behind T1..T5), a mutual pair, a circle of 4, a
 *   released guarantee that does not count, depth limits (and 0 / 7 refused naming `depth`),
 *   the bank's exposure to each member (ACTIVE loans only, exact), EXPLAIN showing the index use;
 * - ownership: a three-layer holding (P 60% of H1, H1 50% of H2, H2 80% of O1: P 24%), a second
 *   path lifting P over 25% (O2), a shareholding loop that terminates (O3), the "no one >= 25%"
 *   fallback and the legal representative, the depth bound;
 * - masking of persons for an ANALYST and a RISK_OFFICER asking unmasked; a partner refused
 *   ownership without a consent naming REGISTRY.
 */
import { Role } from '../src/auth/principal';
import type { Database } from '../src/db/database';
import { mask } from '../src/masking/mask';
import { SensitiveKind } from '../src/masking/masking.config';
import { NETWORK_SQL } from '../src/network/guarantee.repository';
import { ultimateControllersOf } from '../src/network/ownership.repository';
import { authHeader, gql, openScratchDatabase, startTestServer, type TestServer } from './helpers';
import type { ScratchDatabase } from './helpers';
import {
  BANK_ONLY,
  LR,
  P,
  PURPOSE,
  Q,
  U,
  W,
  WITH_REGISTRY,
  X,
  byUscc,
  label,
  seedNetworkFixture,
  type Name,
} from './network.fixture';

let scratch: ScratchDatabase;
let db: Database;
let t: TestServer;

beforeAll(async () => {
  scratch = await openScratchDatabase();
  db = scratch.db;
  await seedNetworkFixture(db);
  t = await startTestServer({}, { databaseUrl: scratch.url });
}, 120_000);

afterAll(async () => {
  await t?.close();
  await scratch?.drop();
});

const NETWORK = `query($u: USCC!, $d: Int) { borrower(uscc: $u) { guaranteeNetwork(depth: $d) {
  asOf depth totalExposure onCircle circle members { uscc name hops path exposure edges { guarantorUscc borrowerUscc amount } } } } }`;

interface Member {
  uscc: string;
  name: string | null;
  hops: number;
  path: string[];
  exposure: string;
  edges: Array<{ guarantorUscc: string; borrowerUscc: string; amount: string }>;
}
interface Network {
  asOf: string;
  depth: number;
  totalExposure: string;
  onCircle: boolean;
  circle: string[];
  members: Member[];
}

async function network(f: Name, depth?: number, headers?: Record<string, string>): Promise<Network> {
  const res = await gql(t.url, NETWORK, { u: U[f], d: depth }, headers);
  expect(res.errors).toBeUndefined();
  return res.data!.borrower.guaranteeNetwork as Network;
}
const hopsOf = (n: Network) => Object.fromEntries(n.members.map((m) => [byUscc.get(m.uscc), m.hops]));

describe('guaranteeNetwork', () => {
  it('follows a chain in both directions, up to the depth (3 by default), with the path and the amounts', async () => {
    const a = await network('A');
    expect(a.depth).toBe(3);
    expect(hopsOf(a)).toEqual({ B: 1, C: 2, D: 3 });
    const d = a.members.find((m) => m.uscc === U.D)!;
    expect(label(d.path)).toEqual(['A', 'B', 'C', 'D']);
    expect(d.edges).toEqual([
      { guarantorUscc: U.A, borrowerUscc: U.B, amount: '100000.00' },
      { guarantorUscc: U.B, borrowerUscc: U.C, amount: '200000.00' },
      { guarantorUscc: U.C, borrowerUscc: U.D, amount: '300000.00' },
    ]);
    expect(d.name).toBe('测试D有限公司');
    expect(a.onCircle).toBe(false);
    expect(a.circle).toEqual([]);
    expect(hopsOf(await network('A', 2))).toEqual({ B: 1, C: 2 });
    expect(hopsOf(await network('A', 1))).toEqual({ B: 1 });
    // From the middle: guarantors and guaranteed alike.
    const c = await network('C', 1);
    expect(hopsOf(c)).toEqual({ B: 1, D: 1 });
    expect(c.members.find((m) => m.uscc === U.B)!.edges).toEqual([
      { guarantorUscc: U.B, borrowerUscc: U.C, amount: '200000.00' },
    ]);
  });

  it("gives the bank's exposure to each member from its ACTIVE loans, exactly, and the total", async () => {
    const a = await network('A');
    const exposure = Object.fromEntries(a.members.map((m) => [byUscc.get(m.uscc), m.exposure]));
    expect(exposure).toEqual({ B: '1250000.50', C: '0.00', D: '300000.25' });
    expect(a.totalExposure).toBe('1550000.75');
  });

  it('does not count a released guarantee (its end date passed before the as-of day)', async () => {
    const r = await network('R');
    expect(r.members).toEqual([]);
    expect(hopsOf(await network('A', 6))).toEqual({ B: 1, C: 2, D: 3 });
  });

  it('finds a star: the guarantor behind five firms, and the others two hops from one of them', async () => {
    expect(hopsOf(await network('S', 1))).toEqual({ T1: 1, T2: 1, T3: 1, T4: 1, T5: 1 });
    const t1 = await network('T1', 2);
    expect(hopsOf(t1)).toEqual({ S: 1, T2: 2, T3: 2, T4: 2, T5: 2 });
    expect(label(t1.members.find((m) => m.uscc === U.T3)!.path)).toEqual(['T1', 'S', 'T3']);
    expect(t1.onCircle).toBe(false);
  });

  it('finds a mutual pair as a circle of two, the other firm listed once', async () => {
    const m = await network('M1');
    expect(m.members).toHaveLength(1);
    expect(hopsOf(m)).toEqual({ M2: 1 });
    expect(m.onCircle).toBe(true);
    expect(label(m.circle).sort()).toEqual(['M1', 'M2']);
  });

  it('finds a circle of 4 from any member, each member once by its shortest path, even below the depth of the circle', async () => {
    for (const k of ['K1', 'K2', 'K3', 'K4'] as const) {
      const n = await network(k, 2);
      expect(n.members).toHaveLength(3);
      expect(Object.values(hopsOf(n)).sort()).toEqual([1, 1, 2]);
      expect(n.onCircle).toBe(true);
      expect(label(n.circle).sort()).toEqual(['K1', 'K2', 'K3', 'K4']);
    }
    expect(hopsOf(await network('K1', 6))).toEqual({ K2: 1, K4: 1, K3: 2 });
  });

  it('refuses a depth outside 1-6 with BAD_USER_INPUT naming depth', async () => {
    for (const d of [0, 7]) {
      const res = await gql(t.url, NETWORK, { u: U.A, d });
      expect(res.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'depth' });
      expect(res.errors?.[0].message).toMatch(/`depth` must be an integer from 1 to 6/);
    }
  });

  it('walks the guarantees through their indexes (EXPLAIN over 20,000 unrelated guarantees, analysed)', async () => {
    // Filler: 20,000 live guarantees among 10,000 other firms (none of the firms above), so that the
    // planner weighs an index look-up against a scan as on a real book.
    await db.query(
      `INSERT INTO bank.guarantee (guarantor_uscc, borrower_uscc, amount, start_date, end_date)
       SELECT 'FILL' || lpad((i % 10000)::text, 14, '0'), 'FILL' || lpad(((i * 7 + 1) % 10000)::text, 14, '0'),
              1000, '2025-01-01', '2099-12-31'
       FROM generate_series(1, 20000) AS i`,
    );
    await db.query('ANALYZE bank.guarantee');
    const { rows } = await db.query<{ 'QUERY PLAN': string }>(`EXPLAIN ${NETWORK_SQL}`, [[U.A], [3], '2026-11-30', 8]);
    const plan = rows.map((r) => r['QUERY PLAN']).join('\n');
    expect(plan).toMatch(/Index Scan using guarantee_guarantor|Bitmap Index Scan on guarantee_guarantor/);
    expect(plan).toMatch(/Index Scan using guarantee_borrower|Bitmap Index Scan on guarantee_borrower/);
    expect(plan).not.toMatch(/Seq Scan on guarantee/);
    expect(hopsOf(await network('A'))).toEqual({ B: 1, C: 2, D: 3 });
  });
});

describe('batching', () => {
  const PAGE = `query($n: Int!) { borrowers(first: $n) { edges { node { uscc
    guaranteeNetwork(depth: 2) { members { uscc } circle } ultimateControllers { share } beneficialOwners { share } } } } }`;
  async function statementsFor(n: number): Promise<number> {
    const res = await gql(t.url, PAGE, { n });
    expect(res.errors).toBeUndefined();
    expect(res.data!.borrowers.edges).toHaveLength(n);
    t.db.resetStatementCount();
    const again = await gql(t.url, PAGE, { n });
    expect(again.errors).toBeUndefined();
    return t.db.statementCount();
  }

  it('reads the networks and ownership of a page of firms in the same statements whatever its size (none per firm)', async () => {
    const small = await statementsFor(5);
    expect(small).toBeGreaterThan(0);
    expect(await statementsFor(25)).toBe(small);
  });
});

const OWNERS = `query($u: USCC!, $full: Boolean! = false) { borrower(uscc: $u) {
  ultimateControllers { kind holderType holderName(unmasked: $full) holderUscc holderIdNo(unmasked: $full) share
    paths { firms ratios share } }
  beneficialOwners { name(unmasked: $full) idNo(unmasked: $full) share reasons explanation } } }`;

interface Controller {
  kind: string;
  holderType: string;
  holderName: string;
  holderUscc: string | null;
  holderIdNo: string | null;
  share: string;
  paths: Array<{ firms: string[]; ratios: string[]; share: string }>;
}
interface Owner {
  name: string;
  idNo: string | null;
  share: string | null;
  reasons: string[];
  explanation: string;
}

async function owners(
  f: Name,
  role: Role = Role.RISK_OFFICER,
  full = true,
): Promise<{ ultimateControllers: Controller[]; beneficialOwners: Owner[] }> {
  const res = await gql(t.url, OWNERS, { u: U[f], full }, await authHeader(role));
  expect(res.errors).toBeUndefined();
  return res.data!.borrower;
}

describe('ultimateControllers and beneficialOwners', () => {
  it('multiplies the ratios through three layers (P: 60% x 50% x 80% = 24%) and stops at a firm with no shareholders', async () => {
    const { ultimateControllers: c } = await owners('O1');
    expect(c.map((x) => [x.kind, x.holderName, x.share])).toEqual([
      ['UNHELD_FIRM', '测试G有限公司', '0.4000'],
      ['NATURAL_PERSON', P.name, '0.2400'],
      ['NATURAL_PERSON', Q.name, '0.2000'],
      ['NATURAL_PERSON', W.name, '0.1600'],
    ]);
    const p = c[1];
    expect(p.holderIdNo).toBe(P.id);
    expect(p.paths).toEqual([{ firms: [U.O1, U.H2, U.H1], ratios: ['0.8000', '0.5000', '0.6000'], share: '0.2400' }]);
    expect(c[0].holderUscc).toBe(U.G);
  });

  it('falls back to the largest natural-person holder when no one holds 25%, and names the legal representative', async () => {
    const { beneficialOwners: o } = await owners('O1');
    expect(o.map((x) => [x.name, x.share, x.reasons])).toEqual([
      [P.name, '0.2400', ['LARGEST_HOLDER']],
      [Q.name, '0.2000', ['LEGAL_REPRESENTATIVE']],
    ]);
    expect(o[0].explanation).toMatch(/no natural person holds 25% or more.*24\.00%/);
  });

  it('sums a second path: P over 25% (24% + 5% = 29%), a beneficial owner by share; the legal representative besides', async () => {
    const { ultimateControllers: c, beneficialOwners: o } = await owners('O2');
    const p = c.find((x) => x.holderIdNo === P.id)!;
    expect(p.share).toBe('0.2900');
    expect(p.paths.map((x) => x.share)).toEqual(['0.2400', '0.0500']);
    expect(o.map((x) => [x.name, x.share, x.reasons])).toEqual([
      [P.name, '0.2900', ['OWNS_25_PERCENT']],
      [LR.name, null, ['LEGAL_REPRESENTATIVE']],
    ]);
    expect(o[0].explanation).toMatch(/29\.00%.*2 paths/);
  });

  it('cuts a shareholding loop and terminates', async () => {
    const { ultimateControllers: c, beneficialOwners: o } = await owners('O3');
    expect(c.map((x) => [x.kind, x.holderName, x.share])).toEqual([['NATURAL_PERSON', X.name, '0.5000']]);
    expect(c[0].paths).toEqual([{ firms: [U.O3, U.L1], ratios: ['1.0000', '0.5000'], share: '0.5000' }]);
    expect(o.map((x) => x.reasons)).toEqual([['OWNS_25_PERCENT']]);
  });

  it('stops at the depth bound, reporting the firm still held there (equal shares by name)', async () => {
    const [c] = await ultimateControllersOf(db, [U.O1], 2);
    expect(c.map((x) => [x.kind, x.holderUscc ?? x.holderName, x.share])).toEqual([
      ['UNHELD_FIRM', U.G, '0.4000'],
      ['DEPTH_LIMIT', U.H1, '0.4000'],
      ['NATURAL_PERSON', Q.name, '0.2000'],
    ]);
  });

  it("masks persons' names and ID numbers for an ANALYST (a firm's name is not), as Shareholder.holderName does", async () => {
    const { ultimateControllers: c, beneficialOwners: o } = await owners('O1', Role.ANALYST, false);
    expect(c.map((x) => x.holderName)).toEqual([
      '测试G有限公司',
      mask(SensitiveKind.PERSON_NAME, P.name),
      mask(SensitiveKind.PERSON_NAME, Q.name),
      mask(SensitiveKind.PERSON_NAME, W.name),
    ]);
    expect(c[1].holderName).not.toBe(P.name);
    expect(c[1].holderIdNo).toBe(mask(SensitiveKind.ID_NUMBER, P.id));
    expect(c[0].holderIdNo).toBeNull();
    expect(o.map((x) => [x.name, x.idNo])).toEqual([
      [mask(SensitiveKind.PERSON_NAME, P.name), mask(SensitiveKind.ID_NUMBER, P.id)],
      [mask(SensitiveKind.PERSON_NAME, Q.name), mask(SensitiveKind.ID_NUMBER, Q.id)],
    ]);
    const refused = await gql(t.url, OWNERS, { u: U.O1, full: true }, await authHeader(Role.ANALYST));
    expect(refused.errors?.map((e) => e.extensions?.code)).toContain('FORBIDDEN');
  });
});

describe('partners', () => {
  const partner = (tenant: string) => authHeader(Role.PARTNER, { tenant, purpose: PURPOSE, sub: 'partner.user' });
  const CONTROLLERS = `query($u: USCC!) { borrower(uscc: $u) { ultimateControllers { share } } }`;

  it('reads a guarantee network and ownership only under a consent naming the registry (the network: BANK too)', async () => {
    const NETWORK_OF = `query($u: USCC!) { borrower(uscc: $u) { guaranteeNetwork(depth: 1) { members { uscc } } } }`;
    const noRegistry = await gql(t.url, NETWORK_OF, { u: U.A }, await partner(BANK_ONLY));
    expect(noRegistry.errors?.[0].extensions).toMatchObject({ code: 'CONSENT_REQUIRED', sources: ['REGISTRY'] });
    // The refusal nulls the field only: the borrower stays.
    expect(noRegistry.data!.borrower).toEqual({ guaranteeNetwork: null });
    expect(noRegistry.errors?.[0].message).toMatch(/who is tied to the firm/);
    expect(hopsOf(await network('A', 1, await partner(WITH_REGISTRY)))).toEqual({ B: 1 });
    const refused = await gql(t.url, CONTROLLERS, { u: U.O1 }, await partner(BANK_ONLY));
    expect(refused.errors?.[0].extensions).toMatchObject({ code: 'CONSENT_REQUIRED', sources: ['REGISTRY'] });
    expect(refused.data!.borrower).toEqual({ ultimateControllers: null });
    const allowed = await gql(t.url, CONTROLLERS, { u: U.O1 }, await partner(WITH_REGISTRY));
    expect(allowed.errors).toBeUndefined();
    expect(allowed.data!.borrower.ultimateControllers).toHaveLength(4);
  });

  it('is refused a firm it has no consent of', async () => {
    const res = await gql(t.url, CONTROLLERS, { u: U.O2 }, await partner(WITH_REGISTRY));
    expect(res.errors?.[0].extensions?.code).toBe('CONSENT_REQUIRED');
  });
});
