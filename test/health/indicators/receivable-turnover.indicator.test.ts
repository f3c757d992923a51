import { receivableTurnoverIndicator as indicator } from '../../../src/health/indicators/receivable-turnover.indicator';
import { healthyFacts } from '../../facts.fixture';

describe('RECEIVABLE_TURNOVER', () => {
  it('revenue over receivables of the newest statement, with the days to collect', () => {
    expect(indicator.compute(healthyFacts()).value).toBeCloseTo(8, 4);
    expect(indicator.compute(healthyFacts())).toEqual({
      status: 'OK',
      value: 8,
      explanation: 'receivables turn over 8.0 times a year (collected in about 46 days)',
      evidence: {
        statementId: '501',
        periodEnd: '2025-12-31',
        revenue: '12000000.00',
        accountsReceivable: '1500000.00',
      },
    });
  });

  it('MISSING without a statement; NOT_APPLICABLE without receivables', () => {
    expect(indicator.compute(healthyFacts({ statement: null }))).toMatchObject({
      status: 'MISSING',
      value: null,
      explanation: 'no annual financial statement on file',
    });
    const none = healthyFacts();
    none.statement!.accountsReceivable = '0.00';
    expect(indicator.compute(none)).toEqual({
      status: 'NOT_APPLICABLE',
      value: null,
      explanation: 'no receivables on the statement',
      evidence: { statementId: '501' },
    });
  });
});
