/** Rule 5, UTILITY_IRREGULAR: under 80% of the utility bills of the last 6 months paid in full and on time. */
import { expectFires, healthyFacts, raised, SIGNALS, withLast } from '../rules.helpers';

describe('UTILITY_IRREGULAR', () => {
  it('fires on its signal, naming the records and the threshold', () => {
    expectFires('UTILITY_IRREGULAR', {
      change: SIGNALS.UTILITY_IRREGULAR,
      evidence: { threshold: 0.8, onTimeShare: 0.75 },
      message: /75% of 12 utility bills in the last 6 months were paid in full and on time \(minimum 80%\)/,
    });
  });

  it('two late bills of 12 (83% on time) stay above the 80% minimum', () => {
    const f = healthyFacts();
    f.altData!.utilities = withLast(f.altData!.utilities, 2, (u) => ({ ...u, late: 1 }));
    expect(raised(f, 'UTILITY_IRREGULAR')).toBeUndefined();
  });
});
