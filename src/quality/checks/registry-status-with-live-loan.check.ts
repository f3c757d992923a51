/**
 * REGISTRY_STATUS_WITH_LIVE_LOAN: the registry says the firm is revoked (吊销) or deregistered
 * (注销), or lists it on the abnormal-operations list (经营异常名录) without removal, while the
 * bank still has an ACTIVE loan to it. Either the loan must be recalled or the registry data is
 * wrong; both need a person now. A listing removed after the as-of date counts as unremoved
 * then (the check sees the portfolio as of its date).
 */
import { Field, ID, Int, ObjectType } from 'type-graphql';
import { Severity } from '../finding.entity';
import { qualityCheck } from '../check';
import { FindingEvidence } from '../finding-evidence';
import { LocalDateScalar, MoneyScalar, UsccScalar } from '../../graphql/scalars';

@ObjectType({ description: "The firm's registry record: its status and when it changed." })
export class RegistryStatusRecord {
  @Field(() => UsccScalar)
  uscc: string;
  @Field(() => String)
  name: string;
  @Field(() => String)
  status: string;
  @Field(() => LocalDateScalar, { nullable: true })
  statusChangedOn: string | null;
}

@ObjectType({ description: 'A listing on the abnormal-operations list, unremoved at the as-of date.' })
export class AbnormalListingRecord {
  @Field(() => ID)
  id: number;
  @Field(() => LocalDateScalar)
  listedOn: string;
  @Field(() => String)
  reason: string;
  @Field(() => String)
  authority: string;
  @Field(() => LocalDateScalar, { nullable: true })
  removedOn: string | null;
}

@ObjectType({ description: 'An ACTIVE loan of the firm.' })
export class ActiveLoanRecord {
  @Field(() => ID)
  id: number;
  @Field(() => String)
  contractNo: string;
  @Field(() => MoneyScalar)
  principal: string;
  @Field(() => MoneyScalar)
  balance: string;
  @Field(() => LocalDateScalar)
  startDate: string;
  @Field(() => LocalDateScalar)
  maturityDate: string;
  @Field(() => Int)
  overdueDays: number;
}

@ObjectType({
  implements: FindingEvidence,
  description: 'REGISTRY_STATUS_WITH_LIVE_LOAN: the registry status or abnormal listings, and the ACTIVE loans.',
})
export class RegistryStatusWithLiveLoanEvidence {
  @Field(() => RegistryStatusRecord, {
    nullable: true,
    description: 'Null when the registry has no record of the firm.',
  })
  registry: RegistryStatusRecord | null;
  @Field(() => [AbnormalListingRecord])
  abnormalListings: AbnormalListingRecord[];
  @Field(() => [ActiveLoanRecord])
  activeLoans: ActiveLoanRecord[];
}

export const registryStatusWithLiveLoanCheck = qualityCheck({
  code: 'REGISTRY_STATUS_WITH_LIVE_LOAN',
  severity: Severity.HIGH,
  sources: ['registry', 'bank'],
  description: 'revoked, deregistered or on the abnormal-operations list while a loan is ACTIVE',
  sql: (asOf, config) => ({
    text: `
      WITH loans AS (
        SELECT uscc, jsonb_agg(jsonb_build_object(
                 'id', id, 'contractNo', contract_no, 'principal', principal::text, 'balance', balance::text,
                 'startDate', start_date, 'maturityDate', maturity_date, 'overdueDays', overdue_days) ORDER BY id) AS loans
          FROM bank.loan
         WHERE status = 'ACTIVE'
         GROUP BY uscc),
      listings AS (
        SELECT uscc, jsonb_agg(jsonb_build_object(
                 'id', id, 'listedOn', listed_on, 'reason', reason, 'authority', authority, 'removedOn', removed_on)
                 ORDER BY listed_on, id) AS listings
          FROM registry.abnormal_listing
         WHERE listed_on <= $2::date AND (removed_on IS NULL OR removed_on > $2::date)
         GROUP BY uscc)
      SELECT loans.uscc, '' AS subject,
             jsonb_build_object(
               'registry', CASE WHEN c.uscc IS NULL THEN NULL ELSE jsonb_build_object(
                 'uscc', c.uscc, 'name', c.name, 'status', c.status, 'statusChangedOn', c.status_changed_on) END,
               'abnormalListings', coalesce(l.listings, '[]'::jsonb),
               'activeLoans', loans.loans) AS evidence
        FROM loans
        LEFT JOIN registry.company c ON c.uscc = loans.uscc
        LEFT JOIN listings l ON l.uscc = loans.uscc
       WHERE c.status::text = ANY($1::text[]) OR l.uscc IS NOT NULL`,
    values: [config.registryLiveLoan.deadStatuses, asOf.date],
  }),
  evidenceType: RegistryStatusWithLiveLoanEvidence,
  evidence: (row, _asOf, config) => {
    const e = row.evidence as unknown as RegistryStatusWithLiveLoanEvidence;
    const dead = e.registry !== null && config.registryLiveLoan.deadStatuses.includes(e.registry.status);
    const why = dead
      ? `registry status ${e.registry?.status}`
      : `on the abnormal-operations list since ${e.abnormalListings[0].listedOn}`;
    return {
      message: `${why} while ${e.activeLoans.length} loan(s) are ACTIVE: ${e.activeLoans.map((l) => l.contractNo).join(', ')}`,
      evidence: e,
    };
  },
});
