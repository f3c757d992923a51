/**
 * TAX_WITHOUT_FLOW (有税无流): raises the data-quality check's finding (invoices issued in consecutive
 * months in which almost no money came in: the check's thresholds, src/quality/checks/tax-without-
 * flow.check.ts), with its message and evidence.
 */
import { expectFires, expectRaisesOnlyItsFinding, finding } from '../rules.helpers';

describe('TAX_WITHOUT_FLOW', () => {
  it('fires on its signal, naming the records and the threshold', () => {
    expectFires('TAX_WITHOUT_FLOW', {
      change: () => [finding('TAX_WITHOUT_FLOW', { months: ['2026-07', '2026-08', '2026-09'] })],
      evidence: { months: ['2026-07', '2026-08', '2026-09'] },
      message: /TAX_WITHOUT_FLOW message/,
    });
  });

  it("stays silent without the check's finding, when only other checks' findings are there", () => {
    expectRaisesOnlyItsFinding('TAX_WITHOUT_FLOW');
  });
});
