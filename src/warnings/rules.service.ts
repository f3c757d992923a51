/**
 * Runs every warning rule over a firm: a pure function of its facts, its health (the tier the
 * warning is raised at, and the indicators the rules read) and its data-quality findings.
 */
import type { DetectedFinding } from '../quality/check';
import { fingerprint } from '../quality/quality.service';
import type { FirmFacts } from '../health/facts';
import type { Health } from '../health/health.service';
import type { DetectedWarning } from './warning';
import { RULES, type WarningRule } from './rules';
import { WARNINGS_CONFIG, type WarningsConfig } from './warnings.config';

export function evaluateRules(
  facts: FirmFacts,
  health: Health,
  findings: readonly DetectedFinding[] = [],
  config: WarningsConfig = WARNINGS_CONFIG,
  rules: readonly WarningRule[] = RULES,
): DetectedWarning[] {
  const factors = new Map(health.factors.map((f) => [f.code, f]));
  const out: DetectedWarning[] = [];
  for (const rule of rules) {
    const hit = rule.evaluate({ facts, factors, findings, config });
    if (!hit) continue;
    out.push({
      uscc: facts.uscc,
      code: rule.code,
      severity: hit.severity ?? rule.severity,
      tier: health.tier,
      message: hit.message,
      evidence: {
        ...hit.evidence,
        rule: { number: rule.number, title: rule.title, configVersion: config.version },
        asOf: facts.asOf.month,
      },
      sources: rule.sources,
      fingerprint: fingerprint(`WARNING:${rule.code}`, facts.uscc, hit.subject ?? ''),
    });
  }
  return out;
}
