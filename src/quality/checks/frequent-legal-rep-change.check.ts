/**
 * FREQUENT_LEGAL_REP_CHANGE: at least minChanges changes of the legal representative (法定代表人)
 * within any windowMonths-long window. Frequent changes of the person legally answerable for the
 * firm are a classic sign of a firm being passed around or of someone escaping liability. Each
 * change counts the changes from it to the end of its window (a RANGE window frame), and the
 * densest window's changes are the evidence.
 */
import { Field, ID, Int, ObjectType } from 'type-graphql';
import { Severity } from '../finding.entity';
import { qualityCheck } from '../check';
import { FindingEvidence } from '../finding-evidence';
import { LocalDateScalar } from '../../graphql/scalars';

@ObjectType({ description: 'One change of the legal representative (the names masked as in evidence).' })
export class LegalRepChangeRecord {
  @Field(() => ID)
  id: number;
  @Field(() => LocalDateScalar)
  changedOn: string;
  @Field(() => String)
  before: string;
  @Field(() => String)
  after: string;
}

@ObjectType({
  implements: FindingEvidence,
  description: 'FREQUENT_LEGAL_REP_CHANGE: the changes of the legal representative in the densest window.',
})
export class FrequentLegalRepChangeEvidence {
  @Field(() => LocalDateScalar)
  windowStart: string;
  @Field(() => LocalDateScalar)
  windowEnd: string;
  @Field(() => Int)
  minChanges: number;
  @Field(() => Int)
  windowMonths: number;
  @Field(() => [LegalRepChangeRecord])
  changes: LegalRepChangeRecord[];
}

export const frequentLegalRepChangeCheck = qualityCheck({
  code: 'FREQUENT_LEGAL_REP_CHANGE',
  severity: Severity.MEDIUM,
  sources: ['registry'],
  description: 'several legal-representative changes within twelve months',
  sql: (_asOf, config) => {
    const c = config.legalRepChange;
    return {
      // NOT MATERIALIZED: ch is read twice, and a CTE read twice is otherwise computed once
      // for every firm, out of reach of a firm filter (one firm of 100,000: 36 ms -> ~1 ms).
      text: `
        WITH ch AS NOT MATERIALIZED (
          SELECT id, uscc, changed_on, before_value, after_value,
                 count(*) OVER (PARTITION BY uscc ORDER BY changed_on
                                RANGE BETWEEN CURRENT ROW AND make_interval(months => $1::int) - interval '1 day' FOLLOWING) AS n
            FROM registry.change_log
           WHERE item = 'LEGAL_REPRESENTATIVE'),
        densest AS (
          SELECT DISTINCT ON (uscc) uscc, changed_on AS window_start
            FROM ch
           WHERE n >= $2
           ORDER BY uscc, n DESC, changed_on)
        SELECT d.uscc, '' AS subject,
               jsonb_build_object(
                 'windowStart', d.window_start,
                 'windowEnd', (d.window_start + make_interval(months => $1::int) - interval '1 day')::date,
                 'minChanges', $2::int, 'windowMonths', $1::int,
                 'changes', jsonb_agg(jsonb_build_object(
                   'id', ch.id, 'changedOn', ch.changed_on, 'before', ch.before_value, 'after', ch.after_value)
                   ORDER BY ch.changed_on, ch.id)) AS evidence
          FROM densest d
          JOIN ch ON ch.uscc = d.uscc AND ch.changed_on >= d.window_start
                 AND ch.changed_on < d.window_start + make_interval(months => $1::int)
         GROUP BY d.uscc, d.window_start`,
      values: [c.windowMonths, c.minChanges],
    };
  },
  evidenceType: FrequentLegalRepChangeEvidence,
  evidence: (row) => {
    const e = row.evidence as unknown as FrequentLegalRepChangeEvidence;
    return {
      message:
        `Legal representative changed ${e.changes.length} times within ${e.windowMonths} months ` +
        `(${e.changes.map((c) => c.changedOn).join(', ')})`,
      evidence: e,
    };
  },
});
