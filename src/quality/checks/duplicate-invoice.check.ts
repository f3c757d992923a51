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

const COLUMNS = ['id', ...FIELDS].map((c) => `i.${c}`).join(', ');

/**
 * The rows of duplicated keys over the whole portfolio, in two steps: find the duplicated keys
 * with a lean aggregate over every invoice, then join their rows (building the evidence for
 * those few groups only: hashing every row of the table was ten times slower). The join is on
 * the number alone so it can hash; the code (null for digital invoices) is compared
 * null-safely after.
 */
const PORTFOLIO_ROWS = `
  dup AS (
    SELECT invoice_code, invoice_number
      FROM tax.invoice
     GROUP BY invoice_code, invoice_number
    HAVING count(*) > 1),
  keyed AS (
    SELECT dup.invoice_code AS key_code, dup.invoice_number AS key_number, ${COLUMNS}
      FROM dup
      JOIN tax.invoice i ON i.invoice_number = dup.invoice_number AND i.invoice_code IS NOT DISTINCT FROM dup.invoice_code)`;

/**
 * The rows sharing a key with an invoice of the firms in $1 (a finding's firm is the seller of
 * one of its rows): their keys, then every row of each key through the code+number index, a
 * digital invoice's (no code) by an IS NULL index condition, since IS NOT DISTINCT FROM cannot
 * use an index. For one firm of 10,000 this reads ~100 rows instead of every invoice.
 */
const FIRM_ROWS = `
  keys AS (
    SELECT DISTINCT invoice_code, invoice_number FROM tax.invoice WHERE seller_uscc = ANY($1::bpchar[])),
  keyed AS (
    SELECT k.invoice_code AS key_code, k.invoice_number AS key_number, ${COLUMNS}
      FROM keys k JOIN tax.invoice i ON i.invoice_code = k.invoice_code AND i.invoice_number = k.invoice_number
    UNION ALL
    SELECT k.invoice_code, k.invoice_number, ${COLUMNS}
      FROM keys k JOIN tax.invoice i ON i.invoice_code IS NULL AND i.invoice_number = k.invoice_number
     WHERE k.invoice_code IS NULL)`;

/** One finding per key on several rows, attributed to the smallest seller USCC among them. */
function statement(rows: string): string {
  return `
      WITH ${rows}
      SELECT min(i.seller_uscc) AS uscc,
             coalesce(i.key_code, '') || '/' || i.key_number AS subject,
             jsonb_build_object(
               'invoiceCode', i.key_code,
               'invoiceNumber', i.key_number,
               'identical', count(DISTINCT md5(row(${FIELDS.map((f) => `i.${f}`).join(', ')})::text)) = 1,
               'differingFields', to_jsonb(array_remove(ARRAY[${FIELDS.map(
                 (f) => `CASE WHEN count(DISTINCT coalesce(i.${f}::text, '')) > 1 THEN '${f}' END`,
               ).join(', ')}]::text[], NULL)),
               'rows', jsonb_agg(jsonb_build_object(
                 'id', i.id, 'sellerUscc', i.seller_uscc, 'buyerUscc', i.buyer_uscc, 'buyerName', i.buyer_name,
                 'issueDate', i.issue_date, 'amount', i.amount::text, 'taxAmount', i.tax_amount::text, 'status', i.status) ORDER BY i.id)
             ) AS evidence
        FROM keyed i
       GROUP BY i.key_code, i.key_number
      HAVING count(*) > 1`;
}

export const duplicateInvoiceCheck: QualityCheck = {
  code: 'DUPLICATE_INVOICE',
  severity: Severity.HIGH,
  sources: ['tax'],
  description: 'one invoice code+number on several rows (delivered twice, or different invoices under one number)',
  sql: () => ({ text: statement(PORTFOLIO_ROWS), values: [] }),
  // The firm filter cannot reach below the key aggregate (the firm is min(seller) of a group),
  // so for some firms the keys come from their own invoices instead.
  firmSql: () => ({ text: statement(FIRM_ROWS), values: [] }),
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
