/**
 * GUARANTEE_CIRCLE: The firm guarantees and is guaranteed within a circle of firms (担保圈).
 */
import type { BankFacts } from '../../health/facts';
import { Severity } from '../../quality/finding.entity';
import type { WarningRule } from './rule';

export type GuaranteeGiven = BankFacts['guaranteesGiven'][number];

export interface GuaranteeCircleEvidence {
  /** Each circle as the USCCs around it, back to the firm. */
  cycles: string[][];
  guaranteesGiven: GuaranteeGiven[];
}

export const guaranteeCircleRule: WarningRule<'GUARANTEE_CIRCLE', GuaranteeCircleEvidence> = {
  code: 'GUARANTEE_CIRCLE',
  number: null,
  title: 'In a guarantee circle (担保圈)',
  severity: Severity.HIGH,
  sources: ['bank'],
  evaluate({ facts }) {
    const cycles = facts.bank?.guaranteeCycles ?? [];
    if (!cycles.length) return null;
    return {
      message: `the firm guarantees and is guaranteed within a circle of ${cycles[0].length - 1} firms: ${cycles[0].join(' -> ')}`,
      evidence: { cycles, guaranteesGiven: facts.bank!.guaranteesGiven },
    };
  },
};
