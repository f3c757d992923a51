import { inventoryTurnoverIndicator as indicator } from '../../../src/health/indicators/inventory-turnover.indicator';
import { healthyFacts } from '../../facts.fixture';

describe('INVENTORY_TURNOVER', () => {
  it('cost of sales over inventory of the newest statement', () => {
    expect(indicator.compute(healthyFacts()).value).toBeCloseTo(7.5, 4);
    expect(indicator.compute(healthyFacts())).toEqual({
      status: 'OK',
      value: 7.5,
      explanation: 'inventory turns over 7.5 times a year',
      evidence: { statementId: '501', periodEnd: '2025-12-31', costOfSales: '9000000.00', inventory: '1200000.00' },
    });
  });

  it('MISSING without a statement; NOT_APPLICABLE without inventory', () => {
    expect(indicator.compute(healthyFacts({ statement: null }))).toMatchObject({
      status: 'MISSING',
      value: null,
      explanation: 'no annual financial statement on file',
    });
    const none = healthyFacts();
    none.statement!.inventory = '0.00';
    expect(indicator.compute(none)).toEqual({
      status: 'NOT_APPLICABLE',
      value: null,
      explanation: 'no inventory on the statement',
      evidence: { statementId: '501' },
    });
  });
});
