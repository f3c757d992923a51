/**
 * Approval routing's related-group limit (GROUP_EXPOSURE_ABOVE_LIMIT) as a pure function: above,
 * at and below the limit, exact in fen, with the other committee reasons, under a configured
 * limit. (The other reasons: test/approval.test.ts; through GraphQL: test/related-group.int.test.ts.)
 */
import { APPROVAL_CONFIG, type ApprovalConfig } from '../src/approval/approval.config';
import {
  type Application,
  ApprovalRoute,
  type GroupExposure,
  ReasonCode,
  routeApplication,
} from '../src/approval/approval.service';
import { tierOf } from '../src/health/tier';
import { fenToString, toFen } from '../src/lib/money';

const AT = new Date('2026-12-01T08:00:00Z');
const MEMBER_A = '91330106GRPTEST01A';
const MEMBER_B = '91330106GRPTEST02B';

/** A related group of `exposure` in all: two members of 0.10 and 0.20, the rest the borrower's own. */
function group(exposure: string): GroupExposure {
  return {
    exposure,
    borrowerExposure: fenToString(toFen(exposure) - 30n),
    members: [
      { uscc: MEMBER_A, exposure: '0.10', reasons: [{ kind: 'CONTROLLER' }] },
      { uscc: MEMBER_B, exposure: '0.20', reasons: [{ kind: 'CONTROLLER' }, { kind: 'GUARANTEE' }] },
    ],
  };
}

/** A firm that auto-approves on its own (score 92, every source, confidence 0.95). */
function app(amount: string, g: GroupExposure | null, score = 92): Application {
  return {
    amount,
    health: { score, tier: tierOf(score), modelVersion: 'health-test-1', confidence: 0.95, missingSources: [] },
    warnings: [],
    findings: [],
    group: g,
  };
}
const route = (a: Application, config?: ApprovalConfig) => routeApplication(a, config, AT);
const codes = (a: Application, config?: ApprovalConfig) => route(a, config).reasons.map((r) => r.code);

const AUTO_CODES = [
  ReasonCode.SCORE_AUTO_APPROVE,
  ReasonCode.AMOUNT_WITHIN_AUTO_APPROVE_LIMIT,
  ReasonCode.NO_SERIOUS_WARNING,
  ReasonCode.NO_SERIOUS_FINDING,
  ReasonCode.ALL_SOURCES_PRESENT,
  ReasonCode.CONFIDENCE_AUTO_APPROVE,
];

describe('routeApplication: the related group', () => {
  it("the group's exposure plus the amount one fen above the limit goes to the committee, naming the figures and the firms", () => {
    // 9,999,999.79 + 0.21 = 10,000,000.00 (the limit); the member exposures 0.10 + 0.20 would be 0.30000000000000004 as floats.
    const g = group('9999999.79');
    const d = route(app('0.22', g));
    expect(d.route).toBe(ApprovalRoute.COMMITTEE);
    const r = d.reasons[0];
    expect(r).toEqual({
      code: ReasonCode.GROUP_EXPOSURE_ABOVE_LIMIT,
      route: ApprovalRoute.COMMITTEE,
      message:
        "the related group's exposure 9999999.79 CNY (the firm and 2 related firm(s)) plus the amount 0.22 CNY is 10000000.01 CNY, above the group limit of 10000000.00 CNY",
      evidence: {
        groupExposure: '9999999.79',
        amount: '0.22',
        groupExposureWithAmount: '10000000.01',
        groupExposureLimit: '10000000.00',
        borrowerExposure: '9999999.49',
        members: [
          { uscc: MEMBER_A, exposure: '0.10', reasons: ['CONTROLLER'] },
          { uscc: MEMBER_B, exposure: '0.20', reasons: ['CONTROLLER', 'GUARANTEE'] },
        ],
      },
    });
    // Nothing else: every auto-approval condition held.
    expect(d.reasons.map((x) => x.code)).toEqual([ReasonCode.GROUP_EXPOSURE_ABOVE_LIMIT]);
  });

  it('at the limit exactly, and below it, the group does not send it anywhere (no reason: like every committee reason, named only when it holds)', () => {
    for (const [exposure, amount] of [
      ['9999999.79', '0.21'],
      ['9999999.79', '0.20'],
      ['0.00', '500000.00'],
    ]) {
      const d = route(app(amount, group(exposure)));
      expect(d.route).toBe(ApprovalRoute.AUTO_APPROVE);
      expect(d.reasons.map((x) => x.code)).toEqual(AUTO_CODES);
    }
  });

  it('adds to the other committee reasons, after the amount limit', () => {
    expect(codes(app('3000000.01', group('7000000.00'), 40))).toEqual([
      ReasonCode.TIER_FOR_COMMITTEE,
      ReasonCode.AMOUNT_ABOVE_COMMITTEE_LIMIT,
      ReasonCode.GROUP_EXPOSURE_ABOVE_LIMIT,
    ]);
    expect(codes(app('3000000.00', group('7000000.00')))).toEqual([ReasonCode.AMOUNT_ABOVE_AUTO_APPROVE_LIMIT]);
  });

  it("is not judged for a borrower with no related firm (its own size is the committee amount limit's concern)", () => {
    const alone: GroupExposure = { exposure: '20000000.00', borrowerExposure: '20000000.00', members: [] };
    expect(codes(app('1.00', alone))).not.toContain(ReasonCode.GROUP_EXPOSURE_ABOVE_LIMIT);
  });

  it('is not judged without a group (an application built without one)', () => {
    expect(codes(app('90000000.00', null))).not.toContain(ReasonCode.GROUP_EXPOSURE_ABOVE_LIMIT);
  });

  it('follows the configured limit, compared in fen', () => {
    const config: ApprovalConfig = {
      ...APPROVAL_CONFIG,
      committee: { ...APPROVAL_CONFIG.committee, groupExposureAbove: '0.31' },
    };
    expect(codes(app('0.01', group('0.30')), config)).toEqual(AUTO_CODES);
    expect(codes(app('0.02', group('0.30')), config)).toEqual([ReasonCode.GROUP_EXPOSURE_ABOVE_LIMIT]);
  });
});
