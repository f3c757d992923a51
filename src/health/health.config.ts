/**
 * The hand-weighted index's configuration (health-1.0.0): the index the platform served before
 * the default model, kept as the baseline it is measured against (hand-index.ts), and the caps
 * the served health index still applies (health.service.ts).
 *
 * - `scales`: per indicator, the value worth 0 points and the value worth 100, linear in
 *   between and clamped (either may be the larger: less debt is better, more coverage is).
 * - `profiles`: weights per industry sector (一行一策), each summing to 100. Manufacturing weighs
 *   inventory turnover 20%; services weigh sales growth (customer flow) 25%, as the domain's practice has it (docs/domain.md).
 * - `caps`: facts that cap the score whatever the indicators say (a revoked licence, a
 *   dishonest-debtor listing, a loan 90 days overdue), each shown as a factor.
 */
import type { Sector } from '../reference/industries';

export interface Scale {
  /** The value worth 0 points. */
  zero: number;
  /** The value worth 100 points. */
  full: number;
}

export type WeightProfile = Record<string, number>;

export interface HealthConfig {
  version: string;
  scales: Record<string, Scale>;
  profiles: Record<'DEFAULT' | Exclude<Sector, 'OTHER'>, WeightProfile>;
  caps: {
    registryStatusNotActive: number;
    dishonestListing: number;
    overdueDays90: number;
    abnormalListing: number;
  };
}

/**
 * Relative weights before normalising to 100. The signals that move first when a firm slides
 * (balances, sales, utility payments, tax paid, insured staff, repayments) weigh most; measured
 * per indicator on a 10,000-firm generated portfolio (see docs/model-card.md), firm age, legal-rep changes,
 * guarantees, concentration and turnover barely separate defaulters there, so they weigh little
 * here and more where an industry needs them.
 */
const BASE: WeightProfile = {
  BALANCE_TREND: 18,
  SALES_TREND: 14,
  UTILITY_REGULARITY: 12,
  TAX_CREDIT_RATING: 10,
  REPAYMENT_RECORD: 10,
  TAX_PAID_TREND: 8,
  HEADCOUNT_TREND: 8,
  DEBT_RATIO: 8,
  REVENUE_GROWTH: 6,
  JUDICIAL_EXPOSURE: 6,
  REVENUE_VOLATILITY: 4,
  CASH_FLOW_COVERAGE: 4,
  MAJOR_CUSTOMER_LOSS: 3,
  LEGAL_REP_CHANGES: 2,
  ORDER_TREND: 2,
  FIRM_AGE: 1,
  GUARANTEE_EXPOSURE: 1,
  DATA_COMPLETENESS: 1,
  INVENTORY_TURNOVER: 1,
  RECEIVABLE_TURNOVER: 1,
  CUSTOMER_CONCENTRATION: 1,
};

/** BASE with some weights replaced and the rest scaled so the profile sums to 100. */
function profile(overrides: WeightProfile): WeightProfile {
  const fixed = Object.values(overrides).reduce((a, b) => a + b, 0);
  const restKeys = Object.keys(BASE).filter((k) => !(k in overrides));
  const rest = restKeys.reduce((a, k) => a + BASE[k], 0);
  const out: WeightProfile = { ...overrides };
  for (const k of restKeys) out[k] = Math.round(((BASE[k] * (100 - fixed)) / rest) * 100) / 100;
  return out;
}

export const HEALTH_CONFIG: HealthConfig = {
  version: 'health-1.0.0',
  scales: {
    CASH_FLOW_COVERAGE: { zero: 0.8, full: 2 },
    DEBT_RATIO: { zero: 0.9, full: 0.4 },
    REVENUE_GROWTH: { zero: -0.3, full: 0.1 },
    SALES_TREND: { zero: -0.35, full: -0.05 },
    REVENUE_VOLATILITY: { zero: 0.5, full: 0.15 },
    TAX_PAID_TREND: { zero: -0.4, full: -0.05 },
    CUSTOMER_CONCENTRATION: { zero: 0.8, full: 0.3 },
    MAJOR_CUSTOMER_LOSS: { zero: 0.6, full: 0.15 },
    ORDER_TREND: { zero: -0.4, full: -0.05 },
    RECEIVABLE_TURNOVER: { zero: 2, full: 8 },
    INVENTORY_TURNOVER: { zero: 2, full: 8 },
    HEADCOUNT_TREND: { zero: -0.3, full: -0.05 },
    UTILITY_REGULARITY: { zero: 0.6, full: 0.95 },
    FIRM_AGE: { zero: 1, full: 5 },
    LEGAL_REP_CHANGES: { zero: 3, full: 0 },
    JUDICIAL_EXPOSURE: { zero: 0.3, full: 0 },
    GUARANTEE_EXPOSURE: { zero: 1, full: 0.1 },
    BALANCE_TREND: { zero: -0.5, full: -0.1 },
    REPAYMENT_RECORD: { zero: 4, full: 0 },
    TAX_CREDIT_RATING: { zero: 0, full: 4 },
    DATA_COMPLETENESS: { zero: 0.5, full: 1 },
  },
  profiles: {
    DEFAULT: profile({}),
    MANUFACTURING: profile({ INVENTORY_TURNOVER: 20 }),
    WHOLESALE_RETAIL: profile({ INVENTORY_TURNOVER: 8, RECEIVABLE_TURNOVER: 6, CUSTOMER_CONCENTRATION: 4 }),
    SERVICES: profile({ SALES_TREND: 15, REVENUE_GROWTH: 10, INVENTORY_TURNOVER: 0 }),
    CONSTRUCTION: profile({
      RECEIVABLE_TURNOVER: 8,
      GUARANTEE_EXPOSURE: 5,
      JUDICIAL_EXPOSURE: 10,
      INVENTORY_TURNOVER: 1,
    }),
    AGRICULTURE: profile({ REVENUE_VOLATILITY: 1, TAX_PAID_TREND: 2, INVENTORY_TURNOVER: 5 }),
  },
  caps: {
    registryStatusNotActive: 29,
    dishonestListing: 29,
    overdueDays90: 29,
    abnormalListing: 49,
  },
};
