/**
 * The early-warning rules, one file each, in the order they run: the domain's (docs/domain.md)
 * twelve and the extra signals (tax without cash flow, guarantee circles, a receivable pledged
 * twice, shell-company signs, repayments falling behind, a distressed firm in the guarantee network). Each is a pure function of the firm's
 * facts, its health indicators and its current data-quality findings; where a data-quality check
 * already establishes the fact (tax without flow, staff mismatch, pledged twice, registry status
 * with a live loan, legal-rep changes), the rule raises the check's finding as a warning instead
 * of testing it a second way.
 *
 * A hit carries its message and the evidence: the records, the figures and the threshold. The
 * codes here are the GraphQL `WarningRule` enum; each rule's evidence type is its `details` type.
 */
import type { NetworkWarningRule, WarningRule } from './rule';
import { cashFlowCoverageLowRule } from './cash-flow-coverage-low.rule';
import { majorCustomerLossRule } from './major-customer-loss.rule';
import { taxPaidDeclineRule } from './tax-paid-decline.rule';
import { ordersDeclineRule } from './orders-decline.rule';
import { utilityIrregularRule } from './utility-irregular.rule';
import { balanceDropRule } from './balance-drop.rule';
import { shortTermDebtSurgeRule } from './short-term-debt-surge.rule';
import { frequentLegalRepChangeRule } from './frequent-legal-rep-change.rule';
import { relatedPartyTransactionsRule } from './related-party-transactions.rule';
import { loanDisputeSuitRule } from './loan-dispute-suit.rule';
import { newEnforcementRule } from './new-enforcement.rule';
import { registryStatusWithLiveLoanRule } from './registry-status-with-live-loan.rule';
import { headcountDropRule } from './headcount-drop.rule';
import { taxWithoutFlowRule } from './tax-without-flow.rule';
import { guaranteeCircleRule } from './guarantee-circle.rule';
import { receivablePledgedTwiceRule } from './receivable-pledged-twice.rule';
import { shellCompanySignsRule } from './shell-company-signs.rule';
import { repaymentOverdueRule } from './repayment-overdue.rule';
import { networkContagionRule } from './network-contagion.rule';

export const RULES = [
  cashFlowCoverageLowRule,
  majorCustomerLossRule,
  taxPaidDeclineRule,
  ordersDeclineRule,
  utilityIrregularRule,
  balanceDropRule,
  shortTermDebtSurgeRule,
  frequentLegalRepChangeRule,
  relatedPartyTransactionsRule,
  loanDisputeSuitRule,
  newEnforcementRule,
  registryStatusWithLiveLoanRule,
  headcountDropRule,
  taxWithoutFlowRule,
  guaranteeCircleRule,
  receivablePledgedTwiceRule,
  shellCompanySignsRule,
  repaymentOverdueRule,
  networkContagionRule,
] as const satisfies readonly WarningRule[];

/**
 * The rules that read nothing of the firm but its guarantee network: all a firm noted for a
 * member's changed distress needs again (its score and its other warnings stand).
 */
export const NETWORK_RULES = [networkContagionRule] as const satisfies readonly NetworkWarningRule[];

/** A warning rule's code (the GraphQL `WarningRule` enum). */
export type WarningRuleCode = (typeof RULES)[number]['code'];

/** The evidence of the rule of `C`, as its `evaluate` returns it. */
export type WarningEvidenceOf<C extends WarningRuleCode> =
  Extract<(typeof RULES)[number], { code: C }> extends WarningRule<C, infer E> ? E : never;

/** Every rule's code, as an enum object (code -> code) for `registerEnumType`. */
export const WARNING_RULE_CODES = Object.fromEntries(RULES.map((r) => [r.code, r.code])) as {
  [C in WarningRuleCode]: C;
};

export type { RuleHit, RuleInput, WarningRule } from './rule';
