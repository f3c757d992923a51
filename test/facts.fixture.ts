/**
 * A healthy firm's facts, as loadFacts would return them, for unit tests of indicators, the
 * health index and warning rules: steady sales, taxes paid, balances, staff and bills, a loan
 * at 4.35% a year repaid on time. Tests change one thing and look at what moves. And a tiny
 * hand-written default model (`tinyModel`) whose probabilities can be worked out by hand.
 */
import type { FirmFacts } from '../src/health/facts';
import { addMonths } from '../src/quality/months';
import { Tier } from '../src/health/tier';
import type { Bin, FeatureBinning } from '../src/model/binning';
import type { ModelDocument, TierBand } from '../src/model/model';
import { DEFAULT_SCORECARD, type Scorecard, type ScorecardFeature } from '../src/model/scorecard';

export const AS_OF = { month: '2026-10', date: '2026-10-31' };

const months = (count: number, last = AS_OF.month) =>
  Array.from({ length: count }, (_, k) => addMonths(last, k - count + 1));

export function healthyFacts(overrides: Partial<FirmFacts> = {}): FirmFacts {
  return {
    uscc: '91330106MA27XKQ18B',
    name: '杭州鑫华机械有限公司',
    industryCode: 'C3484',
    claimedStaff: 12,
    asOf: AS_OF,
    registry: {
      foundedOn: '2016-03-10',
      status: 'ACTIVE',
      statusChangedOn: null,
      registeredCapital: '5000000.00',
      paidInCapital: '5000000.00',
      legalRepChanges: [],
      abnormalListings: [],
      address: '浙江省杭州市西湖区文三路1号',
      sameAddress: [],
    },
    tax: {
      taxpayerType: 'GENERAL',
      creditRating: 'A',
      ratingYear: 2025,
      // Declarations run to the month before as-of (declared the month after).
      declarations: months(24, '2026-09').map((period) => ({
        period,
        sales: '1000000.00',
        taxPayable: '30000.00',
        taxPaid: '30000.00',
      })),
      buyers: [
        {
          buyer: '91330100CUSTOMER1A',
          buyerName: '杭州甲机电有限公司',
          recent: '600000.00',
          prior: '1800000.00',
          priorMonths: 9,
          firstMonth: '2025-11',
          lastMonth: '2026-10',
        },
        {
          buyer: '91330100CUSTOMER2B',
          buyerName: '宁波乙贸易有限公司',
          recent: '450000.00',
          prior: '1350000.00',
          priorMonths: 9,
          firstMonth: '2025-11',
          lastMonth: '2026-10',
        },
        {
          buyer: '91330100CUSTOMER3C',
          buyerName: '温州丙五金有限公司',
          recent: '300000.00',
          prior: '900000.00',
          priorMonths: 8,
          firstMonth: '2025-11',
          lastMonth: '2026-10',
        },
        {
          buyer: '91330100CUSTOMER4D',
          buyerName: '绍兴丁纺织有限公司',
          recent: '150000.00',
          prior: '450000.00',
          priorMonths: 5,
          firstMonth: '2025-11',
          lastMonth: '2026-10',
        },
      ],
      relatedSales: '0.00',
      invoicedSales12: '6000000.00',
      invoicedSalesRecent: '1500000.00',
      invoicedMonths: months(12).map((month) => ({ month, amount: '500000.00' })),
    },
    bank: {
      months: months(24).map((month) => ({
        month,
        inflow: '1100000.00',
        outflow: '1050000.00',
        endBalance: '900000.00',
      })),
      loans: [
        {
          id: '11',
          contractNo: 'HZ2025-0001',
          principal: '1200000.00',
          annualRate: '0.0435',
          balance: '600000.00',
          status: 'ACTIVE',
          classification: 'NORMAL',
          overdueDays: 0,
          startDate: '2025-06-01',
          maturityDate: '2027-05-31',
        },
      ],
      debtServiceNext12: '650000.00',
      lateInstalments: [],
      guaranteesGiven: [],
      guaranteeCycles: [],
    },
    supplyChain: {
      orders: months(18).map((month) => ({ month, amount: '300000.00' })),
    },
    judicial: { defendantCases: [], enforcements: [], dishonestListings: [] },
    network: { depth: 2, members: 0, distressed: [] },
    altData: {
      // 16 months, as loadFacts reads them (rule 12's usual headcount is the median of the 12 before the last 3).
      headcount: months(16).map((month) => ({ month, insured: 11 })),
      utilities: months(12).map((month) => ({ month, bills: 2, due: '8000.00', paid: '8000.00', late: 0, unpaid: 0 })),
    },
    statement: {
      id: '501',
      periodEnd: '2025-12-31',
      totalAssets: '10000000.00',
      totalLiabilities: '4500000.00',
      currentAssets: '6000000.00',
      currentLiabilities: '3000000.00',
      inventory: '1200000.00',
      accountsReceivable: '1500000.00',
      revenue: '12000000.00',
      costOfSales: '9000000.00',
      netProfit: '600000.00',
      operatingCashFlow: '900000.00',
      cash: '400000.00',
    },
    missingSources: [],
    ...overrides,
  };
}

/** The healthy facts with the last `k` of a monthly list replaced. */
export function withLast<T>(list: T[], k: number, change: (item: T, index: number) => T): T[] {
  return list.map((item, i) => (i >= list.length - k ? change(item, i - (list.length - k)) : item));
}

/** A bin of a hand-written scorecard: only the label, the kind and the WoE matter to scoring. */
const stats = (label: string, woe: number) => ({
  label,
  count: 100,
  events: 5,
  nonEvents: 95,
  eventRate: 0.05,
  woe,
  iv: 0,
});
export const rangeBin = (lower: number | null, upper: number | null, woe: number): Bin => ({
  kind: 'range',
  lower,
  upper,
  ...stats(`${lower === null ? '(-inf' : `[${lower}`}, ${upper === null ? '+inf)' : `${upper})`}`, woe),
});
export const specialBin = (code: string, woe: number): Bin => ({ kind: 'special', code, ...stats(code, woe) });
export const levelBin = (level: string, woe: number): Bin => ({ kind: 'level', level, ...stats(level, woe) });

function feature(
  name: string,
  kind: 'numeric' | 'categorical',
  coefficient: number | null,
  bins: Bin[],
): ScorecardFeature {
  const binning: FeatureBinning = {
    feature: name,
    kind,
    direction: kind === 'numeric' ? 'decreasing' : null,
    bins,
    iv: coefficient === null ? 0.001 : 0.5,
    rows: 100 * bins.length,
    events: 5 * bins.length,
    nonEvents: 95 * bins.length,
  };
  return {
    feature: name,
    kind,
    iv: binning.iv,
    selected: coefficient !== null,
    dropReason: coefficient === null ? 'LOW_IV' : null,
    note: coefficient === null ? 'IV 0.0010 < 0.02' : null,
    coefficient,
    binning,
  };
}

/** The tiny model's intercept and tier bands (GREEN up to a PD of 1%, BLUE 3%, YELLOW 6%, ORANGE 20%). */
export const TINY_INTERCEPT = -4;
export const TINY_TIERS: TierBand[] = [
  { tier: Tier.GREEN, maxPd: 0.01 },
  { tier: Tier.BLUE, maxPd: 0.03 },
  { tier: Tier.YELLOW, maxPd: 0.06 },
  { tier: Tier.ORANGE, maxPd: 0.2 },
  { tier: Tier.RED, maxPd: 1 },
];

/**
 * A hand-written default model small enough to check by hand: logit = -4 - 1 x WoE(BALANCE_TREND)
 * - 0.5 x WoE(TAX_PAID_TREND) - 1 x WoE(SECTOR); FIRM_AGE was dropped (low IV). Firms without tax
 * records were safer than average in its (imaginary) development sample: TAX_PAID_TREND's MISSING
 * bin has WoE +1.
 *
 * | input          | bins (WoE)                                                                      |
 * | BALANCE_TREND  | (-inf, -0.3) -2; [-0.3, -0.1) -0.5; [-0.1, +inf) 0.5; MISSING 0.2; NOT_APPLICABLE 0 |
 * | TAX_PAID_TREND | (-inf, -0.3) -1.5; [-0.3, +inf) 0.4; MISSING 1; NOT_APPLICABLE 0.3                 |
 * | SECTOR         | MANUFACTURING 0.3; SERVICES -0.2                                                  |
 */
export function tinyModel(): ModelDocument {
  const scorecard: Scorecard = {
    format: 'woe-logistic-scorecard',
    version: 1,
    options: DEFAULT_SCORECARD,
    lambda: 1,
    lambdaSearch: null,
    intercept: TINY_INTERCEPT,
    features: [
      feature('BALANCE_TREND', 'numeric', -1, [
        rangeBin(null, -0.3, -2),
        rangeBin(-0.3, -0.1, -0.5),
        rangeBin(-0.1, null, 0.5),
        specialBin('MISSING', 0.2),
        specialBin('NOT_APPLICABLE', 0),
      ]),
      feature('TAX_PAID_TREND', 'numeric', -0.5, [
        rangeBin(null, -0.3, -1.5),
        rangeBin(-0.3, null, 0.4),
        specialBin('MISSING', 1),
        specialBin('NOT_APPLICABLE', 0.3),
      ]),
      feature('FIRM_AGE', 'numeric', null, [rangeBin(null, 3, -0.05), rangeBin(3, null, 0.02)]),
      feature('SECTOR', 'categorical', -1, [levelBin('MANUFACTURING', 0.3), levelBin('SERVICES', -0.2)]),
    ],
    training: { rows: 1000, events: 50, nonEvents: 950, eventRate: 0.05 },
    fit: { iterations: 5, hessianEvaluations: 5, converged: true, logLikelihood: -190, refits: 0 },
  };
  return {
    format: 'sme-default-model',
    version: 'pd-20261101-0badc0de',
    createdAt: '2026-11-01T00:00:00.000Z',
    target: {
      horizonMonths: 12,
      definition: 'a loan first 90 days past due, or written off, within 12 months after the observation date',
    },
    population: 'hand-written for tests',
    sample: {
      source: 'hand-written',
      dataAsOf: '2026-10',
      stepMonths: 1,
      development: { from: '2024-01', to: '2025-06', rows: 1000, events: 50 },
      validation: { from: '2025-07', to: '2025-12', rows: 400, events: 20 },
    },
    inputs: [
      { name: 'BALANCE_TREND', kind: 'numeric', label: 'Account balance' },
      { name: 'TAX_PAID_TREND', kind: 'numeric', label: 'Tax paid, last 3 months' },
      { name: 'FIRM_AGE', kind: 'numeric', label: 'Firm age' },
      { name: 'SECTOR', kind: 'categorical', label: 'Industry sector' },
    ],
    scorecard,
    tiers: TINY_TIERS.map((b) => ({ ...b })),
    report: {} as ModelDocument['report'],
  };
}
