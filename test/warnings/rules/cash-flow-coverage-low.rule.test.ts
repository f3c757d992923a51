/** Rule 1, CASH_FLOW_COVERAGE_LOW: cash-flow coverage below 1.2, and year-end cash short of the debt service too. */
import { expectFires, healthyFacts, raised, SIGNALS } from '../rules.helpers';

const CODE = 'CASH_FLOW_COVERAGE_LOW';

describe('CASH_FLOW_COVERAGE_LOW', () => {
  it('fires on its signal, naming the records and the threshold', () => {
    expectFires(CODE, {
      change: SIGNALS.CASH_FLOW_COVERAGE_LOW,
      evidence: {
        statementId: '501',
        operatingCashFlow: '520000.00',
        debtServiceNext12: '650000.00',
        coverage: 0.8,
        cash: '400000.00',
        cashCover: 0.6154,
        threshold: 1.2,
        cashThreshold: 1,
      },
      message:
        /cash-flow coverage 0.80 is below 1.2, and year-end cash of 400000.00 covers 0.62 times the debt service \(needed: 1\)/,
    });
  });

  it('a coverage at the minimum (780,000.00 of cash flow for 650,000.00 due: 1.20) does not fire; just below does', () => {
    const f = healthyFacts();
    f.statement!.operatingCashFlow = '780000.00';
    expect(raised(f, CODE)).toBeUndefined();
    f.statement!.operatingCashFlow = '779000.00';
    expect(raised(f, CODE)?.evidence).toMatchObject({ coverage: expect.closeTo(1.1985, 4), threshold: 1.2 });
  });

  it('a year short of cash flow warns only when the year-end cash does not cover the debt service either', () => {
    const f = healthyFacts();
    f.statement!.operatingCashFlow = '520000.00';
    f.statement!.cash = '700000.00';
    expect(raised(f, CODE)).toBeUndefined();
    f.statement!.cash = '600000.00';
    expect(raised(f, CODE)).toBeDefined();
  });
});
