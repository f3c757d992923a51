/** Rule 10, NEW_ENFORCEMENT: an enforcement, or a dishonest-debtor listing still in force, in the last 9 months. */
import { expectFires, healthyFacts, raised, SIGNALS } from '../rules.helpers';

const CODE = 'NEW_ENFORCEMENT';

describe('NEW_ENFORCEMENT', () => {
  it('fires on its signal, naming the records and the threshold', () => {
    expectFires(CODE, {
      change: SIGNALS.NEW_ENFORCEMENT,
      evidence: { enforcements: [expect.objectContaining({ id: '88' })] },
      message: /1 enforcement\(s\) \(\(2026\)浙0106执88号\)/,
    });
  });

  it('an enforcement filed before the 9-month window, or a listing since removed, does not fire; a listing in force does', () => {
    const f = healthyFacts();
    f.judicial.enforcements.push({
      id: '88',
      caseNo: '(2026)浙0106执88号',
      filedOn: '2026-01-31',
      amount: '300000.00',
      status: 'ACTIVE',
    });
    f.judicial.dishonestListings.push({
      id: '99',
      caseNo: '(2026)浙0106执99号',
      listedOn: '2026-05-01',
      removedOn: '2026-08-01',
    });
    expect(raised(f, CODE)).toBeUndefined();
    f.judicial.dishonestListings[0].removedOn = null;
    const w = raised(f, CODE)!;
    expect(w.message).toBe('in the last 9 months: a dishonest-debtor listing ((2026)浙0106执99号)');
    expect(w.evidence).toMatchObject({ since: '2026-01-31', enforcements: [], dishonestListings: [{ id: '99' }] });
  });
});
