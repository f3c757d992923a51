import { customerConcentrationIndicator as indicator } from '../../../src/health/indicators/customer-concentration.indicator';
import { healthyFacts } from '../../facts.fixture';
import { noTax } from './indicators.fixture';

describe('CUSTOMER_CONCENTRATION', () => {
  it("the largest customer's share of the invoiced sales of 12 months", () => {
    expect(indicator.compute(healthyFacts()).value).toBeCloseTo(0.4, 4);
    expect(indicator.compute(healthyFacts())).toEqual({
      status: 'OK',
      value: 0.4,
      explanation: 'the largest customer (杭州甲机电有限公司) took 40% of invoiced sales',
      evidence: {
        buyer: '91330100CUSTOMER1A',
        buyerName: '杭州甲机电有限公司',
        buyerSales: '2400000.00',
        invoicedSales: '6000000.00',
      },
    });
  });

  it('MISSING without tax records; NOT_APPLICABLE without invoices', () => {
    expect(indicator.compute(noTax())).toEqual(expect.objectContaining({ status: 'MISSING', value: null }));
    const none = healthyFacts();
    none.tax!.invoicedSales12 = '0.00';
    expect(indicator.compute(none)).toMatchObject({
      status: 'NOT_APPLICABLE',
      value: null,
      explanation: 'no invoices issued in 12 months',
    });
  });
});
