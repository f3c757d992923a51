/**
 * GraphQL view of the early warnings: a stored warning with its lifecycle (status, due dates,
 * whether it is overdue, the decisions taken), the portfolio's filter and its pages.
 */
import { Field, Float, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { DateTimeScalar, LocalDateScalar, MoneyScalar, UsccScalar, YearMonthScalar } from '../graphql/scalars';
import { PageInfo } from '../graphql/pagination';
import { Severity } from '../quality/finding.entity';
import '../quality/data-quality.types'; // registers the Severity enum
import '../health/health.types'; // registers the Tier enum
import { Tier } from '../health/tier';
import { WarningStatus } from './warning.entity';
import { RULES, WARNING_RULE_CODES, type WarningRuleCode } from './rules';
import type { Distress } from './rules/rule';
import type * as Balance from './rules/balance-drop.rule';
import type * as Circle from './rules/guarantee-circle.rule';
import type * as Contagion from './rules/network-contagion.rule';
import type * as CustomerLoss from './rules/major-customer-loss.rule';
import type * as Enforcement from './rules/new-enforcement.rule';
import type * as Headcount from './rules/headcount-drop.rule';
import type * as Orders from './rules/orders-decline.rule';
import type * as Repayment from './rules/repayment-overdue.rule';
import type * as ShortTermDebt from './rules/short-term-debt-surge.rule';
import type * as Suit from './rules/loan-dispute-suit.rule';
import type * as TaxPaid from './rules/tax-paid-decline.rule';
import type * as Utility from './rules/utility-irregular.rule';

registerEnumType(WarningStatus, {
  name: 'WarningStatus',
  description: 'OPEN -> VERIFYING -> ACTION_TAKEN -> CLOSED; DISMISSED (with a reason) from OPEN or VERIFYING.',
});

/** Every rule's code, e.g. TAX_PAID_DECLINE (the GraphQL enum `WarningRule`), from the list of rules. */
export const WarningRule = WARNING_RULE_CODES;
registerEnumType(WarningRule, {
  name: 'WarningRule',
  description: 'An early-warning rule (docs/domain.md numbers twelve of them; the others are extra signals).',
  valuesConfig: Object.fromEntries(
    RULES.map((r) => [r.code, { description: `${r.number === null ? '' : `Rule ${r.number}: `}${r.title}.` }]),
  ),
});

@ObjectType('Warning', {
  simpleResolvers: true,
  description: 'An early warning on a borrower: what a rule found, the evidence, and where people stand with it.',
})
export class WarningType {
  @Field(() => ID, {
    nullable: true,
    description:
      "The stored warning's id (for `reviewWarning`); null for one the rules raise now that no run has stored yet.",
  })
  id: string | null;
  @Field(() => UsccScalar, { description: 'The borrower it is about.' })
  uscc: string;
  @Field({
    description: 'The rule, e.g. TAX_PAID_DECLINE.',
    deprecationReason: 'Use rule: the same code, as the WarningRule enum.',
  })
  code: string;
  @Field(() => Severity)
  severity: Severity;
  @Field(() => Tier, { description: "The borrower's health tier when the warning last fired." })
  tier: Tier;
  /** Exposed through `WarningEvidenceResolver.message` (persons' names and ID numbers in it masked). */
  message: string;
  /** Exposed through `WarningEvidenceResolver.evidence` (personal data in it masked). */
  evidence: Record<string, unknown>;
  @Field(() => [String], { description: 'The sources whose records are involved.' })
  sources: string[];
  @Field(() => DateTimeScalar, { description: 'When a run first raised it.' })
  firstSeenAt: Date;
  @Field(() => DateTimeScalar, { description: 'When a run last raised it.' })
  lastSeenAt: Date;
  @Field(() => DateTimeScalar, {
    nullable: true,
    description: 'When a run of the borrower last stopped raising it; null while it fires.',
  })
  clearedAt: Date | null;
  @Field(() => WarningStatus)
  status: WarningStatus;
  @Field(() => DateTimeScalar, { description: 'Verification is due: 24 h after it was first raised (or reopened).' })
  verifyDueAt: Date;
  @Field(() => DateTimeScalar, { nullable: true, description: 'When the action taken was recorded.' })
  actionTakenAt: Date | null;
  @Field(() => DateTimeScalar, {
    nullable: true,
    description: 'Follow-up is due: 30 (RED), 45 (ORANGE) or 60 days (other tiers) after the action.',
  })
  followUpDueAt: Date | null;
  @Field(() => DateTimeScalar, { nullable: true })
  closedAt: Date | null;
  @Field({
    description: 'OPEN or VERIFYING past verifyDueAt, or ACTION_TAKEN past followUpDueAt, at the time of the request.',
  })
  overdue: boolean;
  @Field(() => String, { nullable: true, description: 'Who took the last decision.' })
  decidedBy: string | null;
  @Field(() => DateTimeScalar, { nullable: true })
  decidedAt: Date | null;
  @Field(() => String, { nullable: true, description: 'The note or reason given with the last decision.' })
  decisionReason: string | null;
  /** Identity across runs (not exposed): lets computed warnings be matched with stored ones. */
  fingerprint: string;
}

@InputType({ description: "Filters for the portfolio's `warnings`; all given filters must match." })
export class WarningFilter {
  @Field(() => [Tier], { nullable: true, description: 'Only warnings on borrowers of these tiers.' })
  tiers?: Tier[] | null;
  @Field(() => [WarningRule], { nullable: true, description: 'Only these rules, e.g. [TAX_PAID_DECLINE].' })
  rules?: WarningRuleCode[] | null;
  @Field(() => [String], {
    nullable: true,
    description: 'Only these rules, e.g. ["TAX_PAID_DECLINE"]; with `rules` too, only the rules both list.',
    deprecationReason: 'Use rules: the WarningRule enum.',
  })
  codes?: string[] | null;
  @Field(() => [WarningStatus], {
    nullable: true,
    description: 'Only these statuses (default: OPEN, VERIFYING, ACTION_TAKEN).',
  })
  statuses?: WarningStatus[] | null;
  @Field(() => Boolean, { nullable: true, description: 'true: only overdue warnings; false: only those on time.' })
  overdue?: boolean | null;
  @Field(() => Boolean, {
    nullable: true,
    description: 'true: only warnings the latest run no longer raises; false: only those still firing.',
  })
  cleared?: boolean | null;
  @Field(() => UsccScalar, { nullable: true, description: "Only this borrower's warnings." })
  uscc?: string | null;
}

@ObjectType({ simpleResolvers: true })
export class WarningEdge {
  @Field()
  cursor: string;
  @Field(() => WarningType)
  node: WarningType;
}

@ObjectType({ description: 'A page of warnings, most severe first, then oldest first.' })
export class WarningConnection {
  @Field(() => [WarningEdge])
  edges: WarningEdge[];
  @Field(() => PageInfo)
  pageInfo: PageInfo;
  /** Counts on demand only (see WarningConnectionResolver). */
  count: () => Promise<number>;
}

// The records inside warnings' typed evidence (`Warning.details`, warning-evidence.types.ts).

const record = { simpleResolvers: true };

@ObjectType('WarningDistress', { ...record, description: 'Another sign of distress corroborating a weak signal.' })
export class WarningDistress implements Distress {
  @Field({ description: 'BALANCE_TREND or SALES_TREND.' }) indicator: string;
  @Field(() => Float) change: number;
  @Field(() => Float, { description: 'The change at or below which it counts.' }) threshold: number;
}

@ObjectType('MajorCustomerLossCustomer', record)
export class MajorCustomerLossCustomer implements CustomerLoss.LostCustomer {
  @Field({ description: "The buyer's USCC, or its name (masked for a person) when it has none." }) buyer: string;
  @Field({ description: 'Masked for a person.' }) name: string;
  @Field(() => MoneyScalar) prior9Months: string;
  @Field(() => Int) monthsBought: number;
  @Field(() => YearMonthScalar) lastMonth: string;
  @Field(() => MoneyScalar) recent3Months: string;
}

@ObjectType('MajorCustomerLossThresholds', record)
export class MajorCustomerLossThresholds implements CustomerLoss.MajorCustomerLossThresholds {
  @Field(() => Float) loss: number;
  @Field(() => Float) customerShare: number;
  @Field(() => Float) regularMonths: number;
  @Field(() => Float) replacement: number;
  @Field(() => Float) salesDrop: number;
}

@ObjectType('TaxPaidDeclineMonth', record)
export class TaxPaidDeclineMonth implements TaxPaid.TaxPaidMonth {
  @Field(() => YearMonthScalar) period: string;
  @Field(() => MoneyScalar) taxPaid: string;
  @Field(() => MoneyScalar) taxPayable: string;
  @Field(() => MoneyScalar, { nullable: true }) taxPaidYearBefore: string | null;
}

@ObjectType('TaxPaidDeclineArrearsMonth', record)
export class TaxPaidDeclineArrearsMonth implements TaxPaid.TaxArrearsMonth {
  @Field(() => YearMonthScalar) period: string;
  @Field(() => MoneyScalar) taxPaid: string;
  @Field(() => MoneyScalar) taxPayable: string;
}

@ObjectType('TaxPaidDeclineThresholds', record)
export class TaxPaidDeclineThresholds implements TaxPaid.TaxPaidDeclineThresholds {
  @Field(() => Float) drop: number;
  @Field(() => Int) monthsRunning: number;
  @Field(() => Int) arrearsMonths: number;
}

@ObjectType('OrdersDeclineQuarter', record)
export class OrdersDeclineQuarter implements Orders.OrderQuarter {
  @Field(() => [YearMonthScalar]) months: string[];
  @Field(() => MoneyScalar) amount: string;
  @Field(() => MoneyScalar) yearAverage: string;
  @Field(() => MoneyScalar) sameQuarterYearBefore: string;
  @Field(() => Float, { nullable: true }) change: number | null;
  @Field(() => Float, { nullable: true }) changeAgainstSameQuarter: number | null;
  @Field({ description: 'Whether the supplier delivered in each quarter of the year before.' }) delivered: boolean;
}

@ObjectType('UtilityIrregularMonth', record)
export class UtilityIrregularMonth implements Utility.UtilityMonth {
  @Field(() => YearMonthScalar) month: string;
  @Field(() => Int) bills: number;
  @Field(() => Int) late: number;
  @Field(() => Int) unpaidOrPart: number;
  @Field(() => MoneyScalar) due: string;
  @Field(() => MoneyScalar) paid: string;
}

@ObjectType('BalanceDropMonth', record)
export class BalanceDropMonth implements Balance.MonthBalance {
  @Field(() => YearMonthScalar) month: string;
  @Field(() => MoneyScalar) endBalance: string;
}

@ObjectType('ShortTermDebtSurgeLoan', record)
export class ShortTermDebtSurgeLoan implements ShortTermDebt.NewShortTermLoan {
  @Field() contractNo: string;
  @Field(() => MoneyScalar) principal: string;
  @Field(() => LocalDateScalar) startDate: string;
  @Field(() => LocalDateScalar) maturityDate: string;
}

@ObjectType('ShortTermDebtSurgeRenewal', record)
export class ShortTermDebtSurgeRenewal implements ShortTermDebt.LoanRenewal {
  @Field() contractNo: string;
  @Field(() => LocalDateScalar) startDate: string;
  @Field({ description: 'The contract number of the loan it renews.' }) renews: string;
  @Field(() => LocalDateScalar) maturedOn: string;
}

@ObjectType('ShortTermDebtSurgeSeasonalLoan', record)
export class ShortTermDebtSurgeSeasonalLoan implements ShortTermDebt.SeasonalLoan {
  @Field() contractNo: string;
  @Field(() => LocalDateScalar) startDate: string;
  @Field({ description: 'The contract number of the loan taken a year before.' }) yearBefore: string;
  @Field(() => LocalDateScalar) yearBeforeStart: string;
}

@ObjectType('ShortTermDebtSurgeThresholds', record)
export class ShortTermDebtSurgeThresholds implements ShortTermDebt.ShortTermDebtSurgeThresholds {
  @Field(() => Int) loans: number;
  @Field(() => Float) share: number;
  @Field(() => Int) renewalDays: number;
  @Field(() => Int) seasonalDays: number;
  @Field(() => Float) similarPrincipal: number;
}

@ObjectType('LoanDisputeSuitCase', record)
export class LoanDisputeSuitCase implements Suit.DefendantCase {
  @Field(() => ID) id: string;
  @Field() caseNo: string;
  @Field() cause: string;
  @Field(() => LocalDateScalar) filedOn: string;
  @Field(() => MoneyScalar) amount: string;
  @Field() status: string;
}

@ObjectType('NewEnforcementCase', record)
export class NewEnforcementCase implements Enforcement.Enforcement {
  @Field(() => ID) id: string;
  @Field() caseNo: string;
  @Field(() => LocalDateScalar) filedOn: string;
  @Field(() => MoneyScalar) amount: string;
  @Field() status: string;
}

@ObjectType('NewEnforcementDishonestListing', record)
export class NewEnforcementDishonestListing implements Enforcement.DishonestListing {
  @Field(() => ID) id: string;
  @Field() caseNo: string;
  @Field(() => LocalDateScalar) listedOn: string;
  @Field(() => LocalDateScalar, { nullable: true }) removedOn: string | null;
}

@ObjectType('HeadcountDropMonth', record)
export class HeadcountDropMonth implements Headcount.InsuredMonth {
  @Field(() => YearMonthScalar) month: string;
  @Field(() => Int) insured: number;
}

@ObjectType('HeadcountDropThresholds', record)
export class HeadcountDropThresholds implements Headcount.HeadcountDropThresholds {
  @Field(() => Float) drop: number;
  @Field(() => Int) minBase: number;
  @Field(() => Int) ownerOnlyFrom: number;
  @Field(() => Int) baselineMonths: number;
  @Field(() => Int) recentMonths: number;
  @Field(() => Int) turnoverPersons: number;
}

@ObjectType('HeadcountDropFall', record)
export class HeadcountDropFall implements Headcount.HeadcountFall {
  @Field(() => Float, { description: 'The median of the baseline months.' }) usual: number;
  @Field(() => [HeadcountDropMonth]) baselineMonths: HeadcountDropMonth[];
  @Field(() => HeadcountDropMonth) latest: HeadcountDropMonth;
  @Field(() => Float) change: number;
  @Field(() => [WarningDistress]) distress: WarningDistress[];
  @Field(() => HeadcountDropThresholds) thresholds: HeadcountDropThresholds;
}

@ObjectType('GuaranteeCircleGuarantee', record)
export class GuaranteeCircleGuarantee implements Circle.GuaranteeGiven {
  @Field(() => ID) id: string;
  @Field(() => UsccScalar) borrowerUscc: string;
  @Field(() => MoneyScalar) amount: string;
  @Field(() => LocalDateScalar) endDate: string;
}

@ObjectType('NetworkContagionSign', record)
export class NetworkContagionSign implements Contagion.DistressSign {
  @Field(() => String, { description: 'TIER, ENFORCEMENT, DISHONEST_LISTING or DEFAULT.' })
  kind: Contagion.DistressSign['kind'];
  @Field(() => ID, { description: 'The health snapshot, enforcement, listing or loan.' }) recordId: string;
  @Field(() => LocalDateScalar, { nullable: true }) date: string | null;
  @Field() detail: string;
}

@ObjectType('NetworkContagionGuarantee', record)
export class NetworkContagionGuarantee {
  @Field(() => UsccScalar) guarantorUscc: string;
  @Field(() => UsccScalar) borrowerUscc: string;
  @Field(() => MoneyScalar) amount: string;
}

@ObjectType('NetworkContagionMember', record)
export class NetworkContagionMember implements Contagion.DistressedMember {
  @Field(() => UsccScalar) uscc: string;
  @Field(() => String, { nullable: true }) name: string | null;
  @Field(() => Int, { description: 'Guarantees between the borrower and this firm.' }) hops: number;
  @Field(() => [UsccScalar], { description: 'From the borrower to this firm, both included.' }) path: string[];
  @Field(() => [NetworkContagionGuarantee]) edges: NetworkContagionGuarantee[];
  @Field(() => [NetworkContagionSign]) signs: NetworkContagionSign[];
}

@ObjectType('RepaymentOverdueInstalment', record)
export class RepaymentOverdueInstalment implements Repayment.LateInstalment {
  @Field(() => ID) loanId: string;
  @Field() contractNo: string;
  @Field(() => Int) seq: number;
  @Field(() => LocalDateScalar) dueDate: string;
  @Field(() => LocalDateScalar, { nullable: true }) paidOn: string | null;
}

@ObjectType('RepaymentOverdueLoan', record)
export class RepaymentOverdueLoan implements Repayment.LoanStanding {
  @Field() contractNo: string;
  @Field(() => Int) overdueDays: number;
  @Field() classification: string;
}
