import { revenueGrowthIndicator as indicator } from '../../../src/health/indicators/revenue-growth.indicator';
import { healthyFacts, withLast } from '../../facts.fixture';
import { noTax } from './indicators.fixture';

describe('REVENUE_GROWTH', () => {
  it('declared sales of the last 12 months against the 12 before', () => {
    expect(indicator.compute(healthyFacts()).value).toBe(0);
    expect(indicator.compute(healthyFacts())).toEqual({
      status: 'OK',
      value: 0,
      explanation: 'declared sales grew 0% against the year before',
      evidence: {
        recentPeriods: ['2025-10', '2026-09'],
        recentSales: '12000000.00',
        priorSales: '12000000.00',
        priorMonths: 12,
      },
    });
    // The last 12 months at 800,000: 9,600,000 against 12,000,000 is 20% down.
    const f = healthyFacts();
    f.tax!.declarations = withLast(f.tax!.declarations, 12, (d) => ({ ...d, sales: '800000.00' }));
    expect(indicator.compute(f)).toMatchObject({
      value: -0.2,
      explanation: 'declared sales fell 20% against the year before',
      evidence: { recentSales: '9600000.00', priorSales: '12000000.00' },
    });
  });

  it('MISSING without tax records, with fewer than 18 months, or with no sales the year before', () => {
    expect(indicator.compute(noTax())).toEqual(expect.objectContaining({ status: 'MISSING', value: null }));
    const shortHistory = healthyFacts();
    shortHistory.tax!.declarations = shortHistory.tax!.declarations.slice(-10);
    expect(indicator.compute(shortHistory)).toMatchObject({
      status: 'MISSING',
      explanation: 'only 10 months of VAT declarations (18 needed)',
      evidence: { months: 10 },
    });
    const newSales = healthyFacts();
    newSales.tax!.declarations = newSales.tax!.declarations.map((d, i) => (i < 12 ? { ...d, sales: '0.00' } : d));
    expect(indicator.compute(newSales)).toMatchObject({
      status: 'MISSING',
      value: null,
      explanation: 'no sales declared in the earlier 12 months',
    });
  });
});
