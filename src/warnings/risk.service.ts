/**
 * A firm's risk picture for one request: its facts from the sources this request could reach,
 * its health, its data-quality findings (the checks run on read, less those a person
 * dismissed) and the warnings the rules raise. Computed once
 * per firm per request (Borrower.health, Borrower.warnings and Borrower.approval share it).
 */
import type { Context } from '../graphql/context';
import type { DetectedFinding } from '../quality/check';
import { FindingStatus } from '../quality/finding.entity';
import { SOURCE_NAMES } from '../../connectors/sources';
import { type FirmFacts, withoutSources } from '../health/facts';
import { type Health, scoreHealth } from '../health/health.service';
import { activeModel } from '../model/model.repository';
import type { DetectedWarning } from './warning';
import { evaluateRules } from './rules.service';
import { WarningStatus } from './warning.entity';

export interface Risk {
  facts: FirmFacts;
  health: Health;
  findings: DetectedFinding[];
  /** Every warning the rules raise now. */
  warnings: DetectedWarning[];
  /** Those a person has not dismissed or closed (what routing and dashboards act on). */
  activeWarnings: DetectedWarning[];
}

/** The firm's facts once every source has answered this request, without those that failed. */
export async function reachableFacts(ctx: Context, uscc: string): Promise<FirmFacts | null> {
  const statuses = await Promise.all(SOURCE_NAMES.map((s) => ctx.sourceStatus(s, uscc)));
  const failed = statuses.filter((s) => s.status === 'UNAVAILABLE' || s.status === 'TIMEOUT').map((s) => s.source);
  const facts = await ctx.loaders.facts.load(uscc);
  return facts && withoutSources(facts, failed);
}

const memo = new WeakMap<Context, Map<string, Promise<Risk | null>>>();

async function compute(ctx: Context, uscc: string): Promise<Risk | null> {
  // The checks run on read for the firm (one statement per check for the page), merged with stored decisions.
  const [facts, live, model] = await Promise.all([
    reachableFacts(ctx, uscc),
    ctx.loaders.liveFindings.load(uscc),
    activeModel(ctx.db),
  ]);
  if (!facts) return null;
  const health = scoreHealth(facts, model);
  // Findings a person dismissed do not raise warnings.
  const findings: DetectedFinding[] = live.filter((f) => f.status !== FindingStatus.DISMISSED);
  const warnings = evaluateRules(facts, health, findings);
  const stored = await Promise.all(warnings.map((w) => ctx.loaders.warningByFingerprint.load(w.fingerprint)));
  const activeWarnings = warnings.filter(
    (_, i) => stored[i]?.status !== WarningStatus.DISMISSED && stored[i]?.status !== WarningStatus.CLOSED,
  );
  return { facts, health, findings, warnings, activeWarnings };
}

export function riskOf(ctx: Context, uscc: string): Promise<Risk | null> {
  let perRequest = memo.get(ctx);
  if (!perRequest) memo.set(ctx, (perRequest = new Map()));
  let risk = perRequest.get(uscc);
  if (!risk) perRequest.set(uscc, (risk = compute(ctx, uscc)));
  return risk;
}
