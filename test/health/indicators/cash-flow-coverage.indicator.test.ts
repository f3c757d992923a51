import { cashFlowCoverageIndicator as indicator } from '../../../src/health/indicators/cash-flow-coverage.indicator';
import { healthyFacts } from '../../facts.fixture';
import { noBank, noLoan } from './indicators.fixture';

describe('CASH_FLOW_COVERAGE', () => {
  it('is the operating cash flow of the annual statement over the debt service due in 12 months', () => {
    expect(indicator.compute(healthyFacts())).toMatchObject({
      status: 'OK',
      value: 1.3846,
      explanation:
        'operating cash flow of ¥900,000 (2025-12-31) covers the ¥650,000 of debt service due in the next 12 months (and overdue) 1.38 times',
      evidence: {
        statementId: '501',
        operatingCashFlow: '900000.00',
        debtServiceNext12: '650000.00',
        loans: ['HZ2025-0001'],
      },
    });
  });

  it('annualises the cash flow of the year the firm was founded in', () => {
    const f = healthyFacts();
    f.registry!.foundedOn = '2025-09-14';
    // 900,000 in the 4 months September-December is 2,700,000 a year.
    expect(indicator.compute(f)).toMatchObject({
      value: 4.1538,
      evidence: { operatingCashFlow: '900000.00', periodMonths: 4, foundedOn: '2025-09-14' },
      explanation: expect.stringMatching(
        /operating cash flow of ¥900,000 in the 4 months to 2025-12-31 \(¥2,700,000 a year\)/,
      ),
    });
  });

  it('MISSING without bank records or a statement; NOT_APPLICABLE with nothing due', () => {
    expect(indicator.compute(noBank())).toEqual(expect.objectContaining({ status: 'MISSING', value: null }));
    expect(indicator.compute(healthyFacts({ statement: null }))).toEqual({
      status: 'MISSING',
      value: null,
      explanation: 'no annual financial statement on file: operating cash flow unknown',
      evidence: { debtServiceNext12: '650000.00' },
    });
    expect(indicator.compute(noLoan()).status).toBe('NOT_APPLICABLE');
    expect(indicator.compute(noLoan())).toMatchObject({ value: null, evidence: { debtServiceNext12: '0.00' } });
  });
});
