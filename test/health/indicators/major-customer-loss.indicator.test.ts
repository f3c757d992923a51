import { majorCustomerLossIndicator as indicator } from '../../../src/health/indicators/major-customer-loss.indicator';
import { MAJOR_CUSTOMER } from '../../../src/health/indicators/indicator.helpers';
import { healthyFacts } from '../../facts.fixture';
import { noTax } from './indicators.fixture';

describe('MAJOR_CUSTOMER_LOSS', () => {
  it('nothing lost while every regular major customer keeps buying; the major customers are the evidence', () => {
    const r = indicator.compute(healthyFacts());
    expect(r).toMatchObject({
      status: 'OK',
      value: 0,
      explanation: 'every regular major customer kept buying',
      evidence: { priorInvoicedSales: '4500000.00', definition: MAJOR_CUSTOMER },
    });
    expect(r.evidence.majorCustomers).toHaveLength(4);
    expect((r.evidence.majorCustomers as unknown[])[0]).toEqual({
      buyer: '91330100CUSTOMER1A',
      name: '杭州甲机电有限公司',
      prior9Months: '1800000.00',
      monthsBought: 9,
      lastMonth: '2026-10',
      recent3Months: '600000.00',
    });
  });

  it('a regular major customer who bought nothing in the last 3 months is lost, as a share of the earlier sales', () => {
    // 宁波乙 bought 1,350,000 of the earlier 4,500,000 in all 9 months, then nothing: 30% lost.
    const f = healthyFacts();
    f.tax!.buyers[1] = { ...f.tax!.buyers[1], recent: '0.00', lastMonth: '2026-07' };
    expect(indicator.compute(f)).toMatchObject({
      status: 'OK',
      value: 0.3,
      explanation:
        'regular major customers worth 30% of earlier invoiced sales bought nothing in the last 3 months (宁波乙贸易有限公司)',
    });
    // 绍兴丁 bought in 5 of the 9 months only: now and then, not lost after 3 quiet months.
    const occasional = healthyFacts();
    occasional.tax!.buyers[3] = { ...occasional.tax!.buyers[3], recent: '0.00', lastMonth: '2026-07' };
    expect(indicator.compute(occasional).value).toBe(0);
  });

  it('MISSING without tax records; NOT_APPLICABLE without invoiced sales before the last 3 months', () => {
    expect(indicator.compute(noTax())).toMatchObject({
      status: 'MISSING',
      value: null,
      explanation: 'no tax records: invoices unknown',
    });
    const f = healthyFacts();
    f.tax!.invoicedSales12 = f.tax!.invoicedSalesRecent;
    expect(indicator.compute(f)).toMatchObject({
      status: 'NOT_APPLICABLE',
      value: null,
      explanation: 'no invoiced sales in the 9 months before the last 3',
    });
  });
});
