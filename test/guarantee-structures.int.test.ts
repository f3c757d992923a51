/**
 * The portfolio-wide guarantee-structure checks (GUARANTEE_CIRCLE, GUARANTEE_CHAIN,
 * GUARANTEE_STAR) on a scratch database of hand-built guarantees (test/network.fixture.ts plus
 * a chain hanging off a circle, circles of 8 and 9 firms, a guarantor of four firms, a second
 * guarantee between one pair): each circle is one finding whichever member the check is scoped
 * to, chains are maximal paths off the circles, a star needs five firms, released guarantees do
 * not count, exposures are exact; and the same findings through GraphQL over HTTP.
 */
import { Role } from '../src/auth/principal';
import type { Database } from '../src/db/database';
import { buildUscc } from '../src/lib/uscc';
import type { AsOf, DetectedFinding } from '../src/quality/check';
import { guaranteeChainCheck, guaranteeCircleCheck, guaranteeStarCheck } from '../src/quality/checks';
import type { GuaranteeCircleEvidence } from '../src/quality/checks/guarantee-circle.check';
import type { GuaranteeChainEvidence } from '../src/quality/checks/guarantee-chain.check';
import type { GuaranteeStarEvidence } from '../src/quality/checks/guarantee-star.check';
import { QUALITY_CONFIG } from '../src/quality/quality.config';
import { detect } from '../src/quality/quality.service';
import { authHeader, gql, openScratchDatabase, startTestServer, type TestServer } from './helpers';
import type { ScratchDatabase } from './helpers';
import { U, byUscc, seedNetworkFixture } from './network.fixture';

const extra = (prefix: string, n: number) =>
  Array.from({ length: n }, (_, i) =>
    buildUscc('9', '1', '330106', `${prefix}${String(i + 1).padStart(8 - prefix.length, '0')}`),
  );
/** A chain J1 -> J2 -> J3 that circle member K1 guarantees into; circles of 8 (E) and 9 (N) firms; V behind four firms (W). */
const J = extra('JJ', 3);
const E = extra('EE', 8);
const N = extra('NN', 9);
const V = extra('XX', 1)[0];
const W = extra('WY', 4);
const names = new Map<string, string>([
  ...byUscc,
  ...(
    [
      ['J', J],
      ['E', E],
      ['N', N],
      ['W', W],
    ] as const
  ).flatMap(([p, list]) => list.map((u, k): [string, string] => [u, `${p}${k + 1}`])),
  [V, 'V'],
]);
const name = (u: string) => names.get(u) ?? u;

const AS_OF: AsOf = { month: '2026-10', date: '2026-10-31' };
let scratch: ScratchDatabase;
let db: Database;

beforeAll(async () => {
  scratch = await openScratchDatabase();
  db = scratch.db;
  await seedNetworkFixture(db);
  const ring = (list: string[]) => list.map((u, i): [string, string] => [u, list[(i + 1) % list.length]]);
  const edges: Array<[string, string]> = [
    [U.K1, J[0]],
    [J[0], J[1]],
    [J[1], J[2]],
    ...ring(E),
    ...ring(N),
    ...W.map((w): [string, string] => [V, w]),
    [U.M1, U.M2], // a second guarantee of M1 for M2: one link, summed
  ];
  await db.query(
    `INSERT INTO bank.guarantee (guarantor_uscc, borrower_uscc, amount, start_date, end_date)
     SELECT g, b, 5000.10, '2025-01-01', '2099-12-31' FROM unnest($1::bpchar[], $2::bpchar[]) AS x(g, b)`,
    [edges.map((e) => e[0]), edges.map((e) => e[1])],
  );
}, 120_000);

afterAll(async () => {
  await scratch?.drop();
});

const members = (f: DetectedFinding) =>
  (f.evidence as unknown as { members: Array<{ uscc: string }> }).members.map((m) => name(m.uscc));

describe('GUARANTEE_CIRCLE', () => {
  it('finds each circle of 2-8 firms once, in guarantee order from its smallest USCC, and no circle of 9', async () => {
    const found = await detect(db, guaranteeCircleCheck, AS_OF);
    expect(found.map(members).sort()).toEqual([E.map(name), ['K1', 'K2', 'K3', 'K4'], ['M1', 'M2']].sort());
    for (const f of found)
      expect(f.uscc).toBe([...(f.evidence.members as Array<{ uscc: string }>)].map((m) => m.uscc).sort()[0]);
    expect(new Set(found.map((f) => f.fingerprint)).size).toBe(found.length);
  });

  it('gives the guarantees around the circle (a pair guaranteed twice summed, both rows named) and the exposure', async () => {
    const [pair] = (await detect(db, guaranteeCircleCheck, AS_OF)).filter((f) => members(f).includes('M1'));
    const e = pair.evidence as unknown as GuaranteeCircleEvidence;
    const m1m2 = e.guarantees.find((g) => g.guarantorUscc === U.M1)!;
    expect(m1m2.amount).toBe('15000.10');
    expect(m1m2.guaranteeIds).toHaveLength(2);
    expect(e.guarantees.find((g) => g.guarantorUscc === U.M2)!.amount).toBe('20000.00');
    expect(e.totalGuaranteed).toBe('35000.10');
    expect(e.totalExposure).toBe('0.00');
    expect(e).toMatchObject({ asOf: AS_OF.date, maxFirms: QUALITY_CONFIG.guaranteeStructures.maxCircleFirms });
  });

  it('is the same one finding whichever member the check is scoped to (the others see it as a related finding)', async () => {
    const all = await detect(db, guaranteeCircleCheck, AS_OF);
    for (const member of [U.K1, U.K2, U.K3, U.K4]) {
      const scoped = await detect(db, guaranteeCircleCheck, AS_OF, QUALITY_CONFIG, [member]);
      expect(scoped).toEqual(all.filter((f) => f.uscc === member));
      const related = await detect(db, guaranteeCircleCheck, AS_OF, QUALITY_CONFIG, [member], true);
      expect(related.filter((f) => members(f).includes('K1'))).toEqual(all.filter((f) => members(f).includes('K1')));
    }
  });
});

describe('GUARANTEE_CHAIN', () => {
  it('finds the maximal chains off the circles: A -> B -> C -> D (its released guarantor not counted), J1 -> J2 -> J3 under circle member K1', async () => {
    const found = await detect(db, guaranteeChainCheck, AS_OF);
    expect(found.map(members).sort()).toEqual([
      ['A', 'B', 'C', 'D'],
      ['J1', 'J2', 'J3'],
    ]);
    const abcd = found.find((f) => f.uscc === U.A)!.evidence as unknown as GuaranteeChainEvidence;
    expect(abcd.guarantees.map((g) => g.amount)).toEqual(['100000.00', '200000.00', '300000.00']);
    // B: 1,000,000.00 + 250,000.50 ACTIVE (a SETTLED loan does not count); D: 300,000.25.
    expect(abcd.members.map((m) => m.exposure)).toEqual(['0.00', '1250000.50', '0.00', '300000.25']);
    expect(abcd.totalExposure).toBe('1550000.75');
    expect(abcd).toMatchObject({ minFirms: 3, cut: false });
  });

  it('returns the same chains for any of their firms, scoped', async () => {
    const all = await detect(db, guaranteeChainCheck, AS_OF);
    for (const u of [U.A, U.C, J[2]]) {
      const related = await detect(db, guaranteeChainCheck, AS_OF, QUALITY_CONFIG, [u], true);
      expect(related).toEqual(
        all.filter((f) => (f.evidence.members as Array<{ uscc: string }>).some((m) => m.uscc === u)),
      );
      expect(await detect(db, guaranteeChainCheck, AS_OF, QUALITY_CONFIG, [u])).toEqual(
        all.filter((f) => f.uscc === u),
      );
    }
  });

  it('cuts a chain at the longest followed, and says so', async () => {
    const config = {
      ...QUALITY_CONFIG,
      guaranteeStructures: { ...QUALITY_CONFIG.guaranteeStructures, maxChainFirms: 3 },
    };
    const found = await detect(db, guaranteeChainCheck, AS_OF, config);
    const abc = found.find((f) => f.uscc === U.A)!;
    expect(members(abc)).toEqual(['A', 'B', 'C']);
    expect(abc.evidence.cut).toBe(true);
    expect(abc.message).toMatch(/\.\.\./);
  });
});

describe('GUARANTEE_STAR', () => {
  it('finds a guarantor behind five firms, not one behind four; the guarantor first, then the firms by USCC', async () => {
    const found = await detect(db, guaranteeStarCheck, AS_OF);
    expect(found.map((f) => name(f.uscc))).toEqual(['S']);
    const e = found[0].evidence as unknown as GuaranteeStarEvidence;
    expect(e.members.map((m) => name(m.uscc))).toEqual(['S', 'T1', 'T2', 'T3', 'T4', 'T5']);
    expect(e.guarantees).toHaveLength(5);
    expect(e.totalGuaranteed).toBe('250000.00');
    expect(await detect(db, guaranteeStarCheck, AS_OF, QUALITY_CONFIG, [U.S])).toEqual(found);
    expect(await detect(db, guaranteeStarCheck, AS_OF, QUALITY_CONFIG, [V])).toEqual([]);
  });
});

describe('over HTTP', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer({}, { databaseUrl: scratch.url });
  }, 120_000);
  afterAll(async () => {
    await t?.close();
  });

  it('gives each structure its typed details through inline fragments, the same values as the JSON evidence', async () => {
    const STRUCTURE = `members { uscc name exposure } guarantees { guarantorUscc borrowerUscc amount guaranteeIds }
      totalExposure totalGuaranteed asOf`;
    for (const [firm, code] of [
      [[U.K1, U.K2, U.K3, U.K4].sort()[0], 'GUARANTEE_CIRCLE'],
      [U.A, 'GUARANTEE_CHAIN'],
      [U.S, 'GUARANTEE_STAR'],
    ]) {
      const res = await gql(
        t.url,
        `query($u: USCC!) { borrower(uscc: $u) { dataQuality { issues(live: true) { code evidence details { __typename code
           ... on GuaranteeCircleEvidence { ${STRUCTURE} maxFirms }
           ... on GuaranteeChainEvidence { ${STRUCTURE} minFirms cut }
           ... on GuaranteeStarEvidence { ${STRUCTURE} minFirms } } } } } }`,
        { u: firm },
        await authHeader(Role.RISK_OFFICER),
      );
      expect(res.errors).toBeUndefined();
      const issue = (
        res.data!.borrower.dataQuality.issues as Array<{
          code: string;
          evidence: object;
          details: Record<string, unknown>;
        }>
      ).find((i) => i.code === code)!;
      const { __typename, code: detailsCode, ...typed } = issue.details;
      expect([__typename, detailsCode]).toEqual([
        `${code.toLowerCase().replace(/(^|_)(\w)/g, (_m, _u, c: string) => c.toUpperCase())}Evidence`,
        code,
      ]);
      expect(typed).toEqual(issue.evidence);
    }
  });

  it("shows a circle's finding with its typed evidence on the member it belongs to", async () => {
    const [k] = [U.K1, U.K2, U.K3, U.K4].sort();
    const res = await gql(
      t.url,
      `query($u: USCC!) { borrower(uscc: $u) { dataQuality { issues(live: true) { code message
         details { code ... on GuaranteeCircleEvidence { members { uscc exposure } guarantees { guarantorUscc borrowerUscc amount guaranteeIds } totalExposure maxFirms } } } } } }`,
      { u: k },
      await authHeader(Role.RISK_OFFICER),
    );
    expect(res.errors).toBeUndefined();
    const circle = (
      res.data!.borrower.dataQuality.issues as Array<{ code: string; details: GuaranteeCircleEvidence }>
    ).find((i) => i.code === 'GUARANTEE_CIRCLE')!;
    expect(circle.details.members.map((m) => name(m.uscc))).toEqual(['K1', 'K2', 'K3', 'K4']);
    expect(circle.details.guarantees.map((g) => g.amount)).toEqual(['1.00', '2.00', '3.00', '4.00']);
    expect(circle.details.maxFirms).toBe(8);
  });
});
