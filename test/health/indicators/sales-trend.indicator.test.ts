import { salesTrendIndicator as indicator } from '../../../src/health/indicators/sales-trend.indicator';
import { healthyFacts, withLast } from '../../facts.fixture';
import { noTax } from './indicators.fixture';

describe('SALES_TREND', () => {
  it('declared sales of the last 3 months against the monthly level of the 9 before, with the months and amounts', () => {
    expect(indicator.compute(healthyFacts())).toMatchObject({ status: 'OK', value: 0 });
    const f = healthyFacts();
    f.tax!.declarations = withLast(f.tax!.declarations, 3, (d) => ({ ...d, sales: '700000.00' }));
    expect(indicator.compute(f)).toEqual({
      status: 'OK',
      value: -0.3,
      explanation: 'declared sales fell 30% over the last 3 months against the monthly level before',
      evidence: {
        recent: [
          { period: '2026-07', sales: '700000.00' },
          { period: '2026-08', sales: '700000.00' },
          { period: '2026-09', sales: '700000.00' },
        ],
        priorMonthlyAverage: '1000000.00',
        priorPeriods: ['2025-10', '2026-06'],
      },
    });
  });

  it('MISSING without tax records, with fewer than 9 months, or with no sales before', () => {
    expect(indicator.compute(noTax())).toEqual(expect.objectContaining({ status: 'MISSING', value: null }));
    const young = healthyFacts();
    young.tax!.declarations = young.tax!.declarations.slice(-8);
    expect(indicator.compute(young)).toMatchObject({
      status: 'MISSING',
      explanation: 'only 8 months of VAT declarations (9 needed)',
    });
    const starting = healthyFacts();
    starting.tax!.declarations = withLast(starting.tax!.declarations, 24, (d, i) =>
      i < 21 ? { ...d, sales: '0.00' } : d,
    );
    expect(indicator.compute(starting)).toMatchObject({
      status: 'MISSING',
      value: null,
      explanation: 'no sales declared in the earlier months',
    });
  });
});
