/**
 * The health indicators, in the order they are scored and shown: pure functions of a firm's facts.
 * Each states its unit, its window and what it does when inputs are missing: MISSING (the source
 * or record it needs is absent: the score's confidence drops, it is not read as zero) or
 * NOT_APPLICABLE (the firm has nothing to measure, e.g. no loan to cover: left out without
 * lowering confidence). Every value carries the figures and record ids behind it, and a sentence
 * a risk officer can check. One file per indicator (<name>.indicator.ts); what they share is in
 * indicator.helpers.ts and indicator.types.ts. The order is the model's input order.
 */
import type { Indicator } from './indicator.types';
import { balanceTrendIndicator } from './balance-trend.indicator';
import { cashBufferIndicator } from './cash-buffer.indicator';
import { cashFlowCoverageIndicator } from './cash-flow-coverage.indicator';
import { customerConcentrationIndicator } from './customer-concentration.indicator';
import { dataCompletenessIndicator } from './data-completeness.indicator';
import { debtRatioIndicator } from './debt-ratio.indicator';
import { firmAgeIndicator } from './firm-age.indicator';
import { guaranteeExposureIndicator } from './guarantee-exposure.indicator';
import { headcountTrendIndicator } from './headcount-trend.indicator';
import { inventoryTurnoverIndicator } from './inventory-turnover.indicator';
import { judicialExposureIndicator } from './judicial-exposure.indicator';
import { legalRepChangesIndicator } from './legal-rep-changes.indicator';
import { loanPricingIndicator } from './loan-pricing.indicator';
import { majorCustomerLossIndicator } from './major-customer-loss.indicator';
import { netMarginIndicator } from './net-margin.indicator';
import { orderTrendIndicator } from './order-trend.indicator';
import { receivableTurnoverIndicator } from './receivable-turnover.indicator';
import { repaymentRecordIndicator } from './repayment-record.indicator';
import { revenueGrowthIndicator } from './revenue-growth.indicator';
import { revenueVolatilityIndicator } from './revenue-volatility.indicator';
import { salesTrendIndicator } from './sales-trend.indicator';
import { taxCreditRatingIndicator } from './tax-credit-rating.indicator';
import { taxPaidTrendIndicator } from './tax-paid-trend.indicator';
import { utilityRegularityIndicator } from './utility-regularity.indicator';

export const INDICATORS: readonly Indicator[] = [
  cashFlowCoverageIndicator,
  debtRatioIndicator,
  netMarginIndicator,
  cashBufferIndicator,
  revenueGrowthIndicator,
  salesTrendIndicator,
  revenueVolatilityIndicator,
  taxPaidTrendIndicator,
  customerConcentrationIndicator,
  majorCustomerLossIndicator,
  orderTrendIndicator,
  receivableTurnoverIndicator,
  inventoryTurnoverIndicator,
  headcountTrendIndicator,
  utilityRegularityIndicator,
  firmAgeIndicator,
  legalRepChangesIndicator,
  judicialExposureIndicator,
  guaranteeExposureIndicator,
  balanceTrendIndicator,
  repaymentRecordIndicator,
  loanPricingIndicator,
  taxCreditRatingIndicator,
  dataCompletenessIndicator,
];

export type { Indicator, IndicatorResult, IndicatorStatus } from './indicator.types';
export { lostMajorCustomers, MAJOR_CUSTOMER } from './indicator.helpers';
