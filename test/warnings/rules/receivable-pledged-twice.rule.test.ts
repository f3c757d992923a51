/**
 * RECEIVABLE_PLEDGED_TWICE (一票多押): raises the data-quality check's finding (a receivable pledged
 * to more than one lender: src/quality/checks/receivable-pledged-twice.check.ts), with its message
 * and evidence.
 */
import { expectFires, expectRaisesOnlyItsFinding, finding } from '../rules.helpers';

describe('RECEIVABLE_PLEDGED_TWICE', () => {
  it('fires on its signal, naming the records and the threshold', () => {
    expectFires('RECEIVABLE_PLEDGED_TWICE', {
      change: () => [
        finding('RECEIVABLE_PLEDGED_TWICE', { receivableNo: 'R-1', pledges: [{ pledgee: 'A' }, { pledgee: 'B' }] }),
      ],
      evidence: { receivableNo: 'R-1' },
      message: /RECEIVABLE_PLEDGED_TWICE message/,
    });
  });

  it("stays silent without the check's finding, when only other checks' findings are there", () => {
    expectRaisesOnlyItsFinding('RECEIVABLE_PLEDGED_TWICE');
  });
});
