/**
 * DUPLICATE_INVOICE: one invoice code + number on more than one row. An invoice number is
 * unique per code (fully digital invoices: unique on its own, the code is null), so a second
 * row is either the same invoice delivered twice (every field identical: a pipeline fault that
 * double-counts sales) or two different invoices under one number (conflicting amounts: a
 * forgery or a tampered record, the more serious case).
 */
import { Field, ID, ObjectType } from 'type-graphql';
import { Severity } from '../finding.entity';
import { qualityCheck } from '../check';
import { FindingEvidence } from '../finding-evidence';
import { LocalDateScalar, MoneyScalar, UsccScalar } from '../../graphql/scalars';

@ObjectType({ description: 'One row of a duplicated invoice.' })
export class DuplicateInvoiceRow {
  @Field(() => ID)
  id: number;
  @Field(() => UsccScalar)
  sellerUscc: string;
  @Field(() => UsccScalar, { nullable: true })
  buyerUscc: string | null;
  @Field(() => String, { nullable: true, description: "A person's name masked as in evidence." })
  buyerName: string | null;
  @Field(() => LocalDateScalar)
  issueDate: string;
  @Field(() => MoneyScalar)
  amount: string;
  @Field(() => MoneyScalar)
  taxAmount: string;
  @Field(() => String)
  status: string;
}

@ObjectType({ implements: FindingEvidence, description: 'DUPLICATE_INVOICE: one invoice code+number on several rows.' })
export class DuplicateInvoiceEvidence {
  @Field(() => String, { nullable: true, description: 'Null for a fully digital invoice (no code).' })
  invoiceCode: string | null;
  @Field(() => String)
  invoiceNumber: string;
  @Field(() => Boolean, { description: 'Every row the same: delivered twice.' })
  identical: boolean;
  @Field(() => [String], { description: 'The columns whose values differ between the rows.' })
  differingFields: string[];
  @Field(() => [DuplicateInvoiceRow])
  rows: DuplicateInvoiceRow[];
}

/** The fields that make two rows "the same invoice" (everything but the row id and import bookkeeping). */
const FIELDS = [
  'kind',
  'seller_uscc',
  'seller_name',
  'buyer_uscc',
  'buyer_name',
  'issue_date',
  'amount',
  'tax_amount',
  'status',
];

/**
 * The duplicated keys over the whole portfolio: a lean aggregate over every invoice's code and
 * number (an index-only scan in key order once the table is vacuumed).
 */
const PORTFOLIO_KEYS = `
  SELECT invoice_code, invoice_number
    FROM tax.invoice
   GROUP BY invoice_code, invoice_number
  HAVING count(*) > 1`;

/** The keys of the invoices of the firms in $1: a finding's firm is the seller of one of its rows. */
const FIRM_KEYS = `SELECT DISTINCT invoice_code, invoice_number FROM tax.invoice WHERE seller_uscc = ANY($1::bpchar[])`;

/**
 * One finding per key on several rows, attributed to the smallest seller USCC among them, the
 * evidence (row hashes, JSON) built for those keys only: hashing every row of the table was ten
 * times slower. Each key's rows are read in a LATERAL subquery through the code+number index, a
 * digital invoice's (no code) by an IS NULL index condition (IS NOT DISTINCT FROM cannot use an
 * index). As a join instead, the planner, expecting a third of all keys to be duplicated,
 * hashed the whole invoice table to find the rows of ~1,500 keys (10 s of 14 on 100,000 firms).
 */
function statement(keys: string): string {
  return `
      WITH keys AS (${keys})
      SELECT g.uscc, coalesce(k.invoice_code, '') || '/' || k.invoice_number AS subject, g.evidence
        FROM keys k
        CROSS JOIN LATERAL (
          SELECT min(i.seller_uscc) AS uscc,
                 jsonb_build_object(
                   'invoiceCode', k.invoice_code,
                   'invoiceNumber', k.invoice_number,
                   'identical', count(DISTINCT md5(row(${FIELDS.map((f) => `i.${f}`).join(', ')})::text)) = 1,
                   'differingFields', to_jsonb(array_remove(ARRAY[${FIELDS.map(
                     (f) => `CASE WHEN count(DISTINCT coalesce(i.${f}::text, '')) > 1 THEN '${f}' END`,
                   ).join(', ')}]::text[], NULL)),
                   'rows', jsonb_agg(jsonb_build_object(
                     'id', i.id, 'sellerUscc', i.seller_uscc, 'buyerUscc', i.buyer_uscc, 'buyerName', i.buyer_name,
                     'issueDate', i.issue_date, 'amount', i.amount::text, 'taxAmount', i.tax_amount::text, 'status', i.status) ORDER BY i.id)
                 ) AS evidence
            FROM (SELECT * FROM tax.invoice x WHERE x.invoice_code = k.invoice_code AND x.invoice_number = k.invoice_number
                  UNION ALL
                  SELECT * FROM tax.invoice x WHERE k.invoice_code IS NULL AND x.invoice_code IS NULL AND x.invoice_number = k.invoice_number) i
          HAVING count(*) > 1) g`;
}

export const duplicateInvoiceCheck = qualityCheck({
  code: 'DUPLICATE_INVOICE',
  severity: Severity.HIGH,
  sources: ['tax'],
  description: 'one invoice code+number on several rows (delivered twice, or different invoices under one number)',
  sql: () => ({ text: statement(PORTFOLIO_KEYS), values: [] }),
  // The firm filter cannot reach below the key aggregate (the firm is min(seller) of a group),
  // so for some firms the keys come from their own invoices instead.
  firmSql: () => ({ text: statement(FIRM_KEYS), values: [] }),
  evidenceType: DuplicateInvoiceEvidence,
  evidence: (row) => {
    const e = row.evidence as unknown as DuplicateInvoiceEvidence;
    const label = `${e.invoiceCode ?? '(digital)'} ${e.invoiceNumber}`;
    return e.identical
      ? {
          // The same invoice twice: sales are double-counted, but nothing is forged.
          severity: Severity.MEDIUM,
          message: `Invoice ${label} is on ${e.rows.length} identical rows (the same invoice delivered more than once)`,
          evidence: e,
        }
      : {
          message: `Invoice ${label} is on ${e.rows.length} rows that differ in ${e.differingFields.join(', ')}`,
          evidence: e,
        };
  },
});
