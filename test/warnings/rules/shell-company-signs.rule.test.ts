/**
 * SHELL_COMPANY_SIGNS: two of nobody insured, an address shared with other firms, paid-in capital
 * under 5% of the registered capital.
 */
import { expectFires, healthyFacts, raised, SIGNALS } from '../rules.helpers';

const CODE = 'SHELL_COMPANY_SIGNS';

describe('SHELL_COMPANY_SIGNS', () => {
  it('fires on its signal, naming the records and the threshold', () => {
    expectFires(CODE, {
      change: SIGNALS.SHELL_COMPANY_SIGNS,
      evidence: {
        sameAddress: ['91330106SHELL0002X', '91330106SHELL0003Y'],
        paidInCapital: '10000.00',
        threshold: 0.05,
      },
      message: /address shared with 2 other firm\(s\); paid-in capital 10000.00 is 0% of registered/,
    });
  });

  it('a shared address with paid-in capital of exactly 5% of the registered is one sign: silent; nobody insured makes two', () => {
    const f = healthyFacts();
    f.registry!.sameAddress = ['91330106SHELL0002X'];
    f.registry!.paidInCapital = '250000.00';
    expect(raised(f, CODE)).toBeUndefined();
    f.altData!.headcount = f.altData!.headcount.map((h) => ({ ...h, insured: 0 }));
    expect(raised(f, CODE)?.message).toBe('shell-company signs: nobody insured; address shared with 1 other firm(s)');
  });
});
