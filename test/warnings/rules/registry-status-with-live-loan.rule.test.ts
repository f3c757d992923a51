/**
 * Rule 11, REGISTRY_STATUS_WITH_LIVE_LOAN: raises the data-quality check's finding (a revoked or
 * deregistered firm, or one on the abnormal-operations list, with a live loan:
 * src/quality/checks/registry-status-with-live-loan.check.ts), with its message and evidence.
 */
import { expectFires, expectRaisesOnlyItsFinding, finding } from '../rules.helpers';

describe('REGISTRY_STATUS_WITH_LIVE_LOAN', () => {
  it('fires on its signal, naming the records and the threshold', () => {
    expectFires('REGISTRY_STATUS_WITH_LIVE_LOAN', {
      change: () => [
        finding('REGISTRY_STATUS_WITH_LIVE_LOAN', { status: 'REVOKED', loans: [{ contractNo: 'HZ2025-0001' }] }),
      ],
      evidence: { status: 'REVOKED', loans: [{ contractNo: 'HZ2025-0001' }] },
      message: /REGISTRY_STATUS_WITH_LIVE_LOAN message/,
    });
  });

  it("stays silent without the check's finding, when only other checks' findings are there", () => {
    expectRaisesOnlyItsFinding('REGISTRY_STATUS_WITH_LIVE_LOAN');
  });
});
