/**
 * RECEIVABLE_PLEDGED_TWICE (一票多押): one receivable with ACTIVE pledges to more than one
 * pledgee. A receivable released and then pledged elsewhere is legitimate (only one pledge is
 * active), as are two active registrations with the same pledgee (a re-registration).
 */
import { Field, ID, ObjectType } from 'type-graphql';
import { Severity } from '../finding.entity';
import { qualityCheck } from '../check';
import { FindingEvidence } from '../finding-evidence';
import { LocalDateScalar, MoneyScalar, UsccScalar } from '../../graphql/scalars';

@ObjectType({ description: 'The receivable pledged more than once.' })
export class PledgedReceivableRecord {
  @Field(() => ID)
  id: number;
  @Field(() => String)
  receivableNo: string;
  @Field(() => UsccScalar)
  debtorUscc: string;
  @Field(() => MoneyScalar)
  amount: string;
  @Field(() => LocalDateScalar)
  issueDate: string;
  @Field(() => LocalDateScalar)
  dueDate: string;
  @Field(() => String)
  status: string;
}

@ObjectType({ description: 'One ACTIVE pledge of the receivable.' })
export class ReceivablePledgeRecord {
  @Field(() => ID)
  id: number;
  @Field(() => String)
  pledgee: string;
  @Field(() => String)
  registrationNo: string;
  @Field(() => LocalDateScalar)
  pledgedOn: string;
  @Field(() => MoneyScalar)
  amount: string;
  @Field(() => String)
  status: string;
}

@ObjectType({
  implements: FindingEvidence,
  description: 'RECEIVABLE_PLEDGED_TWICE: a receivable and its ACTIVE pledges to more than one pledgee.',
})
export class ReceivablePledgedTwiceEvidence {
  @Field(() => PledgedReceivableRecord)
  receivable: PledgedReceivableRecord;
  @Field(() => [ReceivablePledgeRecord])
  pledges: ReceivablePledgeRecord[];
}

export const receivablePledgedTwiceCheck = qualityCheck({
  code: 'RECEIVABLE_PLEDGED_TWICE',
  severity: Severity.HIGH,
  sources: ['supply_chain'],
  description: 'one receivable with active pledges to more than one pledgee',
  sql: () => ({
    text: `
      SELECT r.creditor_uscc AS uscc, r.id::text AS subject,
             jsonb_build_object(
               'receivable', jsonb_build_object(
                 'id', r.id, 'receivableNo', r.receivable_no, 'debtorUscc', r.debtor_uscc, 'amount', r.amount::text,
                 'issueDate', r.issue_date, 'dueDate', r.due_date, 'status', r.status),
               'pledges', jsonb_agg(jsonb_build_object(
                 'id', p.id, 'pledgee', p.pledgee, 'registrationNo', p.registration_no, 'pledgedOn', p.pledged_on,
                 'amount', p.amount::text, 'status', p.status) ORDER BY p.pledged_on, p.id)) AS evidence
        FROM supply_chain.receivable r
        JOIN supply_chain.pledge p ON p.receivable_id = r.id AND p.status = 'ACTIVE'
       GROUP BY r.id
      HAVING count(DISTINCT p.pledgee) > 1`,
    values: [],
  }),
  evidenceType: ReceivablePledgedTwiceEvidence,
  evidence: (row) => {
    const e = row.evidence as unknown as ReceivablePledgedTwiceEvidence;
    const pledgees = [...new Set(e.pledges.map((p) => p.pledgee))];
    return {
      message: `Receivable ${e.receivable.receivableNo} is pledged to ${pledgees.length} lenders at once: ${pledgees.join(', ')}`,
      evidence: e,
    };
  },
});
