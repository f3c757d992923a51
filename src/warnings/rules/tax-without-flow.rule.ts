/**
 * TAX_WITHOUT_FLOW: raises the TAX_WITHOUT_FLOW data-quality finding (有税无流) as a warning; its
 * evidence is the check's (src/quality/checks/tax-without-flow.check.ts).
 */
import type { TaxWithoutFlowEvidence } from '../../quality/checks/tax-without-flow.check';
import { Severity } from '../../quality/finding.entity';
import { raisesFinding } from './rule';

export const taxWithoutFlowRule = raisesFinding<'TAX_WITHOUT_FLOW', TaxWithoutFlowEvidence>({
  code: 'TAX_WITHOUT_FLOW',
  number: null,
  title: 'Invoices without money flowing (有税无流)',
  severity: Severity.HIGH,
  sources: ['tax', 'bank'],
});
