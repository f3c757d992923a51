/**
 * DUPLICATE_INVOICE: one invoice code + number on more than one row. An invoice number is
 * unique per code (fully digital invoices: unique on its own, the code is null), so a second
 * row is either the same invoice delivered twice (every field identical: a pipeline fault that
 * double-counts sales) or two different invoices under one number (conflicting amounts: a
 * forgery or a tampered record, the more serious case).
 */
import { Severity } from '../finding.entity';
import type { QualityCheck } from '../check';

/** The fields that make two rows "the same invoice" (everything but the row id and import bookkeeping). */
const FIELDS = ['kind', 'seller_uscc', 'seller_name', 'buyer_uscc', 'buyer_name', 'issue_date', 'amount', 'tax_amount', 'status'];

export const duplicateInvoiceCheck: QualityCheck = {
  code: 'DUPLICATE_INVOICE',
  severity: Severity.HIGH,
  sources: ['tax'],
  description: 'one invoice code+number on several rows (delivered twice, or different invoices under one number)',
  sql: () => ({
    // Two steps: find the duplicated keys with a lean aggregate over every invoice, then build
    // the evidence (row hashes, JSON) for those few groups only: hashing every row of the table
    // was ten times slower. The join is on the number alone so it can hash; the code (null for
    // digital invoices) is compared null-safely after.
    text: `
      WITH dup AS (
        SELECT invoice_code, invoice_number
          FROM tax.invoice
         GROUP BY invoice_code, invoice_number
        HAVING count(*) > 1)
      SELECT min(i.seller_uscc) AS uscc,
             coalesce(dup.invoice_code, '') || '/' || dup.invoice_number AS subject,
             jsonb_build_object(
               'invoiceCode', dup.invoice_code,
               'invoiceNumber', dup.invoice_number,
               'identical', count(DISTINCT md5(row(${FIELDS.map((f) => `i.${f}`).join(', ')})::text)) = 1,
               'differingFields', to_jsonb(array_remove(ARRAY[${FIELDS.map(
                 (f) => `CASE WHEN count(DISTINCT coalesce(i.${f}::text, '')) > 1 THEN '${f}' END`,
               ).join(', ')}]::text[], NULL)),
               'rows', jsonb_agg(jsonb_build_object(
                 'id', i.id, 'sellerUscc', i.seller_uscc, 'buyerUscc', i.buyer_uscc, 'buyerName', i.buyer_name,
                 'issueDate', i.issue_date, 'amount', i.amount::text, 'taxAmount', i.tax_amount::text, 'status', i.status) ORDER BY i.id)
             ) AS evidence
        FROM dup
        JOIN tax.invoice i ON i.invoice_number = dup.invoice_number AND i.invoice_code IS NOT DISTINCT FROM dup.invoice_code
       GROUP BY dup.invoice_code, dup.invoice_number`,
    values: [],
  }),
  evidence: (row) => {
    const e = row.evidence as { invoiceCode: string | null; invoiceNumber: string; identical: boolean; differingFields: string[]; rows: unknown[] };
    const label = `${e.invoiceCode ?? '(digital)'} ${e.invoiceNumber}`;
    return e.identical
      ? {
          // The same invoice twice: sales are double-counted, but nothing is forged.
          severity: Severity.MEDIUM,
          message: `Invoice ${label} is on ${e.rows.length} identical rows (the same invoice delivered more than once)`,
          evidence: row.evidence,
        }
      : {
          message: `Invoice ${label} is on ${e.rows.length} rows that differ in ${e.differingFields.join(', ')}`,
          evidence: row.evidence,
        };
  },
};
