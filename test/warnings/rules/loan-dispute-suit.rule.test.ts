/** Rule 10, LOAN_DISPUTE_SUIT: a loan-dispute suit (借款合同纠纷) against the firm filed in the last 9 months. */
import type { FirmFacts } from '../../../src/health/facts';
import { expectFires, healthyFacts, raised, SIGNALS } from '../rules.helpers';

const CODE = 'LOAN_DISPUTE_SUIT';
const suit = (filedOn: string, cause = '借款合同纠纷'): FirmFacts['judicial']['defendantCases'][number] => ({
  id: '77',
  caseNo: '(2026)浙0106民初321号',
  cause,
  filedOn,
  amount: '800000.00',
  status: 'PENDING',
});

describe('LOAN_DISPUTE_SUIT', () => {
  it('fires on its signal, naming the records and the threshold', () => {
    expectFires(CODE, {
      change: SIGNALS.LOAN_DISPUTE_SUIT,
      evidence: { suits: [expect.objectContaining({ id: '77', caseNo: '(2026)浙0106民初321号' })] },
      message: /\(2026\)浙0106民初321号 for 800000.00/,
    });
  });

  it('a suit filed on the last day before the 9-month window, or a suit over another cause, does not fire', () => {
    const old = healthyFacts();
    old.judicial.defendantCases.push(suit('2026-01-31'));
    expect(raised(old, CODE)).toBeUndefined();
    old.judicial.defendantCases = [suit('2026-02-01')];
    expect(raised(old, CODE)?.evidence).toMatchObject({ since: '2026-01-31' });
    const sale = healthyFacts();
    sale.judicial.defendantCases.push(suit('2026-07-20', '买卖合同纠纷'));
    expect(raised(sale, CODE)).toBeUndefined();
  });
});
