import { taxPaidTrendIndicator as indicator } from '../../../src/health/indicators/tax-paid-trend.indicator';
import { healthyFacts, withLast } from '../../facts.fixture';
import { noTax } from './indicators.fixture';

describe('TAX_PAID_TREND', () => {
  it('tax paid falling shows in the trend, with the months and amounts', () => {
    const f = healthyFacts();
    f.tax!.declarations = withLast(f.tax!.declarations, 3, (d) => ({ ...d, taxPaid: '17400.00' }));
    const r = indicator.compute(f);
    expect(r.value).toBeCloseTo(-0.42, 4);
    expect(r.explanation).toBe('tax paid fell 42% over the last 3 months against the monthly level before');
    expect(r.evidence.recent).toEqual([
      { period: '2026-07', taxPaid: '17400.00', taxPayable: '30000.00' },
      { period: '2026-08', taxPaid: '17400.00', taxPayable: '30000.00' },
      { period: '2026-09', taxPaid: '17400.00', taxPayable: '30000.00' },
    ]);
    expect(r.evidence).toMatchObject({ priorMonthlyAverage: '30000.00', priorPeriods: ['2025-10', '2026-06'] });
  });

  it('MISSING without tax records; NOT_APPLICABLE when no VAT was paid before (exempt)', () => {
    expect(indicator.compute(noTax())).toEqual(expect.objectContaining({ status: 'MISSING', value: null }));
    const exempt = healthyFacts();
    exempt.tax!.declarations = exempt.tax!.declarations.map((d) => ({ ...d, taxPaid: '0.00' }));
    expect(indicator.compute(exempt)).toEqual({
      status: 'NOT_APPLICABLE',
      value: null,
      explanation: 'no VAT paid in the earlier months (exempt or small-scale below the threshold)',
      evidence: {},
    });
  });
});
