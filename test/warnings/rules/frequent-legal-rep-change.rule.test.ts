/**
 * Rule 8, FREQUENT_LEGAL_REP_CHANGE: raises the data-quality check's finding (the legal
 * representative changed at least 3 times within 12 months: the check's thresholds,
 * src/quality/checks/frequent-legal-rep-change.check.ts), with its message and evidence.
 */
import { expectFires, expectRaisesOnlyItsFinding, finding } from '../rules.helpers';

describe('FREQUENT_LEGAL_REP_CHANGE', () => {
  it('fires on its signal, naming the records and the threshold', () => {
    expectFires('FREQUENT_LEGAL_REP_CHANGE', {
      change: () => [finding('FREQUENT_LEGAL_REP_CHANGE', { changes: [{ id: '1' }, { id: '2' }, { id: '3' }] })],
      evidence: { changes: [{ id: '1' }, { id: '2' }, { id: '3' }] },
      message: /FREQUENT_LEGAL_REP_CHANGE message/,
    });
  });

  it("stays silent without the check's finding, when only other checks' findings are there", () => {
    expectRaisesOnlyItsFinding('FREQUENT_LEGAL_REP_CHANGE');
  });
});
