/**
 * Thresholds of the early-warning rules (the domain's (docs/domain.md) defaults where it gives them). Each rule's
 * evidence names the threshold it applied, so changing one here changes what a warning says.
 */
import { QUALITY_CONFIG } from '../quality/quality.config';

export const WARNINGS_CONFIG = {
  version: 'warnings-1.3.0',
  /** Rule 1: cash-flow coverage below this... */
  minCashFlowCoverage: 1.2,
  /**
   * ...unless the cash at the end of the same statement's year covers the debt service due in the
   * next 12 months at least this many times: a firm with ample balances had one bad year.
   */
  minCashCoverForLowCashFlow: 1,
  /**
   * Rule 2: the regular major customers who bought nothing in the last 3 months (the health
   * indicator's definition, MAJOR_CUSTOMER in health/indicators/indicator.helpers.ts) took more than this share of
   * the invoiced sales of the 9 months before (the domain gives 30%, "the seed also says 20%":
   * a customer lost 4-5 months ago has only part of that window left to show its share).
   */
  maxMajorCustomerLoss: 0.2,
  /**
   * Rule 2 fires only when the loss was not replaced: no new customer (first buying since they
   * stopped, in more than one month) buys at least this share of what they bought a month...
   */
  replacementShare: 0.7,
  /** ...and monthly invoiced sales since they stopped are at least this share below the months before (a healthy firm's sales vary by about as much from one season to the next). */
  minSalesDropWithCustomerLoss: 0.1,
  /** Rule 3: tax paid down by at least this share against the same month a year before, in each of the last `taxMonthsRunning` declared months. */
  taxPaidDrop: 0.3,
  taxMonthsRunning: 3,
  /** Rule 3 also: tax paid short of tax payable (arrears) in at least this many of the last 6 declared months... */
  taxArrearsMonths: 2,
  /**
   * ...or in one of them, corroborated by other distress:
   * month-end balances (last 3 against the 6 before) or declared sales (last 3 against the 9
   * before) down at least this much. One month of arrears alone is as often a late transfer.
   */
  distressBalanceChange: -0.4,
  distressSalesChange: -0.3,
  /**
   * Rule 4: orders of a quarter at least this share below the average quarter of the year before
   * and below the same quarter a year before, this many quarters running. The domain's 15% quarter
   * on quarter flags healthy suppliers for seasons and noise (a month's call-off skipped or moved);
   * a season's low sits below the year's average every year, and one quarter against its twin is
   * noisy: a cut shows against both.
   */
  orderDrop: 0.2,
  orderPeriodsRunning: 2,
  /** Rule 5: share of utility bills of the last 6 months paid in full and on time below this. */
  minUtilityOnTime: 0.8,
  /**
   * Rule 6: the average month-end balance of the last 3 months at most this share of the 6 months
   * before, and of the same 3 months a year before when those are on record (a season's low sits
   * below the months before it every year; a real fall shows against both).
   */
  maxBalanceRatio: 0.7,
  /**
   * Rule 6 skips a firm whose registry status is one of these (revoked, deregistered): a firm
   * winding down empties its accounts as a matter of course; its status is the warning (rule 11
   * when a loan is live, and the health index's registry cap).
   */
  balanceDropSkipsStatuses: QUALITY_CONFIG.registryLiveLoan.deadStatuses,
  /**
   * Rule 7: at least `minNewShortTermLoans` new short-term loans (term <= 12 months) started in the
   * last `shortTermDebtMonths` months, together above `maxNewShortTermDebtShare` of annual sales.
   * Not counted as new: a renewal (a short-term loan of the firm matured within `renewalDays` of
   * its start) and a seasonal loan (the firm took a short-term loan within `seasonalDays` of the
   * same day a year before); the earlier loan must be within `similarPrincipal` times the new
   * one's principal either way, and excuses one new loan only.
   */
  shortTermDebtMonths: 6,
  minNewShortTermLoans: 2,
  maxNewShortTermDebtShare: 0.06,
  renewalDays: 31,
  seasonalDays: 45,
  similarPrincipal: 1.5,
  /** Rule 9: invoiced sales to related parties (shared shareholder or legal representative) at least this share of 12 months' invoiced sales. */
  maxRelatedSalesShare: 0.5,
  /**
   * Contagion (关联风险传染): a firm of the guarantee network this many guarantees out (1: its own
   * guarantors and the firms it guarantees; 2: theirs too) in distress: a stored tier among
   * `contagionTiers`, an open enforcement, a dishonest-debtor listing, or a loan in default
   * (written off, non-performing, or `contagionDefaultDays` past due: the regulatory default).
   * A distressed member one guarantee away makes the warning HIGH, further away MEDIUM.
   */
  contagionDepth: 2,
  contagionTiers: ['RED', 'ORANGE'] as string[],
  contagionDefaultDays: 90,
  /** Rule 10: enforcements, dishonest listings and loan-dispute suits as defendant filed within this many months. */
  judicialRecentMonths: 9,
  /**
   * Rule 12: the latest insured headcount against the usual one, the median of the
   * `headcountBaselineMonths` months before the last `headcountRecentMonths` (at least
   * `headcountMinBaselineMonths` of them on record): down at least `headcountDrop` from a usual
   * headcount of at least `headcountMinBase` (below it, one leaver is a third of the staff:
   * turnover, not a signal), or down to one person from a usual `headcountOwnerOnlyFrom` or more
   * (everybody let go but the owner). A fall of `headcountTurnoverPersons` people or fewer counts
   * only with other distress (balances or sales down: `distressBalanceChange`,
   * `distressSalesChange`): a person or two coming and going is everyday turnover in a small firm.
   */
  headcountBaselineMonths: 12,
  headcountRecentMonths: 3,
  headcountMinBaselineMonths: 6,
  headcountTurnoverPersons: 2,
  headcountDrop: 0.35,
  headcountMinBase: 5,
  headcountOwnerOnlyFrom: 3,
  /** Shell signs: paid-in capital below this share of registered capital. */
  shellMaxPaidInShare: 0.05,
  /** Repayment: instalments of the last 12 months paid more than this many days late, or not at all. */
  repaymentGraceDays: 6,
};

export type WarningsConfig = typeof WARNINGS_CONFIG;
