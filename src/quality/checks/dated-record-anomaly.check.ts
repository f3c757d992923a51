/**
 * DATED_RECORD_ANOMALY: invoices dated after the portfolio's as-of date (they cannot have been
 * issued yet) or before the seller was founded (a firm cannot invoice before it exists). Either
 * is a keying or forgery problem with the record. The as-of date comes from the data (see
 * quality.service resolveAsOf), never the wall clock.
 */
import { Field, ID, ObjectType } from 'type-graphql';
import { Severity } from '../finding.entity';
import { qualityCheck, type AsOf, type CheckSql } from '../check';
import { FindingEvidence } from '../finding-evidence';
import type { QualityConfig } from '../quality.config';
import { LocalDateScalar, MoneyScalar } from '../../graphql/scalars';

@ObjectType({ description: 'An invoice dated after the as-of date or before the firm was founded.' })
export class DatedInvoiceRecord {
  @Field(() => ID)
  id: number;
  @Field(() => String, { nullable: true })
  invoiceCode: string | null;
  @Field(() => String)
  invoiceNumber: string;
  @Field(() => LocalDateScalar)
  issueDate: string;
  @Field(() => MoneyScalar)
  amount: string;
  @Field(() => String)
  status: string;
  @Field(() => String, { description: 'AFTER_AS_OF or BEFORE_FOUNDING.' })
  problem: 'AFTER_AS_OF' | 'BEFORE_FOUNDING';
}

@ObjectType({
  implements: FindingEvidence,
  description: 'DATED_RECORD_ANOMALY: invoices dated after the as-of date or before founding.',
})
export class DatedRecordAnomalyEvidence {
  @Field(() => LocalDateScalar)
  asOfDate: string;
  @Field(() => LocalDateScalar, { nullable: true, description: 'Null when the registry has no record of the firm.' })
  foundedOn: string | null;
  @Field(() => [DatedInvoiceRecord])
  invoices: DatedInvoiceRecord[];
}

function statement(asOf: AsOf, config: QualityConfig, forFirms: boolean): CheckSql {
  return {
    text: `
      SELECT i.seller_uscc AS uscc, '' AS subject,
             jsonb_build_object(
               'asOfDate', $1::date,
               'foundedOn', c.founded_on,
               'invoices', jsonb_agg(jsonb_build_object(
                 'id', i.id, 'invoiceCode', i.invoice_code, 'invoiceNumber', i.invoice_number, 'issueDate', i.issue_date,
                 'amount', i.amount::text, 'status', i.status,
                 'problem', CASE WHEN i.issue_date > $1::date + $2::int THEN 'AFTER_AS_OF' ELSE 'BEFORE_FOUNDING' END)
                 ORDER BY i.issue_date, i.id)) AS evidence
        FROM tax.invoice i
        LEFT JOIN registry.company c ON c.uscc = i.seller_uscc${forFirms ? ' AND c.uscc = ANY($3::bpchar[])' : ''}
       WHERE (i.issue_date > $1::date + $2::int OR i.issue_date < c.founded_on)${forFirms ? ' AND i.seller_uscc = ANY($3::bpchar[])' : ''}
       GROUP BY i.seller_uscc, c.founded_on`,
    values: [asOf.date, config.datedRecord.futureGraceDays],
  };
}

export const datedRecordAnomalyCheck = qualityCheck({
  code: 'DATED_RECORD_ANOMALY',
  severity: Severity.MEDIUM,
  sources: ['tax', 'registry'],
  description: 'invoices dated after the as-of date or before the firm was founded',
  sql: (asOf, config) => statement(asOf, config, false),
  // For some firms ($3): an ANY filter on the seller does not reach the registry side, which
  // was then hashed whole; filtered in the join's condition, so a firm without a registry
  // record still gets its future-dated invoices.
  firmSql: (asOf, config) => statement(asOf, config, true),
  evidenceType: DatedRecordAnomalyEvidence,
  evidence: (row) => {
    const e = row.evidence as unknown as DatedRecordAnomalyEvidence;
    const after = e.invoices.filter((i) => i.problem === 'AFTER_AS_OF');
    const before = e.invoices.filter((i) => i.problem === 'BEFORE_FOUNDING');
    const parts: string[] = [];
    if (after.length)
      parts.push(
        `${after.length} invoice(s) dated after the as-of date ${e.asOfDate} (${after.map((i) => i.issueDate).join(', ')})`,
      );
    if (before.length)
      parts.push(
        `${before.length} invoice(s) dated before founding on ${e.foundedOn} (${before.map((i) => i.issueDate).join(', ')})`,
      );
    return { message: parts.join('; '), evidence: e };
  },
});
