/**
 * A healthy firm's facts, as loadFacts would return them, for unit tests of indicators, the
 * health index and warning rules: steady sales, taxes paid, balances, staff and bills, a loan
 * repaid on time. Tests change one thing and look at what moves.
 */
import type { FirmFacts } from '../src/health/facts';
import { addMonths } from '../src/quality/months';

export const AS_OF = { month: '2026-10', date: '2026-10-31' };

const months = (count: number, last = AS_OF.month) => Array.from({ length: count }, (_, k) => addMonths(last, k - count + 1));

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
      declarations: months(24, '2026-09').map((period) => ({ period, sales: '1000000.00', taxPayable: '30000.00', taxPaid: '30000.00' })),
      buyers: [
        { buyer: '91330100CUSTOMER1A', buyerName: '杭州甲机电有限公司', recent: '600000.00', prior: '1800000.00', priorMonths: 9, firstMonth: '2025-11', lastMonth: '2026-10' },
        { buyer: '91330100CUSTOMER2B', buyerName: '宁波乙贸易有限公司', recent: '450000.00', prior: '1350000.00', priorMonths: 9, firstMonth: '2025-11', lastMonth: '2026-10' },
        { buyer: '91330100CUSTOMER3C', buyerName: '温州丙五金有限公司', recent: '300000.00', prior: '900000.00', priorMonths: 8, firstMonth: '2025-11', lastMonth: '2026-10' },
        { buyer: '91330100CUSTOMER4D', buyerName: '绍兴丁纺织有限公司', recent: '150000.00', prior: '450000.00', priorMonths: 5, firstMonth: '2025-11', lastMonth: '2026-10' },
      ],
      relatedSales: '0.00',
      invoicedSales12: '6000000.00',
      invoicedSalesRecent: '1500000.00',
      invoicedMonths: months(12).map((month) => ({ month, amount: '500000.00' })),
    },
    bank: {
      months: months(24).map((month) => ({ month, inflow: '1100000.00', outflow: '1050000.00', endBalance: '900000.00' })),
      loans: [
        { id: '11', contractNo: 'HZ2025-0001', principal: '1200000.00', balance: '600000.00', status: 'ACTIVE', classification: 'NORMAL', overdueDays: 0, startDate: '2025-06-01', maturityDate: '2027-05-31' },
      ],
      debtServiceNext12: '650000.00',
      debtServiceLast12: '650000.00',
      lateInstalments: [],
      guaranteesGiven: [],
      guaranteeCycles: [],
    },
    supplyChain: {
      orders: months(18).map((month) => ({ month, amount: '300000.00' })),
    },
    judicial: { defendantCases: [], enforcements: [], dishonestListings: [] },
    altData: {
      headcount: months(13).map((month) => ({ month, insured: 11 })),
      utilities: months(12).map((month) => ({ month, bills: 2, due: '8000.00', paid: '8000.00', late: 0, unpaid: 0 })),
    },
    statement: {
      id: '501', periodEnd: '2025-12-31', totalAssets: '10000000.00', totalLiabilities: '4500000.00', currentAssets: '6000000.00',
      currentLiabilities: '3000000.00', inventory: '1200000.00', accountsReceivable: '1500000.00', revenue: '12000000.00', costOfSales: '9000000.00',
      netProfit: '600000.00', operatingCashFlow: '900000.00', cash: '400000.00',
    },
    missingSources: [],
    ...overrides,
  };
}

/** The healthy facts with the last `k` of a monthly list replaced. */
export function withLast<T>(list: T[], k: number, change: (item: T, index: number) => T): T[] {
  return list.map((item, i) => (i >= list.length - k ? change(item, i - (list.length - k)) : item));
}
