/**
 * The health index: a pure function of a firm's facts and the versioned configuration.
 *
 * Each indicator's value becomes 0-100 points on its scale; the score is the weighted mean of
 * the points over the indicators that could be computed (weights from the firm's industry
 * profile), so a missing source never counts as zero: it lowers `confidence` (the share of the
 * applicable weight that had data) and is named in `missingSources`. Caps (a revoked licence, a
 * dishonest-debtor listing, 90 days overdue, an abnormal-operations listing) then bound the
 * score, each shown as a factor. Factors say how many points each indicator contributed out of
 * its share, and the reasons are the explanations of the indicators that cost the most.
 */
import { sectorOf } from '../reference/industries';
import type { FirmFacts } from './facts';
import { HEALTH_CONFIG, type HealthConfig, type Scale, type WeightProfile } from './health.config';
import { INDICATORS, type IndicatorStatus } from './indicators';
import { type Tier, tierOf } from './tier';

export interface HealthFactor {
  code: string;
  label: string;
  unit: string;
  window: string;
  status: IndicatorStatus;
  value: number | null;
  /** Points the indicator contributed to the score (0 when missing or not applicable). */
  points: number;
  /** The most it could contribute (its weight's share of the score). */
  maxPoints: number;
  weight: number;
  explanation: string;
  evidence: Record<string, unknown>;
  sources: string[];
}

export interface Health {
  uscc: string;
  score: number;
  tier: Tier;
  modelVersion: string;
  profile: string;
  asOf: string;
  /** Share (0-1) of the applicable weight whose indicators had data. */
  confidence: number;
  missingSources: string[];
  factors: HealthFactor[];
  /** The caps that bound the score, in words. */
  caps: string[];
  /** The top reasons, as sentences a risk officer can check. */
  reasons: string[];
}

/** 0-100 points for a value on a scale (linear between `zero` and `full`, clamped). */
export function pointsOn(value: number, scale: Scale): number {
  const t = (value - scale.zero) / (scale.full - scale.zero);
  return Math.round(Math.min(1, Math.max(0, t)) * 10000) / 100;
}

export function profileFor(industryCode: string, config: HealthConfig = HEALTH_CONFIG): [string, WeightProfile] {
  const sector = sectorOf(industryCode);
  return sector === 'OTHER' ? ['DEFAULT', config.profiles.DEFAULT] : [sector, config.profiles[sector]];
}

const round2 = (x: number) => Math.round(x * 100) / 100;

export function scoreHealth(f: FirmFacts, config: HealthConfig = HEALTH_CONFIG): Health {
  const [profileName, weights] = profileFor(f.industryCode, config);
  const computed = INDICATORS.map((ind) => ({ ind, r: ind.compute(f), weight: weights[ind.code] ?? 0 }));
  const usable = computed.filter((c) => c.r.status === 'OK' && c.weight > 0);
  const applicable = computed.filter((c) => c.r.status !== 'NOT_APPLICABLE' && c.weight > 0);
  const usableWeight = usable.reduce((a, c) => a + c.weight, 0);
  const applicableWeight = applicable.reduce((a, c) => a + c.weight, 0);
  const factors: HealthFactor[] = computed.map(({ ind, r, weight }) => {
    const share = r.status === 'OK' && usableWeight > 0 ? (weight / usableWeight) * 100 : 0;
    const pts = r.status === 'OK' && r.value !== null ? pointsOn(r.value, config.scales[ind.code]) : 0;
    return {
      code: ind.code, label: ind.label, unit: ind.unit, window: ind.window, status: r.status, value: r.value,
      points: round2((pts * share) / 100), maxPoints: round2(share), weight,
      explanation: r.explanation, evidence: r.evidence, sources: ind.sources,
    };
  });
  let score = usableWeight > 0 ? factors.reduce((a, x) => a + x.points, 0) : 0;
  const caps = capsFor(f, config);
  for (const cap of caps) score = Math.min(score, cap.max);
  score = Math.round(score);
  const lost = factors
    .filter((x) => x.status === 'OK' && x.maxPoints - x.points >= 0.5)
    .sort((a, b) => b.maxPoints - b.points - (a.maxPoints - a.points));
  const reasons = [
    ...caps.map((c) => c.reason),
    ...lost.slice(0, 3).map((x) => `${x.explanation} (${round2(x.maxPoints - x.points)} of ${round2(x.maxPoints)} points lost)`),
    ...(f.missingSources.length ? [`no data from ${f.missingSources.join(', ')}: the score rests on the other sources`] : []),
  ];
  return {
    uscc: f.uscc,
    score,
    tier: tierOf(score),
    modelVersion: config.version,
    profile: profileName,
    asOf: f.asOf.month,
    confidence: applicableWeight > 0 ? round2(usableWeight / applicableWeight) : 0,
    missingSources: f.missingSources,
    factors: factors.sort((a, b) => b.maxPoints - b.points - (a.maxPoints - a.points)),
    caps: caps.map((c) => c.reason),
    reasons,
  };
}

function capsFor(f: FirmFacts, config: HealthConfig): Array<{ max: number; reason: string }> {
  const caps: Array<{ max: number; reason: string }> = [];
  const r = f.registry;
  if (r && r.status !== 'ACTIVE') caps.push({ max: config.caps.registryStatusNotActive, reason: `registry status ${r.status}${r.statusChangedOn ? ` since ${r.statusChangedOn}` : ''}: score capped at ${config.caps.registryStatusNotActive}` });
  if (r && r.abnormalListings.length) caps.push({ max: config.caps.abnormalListing, reason: `on the abnormal-operations list since ${r.abnormalListings[0].listedOn} (${r.abnormalListings[0].reason}): score capped at ${config.caps.abnormalListing}` });
  const dishonest = f.judicial.dishonestListings.filter((d) => d.removedOn === null);
  if (dishonest.length) caps.push({ max: config.caps.dishonestListing, reason: `listed as a dishonest debtor (${dishonest[0].caseNo}): score capped at ${config.caps.dishonestListing}` });
  const overdue = Math.max(0, ...(f.bank?.loans ?? []).map((l) => l.overdueDays));
  if (overdue >= 90) caps.push({ max: config.caps.overdueDays90, reason: `a loan is ${overdue} days overdue: score capped at ${config.caps.overdueDays90}` });
  return caps;
}
