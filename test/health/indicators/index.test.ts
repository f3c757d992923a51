/** The list of indicators: the model's inputs, in order, each described and each computed on a healthy firm. */
import { INDICATORS } from '../../../src/health/indicators';
import { MODEL_INPUTS } from '../../../src/model/inputs';
import { healthyFacts } from '../../facts.fixture';

describe('INDICATORS', () => {
  it('are at least 15, each with a unit, a window and sources, and each an input of the default model (with the sector)', () => {
    expect(INDICATORS.length).toBeGreaterThanOrEqual(15);
    expect(new Set(INDICATORS.map((i) => i.code)).size).toBe(INDICATORS.length);
    for (const i of INDICATORS) {
      expect(i.unit).not.toBe('');
      expect(i.window).not.toBe('');
      expect(i.sources.length).toBeGreaterThan(0);
    }
    expect(MODEL_INPUTS.map((x) => x.name)).toEqual([...INDICATORS.map((i) => i.code), 'SECTOR']);
    expect(INDICATORS.map((i) => i.code)).toEqual(
      expect.arrayContaining(['NET_MARGIN', 'CASH_BUFFER', 'LOAN_PRICING']),
    );
  });

  it('on a healthy firm every indicator has a value, a sentence and evidence', () => {
    const f = healthyFacts();
    for (const i of INDICATORS) {
      const r = i.compute(f);
      expect([i.code, r.status]).toEqual([i.code, 'OK']);
      expect(r.explanation.length).toBeGreaterThan(10);
      expect(typeof r.evidence).toBe('object');
    }
  });

  it('keeps the model input order', () => {
    expect(INDICATORS.map((i) => i.code)).toEqual([
      'CASH_FLOW_COVERAGE',
      'DEBT_RATIO',
      'NET_MARGIN',
      'CASH_BUFFER',
      'REVENUE_GROWTH',
      'SALES_TREND',
      'REVENUE_VOLATILITY',
      'TAX_PAID_TREND',
      'CUSTOMER_CONCENTRATION',
      'MAJOR_CUSTOMER_LOSS',
      'ORDER_TREND',
      'RECEIVABLE_TURNOVER',
      'INVENTORY_TURNOVER',
      'HEADCOUNT_TREND',
      'UTILITY_REGULARITY',
      'FIRM_AGE',
      'LEGAL_REP_CHANGES',
      'JUDICIAL_EXPOSURE',
      'GUARANTEE_EXPOSURE',
      'BALANCE_TREND',
      'REPAYMENT_RECORD',
      'LOAN_PRICING',
      'TAX_CREDIT_RATING',
      'DATA_COMPLETENESS',
    ]);
  });
});
