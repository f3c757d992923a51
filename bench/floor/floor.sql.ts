/**
 * FLOOR's SQL (bench/floor/floor.server.ts): the statements it prepares, one per table needed,
 * batched over the firms' USCCs with `= ANY($1)` or a lateral join per firm, and the rows they return
 * (columns named as the body's fields; money, ratios and sums the decimal strings PostgreSQL sends).
 */
import type pg from 'pg';

export const PAGE_SIZE = 50;

/** The statements, each prepared under its key; `$1` is the firms' USCCs (the page's cursor for `page`). */
export const SQL = {
  page: `SELECT uscc, name FROM core.firm WHERE uscc > COALESCE($1::bpchar, '') ORDER BY uscc LIMIT ${PAGE_SIZE + 1}`,
  firm: 'SELECT uscc, name, industry_code AS "industryCode", region_code AS "regionCode" FROM core.firm WHERE uscc = ANY($1::bpchar[])',
  company: `SELECT uscc, status, founded_on AS "foundedOn", registered_capital AS "registeredCapital", paid_in_capital AS "paidInCapital",
              legal_rep_name AS "legalRepName" FROM registry.company WHERE uscc = ANY($1::bpchar[])`,
  shareholders: `SELECT uscc, holder_name AS "holderName", holder_type AS "holderType", holder_uscc AS "holderUscc", share_ratio AS "shareRatio" FROM registry.shareholder
                  WHERE uscc = ANY($1::bpchar[]) ORDER BY share_ratio DESC, id`,
  changes: `SELECT t.* FROM unnest($1::bpchar[]) AS k(key) CROSS JOIN LATERAL
              (SELECT x.uscc, x.changed_on AS "changedOn", x.item FROM registry.change_log x WHERE x.uscc = k.key
                ORDER BY x.changed_on DESC, x.id DESC LIMIT 3) t`,
  taxpayer:
    'SELECT uscc, taxpayer_type AS "taxpayerType", credit_rating AS "creditRating" FROM tax.taxpayer WHERE uscc = ANY($1::bpchar[])',
  declarations: `SELECT t.* FROM unnest($1::bpchar[]) AS k(key) CROSS JOIN LATERAL
                   (SELECT x.uscc, x.period, x.sales, x.tax_paid AS "taxPaid" FROM tax.vat_declaration x WHERE x.uscc = k.key
                     ORDER BY x.period DESC LIMIT 3) t`,
  invoices: `SELECT t.* FROM unnest($1::bpchar[]) AS k(key) CROSS JOIN LATERAL
               (SELECT x.seller_uscc AS uscc, x.invoice_number AS "invoiceNumber", x.buyer_name AS "buyerName", x.buyer_uscc AS "buyerUscc", x.amount, x.issue_date AS "issueDate"
                  FROM tax.invoice x WHERE x.seller_uscc = k.key ORDER BY x.issue_date DESC, x.id DESC LIMIT 3) t`,
  accounts: `SELECT uscc, account_no AS "accountNo", account_type AS "accountType" FROM bank.account
              WHERE uscc = ANY($1::bpchar[]) ORDER BY opened_on, id`,
  flows: `SELECT t.* FROM unnest($1::bpchar[]) AS k(key) CROSS JOIN LATERAL
            (SELECT x.uscc, x.month, sum(x.inflow) AS inflow, sum(x.outflow) AS outflow, sum(x.end_balance) AS "endBalance"
               FROM bank.account_month x WHERE x.uscc = k.key GROUP BY x.uscc, x.month ORDER BY x.month DESC LIMIT 3) t`,
  loans: `SELECT uscc, contract_no AS "contractNo", principal, balance, overdue_days AS "overdueDays", classification FROM bank.loan
           WHERE uscc = ANY($1::bpchar[]) ORDER BY start_date DESC, id DESC`,
  // The core enterprises a firm supplies: those that ordered from it or owe it receivables (connectors/supply-chain).
  coreEnterprises: `SELECT k.key AS uscc, c.name FROM unnest($1::bpchar[]) AS k(key)
                      JOIN supply_chain.core_enterprise c ON c.uscc IN (
                        SELECT o.core_uscc FROM supply_chain.purchase_order o WHERE o.supplier_uscc = k.key
                        UNION SELECT r.debtor_uscc FROM supply_chain.receivable r WHERE r.creditor_uscc = k.key)
                     ORDER BY c.name`,
  receivables: `SELECT t.* FROM unnest($1::bpchar[]) AS k(key) CROSS JOIN LATERAL
                  (SELECT x.creditor_uscc AS uscc, x.id, x.receivable_no AS "receivableNo", x.amount FROM supply_chain.receivable x
                    WHERE x.creditor_uscc = k.key ORDER BY x.issue_date DESC, x.id DESC LIMIT 3) t`,
  // The pledges of the same three receivables, found again here so that this statement need not wait for theirs.
  pledges: `SELECT p.receivable_id AS "receivableId", p.pledgee FROM supply_chain.pledge p
             WHERE p.receivable_id IN (SELECT t.id FROM unnest($1::bpchar[]) AS k(key) CROSS JOIN LATERAL
                                         (SELECT x.id FROM supply_chain.receivable x WHERE x.creditor_uscc = k.key
                                           ORDER BY x.issue_date DESC, x.id DESC LIMIT 3) t)
             ORDER BY p.pledged_on, p.id`,
  cases: `SELECT t.* FROM unnest($1::bpchar[]) AS k(key) CROSS JOIN LATERAL
            (SELECT x.uscc, c.case_no AS "caseNo", c.cause, x.role, c.amount
               FROM judicial.case_party x JOIN judicial.court_case c ON c.id = x.case_id WHERE x.uscc = k.key
              ORDER BY c.filed_on DESC, c.id DESC LIMIT 3) t`,
  enforcements: `SELECT uscc, case_no AS "caseNo", amount FROM judicial.enforcement WHERE uscc = ANY($1::bpchar[]) ORDER BY filed_on DESC, id DESC`,
  dishonest: `SELECT uscc, case_no AS "caseNo" FROM judicial.dishonest_listing WHERE uscc = ANY($1::bpchar[]) ORDER BY listed_on DESC, id DESC`,
  socialInsurance: `SELECT t.* FROM unnest($1::bpchar[]) AS k(key) CROSS JOIN LATERAL
                      (SELECT x.uscc, x.month, x.insured_headcount AS "insuredHeadcount" FROM alt_data.social_insurance_month x
                        WHERE x.uscc = k.key ORDER BY x.month DESC LIMIT 3) t`,
  health: 'SELECT uscc, score, tier FROM core.health_latest WHERE uscc = ANY($1::bpchar[])',
} as const;

export interface Keyed {
  uscc: string;
}
export interface FirmRow extends Keyed {
  name: string;
  industryCode: string;
  regionCode: string;
}
export interface CompanyRow extends Keyed {
  status: string;
  foundedOn: string;
  registeredCapital: string;
  paidInCapital: string;
  legalRepName: string;
}
export interface ShareholderRow extends Keyed {
  holderName: string;
  holderType: string | null;
  holderUscc: string | null;
  shareRatio: string;
}
export interface ChangeRow extends Keyed {
  changedOn: string;
  item: string;
}
export interface TaxpayerRow extends Keyed {
  taxpayerType: string;
  creditRating: string;
}
export interface DeclarationRow extends Keyed {
  period: string;
  sales: string;
  taxPaid: string;
}
export interface InvoiceRow extends Keyed {
  invoiceNumber: string;
  buyerName: string;
  buyerUscc: string | null;
  amount: string;
  issueDate: string;
}
export interface AccountRow extends Keyed {
  accountNo: string;
  accountType: string;
}
export interface FlowRow extends Keyed {
  month: string;
  inflow: string;
  outflow: string;
  endBalance: string;
}
export interface LoanRow extends Keyed {
  contractNo: string;
  principal: string;
  balance: string;
  overdueDays: number;
  classification: string;
}
export interface CoreEnterpriseRow extends Keyed {
  name: string;
}
export interface ReceivableRow extends Keyed {
  id: string;
  receivableNo: string;
  amount: string;
}
export interface PledgeRow {
  receivableId: string;
  pledgee: string;
}
export interface CaseRow extends Keyed {
  caseNo: string;
  cause: string;
  role: string;
  amount: string;
}
export interface EnforcementRow extends Keyed {
  caseNo: string;
  amount: string;
}
export interface SocialInsuranceRow extends Keyed {
  month: string;
  insuredHeadcount: number;
}
export interface HealthRow extends Keyed {
  score: number;
  tier: string;
}

/** Runs one of the statements, prepared per connection under its name; resolves with its rows. */
export type RunStatement = <R extends pg.QueryResultRow>(name: keyof typeof SQL, values: unknown[]) => Promise<R[]>;
