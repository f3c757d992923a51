/** Every data-quality check, in the order the job runs them; their codes make the FindingCode enum. */
import { registerFindingChecks } from '../finding-evidence';
import { datedRecordAnomalyCheck } from './dated-record-anomaly.check';
import { duplicateInvoiceCheck } from './duplicate-invoice.check';
import { frequentLegalRepChangeCheck } from './frequent-legal-rep-change.check';
import { financialStatementIdentityCheck } from './financial-statement-identity.check';
import { receivablePledgedTwiceCheck } from './receivable-pledged-twice.check';
import { registryStatusWithLiveLoanCheck } from './registry-status-with-live-loan.check';
import { staffMismatchCheck } from './staff-mismatch.check';
import { taxWithoutFlowCheck } from './tax-without-flow.check';
import { duplicateRecordCheck } from './duplicate-record.check';
import { guaranteeChainCheck } from './guarantee-chain.check';
import { guaranteeCircleCheck } from './guarantee-circle.check';
import { guaranteeStarCheck } from './guarantee-star.check';

export const CHECKS = [
  duplicateInvoiceCheck,
  taxWithoutFlowCheck,
  staffMismatchCheck,
  receivablePledgedTwiceCheck,
  registryStatusWithLiveLoanCheck,
  datedRecordAnomalyCheck,
  frequentLegalRepChangeCheck,
  duplicateRecordCheck,
  financialStatementIdentityCheck,
  guaranteeCircleCheck,
  guaranteeChainCheck,
  guaranteeStarCheck,
] as const;

registerFindingChecks(CHECKS);

/** Every check's code (the GraphQL enum `FindingCode`, ../finding-evidence.ts), from the list of checks. */
export type FindingCode = (typeof CHECKS)[number]['code'];

export {
  datedRecordAnomalyCheck,
  duplicateInvoiceCheck,
  frequentLegalRepChangeCheck,
  financialStatementIdentityCheck,
  receivablePledgedTwiceCheck,
  registryStatusWithLiveLoanCheck,
  staffMismatchCheck,
  taxWithoutFlowCheck,
  duplicateRecordCheck,
  guaranteeCircleCheck,
  guaranteeChainCheck,
  guaranteeStarCheck,
};
