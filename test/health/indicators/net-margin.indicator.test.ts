import { netMarginIndicator as indicator } from '../../../src/health/indicators/net-margin.indicator';
import { healthyFacts } from '../../facts.fixture';
import { noBank } from './indicators.fixture';

describe('NET_MARGIN', () => {
  it('net profit over revenue of the newest statement; no revenue has nothing to measure', () => {
    expect(indicator.compute(healthyFacts()).value).toBeCloseTo(0.05, 4);
    expect(indicator.compute(healthyFacts())).toEqual({
      status: 'OK',
      value: 0.05,
      explanation: 'net profit was 5% of revenue (¥600,000 on ¥12,000,000, statement of 2025-12-31)',
      evidence: { statementId: '501', periodEnd: '2025-12-31', netProfit: '600000.00', revenue: '12000000.00' },
    });
    const loss = healthyFacts();
    loss.statement!.netProfit = '-360000.00';
    expect(indicator.compute(loss)).toMatchObject({
      value: -0.03,
      evidence: { netProfit: '-360000.00' },
      explanation: expect.stringMatching(/^net profit was -3% of revenue/),
    });
    const none = healthyFacts();
    none.statement!.revenue = '0.00';
    expect(indicator.compute(none)).toMatchObject({
      status: 'NOT_APPLICABLE',
      value: null,
      explanation: 'statement 2025-12-31 shows no revenue',
      evidence: { statementId: '501' },
    });
  });

  it('MISSING without a statement', () => {
    expect(indicator.compute(noBank())).toEqual(expect.objectContaining({ status: 'MISSING', value: null }));
    expect(indicator.compute(healthyFacts({ statement: null }))).toMatchObject({
      status: 'MISSING',
      explanation: 'no annual financial statement on file',
    });
  });
});
