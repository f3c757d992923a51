/**
 * CASH_FLOW_COVERAGE_LOW (rule 1): the cash-flow coverage of debt service below the minimum, unless
 * the year-end cash covers it.
 */
import type { Decimal } from '../../health/facts';
import { Severity } from '../../quality/finding.entity';
import { n, factorEvidence, indicator, type WarningRule } from './rule';

/** The CASH_FLOW_COVERAGE health factor's evidence (src/health/indicators/cash-flow-coverage.indicator.ts). */
export interface CashFlowCoverageFactorEvidence {
  statementId: string;
  periodEnd: string;
  operatingCashFlow: Decimal;
  debtServiceNext12: Decimal;
  /** The months of a first short year (its cash flow annualised), with the founding date. */
  periodMonths?: number;
  foundedOn?: string | null;
  /** The contract numbers of the live loans. */
  loans: string[];
}

export interface CashFlowCoverageLowEvidence extends CashFlowCoverageFactorEvidence {
  coverage: number;
  cash: Decimal;
  cashCover: number;
  threshold: number;
  cashThreshold: number;
}

export const cashFlowCoverageLowRule: WarningRule<'CASH_FLOW_COVERAGE_LOW', CashFlowCoverageLowEvidence> = {
  code: 'CASH_FLOW_COVERAGE_LOW',
  number: 1,
  title: 'Cash-flow coverage below the minimum',
  severity: Severity.MEDIUM,
  sources: ['bank'],
  evaluate(input) {
    const { config } = input;
    const x = indicator(input, 'CASH_FLOW_COVERAGE');
    if (!x || x.value! >= config.minCashFlowCoverage) return null;
    // A short year is a warning when the cash at its end does not cover the debt service either.
    const due = n(input.facts.bank!.debtServiceNext12);
    const cash = input.facts.statement!.cash;
    const cashCover = n(cash) / due;
    if (cashCover >= config.minCashCoverForLowCashFlow) return null;
    return {
      message: `cash-flow coverage ${x.value!.toFixed(2)} is below ${config.minCashFlowCoverage}, and year-end cash of ${cash} covers ${cashCover.toFixed(2)} times the debt service (needed: ${config.minCashCoverForLowCashFlow})`,
      evidence: {
        ...factorEvidence<CashFlowCoverageFactorEvidence>(x),
        coverage: x.value!,
        cash,
        cashCover: Math.round(cashCover * 10000) / 10000,
        threshold: config.minCashFlowCoverage,
        cashThreshold: config.minCashCoverForLowCashFlow,
      },
    };
  },
};
