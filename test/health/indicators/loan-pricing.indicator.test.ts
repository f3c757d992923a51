import { loanPricingIndicator as indicator } from '../../../src/health/indicators/loan-pricing.indicator';
import { healthyFacts } from '../../facts.fixture';
import { noBank, noLoan } from './indicators.fixture';

describe('LOAN_PRICING', () => {
  it('the annual rate of the loans running at as-of, weighted by principal', () => {
    const f = healthyFacts();
    expect(indicator.compute(f).value).toBeCloseTo(0.0435, 4);
    expect(indicator.compute(f)).toMatchObject({
      status: 'OK',
      value: 0.0435,
      explanation: "the bank lends to the firm at 4.35% a year (its pricing of the firm's risk when it lent)",
      evidence: {
        loans: [{ contractNo: 'HZ2025-0001', principal: '1200000.00', annualRate: '0.0435', startDate: '2025-06-01' }],
      },
    });
    // 1,200,000 at 4.35% and 800,000 at 6%: (52,200 + 48,000) / 2,000,000 = 5.01%; a settled loan does not count.
    f.bank!.loans.push(
      {
        ...f.bank!.loans[0],
        id: '12',
        contractNo: 'HZ2026-0002',
        principal: '800000.00',
        annualRate: '0.0600',
        startDate: '2026-03-01',
      },
      {
        ...f.bank!.loans[0],
        id: '13',
        contractNo: 'HZ2024-0003',
        principal: '5000000.00',
        annualRate: '0.0900',
        status: 'SETTLED',
        balance: '0.00',
      },
    );
    const r = indicator.compute(f);
    expect(r.value).toBeCloseTo(0.0501, 4);
    expect(r.explanation).toMatch(/at 5\.01% a year/);
    expect((r.evidence.loans as Array<{ contractNo: string }>).map((l) => l.contractNo)).toEqual([
      'HZ2025-0001',
      'HZ2026-0002',
    ]);
  });

  it('MISSING without bank records; NOT_APPLICABLE without a running loan', () => {
    expect(indicator.compute(noBank())).toEqual(expect.objectContaining({ status: 'MISSING', value: null }));
    expect(indicator.compute(noLoan())).toMatchObject({
      status: 'NOT_APPLICABLE',
      value: null,
      explanation: 'no loan running at as-of',
    });
  });
});
