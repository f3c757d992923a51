/**
 * `Borrower.approval(amount:)` over HTTP on the shared test portfolio (read-only): every firm
 * routed, each reason naming its figures and thresholds and agreeing with the firm's health and
 * related group in the same request; the amount boundaries on a firm that auto-approves; bad
 * amounts; batching. (A group over the limit on hand-built firms: test/related-group.int.test.ts.)
 */
import { APPROVAL_CONFIG } from '../src/approval/approval.config';
import { fenToString, toFen } from '../src/lib/money';
import { allBorrowers, gql, startTestServer, type TestServer } from './helpers';

const DECISION =
  'route amount score tier modelVersion confidence missingSources policyVersion decidedAt reasons { code route message evidence }';

interface Reason {
  code: string;
  route: string;
  message: string;
  evidence: Record<string, any>;
}
interface Decision {
  route: string;
  amount: string;
  score: number;
  tier: string;
  modelVersion: string;
  confidence: number;
  missingSources: string[];
  policyVersion: string;
  decidedAt: string;
  reasons: Reason[];
}
interface Firm {
  uscc: string;
  health: { score: number; tier: string; modelVersion: string; confidence: number; missingSources: string[] };
  relatedGroup: {
    exposure: string;
    borrowerExposure: string;
    members: Array<{ uscc: string; exposure: string; reasons: Array<{ kind: string }> }>;
  };
  approval: Decision;
}

const { autoApprove, committee } = APPROVAL_CONFIG;
const FINGERPRINT = /^[0-9a-f]{64}$/;

/** What each reason must show: its figures and thresholds in the evidence, and in the message. */
function expectExplained(r: Reason, d: Decision): void {
  const e = r.evidence;
  switch (r.code) {
    case 'SCORE_AUTO_APPROVE':
    case 'SCORE_BELOW_AUTO_APPROVE':
      expect(e).toEqual({ score: d.score, tier: d.tier, modelVersion: d.modelVersion, minScore: autoApprove.minScore });
      expect(r.message).toContain(`health score ${d.score} (${d.tier}, model ${d.modelVersion})`);
      expect(r.message).toContain(`minimum ${autoApprove.minScore}`);
      break;
    case 'TIER_FOR_COMMITTEE':
      expect(e).toEqual({
        score: d.score,
        tier: d.tier,
        modelVersion: d.modelVersion,
        committeeTiers: committee.tiers,
      });
      expect(r.message).toContain(`health tier ${d.tier} (score ${d.score}, model ${d.modelVersion})`);
      break;
    case 'AMOUNT_WITHIN_AUTO_APPROVE_LIMIT':
    case 'AMOUNT_ABOVE_AUTO_APPROVE_LIMIT':
    case 'AMOUNT_ABOVE_COMMITTEE_LIMIT':
      expect(e).toEqual({
        amount: d.amount,
        autoApproveLimit: autoApprove.maxAmount,
        committeeLimit: committee.amountAbove,
      });
      expect(r.message).toContain(`amount ${d.amount} CNY`);
      expect(r.message).toContain(
        r.code === 'AMOUNT_ABOVE_COMMITTEE_LIMIT' ? committee.amountAbove : autoApprove.maxAmount,
      );
      break;
    case 'GROUP_EXPOSURE_ABOVE_LIMIT': {
      const members = e.members as Array<{ uscc: string; exposure: string; reasons: string[] }>;
      expect(e.amount).toBe(d.amount);
      expect(e.groupExposureLimit).toBe(committee.groupExposureAbove);
      const sum = members.reduce((fen, m) => fen + toFen(m.exposure), toFen(e.borrowerExposure));
      expect(fenToString(sum)).toBe(e.groupExposure);
      expect(e.groupExposureWithAmount).toBe(fenToString(toFen(e.groupExposure) + toFen(d.amount)));
      expect(toFen(e.groupExposureWithAmount)).toBeGreaterThan(toFen(committee.groupExposureAbove));
      for (const m of members) expect(m.reasons.length).toBeGreaterThan(0);
      expect(r.message).toContain(`${e.groupExposure} CNY`);
      expect(r.message).toContain(committee.groupExposureAbove);
      break;
    }
    case 'SERIOUS_WARNING':
    case 'SERIOUS_FINDING': {
      const flags = (e.warnings ?? e.findings) as Array<{
        code: string;
        fingerprint: string;
        severity: string;
        message: string;
      }>;
      expect(e.severities).toEqual(['HIGH']);
      expect(flags.length).toBeGreaterThan(0);
      for (const f of flags) {
        expect(f).toMatchObject({
          code: expect.stringMatching(/^[A-Z_]+$/),
          fingerprint: expect.stringMatching(FINGERPRINT),
          severity: 'HIGH',
          message: expect.any(String),
        });
        expect(r.message).toContain(`${f.code} [${f.fingerprint.slice(0, 12)}]`);
      }
      break;
    }
    case 'NO_SERIOUS_WARNING':
    case 'NO_SERIOUS_FINDING':
      expect(e.severities).toEqual(['HIGH']);
      for (const f of (e.warnings ?? e.findings) as Array<{ severity: string; fingerprint: string }>) {
        expect(f.severity).not.toBe('HIGH');
        expect(f.fingerprint).toMatch(FINGERPRINT);
      }
      break;
    case 'MISSING_SOURCES':
      expect(e).toMatchObject({ missingSources: d.missingSources, score: d.score, confidence: d.confidence });
      expect(d.missingSources.length).toBeGreaterThan(0);
      for (const s of d.missingSources) expect(r.message).toContain(s);
      break;
    case 'ALL_SOURCES_PRESENT':
      expect(e).toEqual({ missingSources: [] });
      break;
    case 'CONFIDENCE_AUTO_APPROVE':
    case 'CONFIDENCE_BELOW_AUTO_APPROVE':
      expect(e).toMatchObject({
        confidence: d.confidence,
        minConfidence: autoApprove.minConfidence,
        modelVersion: d.modelVersion,
      });
      expect(r.message).toContain(`health confidence ${d.confidence}`);
      expect(r.message).toContain(`minimum ${autoApprove.minConfidence}`);
      break;
    default:
      throw new Error(`unexpected reason ${r.code}`);
  }
}

let t: TestServer;
let firms: Firm[];

beforeAll(async () => {
  // Pages of 50 live approvals on the embedded database under a loaded test run: not a deadline test.
  t = await startTestServer({ requestDeadlineMs: 15_000 });
  firms = await allBorrowers<Firm>(
    t.url,
    `uscc health { score tier modelVersion confidence missingSources }
     relatedGroup { exposure borrowerExposure members { uscc exposure reasons { kind } } }
     approval(amount: "100000") { ${DECISION} }`,
  );
});
afterAll(() => t.close());

const firmOn = (route: string) => firms.find((f) => f.approval.route === route)!;

describe('Borrower.approval', () => {
  it('routes every firm, with reasons that name their figures and agree with its health', () => {
    expect(firms).toHaveLength(150);
    for (const f of firms) {
      const d = f.approval;
      expect(d).toMatchObject({ amount: '100000.00', ...f.health, policyVersion: APPROVAL_CONFIG.version });
      expect(Number.isNaN(Date.parse(d.decidedAt))).toBe(false);
      expect(d.reasons.length).toBeGreaterThan(0);
      for (const r of d.reasons) expectExplained(r, d);
      const routes = d.reasons.map((r) => r.route);
      if (d.route === 'AUTO_APPROVE') {
        expect(d.reasons.map((r) => r.code)).toEqual([
          'SCORE_AUTO_APPROVE',
          'AMOUNT_WITHIN_AUTO_APPROVE_LIMIT',
          'NO_SERIOUS_WARNING',
          'NO_SERIOUS_FINDING',
          'ALL_SOURCES_PRESENT',
          'CONFIDENCE_AUTO_APPROVE',
        ]);
        expect(d.score).toBeGreaterThanOrEqual(autoApprove.minScore);
        expect(d.confidence).toBeGreaterThanOrEqual(autoApprove.minConfidence);
        expect(d.missingSources).toEqual([]);
      } else if (d.route === 'COMMITTEE') {
        expect(routes[0]).toBe('COMMITTEE');
        expect(routes).not.toContain('AUTO_APPROVE');
      } else {
        expect(d.route).toBe('SPECIALIST_REVIEW');
        expect(new Set(routes)).toEqual(new Set(['SPECIALIST_REVIEW']));
      }
      if (['ORANGE', 'RED'].includes(d.tier)) expect(d.route).toBe('COMMITTEE');
      // The group limit: judged on the firm's related group as the profile shows it in the same request
      // (a firm with no related firm has no group to judge).
      const g = f.relatedGroup;
      const group = d.reasons.find((r) => r.code === 'GROUP_EXPOSURE_ABOVE_LIMIT');
      if (g.members.length && toFen(g.exposure) + toFen(d.amount) > toFen(committee.groupExposureAbove)) {
        expect(d.route).toBe('COMMITTEE');
        expect(group!.evidence).toMatchObject({
          groupExposure: g.exposure,
          borrowerExposure: g.borrowerExposure,
          members: g.members.map((m) => ({
            uscc: m.uscc,
            exposure: m.exposure,
            reasons: m.reasons.map((x) => x.kind),
          })),
        });
      } else expect(group).toBeUndefined();
    }
    // The portfolio has firms on every route.
    for (const route of ['AUTO_APPROVE', 'SPECIALIST_REVIEW', 'COMMITTEE']) expect(firmOn(route)).toBeDefined();
    expect(firms.some((f) => f.approval.reasons.some((r) => r.code === 'SERIOUS_WARNING'))).toBe(true);
    expect(firms.some((f) => f.approval.reasons.some((r) => r.code === 'TIER_FOR_COMMITTEE'))).toBe(true);
  });

  it('takes the amount boundaries exactly: 500,000.00 auto-approves, 500,000.01 goes to a specialist, above 3,000,000.00 to the committee', async () => {
    const f = firmOn('AUTO_APPROVE');
    const res = await gql(
      t.url,
      `query($u: USCC!) { borrower(uscc: $u) {
        atLimit: approval(amount: "500000.00") { ${DECISION} } overLimit: approval(amount: "500000.01") { ${DECISION} }
        atCommittee: approval(amount: "3000000") { ${DECISION} } overCommittee: approval(amount: "3000000.01") { ${DECISION} } } }`,
      { u: f.uscc },
    );
    expect(res.errors).toBeUndefined();
    const b = res.data!.borrower as Record<string, Decision>;
    expect(b.atLimit.route).toBe('AUTO_APPROVE');
    expect(b.overLimit).toMatchObject({
      route: 'SPECIALIST_REVIEW',
      amount: '500000.01',
      reasons: [
        { code: 'AMOUNT_ABOVE_AUTO_APPROVE_LIMIT', evidence: { amount: '500000.01', autoApproveLimit: '500000.00' } },
      ],
    });
    expect(b.atCommittee).toMatchObject({
      route: 'SPECIALIST_REVIEW',
      amount: '3000000.00',
      reasons: [{ code: 'AMOUNT_ABOVE_AUTO_APPROVE_LIMIT' }],
    });
    expect(b.overCommittee).toMatchObject({
      route: 'COMMITTEE',
      reasons: [
        { code: 'AMOUNT_ABOVE_COMMITTEE_LIMIT', evidence: { amount: '3000000.01', committeeLimit: '3000000.00' } },
      ],
    });
    for (const d of Object.values(b)) for (const r of d.reasons) expectExplained(r, d);
  });

  it('rejects an amount that is not positive, naming the argument, as a literal or a variable', async () => {
    const u = firms[0].uscc;
    for (const amount of ['0', '-1', '0.00']) {
      const literal = await gql(t.url, `{ borrower(uscc: "${u}") { approval(amount: "${amount}") { route } } }`);
      const variable = await gql(
        t.url,
        `query($u: USCC!, $a: Money!) { borrower(uscc: $u) { approval(amount: $a) { route } } }`,
        { u, a: amount },
      );
      for (const res of [literal, variable]) {
        expect(res.errors).toHaveLength(1);
        expect(res.errors![0]).toMatchObject({
          message: `\`amount\` must be greater than 0, got "${amount}"`,
          extensions: { code: 'BAD_USER_INPUT', argument: 'amount' },
        });
      }
    }
    const fractional = await gql(t.url, `query($u: USCC!) { borrower(uscc: $u) { approval(amount: 1.5) { route } } }`, {
      u,
    });
    expect(fractional.errors![0]).toMatchObject({
      message: expect.stringContaining('Money must be given as a string'),
      extensions: { code: 'BAD_USER_INPUT' },
    });
    const tooFine = await gql(
      t.url,
      `query($u: USCC!, $a: Money!) { borrower(uscc: $u) { approval(amount: $a) { route } } }`,
      { u, a: '12.345' },
    );
    expect(tooFine.errors![0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT' } });
    expect(tooFine.errors![0].message).toContain('16 digits before the point and 2 after');
  });

  it('is batched: a page of 60 borrowers takes as many statements as a page of 20', async () => {
    const count = async (first: number) => {
      t.db.resetStatementCount();
      const res = await gql(
        t.url,
        `query($n: Int!) { borrowers(first: $n) { edges { node { approval(amount: "250000") { route reasons { code } } reconsiderations { id } } } } }`,
        { n: first },
      );
      expect(res.errors).toBeUndefined();
      expect(res.data!.borrowers.edges).toHaveLength(first);
      return t.db.statementCount();
    };
    const small = await count(20);
    expect(await count(60)).toBe(small);
  });
});
