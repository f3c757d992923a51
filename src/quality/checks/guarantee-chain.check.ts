/**
 * GUARANTEE_CHAIN (担保链): firms each guaranteeing the next one's debt (A guarantees B, B
 * guarantees C, ...), at least `minChainFirms` long, with guarantees live on the as-of day: a
 * default travels down the chain to the guarantors. A chain is a maximal path over the firms on
 * no guarantee circle (GUARANTEE_CIRCLE reports those; a chain a circle member guarantees starts
 * after it): from a firm no such firm guarantees to one that guarantees none, one finding per
 * path (a firm guaranteeing two firms starts two chains), the first guarantor's, its subject the
 * path. Paths are cut at `maxChainFirms`.
 */
import { Field, Int, ObjectType } from 'type-graphql';
import { Severity } from '../finding.entity';
import { qualityCheck } from '../check';
import { FindingEvidence } from '../finding-evidence';
import type { QualityConfig } from '../quality.config';
import type { AsOf } from '../check';
import { LocalDateScalar, MoneyScalar } from '../../graphql/scalars';
import { CIRCLES_CTE, edgesCte, structureEvidence } from './guarantee-structures.sql';
import { GuaranteeLink, GuaranteeStructureFirm, type StructureEvidence } from './guarantee-structures.types';

@ObjectType({
  implements: FindingEvidence,
  description:
    'GUARANTEE_CHAIN: the firms of a guarantee chain in order (each guarantees the next), the guarantees, and the exposure.',
})
export class GuaranteeChainEvidence implements StructureEvidence {
  @Field(() => [GuaranteeStructureFirm], { description: 'In order: each guarantees the next.' })
  members: GuaranteeStructureFirm[];
  @Field(() => [GuaranteeLink])
  guarantees: GuaranteeLink[];
  @Field(() => MoneyScalar, { description: "The bank's exposure to the members, summed, CNY." })
  totalExposure: string;
  @Field(() => MoneyScalar, { description: 'The guarantees along the chain, summed, CNY.' })
  totalGuaranteed: string;
  @Field(() => LocalDateScalar, { description: 'The day the guarantees are live on.' })
  asOf: string;
  @Field(() => Int, { description: 'The shortest chain reported (firms).' })
  minFirms: number;
  @Field(() => Boolean, { description: 'Whether the path was cut at the longest chain followed (maxFirms).' })
  cut: boolean;
}

function statement(scopeParam?: number): string {
  return `
    WITH RECURSIVE ${edgesCte(scopeParam)},
    ${CIRCLES_CTE},
    on_circle AS (SELECT DISTINCT unnest(members)::bpchar AS n FROM circle),
    pedge AS (SELECT e.a, e.b FROM edge e
               WHERE NOT EXISTS (SELECT 1 FROM on_circle o WHERE o.n = e.a) AND NOT EXISTS (SELECT 1 FROM on_circle o WHERE o.n = e.b)),
    head AS (SELECT a AS n FROM pedge EXCEPT SELECT b FROM pedge),
    chain(node, path) AS (
      SELECT n, ARRAY[n::text] FROM head
      UNION ALL
      SELECT e.b, c.path || e.b::text FROM chain c JOIN pedge e ON e.a = c.node
       WHERE cardinality(c.path) < $4::int AND NOT (e.b::text = ANY(c.path))
    ),
    successors AS (SELECT a, array_agg(b::text) AS next FROM pedge GROUP BY a),
    maximal AS (
      SELECT c.path, cardinality(c.path) >= $4::int AS cut
        FROM chain c LEFT JOIN successors s ON s.a = c.node
       WHERE cardinality(c.path) >= $3::int
         AND (cardinality(c.path) >= $4::int OR s.a IS NULL OR s.next <@ c.path)
    )
    SELECT m.path[1] AS uscc, array_to_string(m.path, ',') AS subject,
           ${structureEvidence('m.path', 'CHAIN')} || jsonb_build_object('asOf', $1::date, 'minFirms', $3::int, 'cut', m.cut) AS evidence
      FROM maximal m`;
}

const values = (asOf: AsOf, config: QualityConfig) => {
  const c = config.guaranteeStructures;
  return [asOf.date, c.maxCircleFirms, c.minChainFirms, c.maxChainFirms];
};

export const guaranteeChainCheck = qualityCheck({
  code: 'GUARANTEE_CHAIN',
  severity: Severity.MEDIUM,
  sources: ['bank'],
  description: 'firms each guaranteeing the next (担保链), off any circle, with the exposure',
  sql: (asOf, config) => ({ text: statement(), values: values(asOf, config) }),
  // The finding is the first guarantor's: a filter on it cannot reach the walk. Scoped, the walk
  // runs over the firms' components only.
  firmSql: (asOf, config) => ({ text: statement(5), values: values(asOf, config) }),
  evidenceType: GuaranteeChainEvidence,
  evidence: (row) => {
    const e = row.evidence as unknown as GuaranteeChainEvidence;
    return {
      message: `${e.members.length} firms guarantee each other in a chain (${e.members.map((m) => m.uscc).join(' -> ')}${e.cut ? ' ...' : ''}); the bank's exposure to them is ${e.totalExposure} CNY`,
      evidence: e,
    };
  },
});
