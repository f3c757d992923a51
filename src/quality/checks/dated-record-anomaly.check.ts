/**
 * DATED_RECORD_ANOMALY: invoices dated after the portfolio's as-of date (they cannot have been
 * issued yet) or before the seller was founded (a firm cannot invoice before it exists). Either
 * is a keying or forgery problem with the record. The as-of date comes from the data (see
 * quality.service resolveAsOf), never the wall clock.
 */
import { Severity } from '../finding.entity';
import type { AsOf, CheckSql, QualityCheck } from '../check';
import type { QualityConfig } from '../quality.config';

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

export const datedRecordAnomalyCheck: QualityCheck = {
  code: 'DATED_RECORD_ANOMALY',
  severity: Severity.MEDIUM,
  sources: ['tax', 'registry'],
  description: 'invoices dated after the as-of date or before the firm was founded',
  sql: (asOf, config) => statement(asOf, config, false),
  // For some firms ($3): an ANY filter on the seller does not reach the registry side, which
  // was then hashed whole; filtered in the join's condition, so a firm without a registry
  // record still gets its future-dated invoices.
  firmSql: (asOf, config) => statement(asOf, config, true),
  evidence: (row) => {
    const e = row.evidence as {
      asOfDate: string;
      foundedOn: string | null;
      invoices: Array<{ issueDate: string; problem: string }>;
    };
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
    return { message: parts.join('; '), evidence: row.evidence };
  },
};
