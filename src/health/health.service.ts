/**
 * The health index: a pure function of a firm's facts and the serving default model
 * (src/model/model.ts). Every indicator is computed from the facts; the model's inputs among them
 * (and the sector) give the probability of default in the next 12 months through the scorecard;
 * the PD gives the 0-100 index and the tier (PD bands); the caps then bound the index (a revoked
 * or deregistered firm, a dishonest-debtor listing, a loan 90 days overdue: at most 29; an
 * abnormal-operations listing: at most 49), each named. A firm already in default (a loan 90 days
 * past due or written off) has PD 1.
 *
 * Missing is not zero: an input whose source has no records enters the model as MISSING, whose
 * bin the model learned; an input whose source failed in this request is unknown, gets the
 * neutral evidence (WoE 0) and is named. Either lowers `confidence`: the share of the model's
 * point range whose inputs had data. A source that failed is also in `missingSources`, which
 * keeps the decision from being automatic (approval routing). A source the reader's consent does
 * not cover (facts.ts `restrictToSources`: a partner's score) is treated like one that failed:
 * its data exists but may not be used, so its inputs are unknown too (not the MISSING bin of a
 * firm without such records, nor a clean court record for an unread JUDICIAL), it is named in
 * `missingSources`, and also in `excludedSources`, the reasons and the factors' explanations.
 *
 * Factors: every indicator with its value, evidence and sentence; for the model's inputs also the
 * bin the firm fell in, its points and the most the input can earn (model.ts). Reasons name the
 * caps, the largest point deficits in sentences, and the missing sources.
 */
import { sectorOf } from '../reference/industries';
import type { FirmFacts } from './facts';
import { HEALTH_CONFIG } from './health.config';
import { INDICATORS, type IndicatorStatus } from './indicators';
import { type Tier, tierOf } from './tier';
import { modelInputs } from '../model/inputs';
import { type ModelDocument, POINTS_FACTOR, indexOfPd } from '../model/model';
import { scoreRow } from '../model/scorecard';
import type { FeatureRow } from '../model/dataset';

export interface HealthFactor {
  code: string;
  label: string;
  unit: string;
  window: string;
  status: IndicatorStatus;
  value: number | null;
  /** The model's bin the value fell in (null: not a model input). */
  bin: string | null;
  /** The bin's weight of evidence (ln of the share of non-defaulters over defaulters in it). */
  woe: number | null;
  /** Points earned: 0 in the input's worst value bin, `maxPoints` in its best (a status bin's WoE placed on the same scale, within it); 0 for an indicator the model does not use. */
  points: number;
  maxPoints: number;
  /** The input's share of the model's point range (0 for an indicator the model does not use). */
  weight: number;
  explanation: string;
  evidence: Record<string, unknown>;
  sources: string[];
}

export interface Health {
  uscc: string;
  /** The 0-100 index (higher is healthier), a monotone transform of the PD, capped. */
  score: number;
  /** Probability of default (90 days past due or written off) in the 12 months after asOf. */
  probabilityOfDefault: number;
  tier: Tier;
  modelVersion: string;
  /** The sector the model read (its SECTOR input). */
  profile: string;
  asOf: string;
  /** Share (0-1) of the model's point range whose inputs had data. */
  confidence: number;
  /** Expected sources with no data, whose upstream failed in this request, or not covered by the reader's consent. */
  missingSources: string[];
  /**
   * Those of `missingSources` left out because the reader's consent does not cover them (facts.ts
   * `restrictToSources`); absent when none was (the bank's own readers, a stored snapshot).
   */
  excludedSources?: string[];
  factors: HealthFactor[];
  /** The caps that bound the score, in words. */
  caps: string[];
  /** The top reasons, as sentences a risk officer can check. */
  reasons: string[];
  /** The caps with the index they allow (what `nextTier` must see lifted first). */
  capLimits: Array<{ max: number; reason: string }>;
  /** The sentence saying the firm is in default (PD 1), or null. */
  inDefault: string | null;
  /** The model's input row the PD came from (input code -> value, or its status). */
  inputs: FeatureRow;
}

const round2 = (x: number) => Math.round(x * 100) / 100;
/** The value an input takes when its source failed in this request: a bin no model has, so neutral evidence. */
export const UNAVAILABLE = 'UNAVAILABLE';

interface PointScale {
  pointsOf: (code: string, woe: number) => { points: number; maxPoints: number };
  /** The most points all inputs together can earn. */
  totalRange: number;
}

/** Per model document: it never changes once loaded, and the scale was a fifth of scoring a firm. */
const SCALES = new WeakMap<ModelDocument, PointScale>();

/**
 * The model's point scale. An input's point range runs over the bins of its values (a status
 * bin, MISSING or NOT_APPLICABLE, is where a firm without a value lands, not a level to reach).
 */
function pointScale(model: ModelDocument): PointScale {
  const known = SCALES.get(model);
  if (known) return known;
  const ranges = new Map(
    model.scorecard.features
      .filter((x) => x.selected && x.coefficient !== null)
      .map((x) => {
        const values = x.binning.bins.filter((b) => b.kind !== 'special' && b.kind !== 'missing');
        const woes = (values.length ? values : x.binning.bins).map((b) => b.woe);
        const r = { min: Math.min(...woes), max: Math.max(...woes), beta: -(x.coefficient as number) };
        return [x.feature, { ...r, maxPoints: round2(POINTS_FACTOR * Math.abs(r.beta) * (r.max - r.min)) }];
      }),
  );
  const pointsOf = (code: string, woe: number) => {
    const r = ranges.get(code)!;
    const earned = POINTS_FACTOR * r.beta * (woe - (r.beta >= 0 ? r.min : r.max));
    return { points: round2(Math.min(r.maxPoints, Math.max(0, earned))), maxPoints: r.maxPoints };
  };
  const scale = { pointsOf, totalRange: [...ranges.values()].reduce((a, r) => a + r.maxPoints, 0) };
  SCALES.set(model, scale);
  return scale;
}

export function scoreHealth(f: FirmFacts, model: ModelDocument): Health {
  const { results, row } = modelInputs(f);
  const failed = new Set((f.failedSources ?? []).map((s) => s.toLowerCase()));
  const excluded = new Set((f.excludedSources ?? []).map((s) => s.toLowerCase()));
  const unusable = (ind: { sources: string[] }) => ind.sources.some((s) => failed.has(s) || excluded.has(s));
  const unavailable = new Set(INDICATORS.filter(unusable).map((ind) => ind.code));
  // Why an input is unknown: its sources the consent does not cover, then those that did not answer.
  const unknownBecause = (sources: string[]) => {
    const out = sources.filter((s) => excluded.has(s));
    const down = sources.filter((s) => failed.has(s) && !excluded.has(s));
    return `unknown: ${[...(out.length ? [`${out.join(', ')} not covered by the consent`] : []), ...(down.length ? [`${down.join(', ')} did not answer in this request`] : [])].join('; ')}`;
  };
  const inputs = { ...row };
  for (const code of unavailable) inputs[code] = UNAVAILABLE;
  const scored = scoreRow(model.scorecard, inputs);
  const byFeature = new Map(scored.contributions.map((c) => [c.feature, c]));
  const { pointsOf, totalRange } = pointScale(model);
  const factors: HealthFactor[] = INDICATORS.map((ind) => {
    const r = results.get(ind.code)!;
    const c = byFeature.get(ind.code);
    const p = c ? pointsOf(ind.code, c.woe) : { points: 0, maxPoints: 0 };
    return {
      code: ind.code,
      label: ind.label,
      unit: ind.unit,
      window: ind.window,
      status: r.status,
      value: r.value,
      bin: c ? c.bin.label : null,
      woe: c ? round2(c.woe) : null,
      ...p,
      weight: totalRange > 0 ? round2(p.maxPoints / totalRange) : 0,
      explanation: unavailable.has(ind.code) ? unknownBecause(ind.sources) : r.explanation,
      evidence: r.evidence,
      sources: ind.sources,
    };
  });
  const sector = byFeature.get('SECTOR');
  if (sector) {
    const p = pointsOf('SECTOR', sector.woe);
    factors.push({
      code: 'SECTOR',
      label: 'Industry sector',
      unit: 'sector',
      window: 'registered industry',
      status: 'OK',
      value: null,
      bin: sector.bin.label,
      woe: round2(sector.woe),
      ...p,
      weight: totalRange > 0 ? round2(p.maxPoints / totalRange) : 0,
      explanation: `the firm's sector is ${row.SECTOR}`,
      evidence: { industryCode: f.industryCode, sector: row.SECTOR },
      sources: ['core'],
    });
  }
  const noData = factors.filter((x) => x.maxPoints > 0 && (x.status === 'MISSING' || unavailable.has(x.code)));
  const applicable = factors.filter(
    (x) => x.maxPoints > 0 && (x.status !== 'NOT_APPLICABLE' || unavailable.has(x.code)),
  );
  const applicableRange = applicable.reduce((a, x) => a + x.maxPoints, 0);
  const confidence =
    applicableRange > 0 ? round2(1 - noData.reduce((a, x) => a + x.maxPoints, 0) / applicableRange) : 0;

  const inDefault = defaultOf(f);
  const pd = inDefault ? 1 : scored.pd;
  let score = indexOfPd(model.tiers, pd);
  const caps = capsFor(f);
  for (const cap of caps) score = Math.min(score, cap.max);
  // Reasons are values that cost points (a missing or not applicable input is named elsewhere).
  const excludedSources = f.excludedSources ?? [];
  const noDataFrom = f.missingSources.filter((s) => !excludedSources.includes(s));
  const short = factors
    .filter((x) => x.status === 'OK' && !unavailable.has(x.code) && x.maxPoints - x.points >= 1)
    .sort((a, b) => b.maxPoints - b.points - (a.maxPoints - a.points));
  const reasons = [
    ...(inDefault ? [inDefault] : []),
    ...caps.map((c) => c.reason),
    ...short
      .slice(0, 3)
      .map((x) => `${x.explanation} (${x.bin}: ${round2(x.maxPoints - x.points)} of ${x.maxPoints} points short)`),
    ...(noDataFrom.length ? [`no data from ${noDataFrom.join(', ')}: the probability rests on the other sources`] : []),
    ...(excludedSources.length
      ? [
          `not covered by the consent, so not used: ${excludedSources.join(', ')}; the probability rests on the other sources`,
        ]
      : []),
  ];
  return {
    uscc: f.uscc,
    score,
    probabilityOfDefault: Math.round(pd * 1e6) / 1e6,
    tier: tierOf(score),
    modelVersion: model.version,
    profile: sectorOf(f.industryCode),
    asOf: f.asOf.month,
    confidence,
    missingSources: f.missingSources,
    ...(excludedSources.length ? { excludedSources } : {}),
    factors: factors.sort((a, b) => b.maxPoints - b.points - (a.maxPoints - a.points)),
    caps: caps.map((c) => c.reason),
    reasons,
    capLimits: caps,
    inDefault,
    inputs,
  };
}

/** The firm is in default at asOf (a loan 90 days past due, or written off): the sentence that says so. */
function defaultOf(f: FirmFacts): string | null {
  const loans = f.bank?.loans ?? [];
  const writtenOff = loans.find((l) => l.status === 'WRITTEN_OFF');
  if (writtenOff) return `loan ${writtenOff.contractNo} was written off: the firm is in default (probability 1)`;
  const overdue = loans.find((l) => l.overdueDays >= 90);
  return overdue
    ? `loan ${overdue.contractNo} is ${overdue.overdueDays} days past due: the firm is in default (probability 1)`
    : null;
}

function capsFor(f: FirmFacts): Array<{ max: number; reason: string }> {
  const config = HEALTH_CONFIG;
  const caps: Array<{ max: number; reason: string }> = [];
  const r = f.registry;
  if (r && r.status !== 'ACTIVE')
    caps.push({
      max: config.caps.registryStatusNotActive,
      reason: `registry status ${r.status}${r.statusChangedOn ? ` since ${r.statusChangedOn}` : ''}: score capped at ${config.caps.registryStatusNotActive}`,
    });
  if (r && r.abnormalListings.length)
    caps.push({
      max: config.caps.abnormalListing,
      reason: `on the abnormal-operations list since ${r.abnormalListings[0].listedOn} (${r.abnormalListings[0].reason}): score capped at ${config.caps.abnormalListing}`,
    });
  const dishonest = f.judicial.dishonestListings.filter((d) => d.removedOn === null);
  if (dishonest.length)
    caps.push({
      max: config.caps.dishonestListing,
      reason: `listed as a dishonest debtor (${dishonest[0].caseNo}): score capped at ${config.caps.dishonestListing}`,
    });
  const overdue = Math.max(0, ...(f.bank?.loans ?? []).map((l) => l.overdueDays));
  if (overdue >= 90)
    caps.push({
      max: config.caps.overdueDays90,
      reason: `a loan is ${overdue} days overdue: score capped at ${config.caps.overdueDays90}`,
    });
  return caps;
}
