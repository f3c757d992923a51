/**
 * UTILITY_IRREGULAR (rule 5): too few utility bills paid in full and on time.
 */
import type { Decimal } from '../../health/facts';
import { Severity } from '../../quality/finding.entity';
import { pct, factorEvidence, indicator, type WarningRule } from './rule';

/** One month of the UTILITY_REGULARITY health factor's evidence (src/health/indicators/utility-regularity.indicator.ts). */
export interface UtilityMonth {
  month: string;
  bills: number;
  late: number;
  unpaidOrPart: number;
  due: Decimal;
  paid: Decimal;
}

export interface UtilityIrregularEvidence {
  months: UtilityMonth[];
  onTimeShare: number;
  threshold: number;
}

export const utilityIrregularRule: WarningRule<'UTILITY_IRREGULAR', UtilityIrregularEvidence> = {
  code: 'UTILITY_IRREGULAR',
  number: 5,
  title: 'Utility payments irregular',
  severity: Severity.MEDIUM,
  sources: ['alt_data'],
  evaluate(input) {
    const x = indicator(input, 'UTILITY_REGULARITY');
    if (!x || x.value! >= input.config.minUtilityOnTime) return null;
    return {
      message: `${x.explanation} (minimum ${pct(input.config.minUtilityOnTime)})`,
      evidence: {
        ...factorEvidence<{ months: UtilityMonth[] }>(x),
        onTimeShare: x.value!,
        threshold: input.config.minUtilityOnTime,
      },
    };
  },
};
