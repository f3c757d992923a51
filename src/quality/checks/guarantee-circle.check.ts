/**
 * GUARANTEE_CIRCLE (担保圈, 互保): firms guaranteeing each other's debts around a circle (A
 * guarantees B, B guarantees C, ... the last guarantees A; two firms guaranteeing each other are
 * a circle of two), with guarantees live on the as-of day. One default pulls the circle down:
 * the finding gives the bank's exposure to every member and the total. Found portfolio-wide,
 * each circle once whichever member it is reached from: the finding is the circle's smallest
 * USCC's, its subject the members in order (guarantee-structures.sql.ts).
 */
import { Field, Int, ObjectType } from 'type-graphql';
import { Severity } from '../finding.entity';
import { qualityCheck } from '../check';
import { FindingEvidence } from '../finding-evidence';
import { LocalDateScalar, MoneyScalar } from '../../graphql/scalars';
import { CIRCLES_CTE, edgesCte, structureEvidence } from './guarantee-structures.sql';
import { GuaranteeLink, GuaranteeStructureFirm, type StructureEvidence } from './guarantee-structures.types';

@ObjectType({
  implements: FindingEvidence,
  description:
    'GUARANTEE_CIRCLE: the firms of a guarantee circle in guarantee order, the guarantees around it, and the exposure.',
})
export class GuaranteeCircleEvidence implements StructureEvidence {
  @Field(() => [GuaranteeStructureFirm], {
    description: 'In guarantee order from the smallest USCC: each guarantees the next, the last the first.',
  })
  members: GuaranteeStructureFirm[];
  @Field(() => [GuaranteeLink])
  guarantees: GuaranteeLink[];
  @Field(() => MoneyScalar, { description: "The bank's exposure to the members, summed, CNY." })
  totalExposure: string;
  @Field(() => MoneyScalar, { description: 'The guarantees around the circle, summed, CNY.' })
  totalGuaranteed: string;
  @Field(() => LocalDateScalar, { description: 'The day the guarantees are live on.' })
  asOf: string;
  @Field(() => Int, { description: 'The longest circle looked for (firms).' })
  maxFirms: number;
}

function statement(scopeParam?: number): string {
  return `
    WITH RECURSIVE ${edgesCte(scopeParam)},
    ${CIRCLES_CTE}
    SELECT c.members[1] AS uscc, array_to_string(c.members, ',') AS subject,
           ${structureEvidence('c.members', 'CIRCLE')} || jsonb_build_object('asOf', $1::date, 'maxFirms', $2::int) AS evidence
      FROM circle c`;
}

export const guaranteeCircleCheck = qualityCheck({
  code: 'GUARANTEE_CIRCLE',
  severity: Severity.MEDIUM,
  sources: ['bank'],
  description: 'firms guaranteeing each other around a circle (担保圈), each circle once, with the exposure',
  sql: (asOf, config) => ({ text: statement(), values: [asOf.date, config.guaranteeStructures.maxCircleFirms] }),
  // The finding is the smallest member's: a filter on it cannot reach the walk. Scoped, the walk
  // runs over the firms' components only.
  firmSql: (asOf, config) => ({ text: statement(3), values: [asOf.date, config.guaranteeStructures.maxCircleFirms] }),
  evidenceType: GuaranteeCircleEvidence,
  evidence: (row) => {
    const e = row.evidence as unknown as GuaranteeCircleEvidence;
    const around = [...e.members.map((m) => m.uscc), e.members[0].uscc].join(' -> ');
    return {
      message: `${e.members.length} firms guarantee each other in a circle (${around}); the bank's exposure to them is ${e.totalExposure} CNY`,
      evidence: e,
    };
  },
});
