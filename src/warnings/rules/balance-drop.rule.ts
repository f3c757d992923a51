/**
 * BALANCE_DROP (rule 6): month-end balances falling abnormally (not in a firm revoked or
 * deregistered: that is its winding down).
 */
import type { Decimal } from '../../health/facts';
import { Severity } from '../../quality/finding.entity';
import { pct, factorEvidence, indicator, type WarningRule } from './rule';

export interface MonthBalance {
  month: string;
  endBalance: Decimal;
}

/** The BALANCE_TREND health factor's evidence (src/health/indicators/balance-trend.indicator.ts). */
export interface BalanceTrendFactorEvidence {
  recent: MonthBalance[];
  priorMonthlyAverage: Decimal;
  changeAgainstPrior: number;
  /** The same months a year before, when on record. */
  yearBefore?: MonthBalance[];
  changeAgainstYearBefore?: number;
}

export interface BalanceDropEvidence extends BalanceTrendFactorEvidence {
  change: number;
  threshold: number;
}

export const balanceDropRule: WarningRule<'BALANCE_DROP', BalanceDropEvidence> = {
  code: 'BALANCE_DROP',
  number: 6,
  title: 'Account balance falling abnormally',
  severity: Severity.MEDIUM,
  sources: ['bank'],
  evaluate(input) {
    const x = indicator(input, 'BALANCE_TREND');
    if (!x || 1 + x.value! > input.config.maxBalanceRatio) return null;
    if (input.facts.registry && input.config.balanceDropSkipsStatuses.includes(input.facts.registry.status))
      return null;
    return {
      message: `${x.explanation} (alert at ${pct(1 - input.config.maxBalanceRatio)})`,
      evidence: {
        ...factorEvidence<BalanceTrendFactorEvidence>(x),
        change: x.value!,
        threshold: input.config.maxBalanceRatio,
      },
    };
  },
};
