/**
 * The hand-weighted health index the platform served before the default model (health-1.0.0),
 * kept only as the baseline the model is measured against (`npm run train`, `npm run
 * eval:score`): each indicator's value mapped linearly to 0-100 points on its scale, the points
 * averaged with hand-set industry weights over the indicators that could be computed, then
 * capped (a revoked licence, a dishonest-debtor listing, 90 days overdue: 29; an
 * abnormal-operations listing: 49). Its configuration is health.config.ts.
 */
import { sectorOf } from '../reference/industries';
import type { FirmFacts } from './facts';
import { HEALTH_CONFIG, type HealthConfig, type Scale } from './health.config';
import { INDICATORS } from './indicators';

/** 0-100 points for a value on a scale (linear between `zero` and `full`, clamped). */
export function pointsOn(value: number, scale: Scale): number {
  const t = (value - scale.zero) / (scale.full - scale.zero);
  return Math.round(Math.min(1, Math.max(0, t)) * 10000) / 100;
}

/** The hand-weighted index of a firm, 0-100 (higher is healthier). */
export function handWeightedScore(f: FirmFacts, config: HealthConfig = HEALTH_CONFIG): number {
  const sector = sectorOf(f.industryCode);
  const weights = sector === 'OTHER' ? config.profiles.DEFAULT : config.profiles[sector];
  let weighted = 0;
  let weight = 0;
  for (const ind of INDICATORS) {
    const w = weights[ind.code] ?? 0;
    const r = ind.compute(f);
    if (r.status !== 'OK' || r.value === null || w <= 0) continue;
    weighted += w * pointsOn(r.value, config.scales[ind.code]);
    weight += w;
  }
  let score = weight > 0 ? weighted / weight : 0;
  const r = f.registry;
  if (r && r.status !== 'ACTIVE') score = Math.min(score, config.caps.registryStatusNotActive);
  if (r && r.abnormalListings.length) score = Math.min(score, config.caps.abnormalListing);
  if (f.judicial.dishonestListings.some((d) => d.removedOn === null))
    score = Math.min(score, config.caps.dishonestListing);
  if (Math.max(0, ...(f.bank?.loans ?? []).map((l) => l.overdueDays)) >= 90)
    score = Math.min(score, config.caps.overdueDays90);
  return Math.round(score);
}
