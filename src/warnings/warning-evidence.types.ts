/**
 * A warning's evidence as typed GraphQL (`Warning.details`): the interface `WarningEvidence`
 * carrying the rule's code (the `WarningRule` enum, warning.types.ts, filled from the list of
 * rules: adding a rule file adds its code), implemented once per rule by `<PascalCaseCode>Evidence`.
 * Each implementation `implements` the evidence type its rule's `evaluate` returns (declared in the
 * rule's file), and `EVIDENCE_TYPES` holds one per code, so what a rule writes and what the schema
 * exposes cannot drift. The rules whose code is also a data-quality check's (the four that raise a check's finding, and
 * GUARANTEE_CIRCLE) name theirs `<PascalCaseCode>WarningEvidence`: `<PascalCaseCode>Evidence` is the finding's (FindingEvidence).
 * The records inside the evidence are in warning.types.ts; a raised finding's are the check's own
 * (src/quality/checks), as its evidence type is.
 *
 * The values are the JSON `evidence`'s, masked the same way (the resolver masks the whole object
 * by key, then GraphQL reads the fields), without the `rule` and `asOf` the run stamps on it.
 */
import { Field, Float, ID, Int, InterfaceType, ObjectType, type ClassType } from 'type-graphql';
import { LocalDateScalar, MoneyScalar, UsccScalar, YearMonthScalar } from '../graphql/scalars';
import type { WarningEvidenceOf, WarningRuleCode } from './rules';
import {
  LegalRepChangeRecord,
  type FrequentLegalRepChangeEvidence,
} from '../quality/checks/frequent-legal-rep-change.check';
import {
  AbnormalListingRecord,
  ActiveLoanRecord,
  RegistryStatusRecord,
  type RegistryStatusWithLiveLoanEvidence,
} from '../quality/checks/registry-status-with-live-loan.check';
import { StaffMismatchMonth, type StaffMismatchEvidence } from '../quality/checks/staff-mismatch.check';
import { TaxWithoutFlowMonth, type TaxWithoutFlowEvidence } from '../quality/checks/tax-without-flow.check';
import {
  PledgedReceivableRecord,
  ReceivablePledgeRecord,
  type ReceivablePledgedTwiceEvidence,
} from '../quality/checks/receivable-pledged-twice.check';
import type * as Balance from './rules/balance-drop.rule';
import type * as CashFlow from './rules/cash-flow-coverage-low.rule';
import type * as Circle from './rules/guarantee-circle.rule';
import type * as Contagion from './rules/network-contagion.rule';
import type * as CustomerLoss from './rules/major-customer-loss.rule';
import type * as Enforcement from './rules/new-enforcement.rule';
import type * as Headcount from './rules/headcount-drop.rule';
import type * as Orders from './rules/orders-decline.rule';
import type * as Related from './rules/related-party-transactions.rule';
import type * as Repayment from './rules/repayment-overdue.rule';
import type * as Shell from './rules/shell-company-signs.rule';
import type * as ShortTermDebt from './rules/short-term-debt-surge.rule';
import type * as Suit from './rules/loan-dispute-suit.rule';
import type * as TaxPaid from './rules/tax-paid-decline.rule';
import type * as Utility from './rules/utility-irregular.rule';
import {
  WarningRule,
  WarningDistress,
  MajorCustomerLossCustomer,
  MajorCustomerLossThresholds,
  TaxPaidDeclineMonth,
  TaxPaidDeclineArrearsMonth,
  TaxPaidDeclineThresholds,
  OrdersDeclineQuarter,
  UtilityIrregularMonth,
  BalanceDropMonth,
  ShortTermDebtSurgeLoan,
  ShortTermDebtSurgeRenewal,
  ShortTermDebtSurgeSeasonalLoan,
  ShortTermDebtSurgeThresholds,
  LoanDisputeSuitCase,
  NewEnforcementCase,
  NewEnforcementDishonestListing,
  HeadcountDropFall,
  GuaranteeCircleGuarantee,
  RepaymentOverdueInstalment,
  RepaymentOverdueLoan,
  NetworkContagionMember,
} from './warning.types';

@InterfaceType('WarningEvidence', {
  description:
    "A warning's evidence as typed fields, one implementation per rule (`... on TaxPaidDeclineEvidence { arrears { period } }`); " +
    'the same values as `evidence`, masked the same way.',
  resolveType: (value: { code: WarningRuleCode }) => EVIDENCE_TYPES[value.code],
})
export abstract class WarningEvidence {
  @Field(() => WarningRule, { description: 'The rule, which decides the implementation.' })
  code: WarningRuleCode;
}

/** A warning's evidence with its rule's code: what `Warning.details` resolves to. */
export type WarningDetails = { code: WarningRuleCode } & WarningEvidenceOf<WarningRuleCode>;

const evidence = (description: string) => ({ implements: WarningEvidence, simpleResolvers: true, description });
const record = { simpleResolvers: true };

// Rule 1

@ObjectType('CashFlowCoverageLowEvidence', evidence('Rule 1: cash-flow coverage of debt service below the minimum.'))
class CashFlowCoverageLowEvidence implements CashFlow.CashFlowCoverageLowEvidence {
  @Field(() => ID) statementId: string;
  @Field(() => LocalDateScalar) periodEnd: string;
  @Field(() => MoneyScalar) operatingCashFlow: string;
  @Field(() => MoneyScalar) debtServiceNext12: string;
  @Field(() => Int, { nullable: true, description: "A first short year's months (its cash flow annualised)." })
  periodMonths?: number;
  @Field(() => LocalDateScalar, { nullable: true }) foundedOn?: string | null;
  @Field(() => [String], { description: "The live loans' contract numbers." }) loans: string[];
  @Field(() => Float) coverage: number;
  @Field(() => MoneyScalar, { description: 'Cash at the end of the statement year.' }) cash: string;
  @Field(() => Float) cashCover: number;
  @Field(() => Float) threshold: number;
  @Field(() => Float) cashThreshold: number;
}

// Rule 2

@ObjectType('MajorCustomerLossEvidence', evidence('Rule 2: major customers lost and not replaced.'))
class MajorCustomerLossEvidence implements CustomerLoss.MajorCustomerLossEvidence {
  @Field(() => [MajorCustomerLossCustomer]) lostCustomers: MajorCustomerLossCustomer[];
  @Field(() => MoneyScalar) priorInvoicedSales: string;
  @Field(() => Float) loss: number;
  @Field(() => YearMonthScalar) stoppedAfter: string;
  @Field(() => MoneyScalar) lostMonthly: string;
  @Field(() => MoneyScalar) monthlyBefore: string;
  @Field(() => MoneyScalar) monthlyAfter: string;
  @Field(() => MajorCustomerLossThresholds) thresholds: MajorCustomerLossThresholds;
}

// Rule 3

@ObjectType('TaxPaidDeclineEvidence', evidence('Rule 3: tax paid falling short of tax payable.'))
class TaxPaidDeclineEvidence implements TaxPaid.TaxPaidDeclineEvidence {
  @Field(() => [TaxPaidDeclineMonth]) recent: TaxPaidDeclineMonth[];
  @Field(() => [TaxPaidDeclineArrearsMonth]) arrears: TaxPaidDeclineArrearsMonth[];
  @Field(() => [WarningDistress]) distress: WarningDistress[];
  @Field(() => TaxPaidDeclineThresholds) thresholds: TaxPaidDeclineThresholds;
}

// Rule 4

@ObjectType('OrdersDeclineEvidence', evidence('Rule 4: orders falling.'))
class OrdersDeclineEvidence implements Orders.OrdersDeclineEvidence {
  @Field(() => [OrdersDeclineQuarter]) periods: OrdersDeclineQuarter[];
  @Field(() => Float) threshold: number;
  @Field(() => Int) periodsRunning: number;
}

// Rule 5

@ObjectType('UtilityIrregularEvidence', evidence('Rule 5: utility payments irregular.'))
class UtilityIrregularEvidence implements Utility.UtilityIrregularEvidence {
  @Field(() => [UtilityIrregularMonth]) months: UtilityIrregularMonth[];
  @Field(() => Float) onTimeShare: number;
  @Field(() => Float) threshold: number;
}

// Rule 6

@ObjectType('BalanceDropEvidence', evidence('Rule 6: account balance falling abnormally.'))
class BalanceDropEvidence implements Balance.BalanceDropEvidence {
  @Field(() => [BalanceDropMonth]) recent: BalanceDropMonth[];
  @Field(() => MoneyScalar) priorMonthlyAverage: string;
  @Field(() => Float) changeAgainstPrior: number;
  @Field(() => [BalanceDropMonth], { nullable: true, description: 'Null when not on record.' })
  yearBefore?: BalanceDropMonth[];
  @Field(() => Float, { nullable: true }) changeAgainstYearBefore?: number;
  @Field(() => Float) change: number;
  @Field(() => Float) threshold: number;
}

// Rule 7

@ObjectType('ShortTermDebtSurgeEvidence', evidence('Rule 7: short-term debt surging.'))
class ShortTermDebtSurgeEvidence implements ShortTermDebt.ShortTermDebtSurgeEvidence {
  @Field(() => LocalDateScalar) since: string;
  @Field(() => [ShortTermDebtSurgeLoan]) loans: ShortTermDebtSurgeLoan[];
  @Field(() => [ShortTermDebtSurgeRenewal]) renewals: ShortTermDebtSurgeRenewal[];
  @Field(() => [ShortTermDebtSurgeSeasonalLoan]) seasonal: ShortTermDebtSurgeSeasonalLoan[];
  @Field(() => MoneyScalar) annualSales: string;
  @Field(() => ShortTermDebtSurgeThresholds) thresholds: ShortTermDebtSurgeThresholds;
}

// Rule 8

@ObjectType(
  'FrequentLegalRepChangeWarningEvidence',
  evidence('Rule 8: the FREQUENT_LEGAL_REP_CHANGE finding raised as a warning.'),
)
class FrequentLegalRepChangeWarningEvidence implements FrequentLegalRepChangeEvidence {
  @Field(() => LocalDateScalar) windowStart: string;
  @Field(() => LocalDateScalar) windowEnd: string;
  @Field(() => Int) minChanges: number;
  @Field(() => Int) windowMonths: number;
  @Field(() => [LegalRepChangeRecord]) changes: LegalRepChangeRecord[];
}

// Rule 9

@ObjectType('RelatedPartyTransactionsEvidence', evidence('Rule 9: abnormal related-party transactions.'))
class RelatedPartyTransactionsEvidence implements Related.RelatedPartyTransactionsEvidence {
  @Field(() => MoneyScalar) relatedSales: string;
  @Field(() => MoneyScalar) invoicedSales: string;
  @Field(() => Float) share: number;
  @Field(() => Float) threshold: number;
}

// Rule 10

@ObjectType('LoanDisputeSuitEvidence', evidence('Rule 10: a new loan-dispute suit as defendant.'))
class LoanDisputeSuitEvidence implements Suit.LoanDisputeSuitEvidence {
  @Field(() => LocalDateScalar) since: string;
  @Field(() => [LoanDisputeSuitCase]) suits: LoanDisputeSuitCase[];
}

@ObjectType('NewEnforcementEvidence', evidence('Rule 10: a new enforcement or dishonest-debtor listing.'))
class NewEnforcementEvidence implements Enforcement.NewEnforcementEvidence {
  @Field(() => LocalDateScalar) since: string;
  @Field(() => [NewEnforcementCase]) enforcements: NewEnforcementCase[];
  @Field(() => [NewEnforcementDishonestListing]) dishonestListings: NewEnforcementDishonestListing[];
}

// Rule 11

@ObjectType(
  'RegistryStatusWithLiveLoanWarningEvidence',
  evidence('Rule 11: the REGISTRY_STATUS_WITH_LIVE_LOAN finding raised as a warning.'),
)
class RegistryStatusWithLiveLoanWarningEvidence implements RegistryStatusWithLiveLoanEvidence {
  @Field(() => RegistryStatusRecord, { nullable: true })
  registry: RegistryStatusRecord | null;
  @Field(() => [AbnormalListingRecord]) abnormalListings: AbnormalListingRecord[];
  @Field(() => [ActiveLoanRecord]) activeLoans: ActiveLoanRecord[];
}

// Rule 12

@ObjectType('HeadcountDropStaffMismatch', record)
class HeadcountDropStaffMismatch implements StaffMismatchEvidence {
  @Field(() => Int) claimedStaff: number;
  @Field(() => [StaffMismatchMonth]) insured: StaffMismatchMonth[];
  @Field(() => Int) maxInsured: number;
  @Field(() => Float) ratio: number;
  @Field(() => Float) maxInsuredRatio: number;
  @Field(() => Int) minClaimedStaff: number;
}

@ObjectType('HeadcountDropEvidence', evidence('Rule 12: insured headcount dropping or short of the claim.'))
class HeadcountDropEvidence implements Headcount.HeadcountDropEvidence {
  @Field(() => HeadcountDropFall, { nullable: true, description: 'Null when the headcount did not fall.' })
  drop?: HeadcountDropFall;
  @Field(() => HeadcountDropStaffMismatch, {
    nullable: true,
    description: 'The STAFF_MISMATCH finding, when there is one.',
  })
  staffMismatch?: HeadcountDropStaffMismatch;
}

// Extra signals

@ObjectType('TaxWithoutFlowWarningEvidence', evidence('The TAX_WITHOUT_FLOW finding (有税无流) raised as a warning.'))
class TaxWithoutFlowWarningEvidence implements TaxWithoutFlowEvidence {
  @Field(() => [TaxWithoutFlowMonth]) months: TaxWithoutFlowMonth[];
  @Field(() => Float) maxInflowRatio: number;
  @Field(() => Int) minConsecutiveMonths: number;
  @Field(() => [YearMonthScalar], { description: 'The first and last month read.' }) window: string[];
}

@ObjectType('GuaranteeCircleWarningEvidence', evidence('In a guarantee circle (担保圈).'))
class GuaranteeCircleWarningEvidence implements Circle.GuaranteeCircleEvidence {
  @Field(() => [[UsccScalar]], { description: 'Each circle as the USCCs around it, back to the firm.' })
  cycles: string[][];
  @Field(() => [GuaranteeCircleGuarantee]) guaranteesGiven: GuaranteeCircleGuarantee[];
}

@ObjectType(
  'ReceivablePledgedTwiceWarningEvidence',
  evidence('The RECEIVABLE_PLEDGED_TWICE finding (一票多押) raised as a warning.'),
)
class ReceivablePledgedTwiceWarningEvidence implements ReceivablePledgedTwiceEvidence {
  @Field(() => PledgedReceivableRecord) receivable: PledgedReceivableRecord;
  @Field(() => [ReceivablePledgeRecord]) pledges: ReceivablePledgeRecord[];
}

@ObjectType('ShellCompanySignsEvidence', evidence('Shell-company signs.'))
class ShellCompanySignsEvidence implements Shell.ShellCompanySignsEvidence {
  @Field(() => Int, { nullable: true }) insuredLastMonth: number | null;
  @Field(() => [UsccScalar], { description: 'The other firms at the address.' }) sameAddress: string[];
  @Field() address: string;
  @Field(() => MoneyScalar) paidInCapital: string;
  @Field(() => MoneyScalar) registeredCapital: string;
  @Field(() => Float) threshold: number;
}

@ObjectType('RepaymentOverdueEvidence', evidence('Repayments falling behind.'))
class RepaymentOverdueEvidence implements Repayment.RepaymentOverdueEvidence {
  @Field(() => [RepaymentOverdueInstalment]) lateInstalments: RepaymentOverdueInstalment[];
  @Field(() => [RepaymentOverdueLoan]) loans: RepaymentOverdueLoan[];
  @Field(() => Int) graceDays: number;
}

@ObjectType('NetworkContagionEvidence', evidence('A firm of the guarantee network in distress (关联风险传染).'))
class NetworkContagionEvidence implements Contagion.NetworkContagionEvidence {
  @Field(() => Int, { description: 'Guarantees out the network was read to.' }) depth: number;
  @Field(() => Int, { description: 'Firms in the network, the borrower not counted.' }) networkFirms: number;
  @Field(() => [NetworkContagionMember], { description: 'Nearest first.' }) distressed: NetworkContagionMember[];
  @Field(() => [String]) tiers: string[];
  @Field(() => Int) defaultDays: number;
}

/** The GraphQL type of each rule's evidence: one per code, each implementing the type its rule returns. */
const EVIDENCE_TYPES: { [C in WarningRuleCode]: ClassType<WarningEvidenceOf<C>> } = {
  CASH_FLOW_COVERAGE_LOW: CashFlowCoverageLowEvidence,
  MAJOR_CUSTOMER_LOSS: MajorCustomerLossEvidence,
  TAX_PAID_DECLINE: TaxPaidDeclineEvidence,
  ORDERS_DECLINE: OrdersDeclineEvidence,
  UTILITY_IRREGULAR: UtilityIrregularEvidence,
  BALANCE_DROP: BalanceDropEvidence,
  SHORT_TERM_DEBT_SURGE: ShortTermDebtSurgeEvidence,
  FREQUENT_LEGAL_REP_CHANGE: FrequentLegalRepChangeWarningEvidence,
  RELATED_PARTY_TRANSACTIONS: RelatedPartyTransactionsEvidence,
  LOAN_DISPUTE_SUIT: LoanDisputeSuitEvidence,
  NEW_ENFORCEMENT: NewEnforcementEvidence,
  REGISTRY_STATUS_WITH_LIVE_LOAN: RegistryStatusWithLiveLoanWarningEvidence,
  HEADCOUNT_DROP: HeadcountDropEvidence,
  TAX_WITHOUT_FLOW: TaxWithoutFlowWarningEvidence,
  GUARANTEE_CIRCLE: GuaranteeCircleWarningEvidence,
  RECEIVABLE_PLEDGED_TWICE: ReceivablePledgedTwiceWarningEvidence,
  SHELL_COMPANY_SIGNS: ShellCompanySignsEvidence,
  REPAYMENT_OVERDUE: RepaymentOverdueEvidence,
  NETWORK_CONTAGION: NetworkContagionEvidence,
};

/** Whether the code has a typed evidence (a stored warning of a rule since removed has none). */
export function hasEvidenceType(code: string): code is WarningRuleCode {
  return Object.hasOwn(EVIDENCE_TYPES, code);
}
