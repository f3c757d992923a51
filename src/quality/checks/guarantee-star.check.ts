/**
 * GUARANTEE_STAR (担保集中): one guarantor behind at least `minStarFirms` firms' debts, with
 * guarantees live on the as-of day: if it fails, every one of them loses its guarantee at once.
 * The finding is the guarantor's (one per guarantor), with the firms it guarantees, the amounts
 * and the bank's exposure to each. A plain aggregate by guarantor: the firm filter reaches it.
 */
import { Field, Int, ObjectType } from 'type-graphql';
import { Severity } from '../finding.entity';
import { qualityCheck } from '../check';
import { FindingEvidence } from '../finding-evidence';
import { LocalDateScalar, MoneyScalar } from '../../graphql/scalars';
import { edgesCte, guarantorEdgesCte, structureEvidence } from './guarantee-structures.sql';
import { GuaranteeLink, GuaranteeStructureFirm, type StructureEvidence } from './guarantee-structures.types';

@ObjectType({
  implements: FindingEvidence,
  description:
    'GUARANTEE_STAR: a guarantor (first member) and the firms whose debts it guarantees, the guarantees, and the exposure.',
})
export class GuaranteeStarEvidence implements StructureEvidence {
  @Field(() => [GuaranteeStructureFirm], { description: 'The guarantor, then the firms it guarantees (by USCC).' })
  members: GuaranteeStructureFirm[];
  @Field(() => [GuaranteeLink])
  guarantees: GuaranteeLink[];
  @Field(() => MoneyScalar, {
    description: "The bank's exposure to the guarantor and the firms it guarantees, summed, CNY.",
  })
  totalExposure: string;
  @Field(() => MoneyScalar, { description: "The guarantor's live guarantees, summed, CNY." })
  totalGuaranteed: string;
  @Field(() => LocalDateScalar, { description: 'The day the guarantees are live on.' })
  asOf: string;
  @Field(() => Int, { description: 'The fewest guaranteed firms that make a star.' })
  minFirms: number;
}

function statement(edges: string): string {
  return `
      WITH ${edges},
      star AS (SELECT a, array_agg(b::text ORDER BY b) AS guaranteed FROM edge GROUP BY a HAVING count(*) >= $2::int)
      SELECT s.a AS uscc, '' AS subject,
             ${structureEvidence('ARRAY[s.a::text] || s.guaranteed', 'STAR')}
             || jsonb_build_object('asOf', $1::date, 'minFirms', $2::int) AS evidence
        FROM star s`;
}

export const guaranteeStarCheck = qualityCheck({
  code: 'GUARANTEE_STAR',
  severity: Severity.MEDIUM,
  sources: ['bank'],
  description: 'one guarantor behind many firms (担保集中), with the exposure',
  sql: (asOf, config) => ({
    text: statement(edgesCte()),
    values: [asOf.date, config.guaranteeStructures.minStarFirms],
  }),
  // Scoped: only the firms' own guarantees are read (the filter would reach the aggregate, but not the evidence's second read of the edges).
  firmSql: (asOf, config) => ({
    text: statement(guarantorEdgesCte(3)),
    values: [asOf.date, config.guaranteeStructures.minStarFirms],
  }),
  evidenceType: GuaranteeStarEvidence,
  evidence: (row) => {
    const e = row.evidence as unknown as GuaranteeStarEvidence;
    return {
      message: `${e.members[0].uscc} guarantees ${e.members.length - 1} firms' debts (${e.totalGuaranteed} CNY); the bank's exposure to them and to it is ${e.totalExposure} CNY`,
      evidence: e,
    };
  },
});
