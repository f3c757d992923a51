import { revenueVolatilityIndicator as indicator } from '../../../src/health/indicators/revenue-volatility.indicator';
import { healthyFacts } from '../../facts.fixture';
import { noTax } from './indicators.fixture';

describe('REVENUE_VOLATILITY', () => {
  it('the coefficient of variation of the last 12 declared months', () => {
    expect(indicator.compute(healthyFacts())).toEqual({
      status: 'OK',
      value: 0,
      explanation: 'monthly sales vary by 0% around their mean of ¥1,000,000',
      evidence: { periods: ['2025-10', '2026-09'], mean: '1000000.00', sd: '0.00' },
    });
    // Alternating 500,000 and 1,500,000: mean 1,000,000, standard deviation 500,000.
    const f = healthyFacts();
    f.tax!.declarations = f.tax!.declarations.map((d, i) => ({ ...d, sales: i % 2 ? '1500000.00' : '500000.00' }));
    expect(indicator.compute(f)).toMatchObject({
      value: 0.5,
      explanation: 'monthly sales vary by 50% around their mean of ¥1,000,000',
      evidence: { mean: '1000000.00', sd: '500000.00' },
    });
  });

  it('MISSING without tax records, with fewer than 6 months, or with no sales', () => {
    expect(indicator.compute(noTax())).toEqual(expect.objectContaining({ status: 'MISSING', value: null }));
    const young = healthyFacts();
    young.tax!.declarations = young.tax!.declarations.slice(-5);
    expect(indicator.compute(young)).toMatchObject({
      status: 'MISSING',
      explanation: 'only 5 months of VAT declarations (6 needed)',
    });
    const dormant = healthyFacts();
    dormant.tax!.declarations = dormant.tax!.declarations.map((d) => ({ ...d, sales: '0.00' }));
    expect(indicator.compute(dormant)).toMatchObject({ status: 'MISSING', explanation: 'no sales declared' });
  });
});
