/**
 * Runs every warning rule over a firm: a pure function of its facts, its health (the tier the
 * warning is raised at, and the indicators the rules read) and its data-quality findings.
 * `evaluateNetworkRules` runs the rules that read only the firm's guarantee network, for a firm
 * whose score stands and whose network changed.
 */
import type { AsOf, DetectedFinding } from '../quality/check';
import { fingerprint } from '../quality/quality.service';
import type { FirmFacts } from '../health/facts';
import type { Health } from '../health/health.service';
import type { Tier } from '../health/tier';
import type { DetectedWarning } from './warning';
import { NETWORK_RULES, RULES, type WarningRule } from './rules';
import type { NetworkWarningRule, RuleHit } from './rules/rule';
import { WARNINGS_CONFIG, type WarningsConfig } from './warnings.config';

/** The warning a rule's hit raises for a firm at its tier, as of a month. */
function raise(
  rule: Pick<WarningRule, 'code' | 'number' | 'title' | 'severity' | 'sources'>,
  hit: RuleHit,
  firm: { uscc: string; tier: Tier; asOfMonth: string },
  config: WarningsConfig,
): DetectedWarning {
  return {
    uscc: firm.uscc,
    code: rule.code,
    severity: hit.severity ?? rule.severity,
    tier: firm.tier,
    message: hit.message,
    evidence: {
      ...hit.evidence,
      rule: { number: rule.number, title: rule.title, configVersion: config.version },
      asOf: firm.asOfMonth,
    },
    sources: rule.sources,
    fingerprint: fingerprint(`WARNING:${rule.code}`, firm.uscc, hit.subject ?? ''),
  };
}

export function evaluateRules(
  facts: FirmFacts,
  health: Health,
  findings: readonly DetectedFinding[] = [],
  config: WarningsConfig = WARNINGS_CONFIG,
  rules: readonly WarningRule[] = RULES,
): DetectedWarning[] {
  const factors = new Map(health.factors.map((f) => [f.code, f]));
  const firm = { uscc: facts.uscc, tier: health.tier, asOfMonth: facts.asOf.month };
  const out: DetectedWarning[] = [];
  for (const rule of rules) {
    const hit = rule.evaluate({ facts, factors, findings, config });
    if (hit) out.push(raise(rule, hit, firm, config));
  }
  return out;
}

/**
 * The warnings of NETWORK_RULES for a firm of `tier` (its stored score's) with this guarantee
 * network as of `asOf`: the same warnings `evaluateRules` raises from those rules.
 */
export function evaluateNetworkRules(
  uscc: string,
  asOf: AsOf,
  tier: Tier,
  network: FirmFacts['network'],
  config: WarningsConfig = WARNINGS_CONFIG,
  rules: readonly NetworkWarningRule[] = NETWORK_RULES,
): DetectedWarning[] {
  const firm = { uscc, tier, asOfMonth: asOf.month };
  const out: DetectedWarning[] = [];
  for (const rule of rules) {
    const hit = rule.evaluate({ facts: { network }, config });
    if (hit) out.push(raise(rule, hit, firm, config));
  }
  return out;
}
