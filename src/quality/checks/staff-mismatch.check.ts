/**
 * STAFF_MISMATCH (只缴一人社保却称雇佣十人): the staff a firm claims on its application against
 * the headcount it insures with social insurance in recent months. The best recent month is
 * compared (not the latest or the average), so a firm that merely lost staff last month, or
 * whose numbers wobble, is not flagged: only a claim no recent month comes close to.
 */
import { Field, Float, Int, ObjectType } from 'type-graphql';
import { Severity } from '../finding.entity';
import { qualityCheck } from '../check';
import { FindingEvidence } from '../finding-evidence';
import { addMonths } from '../months';
import { YearMonthScalar } from '../../graphql/scalars';

@ObjectType({ description: 'The headcount a firm insured with social insurance in one month.' })
export class StaffMismatchMonth {
  @Field(() => YearMonthScalar)
  month: string;
  @Field(() => Int)
  insuredHeadcount: number;
}

@ObjectType({
  implements: FindingEvidence,
  description: 'STAFF_MISMATCH: the staff claimed against the headcount insured in recent months.',
})
export class StaffMismatchEvidence {
  @Field(() => Int)
  claimedStaff: number;
  @Field(() => [StaffMismatchMonth])
  insured: StaffMismatchMonth[];
  @Field(() => Int, { description: 'The best recent month.' })
  maxInsured: number;
  @Field(() => Float, { description: 'maxInsured / claimedStaff (3 places).' })
  ratio: number;
  @Field(() => Float)
  maxInsuredRatio: number;
  @Field(() => Int)
  minClaimedStaff: number;
}

export const staffMismatchCheck = qualityCheck({
  code: 'STAFF_MISMATCH',
  severity: Severity.MEDIUM,
  sources: ['core', 'alt_data'],
  description: 'claimed staff far above the social-insurance headcount of every recent month',
  sql: (asOf, config) => {
    const c = config.staffMismatch;
    return {
      text: `
        SELECT f.uscc, '' AS subject,
               jsonb_build_object(
                 'claimedStaff', f.claimed_staff,
                 'insured', jsonb_agg(jsonb_build_object('month', s.month, 'insuredHeadcount', s.insured_headcount) ORDER BY s.month),
                 'maxInsured', max(s.insured_headcount),
                 'ratio', round(max(s.insured_headcount)::numeric / f.claimed_staff, 3),
                 'maxInsuredRatio', $3::numeric,
                 'minClaimedStaff', $4::int) AS evidence
          FROM core.firm f
          JOIN alt_data.social_insurance_month s ON s.uscc = f.uscc AND s.month BETWEEN $1 AND $2
         WHERE f.claimed_staff >= $4
         GROUP BY f.uscc, f.claimed_staff
        HAVING max(s.insured_headcount) <= $3 * f.claimed_staff`,
      values: [addMonths(asOf.month, -(c.recentMonths - 1)), asOf.month, c.maxInsuredRatio, c.minClaimedStaff],
    };
  },
  evidenceType: StaffMismatchEvidence,
  evidence: (row) => {
    const e = row.evidence as unknown as StaffMismatchEvidence;
    return {
      message: `Claims ${e.claimedStaff} staff but insures at most ${e.maxInsured} in the last ${e.insured.length} months`,
      evidence: e,
    };
  },
});
