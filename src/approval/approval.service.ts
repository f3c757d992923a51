/**
 * Approval routing (分层授权): where an application (a firm and an amount) goes, and why. A pure
 * function of the amount, the firm's health, its warnings and its data-quality findings, under
 * the thresholds of approval.config.ts; computed on read, never stored (a reconsideration
 * stores the decision it was asked against).
 *
 * - COMMITTEE when any committee reason holds (a committee tier, an amount above the committee
 *   limit, a related group whose combined exposure plus the amount is above the group limit, a
 *   serious warning or finding);
 * - AUTO_APPROVE when every auto-approval condition holds;
 * - SPECIALIST_REVIEW otherwise.
 *
 * The reasons say what decided the route: for AUTO_APPROVE every condition that held; otherwise
 * the committee reasons, then every auto-approval condition that failed (unless a committee
 * reason already says it: a committee tier implies a score too low, a committee amount an amount
 * too large), so a missing source is named whatever the route. Each reason carries the figure,
 * the threshold and the records (warning and finding codes with fingerprints, missing sources,
 * score, tier and model version) in `evidence`. A warning or finding is quoted whole there (code,
 * fingerprint, severity, message and its own evidence), so the personal data its message names
 * (a lost customer who is a person, a shareholder's ID number) are masked on read by the
 * evidence walk (src/masking/evidence.ts), as `Warning { message }` masks them.
 */
import { badInput } from '../errors';
import type { Health } from '../health/health.service';
import type { Tier } from '../health/tier';
import type { Severity } from '../quality/finding.entity';
import { fenToString, toFen } from '../lib/money';
import { APPROVAL_CONFIG, type ApprovalConfig } from './approval.config';

export enum ApprovalRoute {
  AUTO_APPROVE = 'AUTO_APPROVE',
  SPECIALIST_REVIEW = 'SPECIALIST_REVIEW',
  COMMITTEE = 'COMMITTEE',
}

export enum ReasonCode {
  // Committee reasons.
  TIER_FOR_COMMITTEE = 'TIER_FOR_COMMITTEE',
  AMOUNT_ABOVE_COMMITTEE_LIMIT = 'AMOUNT_ABOVE_COMMITTEE_LIMIT',
  GROUP_EXPOSURE_ABOVE_LIMIT = 'GROUP_EXPOSURE_ABOVE_LIMIT',
  SERIOUS_WARNING = 'SERIOUS_WARNING',
  SERIOUS_FINDING = 'SERIOUS_FINDING',
  // Auto-approval conditions that failed (a specialist reviews).
  SCORE_BELOW_AUTO_APPROVE = 'SCORE_BELOW_AUTO_APPROVE',
  AMOUNT_ABOVE_AUTO_APPROVE_LIMIT = 'AMOUNT_ABOVE_AUTO_APPROVE_LIMIT',
  MISSING_SOURCES = 'MISSING_SOURCES',
  CONFIDENCE_BELOW_AUTO_APPROVE = 'CONFIDENCE_BELOW_AUTO_APPROVE',
  // Auto-approval conditions that held.
  SCORE_AUTO_APPROVE = 'SCORE_AUTO_APPROVE',
  AMOUNT_WITHIN_AUTO_APPROVE_LIMIT = 'AMOUNT_WITHIN_AUTO_APPROVE_LIMIT',
  NO_SERIOUS_WARNING = 'NO_SERIOUS_WARNING',
  NO_SERIOUS_FINDING = 'NO_SERIOUS_FINDING',
  ALL_SOURCES_PRESENT = 'ALL_SOURCES_PRESENT',
  CONFIDENCE_AUTO_APPROVE = 'CONFIDENCE_AUTO_APPROVE',
}

export interface RouteReason {
  code: ReasonCode;
  /** The route this reason calls for on its own. */
  route: ApprovalRoute;
  message: string;
  /** The figure, the threshold and the records behind the reason. */
  evidence: Record<string, unknown>;
}

/** What routing reads of a warning or a data-quality finding. */
export interface Flag {
  code: string;
  severity: Severity;
  fingerprint: string;
  message: string;
  /** The records behind the message: quoted with it, so the data it names can be masked (see the module comment). */
  evidence: Record<string, unknown>;
}

/** What routing reads of the firm's related group (`Borrower.relatedGroup`, src/network/related-group.types.ts). */
export interface GroupExposure {
  /** The bank's combined exposure to the firm and the group's other firms, CNY (a decimal string). */
  exposure: string;
  /** The bank's exposure to the firm itself, CNY. */
  borrowerExposure: string;
  /** The group's other firms, each with its exposure and why it is in the group. */
  members: ReadonlyArray<{ uscc: string; exposure: string; reasons: ReadonlyArray<{ kind: string }> }>;
}

export interface Application {
  /** The amount applied for, CNY, as the Money scalar gives it (a decimal string). */
  amount: string;
  health: Pick<Health, 'score' | 'tier' | 'modelVersion' | 'confidence' | 'missingSources'>;
  warnings: readonly Flag[];
  findings: readonly Flag[];
  /** The firm's related group; when absent the group limit is not judged (the API always gives it). */
  group?: GroupExposure | null;
}

export interface ApprovalDecision {
  route: ApprovalRoute;
  reasons: RouteReason[];
  /** The amount with two decimals. */
  amount: string;
  score: number;
  tier: Tier;
  modelVersion: string;
  confidence: number;
  missingSources: string[];
  /** approval.config.ts `version`: the thresholds that made the decision. */
  policyVersion: string;
  decidedAt: Date;
}

/** The amount in fen; BAD_USER_INPUT naming the argument when it is not a positive amount. */
export function checkAmount(amount: string): bigint {
  let fen: bigint;
  try {
    fen = toFen(amount);
  } catch {
    throw badInput(`\`amount\` must be an amount in CNY with at most 2 decimals, e.g. "500000.00"; got "${amount}"`, {
      argument: 'amount',
    });
  }
  if (fen <= 0n) throw badInput(`\`amount\` must be greater than 0, got "${amount}"`, { argument: 'amount' });
  return fen;
}

const brief = (f: Flag) => ({
  code: f.code,
  fingerprint: f.fingerprint,
  severity: f.severity,
  message: f.message,
  evidence: f.evidence,
});
const named = (fs: readonly Flag[]) => fs.map((f) => `${f.code} [${f.fingerprint.slice(0, 12)}]`).join(', ');

export function routeApplication(
  app: Application,
  config: ApprovalConfig = APPROVAL_CONFIG,
  decidedAt: Date = new Date(),
): ApprovalDecision {
  const fen = checkAmount(app.amount);
  const amount = fenToString(fen);
  const autoLimit = toFen(config.autoApprove.maxAmount);
  const committeeLimit = toFen(config.committee.amountAbove);
  const { score, tier, modelVersion, confidence, missingSources } = app.health;
  const severities = config.seriousSeverities;
  const seriousWarnings = app.warnings.filter((w) => severities.includes(w.severity));
  const seriousFindings = app.findings.filter((f) => severities.includes(f.severity));
  const scoreFigures = { score, tier, modelVersion };
  const limits = { autoApproveLimit: fenToString(autoLimit), committeeLimit: fenToString(committeeLimit) };

  const committee: RouteReason[] = [];
  const add = (
    list: RouteReason[],
    code: ReasonCode,
    route: ApprovalRoute,
    message: string,
    evidence: Record<string, unknown>,
  ) => list.push({ code, route, message, evidence });
  const C = ApprovalRoute.COMMITTEE;
  if (config.committee.tiers.includes(tier)) {
    add(
      committee,
      ReasonCode.TIER_FOR_COMMITTEE,
      C,
      `health tier ${tier} (score ${score}, model ${modelVersion}) is decided by the committee (tiers ${config.committee.tiers.join(', ')})`,
      {
        ...scoreFigures,
        committeeTiers: config.committee.tiers,
      },
    );
  }
  if (fen > committeeLimit) {
    add(
      committee,
      ReasonCode.AMOUNT_ABOVE_COMMITTEE_LIMIT,
      C,
      `amount ${amount} CNY is above the committee limit of ${limits.committeeLimit} CNY`,
      { amount, ...limits },
    );
  }
  // A group of the borrower alone is no group: its own size is the committee amount's concern.
  if (app.group?.members.length) {
    const g = app.group;
    const groupFen = toFen(g.exposure);
    const groupLimit = toFen(config.committee.groupExposureAbove);
    const withAmount = groupFen + fen;
    if (withAmount > groupLimit)
      add(
        committee,
        ReasonCode.GROUP_EXPOSURE_ABOVE_LIMIT,
        C,
        `the related group's exposure ${fenToString(groupFen)} CNY (the firm and ${g.members.length} related firm(s)) plus the amount ${amount} CNY is ${fenToString(withAmount)} CNY, above the group limit of ${fenToString(groupLimit)} CNY`,
        {
          groupExposure: fenToString(groupFen),
          amount,
          groupExposureWithAmount: fenToString(withAmount),
          groupExposureLimit: fenToString(groupLimit),
          borrowerExposure: fenToString(toFen(g.borrowerExposure)),
          members: g.members.map((m) => ({
            uscc: m.uscc,
            exposure: fenToString(toFen(m.exposure)),
            reasons: m.reasons.map((r) => r.kind),
          })),
        },
      );
  }
  if (seriousWarnings.length) {
    add(
      committee,
      ReasonCode.SERIOUS_WARNING,
      C,
      `${seriousWarnings.length} ${severities.join('/')}-severity warning(s): ${named(seriousWarnings)}; any serious warning goes to the committee`,
      {
        severities,
        warnings: seriousWarnings.map(brief),
      },
    );
  }
  if (seriousFindings.length) {
    add(
      committee,
      ReasonCode.SERIOUS_FINDING,
      C,
      `${seriousFindings.length} ${severities.join('/')}-severity data-quality finding(s): ${named(seriousFindings)}; any serious anomaly in the data goes to the committee`,
      {
        severities,
        findings: seriousFindings.map(brief),
      },
    );
  }

  // The auto-approval conditions, each as [held, the reason if it held, the reason if it failed].
  const S = ApprovalRoute.SPECIALIST_REVIEW;
  const A = ApprovalRoute.AUTO_APPROVE;
  const others = (all: readonly Flag[], serious: readonly Flag[]) => all.filter((x) => !serious.includes(x)).map(brief);
  const conditions: Array<[boolean, RouteReason, RouteReason | null]> = [
    [
      score >= config.autoApprove.minScore,
      {
        code: ReasonCode.SCORE_AUTO_APPROVE,
        route: A,
        message: `health score ${score} (${tier}, model ${modelVersion}) is at least the auto-approval minimum ${config.autoApprove.minScore}`,
        evidence: { ...scoreFigures, minScore: config.autoApprove.minScore },
      },
      config.committee.tiers.includes(tier)
        ? null
        : {
            code: ReasonCode.SCORE_BELOW_AUTO_APPROVE,
            route: S,
            message: `health score ${score} (${tier}, model ${modelVersion}) is below the auto-approval minimum ${config.autoApprove.minScore}`,
            evidence: { ...scoreFigures, minScore: config.autoApprove.minScore },
          },
    ],
    [
      fen <= autoLimit,
      {
        code: ReasonCode.AMOUNT_WITHIN_AUTO_APPROVE_LIMIT,
        route: A,
        message: `amount ${amount} CNY is within the auto-approval limit of ${limits.autoApproveLimit} CNY`,
        evidence: { amount, ...limits },
      },
      fen > committeeLimit
        ? null
        : {
            code: ReasonCode.AMOUNT_ABOVE_AUTO_APPROVE_LIMIT,
            route: S,
            message: `amount ${amount} CNY is above the auto-approval limit of ${limits.autoApproveLimit} CNY (the committee decides above ${limits.committeeLimit} CNY)`,
            evidence: { amount, ...limits },
          },
    ],
    [
      seriousWarnings.length === 0,
      {
        code: ReasonCode.NO_SERIOUS_WARNING,
        route: A,
        message:
          `no ${severities.join('/')}-severity warning` +
          (app.warnings.length ? ` (${app.warnings.length} lesser: ${named(app.warnings)})` : ''),
        evidence: { severities, warnings: others(app.warnings, seriousWarnings) },
      },
      null,
    ],
    [
      seriousFindings.length === 0,
      {
        code: ReasonCode.NO_SERIOUS_FINDING,
        route: A,
        message:
          `no ${severities.join('/')}-severity data-quality finding` +
          (app.findings.length ? ` (${app.findings.length} lesser: ${named(app.findings)})` : ''),
        evidence: { severities, findings: others(app.findings, seriousFindings) },
      },
      null,
    ],
    [
      missingSources.length === 0,
      {
        code: ReasonCode.ALL_SOURCES_PRESENT,
        route: A,
        message: 'every expected source answered with data',
        evidence: { missingSources: [] },
      },
      {
        code: ReasonCode.MISSING_SOURCES,
        route: S,
        message: `no data from ${missingSources.join(', ')} (down in this request, or never delivered): a decision without every source is never automatic`,
        evidence: { missingSources, ...scoreFigures, confidence },
      },
    ],
    [
      confidence >= config.autoApprove.minConfidence,
      {
        code: ReasonCode.CONFIDENCE_AUTO_APPROVE,
        route: A,
        message: `health confidence ${confidence} is at least the auto-approval minimum ${config.autoApprove.minConfidence}`,
        evidence: { confidence, minConfidence: config.autoApprove.minConfidence, modelVersion },
      },
      {
        code: ReasonCode.CONFIDENCE_BELOW_AUTO_APPROVE,
        route: S,
        message: `health confidence ${confidence} (share of the score's weight that had data) is below the auto-approval minimum ${config.autoApprove.minConfidence}`,
        evidence: { confidence, minConfidence: config.autoApprove.minConfidence, missingSources, modelVersion },
      },
    ],
  ];
  const autoApproves = committee.length === 0 && conditions.every(([held]) => held);
  const reasons = autoApproves
    ? conditions.map(([, ok]) => ok)
    : [...committee, ...conditions.filter(([held]) => !held).flatMap(([, , failed]) => (failed ? [failed] : []))];
  const route = autoApproves ? A : committee.length ? C : S;
  return {
    route,
    reasons,
    amount,
    score,
    tier,
    modelVersion,
    confidence,
    missingSources: [...missingSources],
    policyVersion: config.version,
    decidedAt,
  };
}
