/**
 * Every threshold and tolerance of the data-quality checks, in one place. The values were tuned
 * on 10,000-firm synthetic portfolios (figures in src/quality/README.md) so that
 * honest firms' ordinary noise (seasonality, payment lags, staff turnover) stays below them
 * while the real phenomena stay above; each comment says what the number guards against.
 */
export const QUALITY_CONFIG = {
  asOf: {
    /**
     * The portfolio's as-of month is the newest VAT declaration period plus this many months:
     * a period is declared in the month after it (by the 15th), so when period P is the newest
     * declared, the data runs through P + 1. Never the wall clock: a portfolio loaded today
     * with last year's data must be checked as of last year.
     */
    declarationLagMonths: 1,
  },
  taxWithoutFlow: {
    /** Only recent months: an old episode is history, not a signal about the firm today. */
    lookbackMonths: 12,
    /**
     * A month is short of money when bank inflow is below this share of the month's NORMAL
     * invoices including VAT. Honest firms collect with a lag of 0-2 months, so a month can
     * see as little as ~60% of its own invoices come in after a sales jump; 0.5 leaves room
     * for that and still catches invoices that are (almost) never paid.
     */
    maxInflowRatio: 0.5,
    /** Consecutive short months needed: one bad month is a lag or a big delivery, several are a pattern. */
    minConsecutiveMonths: 3,
    /** Months with less invoiced (with tax, CNY) than this are ignored: ratios of tiny figures are noise. */
    minInvoicedWithTax: 10_000,
  },
  staffMismatch: {
    /** Months of social-insurance data (ending at the as-of month) compared with the claim. */
    recentMonths: 6,
    /**
     * Firms claiming fewer staff are not checked: with 1-9 people a gap of one or two insured
     * (part-timers, the owner insured elsewhere) is ordinary and says nothing.
     */
    minClaimedStaff: 10,
    /**
     * Flag when even the best recent month insures at most this share of the claimed staff.
     * Honest firms insure 50-100% of their staff (a shrinking one still ~30%); "insures one,
     * claims ten" is 10%.
     */
    maxInsuredRatio: 0.25,
  },
  legalRepChange: {
    /** LEGAL_REPRESENTATIVE changes within the window that make a finding. */
    minChanges: 3,
    /** The sliding window, in months. */
    windowMonths: 12,
  },
  registryLiveLoan: {
    /** Registry statuses under which no loan should still be live (吊销 / 注销). */
    deadStatuses: ['REVOKED', 'DEREGISTERED'] as string[],
  },
  datedRecord: {
    /** Days an invoice may be dated after the as-of date (0: none; a later date cannot have happened yet). */
    futureGraceDays: 0,
  },
  statementIdentity: {
    /**
     * How far the two sides of an identity (勾稽关系) of a financial statement may differ before
     * it is broken: the larger of an absolute amount (CNY, as a decimal string: statements kept
     * in yuan may round each line by up to half a yuan) and a share of total assets (statements
     * kept in 万元 or rounded per subtotal drift by a few per mille at most). Honest statements
     * add up exactly; planted breaks are 2% of total assets or more.
     */
    absoluteTolerance: '1.00',
    relativeTolerance: '0.001',
  },
  guaranteeStructures: {
    /**
     * The longest guarantee circle looked for, in firms (also the network view's and the health
     * facts' bound). Circles found in lending are mostly 2-5 firms; 8 leaves room, and each extra
     * firm multiplies the paths walked.
     */
    maxCircleFirms: 8,
    /** The shortest guarantee chain reported, in firms: A guarantees B guarantees C. Two firms are one guarantee, not a chain. */
    minChainFirms: 3,
    /** Chains are followed this far (firms); a longer one is reported cut there. */
    maxChainFirms: 12,
    /**
     * The fewest firms one guarantor must stand behind to make a star. A firm guaranteeing a few
     * related firms (its suppliers, a sister company) is ordinary; five or more ties that many
     * debts to one balance sheet.
     */
    minStarFirms: 5,
  },
  store: {
    /** Findings per upsert statement (keeps statements and their parameter arrays moderate). */
    batchSize: 2000,
  },
};

export type QualityConfig = typeof QUALITY_CONFIG;
