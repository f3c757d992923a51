/**
 * FREQUENT_LEGAL_REP_CHANGE (rule 8): raises the FREQUENT_LEGAL_REP_CHANGE data-quality finding as
 * a warning; its evidence is the check's (src/quality/checks/frequent-legal-rep-change.check.ts).
 */
import type { FrequentLegalRepChangeEvidence } from '../../quality/checks/frequent-legal-rep-change.check';
import { Severity } from '../../quality/finding.entity';
import { raisesFinding } from './rule';

export const frequentLegalRepChangeRule = raisesFinding<'FREQUENT_LEGAL_REP_CHANGE', FrequentLegalRepChangeEvidence>({
  code: 'FREQUENT_LEGAL_REP_CHANGE',
  number: 8,
  title: 'Legal representative changed frequently',
  severity: Severity.MEDIUM,
  sources: ['registry'],
});
