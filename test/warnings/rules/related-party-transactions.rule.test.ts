/** Rule 9, RELATED_PARTY_TRANSACTIONS: at least 50% of 12 months' invoiced sales to related parties. */
import { expectFires, healthyFacts, raised, SIGNALS } from '../rules.helpers';

const CODE = 'RELATED_PARTY_TRANSACTIONS';

describe('RELATED_PARTY_TRANSACTIONS', () => {
  it('fires on its signal, naming the records and the threshold', () => {
    expectFires(CODE, {
      change: SIGNALS.RELATED_PARTY_TRANSACTIONS,
      evidence: { relatedSales: '3600000.00', invoicedSales: '6000000.00', share: 0.6, threshold: 0.5 },
      message: /60% of the firm's invoiced sales/,
    });
  });

  it('a cent under half of the invoiced sales does not fire; half does', () => {
    const f = healthyFacts();
    f.tax!.relatedSales = '2999999.99';
    expect(raised(f, CODE)).toBeUndefined();
    f.tax!.relatedSales = '3000000.00';
    expect(raised(f, CODE)?.evidence).toMatchObject({ share: 0.5, threshold: 0.5 });
  });
});
