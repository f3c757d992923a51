/**
 * The default model's inputs: every health indicator (src/health/indicators/), computed from the
 * facts as of the observation date, and the firm's sector. An indicator that could not be
 * computed enters as its status: "MISSING" (its source or record is absent) or "NOT_APPLICABLE"
 * (nothing to measure), each a bin of its own, so missing data carries the signal it has and is
 * never read as zero. Industry differences come from the data through the SECTOR input, not from
 * hand weights.
 */
import type { FirmFacts } from '../health/facts';
import { INDICATORS, type IndicatorResult } from '../health/indicators';
import { sectorOf } from '../reference/industries';
import type { FeatureRow, FeatureSpec, FeatureValue } from './dataset';

export interface ModelInput extends FeatureSpec {
  label: string;
}

export const SECTOR_INPUT: ModelInput = { name: 'SECTOR', kind: 'categorical', label: 'Industry sector' };

export const MODEL_INPUTS: readonly ModelInput[] = [
  ...INDICATORS.map((ind): ModelInput => ({ name: ind.code, kind: 'numeric', label: ind.label })),
  SECTOR_INPUT,
];

/** An indicator result as a model input value: its value, or its status when it has none. */
export function inputValue(r: IndicatorResult): FeatureValue {
  return r.status === 'OK' && r.value !== null ? r.value : r.status;
}

/** Every indicator of the firm, and the model's input row built from them. */
export function modelInputs(f: FirmFacts): { results: Map<string, IndicatorResult>; row: FeatureRow } {
  const results = new Map<string, IndicatorResult>();
  const row: Record<string, FeatureValue> = {};
  for (const ind of INDICATORS) {
    const r = ind.compute(f);
    results.set(ind.code, r);
    row[ind.code] = inputValue(r);
  }
  row[SECTOR_INPUT.name] = sectorOf(f.industryCode);
  return { results, row };
}
