/** GUARANTEE_CIRCLE (担保圈): the firm guarantees and is guaranteed within a circle of firms. */
import { expectFires, healthyFacts, raised, SIGNALS } from '../rules.helpers';

describe('GUARANTEE_CIRCLE', () => {
  it('fires on its signal, naming the records and the threshold', () => {
    expectFires('GUARANTEE_CIRCLE', {
      change: SIGNALS.GUARANTEE_CIRCLE,
      evidence: {
        cycles: [['91330106MA27XKQ18B', '91330106MA27B', '91330106MA27C', '91330106MA27XKQ18B']],
        guaranteesGiven: [expect.objectContaining({ id: '5' })],
      },
      message: /circle of 3 firms/,
    });
  });

  it('guarantees given that close no circle do not fire', () => {
    const f = healthyFacts();
    f.bank!.guaranteesGiven = [{ id: '5', borrowerUscc: '91330106MA27B', amount: '500000.00', endDate: '2027-01-01' }];
    expect(raised(f, 'GUARANTEE_CIRCLE')).toBeUndefined();
  });
});
