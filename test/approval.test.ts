/**
 * Approval routing as a pure function: each route, each reason, the boundary of every threshold,
 * and exact money comparison, on constructed health, warnings and findings.
 */
import { APPROVAL_CONFIG, type ApprovalConfig } from '../src/approval/approval.config';
import {
  type Application,
  ApprovalRoute,
  type Flag,
  ReasonCode,
  routeApplication,
} from '../src/approval/approval.service';
import { Tier, tierOf } from '../src/health/tier';
import { Severity } from '../src/quality/finding.entity';
import { PublicError } from '../src/errors';

const MODEL = 'health-test-1';
const AT = new Date('2026-11-20T08:00:00Z');

function app(
  over: {
    amount?: string;
    score?: number;
    confidence?: number;
    missingSources?: string[];
    warnings?: Flag[];
    findings?: Flag[];
  } = {},
): Application {
  const score = over.score ?? 92;
  return {
    amount: over.amount ?? '200000.00',
    health: {
      score,
      tier: tierOf(score),
      modelVersion: MODEL,
      confidence: over.confidence ?? 0.95,
      missingSources: over.missingSources ?? [],
    },
    warnings: over.warnings ?? [],
    findings: over.findings ?? [],
  };
}

const flag = (code: string, severity: Severity, n = 1): Flag => ({
  code,
  severity,
  fingerprint: `${n}`.repeat(64).slice(0, 64),
  message: `${code} fired`,
  evidence: {},
});
const route = (a: Application, config?: ApprovalConfig) => routeApplication(a, config, AT);
const codes = (a: Application, config?: ApprovalConfig) => route(a, config).reasons.map((r) => r.code);
const reason = (a: Application, code: ReasonCode) => route(a).reasons.find((r) => r.code === code)!;

const AUTO_CODES = [
  ReasonCode.SCORE_AUTO_APPROVE,
  ReasonCode.AMOUNT_WITHIN_AUTO_APPROVE_LIMIT,
  ReasonCode.NO_SERIOUS_WARNING,
  ReasonCode.NO_SERIOUS_FINDING,
  ReasonCode.ALL_SOURCES_PRESENT,
  ReasonCode.CONFIDENCE_AUTO_APPROVE,
];

describe('routeApplication', () => {
  describe('AUTO_APPROVE', () => {
    it('when every condition holds, with each condition as a reason naming its figure and threshold', () => {
      const d = route(app({ amount: '500000.00', score: 80, confidence: 0.8 }));
      expect(d).toMatchObject({
        route: ApprovalRoute.AUTO_APPROVE,
        amount: '500000.00',
        score: 80,
        tier: Tier.BLUE,
        modelVersion: MODEL,
        confidence: 0.8,
        missingSources: [],
        policyVersion: APPROVAL_CONFIG.version,
        decidedAt: AT,
      });
      expect(d.reasons.map((r) => r.code)).toEqual(AUTO_CODES);
      expect(d.reasons.every((r) => r.route === ApprovalRoute.AUTO_APPROVE)).toBe(true);
      const by = Object.fromEntries(d.reasons.map((r) => [r.code, r]));
      expect(by.SCORE_AUTO_APPROVE.evidence).toEqual({ score: 80, tier: 'BLUE', modelVersion: MODEL, minScore: 80 });
      expect(by.SCORE_AUTO_APPROVE.message).toBe(
        `health score 80 (BLUE, model ${MODEL}) is at least the auto-approval minimum 80`,
      );
      expect(by.AMOUNT_WITHIN_AUTO_APPROVE_LIMIT.evidence).toEqual({
        amount: '500000.00',
        autoApproveLimit: '500000.00',
        committeeLimit: '3000000.00',
      });
      expect(by.AMOUNT_WITHIN_AUTO_APPROVE_LIMIT.message).toContain(
        '500000.00 CNY is within the auto-approval limit of 500000.00 CNY',
      );
      expect(by.CONFIDENCE_AUTO_APPROVE.evidence).toEqual({ confidence: 0.8, minConfidence: 0.8, modelVersion: MODEL });
      expect(by.ALL_SOURCES_PRESENT.evidence).toEqual({ missingSources: [] });
      expect(by.NO_SERIOUS_WARNING.evidence).toEqual({ severities: ['HIGH'], warnings: [] });
    });

    it('normalises the amount to two decimals and accepts the smallest one', () => {
      expect(route(app({ amount: '1' })).amount).toBe('1.00');
      expect(route(app({ amount: '0.01' }))).toMatchObject({ route: ApprovalRoute.AUTO_APPROVE, amount: '0.01' });
      expect(route(app({ amount: '499999.9' })).amount).toBe('499999.90');
    });

    it('MEDIUM and LOW warnings and findings do not block it, and are named in the evidence', () => {
      const a = app({
        warnings: [flag('TAX_PAID_DECLINE', Severity.MEDIUM, 1), flag('UTILITY_IRREGULAR', Severity.LOW, 2)],
        findings: [flag('STAFF_MISMATCH', Severity.MEDIUM, 3)],
      });
      const d = route(a);
      expect(d.route).toBe(ApprovalRoute.AUTO_APPROVE);
      const w = d.reasons.find((r) => r.code === ReasonCode.NO_SERIOUS_WARNING)!;
      expect(w.evidence.warnings).toEqual([
        {
          code: 'TAX_PAID_DECLINE',
          severity: 'MEDIUM',
          fingerprint: '1'.repeat(64),
          message: 'TAX_PAID_DECLINE fired',
          evidence: {},
        },
        {
          code: 'UTILITY_IRREGULAR',
          severity: 'LOW',
          fingerprint: '2'.repeat(64),
          message: 'UTILITY_IRREGULAR fired',
          evidence: {},
        },
      ]);
      expect(w.message).toContain('2 lesser: TAX_PAID_DECLINE [111111111111], UTILITY_IRREGULAR [222222222222]');
      const f = d.reasons.find((r) => r.code === ReasonCode.NO_SERIOUS_FINDING)!;
      expect(f.evidence.findings).toEqual([
        {
          code: 'STAFF_MISMATCH',
          severity: 'MEDIUM',
          fingerprint: '3'.repeat(64),
          message: 'STAFF_MISMATCH fired',
          evidence: {},
        },
      ]);
    });
  });

  describe('SPECIALIST_REVIEW', () => {
    it('500,000.01 is above the auto-approval limit by one fen', () => {
      const d = route(app({ amount: '500000.01' }));
      expect(d.route).toBe(ApprovalRoute.SPECIALIST_REVIEW);
      expect(d.reasons).toEqual([
        {
          code: ReasonCode.AMOUNT_ABOVE_AUTO_APPROVE_LIMIT,
          route: ApprovalRoute.SPECIALIST_REVIEW,
          message:
            'amount 500000.01 CNY is above the auto-approval limit of 500000.00 CNY (the committee decides above 3000000.00 CNY)',
          evidence: { amount: '500000.01', autoApproveLimit: '500000.00', committeeLimit: '3000000.00' },
        },
      ]);
    });

    it("exactly the committee limit is still a specialist's", () => {
      expect(route(app({ amount: '3000000.00' }))).toMatchObject({
        route: ApprovalRoute.SPECIALIST_REVIEW,
        reasons: [{ code: ReasonCode.AMOUNT_ABOVE_AUTO_APPROVE_LIMIT }],
      });
    });

    it('a score of 79 is below the auto-approval minimum of 80', () => {
      const d = route(app({ score: 79 }));
      expect(d.route).toBe(ApprovalRoute.SPECIALIST_REVIEW);
      expect(d.reasons).toEqual([
        {
          code: ReasonCode.SCORE_BELOW_AUTO_APPROVE,
          route: ApprovalRoute.SPECIALIST_REVIEW,
          message: `health score 79 (BLUE, model ${MODEL}) is below the auto-approval minimum 80`,
          evidence: { score: 79, tier: 'BLUE', modelVersion: MODEL, minScore: 80 },
        },
      ]);
      // The lowest score outside the committee tiers.
      expect(route(app({ score: 50 }))).toMatchObject({
        route: ApprovalRoute.SPECIALIST_REVIEW,
        tier: Tier.YELLOW,
        reasons: [{ code: ReasonCode.SCORE_BELOW_AUTO_APPROVE }],
      });
    });

    it('a missing source never auto-approves, whatever the score and confidence, and is named', () => {
      const d = route(app({ score: 97, confidence: 0.93, missingSources: ['TAX'] }));
      expect(d).toMatchObject({ route: ApprovalRoute.SPECIALIST_REVIEW, missingSources: ['TAX'] });
      expect(d.reasons).toEqual([
        {
          code: ReasonCode.MISSING_SOURCES,
          route: ApprovalRoute.SPECIALIST_REVIEW,
          message:
            'no data from TAX (down in this request, or never delivered): a decision without every source is never automatic',
          evidence: { missingSources: ['TAX'], score: 97, tier: 'GREEN', modelVersion: MODEL, confidence: 0.93 },
        },
      ]);
      expect(codes(app({ missingSources: ['TAX', 'BANK'], confidence: 1 }))).toEqual([ReasonCode.MISSING_SOURCES]);
    });

    it('a confidence of 0.79 is below the auto-approval minimum of 0.8', () => {
      const d = route(app({ confidence: 0.79 }));
      expect(d.route).toBe(ApprovalRoute.SPECIALIST_REVIEW);
      expect(d.reasons).toEqual([
        {
          code: ReasonCode.CONFIDENCE_BELOW_AUTO_APPROVE,
          route: ApprovalRoute.SPECIALIST_REVIEW,
          message:
            "health confidence 0.79 (share of the score's weight that had data) is below the auto-approval minimum 0.8",
          evidence: { confidence: 0.79, minConfidence: 0.8, missingSources: [], modelVersion: MODEL },
        },
      ]);
    });

    it('names every failed condition at once', () => {
      expect(codes(app({ amount: '800000', score: 60, confidence: 0.5, missingSources: ['ALT_DATA'] }))).toEqual([
        ReasonCode.SCORE_BELOW_AUTO_APPROVE,
        ReasonCode.AMOUNT_ABOVE_AUTO_APPROVE_LIMIT,
        ReasonCode.MISSING_SOURCES,
        ReasonCode.CONFIDENCE_BELOW_AUTO_APPROVE,
      ]);
    });
  });

  describe('COMMITTEE', () => {
    it("a HIGH warning sends it to the committee, naming the warning's code and fingerprint", () => {
      const d = route(
        app({ warnings: [flag('LOAN_DISPUTE_SUIT', Severity.HIGH, 7), flag('TAX_PAID_DECLINE', Severity.MEDIUM, 8)] }),
      );
      expect(d.route).toBe(ApprovalRoute.COMMITTEE);
      expect(d.reasons).toEqual([
        {
          code: ReasonCode.SERIOUS_WARNING,
          route: ApprovalRoute.COMMITTEE,
          message:
            '1 HIGH-severity warning(s): LOAN_DISPUTE_SUIT [777777777777]; any serious warning goes to the committee',
          evidence: {
            severities: ['HIGH'],
            warnings: [
              {
                code: 'LOAN_DISPUTE_SUIT',
                severity: 'HIGH',
                fingerprint: '7'.repeat(64),
                message: 'LOAN_DISPUTE_SUIT fired',
                evidence: {},
              },
            ],
          },
        },
      ]);
    });

    it('a HIGH data-quality finding sends it to the committee, naming the finding', () => {
      const d = route(
        app({
          findings: [flag('DUPLICATE_INVOICE', Severity.HIGH, 4), flag('RECEIVABLE_PLEDGED_TWICE', Severity.HIGH, 5)],
        }),
      );
      expect(d.route).toBe(ApprovalRoute.COMMITTEE);
      expect(d.reasons).toHaveLength(1);
      expect(d.reasons[0]).toMatchObject({ code: ReasonCode.SERIOUS_FINDING, route: ApprovalRoute.COMMITTEE });
      expect(d.reasons[0].message).toBe(
        '2 HIGH-severity data-quality finding(s): DUPLICATE_INVOICE [444444444444], RECEIVABLE_PLEDGED_TWICE [555555555555]; any serious anomaly in the data goes to the committee',
      );
      expect(d.reasons[0].evidence.findings).toEqual([
        {
          code: 'DUPLICATE_INVOICE',
          severity: 'HIGH',
          fingerprint: '4'.repeat(64),
          message: 'DUPLICATE_INVOICE fired',
          evidence: {},
        },
        {
          code: 'RECEIVABLE_PLEDGED_TWICE',
          severity: 'HIGH',
          fingerprint: '5'.repeat(64),
          message: 'RECEIVABLE_PLEDGED_TWICE fired',
          evidence: {},
        },
      ]);
    });

    it('3,000,000.01 is above the committee limit, without repeating the auto-approval limit', () => {
      const d = route(app({ amount: '3000000.01' }));
      expect(d.route).toBe(ApprovalRoute.COMMITTEE);
      expect(d.reasons).toEqual([
        {
          code: ReasonCode.AMOUNT_ABOVE_COMMITTEE_LIMIT,
          route: ApprovalRoute.COMMITTEE,
          message: 'amount 3000000.01 CNY is above the committee limit of 3000000.00 CNY',
          evidence: { amount: '3000000.01', autoApproveLimit: '500000.00', committeeLimit: '3000000.00' },
        },
      ]);
    });

    it('tiers ORANGE and RED go to the committee, without repeating the score minimum', () => {
      for (const [score, tier] of [
        [49, Tier.ORANGE],
        [30, Tier.ORANGE],
        [29, Tier.RED],
        [0, Tier.RED],
      ] as const) {
        const d = route(app({ score }));
        expect(d).toMatchObject({ route: ApprovalRoute.COMMITTEE, tier });
        expect(d.reasons).toEqual([
          {
            code: ReasonCode.TIER_FOR_COMMITTEE,
            route: ApprovalRoute.COMMITTEE,
            message: `health tier ${tier} (score ${score}, model ${MODEL}) is decided by the committee (tiers ORANGE, RED)`,
            evidence: { score, tier, modelVersion: MODEL, committeeTiers: ['ORANGE', 'RED'] },
          },
        ]);
      }
    });

    it('lists every committee reason, then the failed auto-approval conditions: a missing source is named whatever the route', () => {
      const a = app({
        amount: '5000000',
        score: 20,
        confidence: 0.6,
        missingSources: ['TAX'],
        warnings: [flag('NEW_ENFORCEMENT', Severity.HIGH)],
        findings: [flag('TAX_WITHOUT_FLOW', Severity.HIGH, 2)],
      });
      expect(codes(a)).toEqual([
        ReasonCode.TIER_FOR_COMMITTEE,
        ReasonCode.AMOUNT_ABOVE_COMMITTEE_LIMIT,
        ReasonCode.SERIOUS_WARNING,
        ReasonCode.SERIOUS_FINDING,
        ReasonCode.MISSING_SOURCES,
        ReasonCode.CONFIDENCE_BELOW_AUTO_APPROVE,
      ]);
      const missing = reason(a, ReasonCode.MISSING_SOURCES);
      expect(missing).toMatchObject({ route: ApprovalRoute.SPECIALIST_REVIEW, evidence: { missingSources: ['TAX'] } });
      expect(route(a).route).toBe(ApprovalRoute.COMMITTEE);
    });
  });

  describe('amounts', () => {
    it.each(['0', '0.00', '-1', '-500000.00'])('rejects %s with BAD_USER_INPUT naming `amount`', (amount) => {
      expect.assertions(3);
      try {
        route(app({ amount }));
      } catch (e) {
        expect(e).toBeInstanceOf(PublicError);
        expect((e as PublicError).extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'amount' });
        expect((e as PublicError).message).toBe(`\`amount\` must be greater than 0, got "${amount}"`);
      }
    });

    it.each(['abc', '1.234', '1e6', ''])('rejects %j as not an amount', (amount) => {
      expect(() => route(app({ amount }))).toThrow(/`amount` must be an amount in CNY with at most 2 decimals/);
    });

    it('compares exactly in fen, past where floats lose the last fen', () => {
      // 2^53 + 1 fen: Number() cannot tell these two amounts apart.
      const config: ApprovalConfig = {
        ...APPROVAL_CONFIG,
        autoApprove: { ...APPROVAL_CONFIG.autoApprove, maxAmount: '90071992547409.93' },
        committee: { ...APPROVAL_CONFIG.committee, amountAbove: '99999999999999.99' },
      };
      expect(Number('90071992547409.94') * 100).toBe(Number('90071992547409.93') * 100);
      expect(route(app({ amount: '90071992547409.93' }), config).route).toBe(ApprovalRoute.AUTO_APPROVE);
      expect(route(app({ amount: '90071992547409.94' }), config)).toMatchObject({
        route: ApprovalRoute.SPECIALIST_REVIEW,
        amount: '90071992547409.94',
      });
    });
  });

  it('follows its configuration and stamps its version', () => {
    const strict: ApprovalConfig = {
      version: 'strict-1',
      autoApprove: { minScore: 90, maxAmount: '100000.00', minConfidence: 0.9 },
      committee: {
        tiers: [Tier.YELLOW, Tier.ORANGE, Tier.RED],
        amountAbove: '1000000.00',
        groupExposureAbove: '2000000.00',
      },
      seriousSeverities: [Severity.HIGH, Severity.MEDIUM],
    };
    expect(route(app({ amount: '100000.00', score: 90, confidence: 0.9 }), strict)).toMatchObject({
      route: ApprovalRoute.AUTO_APPROVE,
      policyVersion: 'strict-1',
    });
    expect(codes(app({ amount: '100000.01', score: 89 }), strict)).toEqual([
      ReasonCode.SCORE_BELOW_AUTO_APPROVE,
      ReasonCode.AMOUNT_ABOVE_AUTO_APPROVE_LIMIT,
    ]);
    expect(codes(app({ amount: '50000', score: 69 }), strict)).toEqual([ReasonCode.TIER_FOR_COMMITTEE]);
    expect(codes(app({ amount: '1000000.01' }), strict)).toEqual([ReasonCode.AMOUNT_ABOVE_COMMITTEE_LIMIT]);
    const medium = route(app({ amount: '50000', warnings: [flag('TAX_PAID_DECLINE', Severity.MEDIUM)] }), strict);
    expect(medium).toMatchObject({
      route: ApprovalRoute.COMMITTEE,
      reasons: [{ code: ReasonCode.SERIOUS_WARNING, evidence: { severities: ['HIGH', 'MEDIUM'] } }],
    });
    expect(medium.reasons[0].message).toContain('HIGH/MEDIUM-severity warning(s): TAX_PAID_DECLINE');
  });
});
