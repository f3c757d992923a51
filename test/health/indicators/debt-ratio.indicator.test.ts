import { debtRatioIndicator as indicator } from '../../../src/health/indicators/debt-ratio.indicator';
import { healthyFacts } from '../../facts.fixture';
import { noBank } from './indicators.fixture';

describe('DEBT_RATIO', () => {
  it('is the liabilities over the total assets of the newest statement', () => {
    expect(indicator.compute(healthyFacts()).value).toBeCloseTo(0.45, 4);
    expect(indicator.compute(healthyFacts())).toEqual({
      status: 'OK',
      value: 0.45,
      explanation: 'liabilities are 45% of total assets (statement of 2025-12-31)',
      evidence: {
        statementId: '501',
        periodEnd: '2025-12-31',
        totalLiabilities: '4500000.00',
        totalAssets: '10000000.00',
      },
    });
  });

  it('MISSING without a statement, or a statement without assets', () => {
    expect(indicator.compute(noBank())).toEqual(expect.objectContaining({ status: 'MISSING', value: null }));
    expect(indicator.compute(healthyFacts({ statement: null }))).toMatchObject({
      status: 'MISSING',
      explanation: 'no annual financial statement on file',
    });
    const empty = healthyFacts();
    empty.statement!.totalAssets = '0.00';
    expect(indicator.compute(empty)).toEqual({
      status: 'MISSING',
      value: null,
      explanation: 'statement 2025-12-31 shows no assets',
      evidence: { statementId: '501' },
    });
  });
});
