/**
 * RECEIVABLE_PLEDGED_TWICE: raises the RECEIVABLE_PLEDGED_TWICE data-quality finding (一票多押) as a
 * warning; its evidence is the check's (src/quality/checks/receivable-pledged-twice.check.ts).
 */
import type { ReceivablePledgedTwiceEvidence } from '../../quality/checks/receivable-pledged-twice.check';
import { Severity } from '../../quality/finding.entity';
import { raisesFinding } from './rule';

export const receivablePledgedTwiceRule = raisesFinding<'RECEIVABLE_PLEDGED_TWICE', ReceivablePledgedTwiceEvidence>({
  code: 'RECEIVABLE_PLEDGED_TWICE',
  number: null,
  title: 'A receivable pledged to more than one lender (一票多押)',
  severity: Severity.HIGH,
  sources: ['supply_chain'],
});
