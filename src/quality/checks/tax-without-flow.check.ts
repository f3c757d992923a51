/**
 * TAX_WITHOUT_FLOW (有税无流): invoices issued, and declared to the tax bureau, with no money
 * coming into the bank to match, several months in a row. Fake invoices inflate revenue (for a
 * loan, or to sell deductible input tax) but are never paid: a classic fake-revenue signal.
 *
 * Per firm and month over the lookback window: NORMAL invoices issued with VAT (each code+number
 * counted once, so a duplicated row does not fake a shortfall), the VAT-declared sales (null for
 * the as-of month, declared only next month) and the bank inflow over all the firm's accounts.
 * A month is short when inflow < maxInflowRatio x invoiced-with-tax; runs of consecutive short
 * months are found as gaps-and-islands, and the longest run of at least minConsecutiveMonths
 * makes the finding. Months with no bank rows at all are skipped: missing bank data is a
 * missing-rate problem, not proof that no money came in.
 */
import { Field, Float, Int, ObjectType } from 'type-graphql';
import { Severity } from '../finding.entity';
import { qualityCheck, type AsOf, type CheckSql } from '../check';
import { FindingEvidence } from '../finding-evidence';
import type { QualityConfig } from '../quality.config';
import { addMonths } from '../months';
import { MoneyScalar, YearMonthScalar } from '../../graphql/scalars';

@ObjectType({ description: 'One short month: invoiced with tax, bank inflow and their ratio.' })
export class TaxWithoutFlowMonth {
  @Field(() => YearMonthScalar)
  month: string;
  @Field(() => MoneyScalar, {
    nullable: true,
    description: 'VAT-declared sales; null for the as-of month (declared next month).',
  })
  declaredSales: string | null;
  @Field(() => MoneyScalar)
  invoicedWithTax: string;
  @Field(() => MoneyScalar)
  inflow: string;
  @Field(() => String, { description: 'inflow / invoicedWithTax, a decimal string (3 places).' })
  ratio: string;
}

@ObjectType({
  implements: FindingEvidence,
  description:
    'TAX_WITHOUT_FLOW: the longest run of consecutive months with invoiced sales and too little bank inflow.',
})
export class TaxWithoutFlowEvidence {
  @Field(() => [TaxWithoutFlowMonth])
  months: TaxWithoutFlowMonth[];
  @Field(() => Float, { description: 'A month is short below this inflow / invoiced ratio.' })
  maxInflowRatio: number;
  @Field(() => Int)
  minConsecutiveMonths: number;
  @Field(() => [YearMonthScalar], { description: 'The months looked at: first and last.' })
  window: string[];
}

function statement(asOf: AsOf, config: QualityConfig, forFirms: boolean): CheckSql {
  const c = config.taxWithoutFlow;
  const from = addMonths(asOf.month, -(c.lookbackMonths - 1));
  return {
    text: `
      WITH inv AS (
        SELECT seller_uscc AS uscc, to_char(issue_date, 'YYYY-MM') AS month, sum(amount + tax_amount) AS invoiced
          FROM (SELECT DISTINCT ON (seller_uscc, invoice_code, invoice_number) seller_uscc, issue_date, amount, tax_amount
                  FROM tax.invoice
                 WHERE status = 'NORMAL' AND issue_date >= to_date($1, 'YYYY-MM') AND issue_date <= $2::date${forFirms ? ' AND seller_uscc = ANY($7::bpchar[])' : ''}
                 ORDER BY seller_uscc, invoice_code, invoice_number, id) i
         GROUP BY 1, 2),
      flow AS (
        SELECT uscc, month, sum(inflow) AS inflow
          FROM bank.account_month
         WHERE month BETWEEN $1 AND $3${forFirms ? ' AND uscc = ANY($7::bpchar[])' : ''}
         GROUP BY 1, 2),
      months AS (
        SELECT inv.uscc, inv.month, inv.invoiced, flow.inflow, vat.sales AS declared,
               substr(inv.month, 1, 4)::int * 12 + substr(inv.month, 6, 2)::int AS k
          FROM inv
          JOIN flow USING (uscc, month)
          LEFT JOIN tax.vat_declaration vat ON vat.uscc = inv.uscc AND vat.period = inv.month
         WHERE inv.invoiced >= $4 AND flow.inflow < $5 * inv.invoiced),
      runs AS (
        SELECT uscc, k - row_number() OVER (PARTITION BY uscc ORDER BY k) AS island, month, invoiced, inflow, declared
          FROM months),
      islands AS (
        SELECT uscc, island, count(*) AS n,
               jsonb_agg(jsonb_build_object(
                 'month', month, 'declaredSales', declared::text, 'invoicedWithTax', invoiced::text, 'inflow', inflow::text,
                 'ratio', round(inflow / invoiced, 3)::text) ORDER BY month) AS months
          FROM runs
         GROUP BY uscc, island
        HAVING count(*) >= $6)
      SELECT DISTINCT ON (uscc) uscc, '' AS subject,
             jsonb_build_object('months', months, 'maxInflowRatio', $5::numeric, 'minConsecutiveMonths', $6::int,
                                'window', jsonb_build_array($1, $3)) AS evidence
        FROM islands
       ORDER BY uscc, n DESC, island DESC`,
    values: [from, asOf.date, asOf.month, c.minInvoicedWithTax, c.maxInflowRatio, c.minConsecutiveMonths],
  };
}

export const taxWithoutFlowCheck = qualityCheck({
  code: 'TAX_WITHOUT_FLOW',
  severity: Severity.HIGH,
  sources: ['tax', 'bank'],
  description: '有税无流: several consecutive months of invoiced sales with (almost) no bank inflow',
  sql: (asOf, config) => statement(asOf, config, false),
  // For some firms ($7): the bank side too is read for them only (an ANY filter on the firm does
  // not travel across the join to it as one firm's equality does).
  firmSql: (asOf, config) => statement(asOf, config, true),
  evidenceType: TaxWithoutFlowEvidence,
  evidence: (row) => {
    const e = row.evidence as unknown as TaxWithoutFlowEvidence;
    const months = e.months;
    const invoiced = months.reduce((s, m) => s + Number(m.invoicedWithTax), 0);
    const inflow = months.reduce((s, m) => s + Number(m.inflow), 0);
    const share = invoiced > 0 ? Math.round((100 * inflow) / invoiced) : 0;
    return {
      message:
        `${months.length} consecutive months (${months[0].month} to ${months[months.length - 1].month}) invoiced ` +
        `${invoiced.toFixed(2)} CNY with tax but the bank took in ${inflow.toFixed(2)} CNY (${share}%)`,
      evidence: e,
    };
  },
});
