/**
 * REGISTRY_STATUS_WITH_LIVE_LOAN (rule 11): raises the REGISTRY_STATUS_WITH_LIVE_LOAN data-quality
 * finding as a warning; its evidence is the check's (src/quality/checks/registry-status-with-live-
 * loan.check.ts).
 */
import type { RegistryStatusWithLiveLoanEvidence } from '../../quality/checks/registry-status-with-live-loan.check';
import { Severity } from '../../quality/finding.entity';
import { raisesFinding } from './rule';

export const registryStatusWithLiveLoanRule = raisesFinding<
  'REGISTRY_STATUS_WITH_LIVE_LOAN',
  RegistryStatusWithLiveLoanEvidence
>({
  code: 'REGISTRY_STATUS_WITH_LIVE_LOAN',
  number: 11,
  title: 'Registry status abnormal while a loan is live',
  severity: Severity.HIGH,
  sources: ['registry', 'bank'],
});
