/**
 * Related groups (`Borrower.relatedGroup`, src/network/related-group.*) and their use in approval
 * routing, on a scratch database of hand-built firms (test/related-group.fixture.ts), through
 * GraphQL over HTTP: a person controlling three firms (one through a holding firm) and a loop; a
 * firm the person holds 30% of and one the person sold (not in the group); guarantee-linked firms
 * and a firm in the group for both reasons; exposures summed exactly; the controller masked;
 * partners refused without BANK or REGISTRY; batching; a group over the limit sending a small
 * application to the committee.
 */
import { Role } from '../src/auth/principal';
import { APPROVAL_CONFIG } from '../src/approval/approval.config';
import type { Database } from '../src/db/database';
import { mask } from '../src/masking/mask';
import { SensitiveKind } from '../src/masking/masking.config';
import { CONTROLLED_SQL } from '../src/network/related-group.repository';
import { authHeader, gql, openScratchDatabase, startTestServer, type TestServer } from './helpers';
import type { ScratchDatabase } from './helpers';
import {
  BANK_ONLY,
  BOTH,
  P,
  PURPOSE,
  Q,
  REGISTRY_ONLY,
  U,
  byUscc,
  label,
  seedRelatedGroupFixture,
  type Name,
} from './related-group.fixture';

let scratch: ScratchDatabase;
let db: Database;
let t: TestServer;

beforeAll(async () => {
  scratch = await openScratchDatabase();
  db = scratch.db;
  await seedRelatedGroupFixture(db);
  t = await startTestServer({}, { databaseUrl: scratch.url });
}, 120_000);

afterAll(async () => {
  await t?.close();
  await scratch?.drop();
});

const GROUP = `query($u: USCC!, $full: Boolean! = false) { borrower(uscc: $u) { relatedGroup {
  asOf controlShare networkDepth borrowerExposure exposure
  controller { kind holderType holderName(unmasked: $full) holderUscc holderIdNo(unmasked: $full) share }
  members { uscc name exposure reasons { kind controllerShare hops path edges { guarantorUscc borrowerUscc amount } } } } } }`;

interface Reason {
  kind: 'CONTROLLER' | 'GUARANTEE';
  controllerShare: string | null;
  hops: number | null;
  path: string[] | null;
  edges: Array<{ guarantorUscc: string; borrowerUscc: string; amount: string }> | null;
}
interface Group {
  asOf: string;
  controlShare: string;
  networkDepth: number;
  borrowerExposure: string;
  exposure: string;
  controller: {
    kind: string;
    holderType: string;
    holderName: string;
    holderUscc: string | null;
    holderIdNo: string | null;
    share: string;
  } | null;
  members: Array<{ uscc: string; name: string | null; exposure: string; reasons: Reason[] }>;
}

async function group(f: Name, role: Role = Role.RISK_OFFICER, full = role === Role.RISK_OFFICER): Promise<Group> {
  const res = await gql(t.url, GROUP, { u: U[f], full }, await authHeader(role));
  expect(res.errors).toBeUndefined();
  return res.data!.borrower.relatedGroup as Group;
}
/** Each member by name, with its reasons in short: "CONTROLLER 0.5600", "GUARANTEE 2". */
const summary = (g: Group) =>
  Object.fromEntries(
    g.members.map((m) => [
      byUscc.get(m.uscc),
      m.reasons.map((r) => `${r.kind} ${r.kind === 'GUARANTEE' ? r.hops : r.controllerShare}`),
    ]),
  );

describe('relatedGroup', () => {
  it('groups the firms under the same person: directly, through a holding firm, and round a loop (which terminates)', async () => {
    const g = await group('F1');
    expect(g.controller).toEqual({
      kind: 'NATURAL_PERSON',
      holderType: 'PERSON',
      holderName: P.name,
      holderUscc: null,
      holderIdNo: P.id,
      share: '0.6000',
    });
    expect(g.controlShare).toBe('0.5000');
    expect(g.networkDepth).toBe(6);
    expect(summary(g)).toEqual({
      GL: ['GUARANTEE 1'],
      F3: ['CONTROLLER 0.5600'],
      F2: ['CONTROLLER 1.0000', 'GUARANTEE 1'],
      HF: ['CONTROLLER 0.8000'],
      L1: ['CONTROLLER 0.6000'],
      L2: ['CONTROLLER 0.6000'],
      GL2: ['GUARANTEE 2'],
    });
    expect(g.members.find((m) => m.uscc === U.F3)!.name).toBe('集团F3有限公司');
  });

  it("leaves out a firm the person holds only 30% of, and one the person sold (in its buyer's group instead)", async () => {
    const g = await group('F1');
    expect(g.members.map((m) => m.uscc)).not.toContain(U.F4);
    expect(g.members.map((m) => m.uscc)).not.toContain(U.F5);
    const f4 = await group('F4');
    expect(f4.controller).toMatchObject({ holderIdNo: Q.id, share: '0.7000' });
    expect(summary(f4)).toEqual({ F5: ['CONTROLLER 1.0000'] });
    expect(f4.exposure).toBe('1200.00');
  });

  it('names the guarantee path and its edges for a guarantee-linked firm', async () => {
    const g = await group('F1');
    const gl2 = g.members.find((m) => m.uscc === U.GL2)!.reasons[0];
    expect(label(gl2.path!)).toEqual(['F1', 'GL', 'GL2']);
    expect(gl2.edges).toEqual([
      { guarantorUscc: U.F1, borrowerUscc: U.GL, amount: '100000.00' },
      { guarantorUscc: U.GL, borrowerUscc: U.GL2, amount: '100000.00' },
    ]);
    expect(gl2.controllerShare).toBeNull();
    const f2 = g.members.find((m) => m.uscc === U.F2)!.reasons;
    expect(f2[0]).toMatchObject({ kind: 'CONTROLLER', hops: null, path: null, edges: null });
  });

  it("sums the exposures exactly (0.10 + 0.20 + 3,000,000.00 + 6,999,999.60 + 0.09), the borrower's own included, largest first", async () => {
    const g = await group('F1');
    expect(g.borrowerExposure).toBe('0.10');
    expect(g.members.map((m) => [byUscc.get(m.uscc), m.exposure])).toEqual([
      ['GL', '6999999.69'],
      ['F3', '3000000.00'],
      ['F2', '0.20'],
      ['HF', '0.00'],
      ['L1', '0.00'],
      ['L2', '0.00'],
      ['GL2', '0.00'],
    ]);
    expect(g.exposure).toBe('9999999.99');
    // As floats the same sum is off.
    expect(0.1 + 0.2 + 3000000 + 6999999.6 + 0.09).not.toBe(9999999.99);
    // From F2, F1 is the member and F2 the borrower: the same group, the same total.
    const f2 = await group('F2');
    expect(summary(f2).F1).toEqual(['CONTROLLER 0.6000', 'GUARANTEE 1']);
    expect(f2.borrowerExposure).toBe('0.20');
    expect(f2.exposure).toBe('9999999.99');
  });

  it('heads its own group when no one holds the control share of it (the firms it controls); a firm controller is a member', async () => {
    // GL has no shareholders: no controller; it heads its group (GL2, GL3) and its guarantee network.
    const gl = await group('GL');
    expect(gl.controller).toBeNull();
    expect(summary(gl)).toEqual({
      F1: ['GUARANTEE 1'],
      F2: ['GUARANTEE 2'],
      GL2: ['CONTROLLER 0.9000', 'GUARANTEE 1'],
      GL3: ['CONTROLLER 1.0000'],
    });
    // A firm controller (a root: no shareholders of its own), found by its USCC: the group's head, a member with its share of GL2.
    const gl2 = await group('GL2');
    expect(gl2.controller).toMatchObject({
      kind: 'UNHELD_FIRM',
      holderType: 'FIRM',
      holderName: '集团GL有限公司',
      holderUscc: U.GL,
      holderIdNo: null,
      share: '0.9000',
    });
    expect(summary(gl2)).toEqual({
      GL: ['CONTROLLING_FIRM 0.9000', 'GUARANTEE 1'],
      F1: ['GUARANTEE 2'],
      F2: ['GUARANTEE 3'],
      GL3: ['CONTROLLER 1.0000'],
    });
    expect(gl2.exposure).toBe('6999999.99');
    // The loop: L2's controller is P through L1 (60% x 100%).
    const l2 = await group('L2');
    expect(l2.controller).toMatchObject({ holderIdNo: P.id, share: '0.6000' });
  });

  it("masks the controller's name and ID number for an ANALYST, and refuses it unmasked", async () => {
    const g = await group('F1', Role.ANALYST, false);
    expect(g.controller!.holderName).toBe(mask(SensitiveKind.PERSON_NAME, P.name));
    expect(g.controller!.holderName).not.toBe(P.name);
    expect(g.controller!.holderIdNo).toBe(mask(SensitiveKind.ID_NUMBER, P.id));
    const refused = await gql(t.url, GROUP, { u: U.F1, full: true }, await authHeader(Role.ANALYST));
    expect(refused.errors?.map((e) => e.extensions?.code)).toContain('FORBIDDEN');
  });

  it('walks down through the index on the holder ID number (EXPLAIN over 20,000 unrelated holdings, analysed)', async () => {
    await db.query(
      `INSERT INTO registry.shareholder (uscc, holder_type, holder_name, holder_uscc, holder_id_no, share_ratio, subscribed_capital, paid_capital)
       SELECT 'FILL' || lpad((i % 10000)::text, 14, '0'), 'PERSON', '某人', NULL, lpad(i::text, 18, '0'), 0.5, 1, 1
       FROM generate_series(1, 20000) AS i`,
    );
    await db.query('ANALYZE registry.shareholder');
    const { rows } = await db.query<{ 'QUERY PLAN': string }>(`EXPLAIN ${CONTROLLED_SQL}`, [
      ['PERSON'],
      [P.id],
      10,
      '0.5000',
    ]);
    const plan = rows.map((r) => r['QUERY PLAN']).join('\n');
    expect(plan).toMatch(/Index Scan using shareholder_holder_id_no|Bitmap Index Scan on shareholder_holder_id_no/);
    expect(plan).toMatch(/Index Scan using shareholder_holder_uscc|Bitmap Index Scan on shareholder_holder_uscc/);
    expect(plan).not.toMatch(/Seq Scan on shareholder/);
    expect((await group('F1')).exposure).toBe('9999999.99');
  });
});

describe('partners', () => {
  const partner = (tenant: string) => authHeader(Role.PARTNER, { tenant, purpose: PURPOSE, sub: 'partner.user' });
  const EXPOSURE = `query($u: USCC!) { borrower(uscc: $u) { relatedGroup { exposure } } }`;

  it('needs a consent covering both BANK and REGISTRY', async () => {
    const bankOnly = await gql(t.url, EXPOSURE, { u: U.F1 }, await partner(BANK_ONLY));
    expect(bankOnly.errors?.[0].extensions).toMatchObject({ code: 'CONSENT_REQUIRED', sources: ['REGISTRY'] });
    expect(bankOnly.data!.borrower).toEqual({ relatedGroup: null }); // the field only: the borrower stays
    const registryOnly = await gql(t.url, EXPOSURE, { u: U.F1 }, await partner(REGISTRY_ONLY));
    expect(registryOnly.errors?.[0].extensions).toMatchObject({ code: 'CONSENT_REQUIRED', sources: ['BANK'] });
    const both = await gql(t.url, EXPOSURE, { u: U.F1 }, await partner(BOTH));
    expect(both.errors).toBeUndefined();
    expect(both.data!.borrower.relatedGroup.exposure).toBe('9999999.99');
    const other = await gql(t.url, EXPOSURE, { u: U.F2 }, await partner(BOTH));
    expect(other.errors?.[0].extensions?.code).toBe('CONSENT_REQUIRED');
  });
});

describe('batching', () => {
  const PAGE = `query($n: Int!) { borrowers(first: $n) { edges { node { uscc
    relatedGroup { exposure controller { share } members { uscc reasons { kind } } } } } } }`;
  async function statementsFor(n: number): Promise<number> {
    const res = await gql(t.url, PAGE, { n });
    expect(res.errors).toBeUndefined();
    expect(res.data!.borrowers.edges).toHaveLength(n);
    t.db.resetStatementCount();
    const again = await gql(t.url, PAGE, { n });
    expect(again.errors).toBeUndefined();
    return t.db.statementCount();
  }

  it('reads the groups of a page of firms in the same statements whatever its size (none per firm)', async () => {
    const small = await statementsFor(2);
    expect(small).toBeGreaterThan(0);
    expect(await statementsFor(10)).toBe(small);
  });
});

describe('approval routing', () => {
  const APPROVAL = `query($u: USCC!) { borrower(uscc: $u) {
    at: approval(amount: "0.01") { route policyVersion reasons { code route message evidence } }
    over: approval(amount: "0.02") { route policyVersion reasons { code route message evidence } } } }`;

  it("sends a small application to the committee when the group's exposure plus the amount is above the limit (exact in fen)", async () => {
    const res = await gql(t.url, APPROVAL, { u: U.F1 });
    expect(res.errors).toBeUndefined();
    const { at, over } = res.data!.borrower;
    expect(APPROVAL_CONFIG.committee.groupExposureAbove).toBe('10000000.00');
    // 9,999,999.99 + 0.01 is the limit itself: not above it.
    expect(at.reasons.map((r: { code: string }) => r.code)).not.toContain('GROUP_EXPOSURE_ABOVE_LIMIT');
    expect(at.route).not.toBe('COMMITTEE');
    expect(over.route).toBe('COMMITTEE');
    expect(over.policyVersion).toBe(APPROVAL_CONFIG.version);
    const reason = over.reasons.find((r: { code: string }) => r.code === 'GROUP_EXPOSURE_ABOVE_LIMIT');
    expect(reason).toMatchObject({ route: 'COMMITTEE' });
    expect(reason.evidence).toEqual({
      groupExposure: '9999999.99',
      amount: '0.02',
      groupExposureWithAmount: '10000000.01',
      groupExposureLimit: '10000000.00',
      borrowerExposure: '0.10',
      members: [
        { uscc: U.GL, exposure: '6999999.69', reasons: ['GUARANTEE'] },
        { uscc: U.F3, exposure: '3000000.00', reasons: ['CONTROLLER'] },
        { uscc: U.F2, exposure: '0.20', reasons: ['CONTROLLER', 'GUARANTEE'] },
        { uscc: U.HF, exposure: '0.00', reasons: ['CONTROLLER'] },
        { uscc: U.L1, exposure: '0.00', reasons: ['CONTROLLER'] },
        { uscc: U.L2, exposure: '0.00', reasons: ['CONTROLLER'] },
        { uscc: U.GL2, exposure: '0.00', reasons: ['GUARANTEE'] },
      ],
    });
    expect(reason.message).toContain('9999999.99');
    expect(reason.message).toContain('10000000.00');
    // A firm whose group is far below the limit is not sent there by it.
    const f4 = await gql(
      t.url,
      `query($u: USCC!) { borrower(uscc: $u) { approval(amount: "0.02") { reasons { code } } } }`,
      {
        u: U.F4,
      },
    );
    expect(f4.errors).toBeUndefined();
    expect(f4.data!.borrower.approval.reasons.map((r: { code: string }) => r.code)).not.toContain(
      'GROUP_EXPOSURE_ABOVE_LIMIT',
    );
  });
});
