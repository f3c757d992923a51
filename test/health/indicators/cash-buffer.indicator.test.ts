import { cashBufferIndicator as indicator } from '../../../src/health/indicators/cash-buffer.indicator';
import { healthyFacts, withLast } from '../../facts.fixture';
import { noBank, noTax } from './indicators.fixture';

describe('CASH_BUFFER', () => {
  it('the last 3 month-end balances in months of declared sales; MISSING without 3 months or annual sales', () => {
    expect(indicator.compute(healthyFacts()).value).toBeCloseTo(0.9, 4);
    expect(indicator.compute(healthyFacts())).toEqual({
      status: 'OK',
      value: 0.9,
      explanation: 'month-end balances of ¥900,000 on average hold 0.90 months of sales',
      evidence: {
        months: [
          { month: '2026-08', endBalance: '900000.00' },
          { month: '2026-09', endBalance: '900000.00' },
          { month: '2026-10', endBalance: '900000.00' },
        ],
        averageBalance: '900000.00',
        monthlySales: '1000000.00',
      },
    });
    // 300,000 + 450,000 + 750,000 over 3 months is 500,000 on average: half a month of sales.
    const thin = healthyFacts();
    thin.bank!.months = withLast(thin.bank!.months, 3, (m, i) => ({
      ...m,
      endBalance: ['300000.00', '450000.00', '750000.00'][i],
    }));
    expect(indicator.compute(thin)).toMatchObject({
      value: 0.5,
      evidence: { averageBalance: '500000.00' },
    });
    const young = healthyFacts();
    young.bank!.months = young.bank!.months.slice(-2);
    expect(indicator.compute(young)).toMatchObject({
      status: 'MISSING',
      explanation: 'only 2 months of balances (3 needed)',
    });
    const fewDeclarations = healthyFacts();
    fewDeclarations.tax!.declarations = fewDeclarations.tax!.declarations.slice(-5);
    expect(indicator.compute(fewDeclarations)).toMatchObject({
      status: 'MISSING',
      explanation: 'annual sales unknown (fewer than 6 declared months)',
    });
  });

  it('MISSING without tax records or without bank records', () => {
    expect(indicator.compute(noTax())).toEqual(expect.objectContaining({ status: 'MISSING', value: null }));
    expect(indicator.compute(noBank())).toEqual(
      expect.objectContaining({ status: 'MISSING', value: null, explanation: 'no bank records' }),
    );
  });
});
