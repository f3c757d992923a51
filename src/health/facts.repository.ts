/**
 * Loads FirmFacts for a batch of firms: one set-based statement per source (firms as
 * `= ANY($1)`), each aggregating in PostgreSQL over fixed windows before the as-of month and
 * returning one row per firm with the ids behind every figure. Nothing here is per firm in Node.
 * The cost must stay linear in the batch: a per-firm subquery reads a base table through its
 * index on the firm's USCC; a CTE over the whole batch is aggregated once and joined by USCC,
 * never filtered per firm (a CTE has no index, so that scan would repeat for every firm). The
 * long per-firm lists are json_agg of rows whose column names are the keys, cheaper per element
 * than json_build_object.
 *
 * Facts as of a day T read only what a bank could know on T (docs/known-at.md):
 * - a record is read once it was known: VAT declarations from their declared_on, annual
 *   statements from received_on, court cases and enforcements from published_on, ratings from
 *   published_on, invoices, orders, registry changes and listings from their own dates, the
 *   bank's books (account months, loans, instalments, guarantees) as they were booked, social
 *   insurance and utilities by their month;
 * - what a record says about "now" is taken as it was on T: an instalment paid after T is unpaid
 *   on T (and its payment day is not shown), a loan's status, overdue days, balance and
 *   classification are derived for T (classification from bank.loan_classification), the
 *   registry status from the STATUS changes of the change log, a case's or an enforcement's
 *   status from its closing day, a listing's removal only once it happened.
 * So the facts, the health index and the warnings for a past T are what the bank would have
 * seen on T, whatever was added to the records since (test/known-at.int.test.ts).
 */
import { LOANS_AS_OF } from './loans-as-of.sql';
import { CONTAGION, loadNetworkFacts } from './network-facts.repository';
import type { Database } from '../db/database';
import { analyzeWhereDue } from '../db/table-stats';
import type { AsOf } from '../quality/check';
import { addMonths } from '../quality/months';
import type {
  AltDataFacts,
  BankFacts,
  FirmFacts,
  JudicialFacts,
  RegistryFacts,
  StatementFacts,
  SupplyChainFacts,
  TaxFacts,
} from './facts';

/** Months `from` months before as-of up to as-of, oldest first. */
export function monthsBack(asOf: string, count: number): string[] {
  return Array.from({ length: count }, (_, k) => addMonths(asOf, k - count + 1));
}

/** The first day of the month `n` months before as-of (`YYYY-MM-01`). */
function monthStart(asOf: string, n: number): string {
  return `${addMonths(asOf, -n)}-01`;
}

const FIRMS_SQL = `SELECT uscc, name, industry_code AS "industryCode", claimed_staff AS "claimedStaff" FROM core.firm WHERE uscc = ANY($1::bpchar[])`;

/**
 * The registry record as of $2: the status from the newest STATUS change by then (before the
 * first change: its before-value; a firm without STATUS changes: its status unless that changed
 * after $2); the address and registered capital before the first ADDRESS or REGISTERED_CAPITAL
 * change after $2 (a capital read from the change log's "500万元人民币"; a value in another form
 * leaves the current one). Firms sharing the address are matched on their addresses now, and the
 * paid-in capital is today's (the registry keeps no history of it).
 */
const REGISTRY_SQL = `
  SELECT c.uscc, c.founded_on::text AS "foundedOn",
         coalesce(st.after_value, first_st.before_value,
                  CASE WHEN c.status_changed_on IS NOT NULL AND c.status_changed_on > $2::date THEN 'ACTIVE' ELSE c.status::text END) AS status,
         CASE WHEN st.changed_on IS NOT NULL THEN st.changed_on::text WHEN first_st.changed_on IS NULL AND c.status_changed_on <= $2::date THEN c.status_changed_on::text END AS "statusChangedOn",
         coalesce((SELECT (substring(l.before_value from '^([0-9]+(?:[.][0-9]+)?)万') :: numeric * 10000)::numeric(18,2)::text FROM registry.change_log l
                    WHERE l.uscc = c.uscc AND l.item = 'REGISTERED_CAPITAL' AND l.changed_on > $2::date ORDER BY l.changed_on, l.id LIMIT 1),
                  c.registered_capital::text) AS "registeredCapital",
         c.paid_in_capital::text AS "paidInCapital", coalesce(addr.before_value, c.address) AS address,
         coalesce((SELECT json_agg(json_build_object('id', l.id::text, 'changedOn', l.changed_on::text, 'before', l.before_value, 'after', l.after_value) ORDER BY l.changed_on DESC)
                     FROM registry.change_log l WHERE l.uscc = c.uscc AND l.item = 'LEGAL_REPRESENTATIVE' AND l.changed_on <= $2::date), '[]') AS "legalRepChanges",
         coalesce((SELECT json_agg(json_build_object('id', a.id::text, 'listedOn', a.listed_on::text, 'reason', a.reason) ORDER BY a.listed_on DESC)
                     FROM registry.abnormal_listing a WHERE a.uscc = c.uscc AND a.listed_on <= $2::date AND (a.removed_on IS NULL OR a.removed_on > $2::date)), '[]') AS "abnormalListings",
         coalesce(sa.others, '{}') AS "sameAddress"
    FROM registry.company c
    LEFT JOIN LATERAL (SELECT l.after_value, l.changed_on FROM registry.change_log l
                        WHERE l.uscc = c.uscc AND l.item = 'STATUS' AND l.changed_on <= $2::date ORDER BY l.changed_on DESC, l.id DESC LIMIT 1) st ON true
    LEFT JOIN LATERAL (SELECT l.before_value, l.changed_on FROM registry.change_log l
                        WHERE l.uscc = c.uscc AND l.item = 'STATUS' ORDER BY l.changed_on, l.id LIMIT 1) first_st ON st.after_value IS NULL
    LEFT JOIN LATERAL (SELECT l.before_value FROM registry.change_log l
                        WHERE l.uscc = c.uscc AND l.item = 'ADDRESS' AND l.changed_on > $2::date ORDER BY l.changed_on, l.id LIMIT 1) addr ON true
    LEFT JOIN (SELECT a.uscc, array_agg(b.uscc::text ORDER BY b.uscc) AS others FROM registry.company a JOIN registry.company b ON b.address = a.address AND b.uscc <> a.uscc
                WHERE a.uscc = ANY($1::bpchar[]) GROUP BY a.uscc) sa ON sa.uscc = c.uscc
   WHERE c.uscc = ANY($1::bpchar[])`;

/**
 * The invoices of the last 12 months are read once, summed by firm, buyer and month (`cells`);
 * the buyers and the monthly series are both built from those sums. Related parties: firms
 * sharing an individual shareholder or the legal representative with the firm. Each of the
 * batch's shareholders is looked up by its ID number (shareholder_holder_id_no): `OFFSET 0` keeps
 * the planner from turning the look-ups into a hash join over the whole shareholder table (on
 * 100,000 firms, 19 of the statement's 161 ms per batch of 500).
 */
const TAX_SQL = `
  WITH cells AS (
    SELECT i.seller_uscc AS uscc, coalesce(i.buyer_uscc, i.buyer_name) AS buyer, date_trunc('month', i.issue_date)::date AS month,
           min(i.buyer_name) AS buyer_name, sum(i.amount) AS amount
      FROM tax.invoice i
     WHERE i.seller_uscc = ANY($1::bpchar[]) AND i.status = 'NORMAL' AND i.issue_date >= $6::date AND i.issue_date <= $2::date
     GROUP BY 1, 2, 3),
  inv AS (
    SELECT uscc, buyer, min(buyer_name) AS buyer_name,
           coalesce(sum(amount) FILTER (WHERE month >= $5::date), 0) AS recent,
           coalesce(sum(amount) FILTER (WHERE month < $5::date), 0) AS prior,
           (count(*) FILTER (WHERE month < $5::date))::int AS prior_months,
           to_char(min(month), 'YYYY-MM') AS first_month, to_char(max(month), 'YYYY-MM') AS last_month
      FROM cells GROUP BY 1, 2),
  related AS (
    SELECT s1.uscc, s2.uscc::text AS other FROM registry.shareholder s1
      CROSS JOIN LATERAL (SELECT s2.uscc FROM registry.shareholder s2 WHERE s2.holder_id_no = s1.holder_id_no AND s2.uscc <> s1.uscc OFFSET 0) s2
     WHERE s1.uscc = ANY($1::bpchar[]) AND s1.holder_id_no IS NOT NULL
    UNION
    SELECT c1.uscc, c2.uscc::text FROM registry.company c1
      JOIN registry.company c2 ON c2.legal_rep_id_no = c1.legal_rep_id_no AND c2.uscc <> c1.uscc
     WHERE c1.uscc = ANY($1::bpchar[])),
  ranked AS (SELECT inv.*, row_number() OVER (PARTITION BY uscc ORDER BY recent + prior DESC, buyer) AS k FROM inv),
  buyers AS (
    SELECT uscc, json_agg(json_build_object('buyer', buyer, 'buyerName', buyer_name, 'recent', recent::text, 'prior', prior::text, 'priorMonths', prior_months, 'firstMonth', first_month, 'lastMonth', last_month) ORDER BY k) AS list
      FROM ranked WHERE k <= 20 GROUP BY uscc),
  totals AS (
    SELECT inv.uscc, sum(inv.recent + inv.prior) AS total, sum(inv.recent) AS recent, coalesce(sum(inv.recent + inv.prior) FILTER (WHERE r.other IS NOT NULL), 0) AS related
      FROM inv LEFT JOIN related r ON r.uscc = inv.uscc AND r.other = inv.buyer GROUP BY inv.uscc),
  monthly AS (
    SELECT uscc, json_agg(json_build_object('month', to_char(month, 'YYYY-MM'), 'amount', amount::text) ORDER BY month) AS list
      FROM (SELECT uscc, month, sum(amount) AS amount FROM cells GROUP BY 1, 2) x
     GROUP BY uscc),
  decl AS (
    SELECT uscc, json_agg(json_build_object('period', period, 'sales', sales::text, 'taxPayable', tax_payable::text, 'taxPaid', tax_paid::text) ORDER BY period) AS list
      FROM tax.vat_declaration WHERE uscc = ANY($1::bpchar[]) AND period >= $3 AND period <= $4 AND declared_on <= $2::date GROUP BY uscc),
  rating AS (
    SELECT DISTINCT ON (uscc) uscc, rating, year FROM tax.credit_rating
     WHERE uscc = ANY($1::bpchar[]) AND published_on <= $2::date ORDER BY uscc, published_on DESC, year DESC)
  SELECT t.uscc, t.taxpayer_type AS "taxpayerType", rating.rating AS "creditRating", rating.year AS "ratingYear",
         coalesce(decl.list, '[]') AS declarations, coalesce(buyers.list, '[]') AS buyers,
         coalesce(totals.total, 0)::text AS "invoicedSales12", coalesce(totals.recent, 0)::text AS "invoicedSalesRecent",
         coalesce(totals.related, 0)::text AS "relatedSales", coalesce(monthly.list, '[]') AS "invoicedMonths"
    FROM tax.taxpayer t
    LEFT JOIN decl ON decl.uscc = t.uscc LEFT JOIN buyers ON buyers.uscc = t.uscc LEFT JOIN totals ON totals.uscc = t.uscc LEFT JOIN monthly ON monthly.uscc = t.uscc
    LEFT JOIN rating ON rating.uscc = t.uscc
   WHERE t.uscc = ANY($1::bpchar[]) AND t.registered_on <= $2::date`;

/**
 * The loans as of $2 (LOANS_AS_OF) are derived once for the batch and aggregated by firm. Late
 * instalments stay a per-firm read of bank.loan and bank.loan_installment: instalments of two
 * loans due the same day are listed in that read's order (loan by loan), which a batch-wide
 * aggregate would not keep.
 */
const BANK_SQL = `
  WITH firms AS (SELECT unnest($1::bpchar[]) AS uscc),
  loans AS (${LOANS_AS_OF}),
  loan_lists AS (
    SELECT l.uscc, json_agg(json_build_object('id', l.id::text, 'contractNo', l.contract_no, 'principal', l.principal::text, 'annualRate', l.annual_rate::text, 'balance', l.balance::text,
                                              'status', l.status, 'classification', l.classification, 'overdueDays', l.overdue_days,
                                              'startDate', l.start_date::text, 'maturityDate', l.maturity_date::text) ORDER BY l.start_date DESC, l.id DESC) AS list
      FROM loans l GROUP BY l.uscc),
  next12 AS (
    SELECT l.uscc, sum(i.interest_due + CASE WHEN l.repayment_method IN ('EQUAL_INSTALLMENT', 'EQUAL_PRINCIPAL') THEN i.principal_due ELSE 0 END) AS amount
      FROM loans l JOIN bank.loan_installment i ON i.loan_id = l.id
     WHERE l.status = 'ACTIVE' AND i.due_date <= ($2::date + interval '12 months')
       AND (i.due_date > $2::date OR i.paid_on IS NULL OR i.paid_on > $2::date)
     GROUP BY l.uscc),
  accounts AS (SELECT DISTINCT a.uscc FROM bank.account a WHERE a.uscc = ANY($1::bpchar[]) AND a.opened_on <= $2::date)
  SELECT f.uscc,
         (SELECT json_agg(m ORDER BY m.month)
            FROM (SELECT month, sum(inflow)::text AS inflow, sum(outflow)::text AS outflow, sum(end_balance)::text AS "endBalance"
                    FROM bank.account_month WHERE uscc = f.uscc AND month >= $3 AND month <= $4 GROUP BY month) m) AS months,
         coalesce(loan_lists.list, '[]') AS loans, coalesce(next12.amount, 0)::text AS "debtServiceNext12",
         coalesce((SELECT json_agg(json_build_object('loanId', l.id::text, 'contractNo', l.contract_no, 'seq', i.seq, 'dueDate', i.due_date::text,
                                                    'paidOn', CASE WHEN i.paid_on <= $2::date THEN i.paid_on::text END) ORDER BY i.due_date)
                     FROM bank.loan l JOIN bank.loan_installment i ON i.loan_id = l.id
                    WHERE l.uscc = f.uscc AND i.due_date > ($2::date - interval '12 months') AND i.due_date <= $2::date
                      AND (i.paid_on IS NULL OR i.paid_on > i.due_date OR i.paid_on > $2::date)), '[]') AS "lateInstalments",
         coalesce((SELECT json_agg(json_build_object('id', g.id::text, 'borrowerUscc', g.borrower_uscc, 'amount', g.amount::text, 'endDate', g.end_date::text) ORDER BY g.id)
                     FROM bank.guarantee g WHERE g.guarantor_uscc = f.uscc AND g.start_date <= $2::date AND g.end_date >= $2::date), '[]') AS "guaranteesGiven",
         accounts.uscc IS NOT NULL AS "hasAccounts"
    FROM firms f
    LEFT JOIN loan_lists ON loan_lists.uscc = f.uscc LEFT JOIN next12 ON next12.uscc = f.uscc LEFT JOIN accounts ON accounts.uscc = f.uscc`;

const SUPPLY_CHAIN_SQL = `
  WITH firms AS (SELECT unnest($1::bpchar[]) AS uscc)
  SELECT f.uscc,
         (SELECT json_agg(o ORDER BY o.month)
            FROM (SELECT to_char(order_date, 'YYYY-MM') AS month, sum(amount)::text AS amount FROM supply_chain.purchase_order
                   WHERE supplier_uscc = f.uscc AND status <> 'CANCELLED' AND order_date >= $3::date AND order_date <= $2::date GROUP BY 1) o) AS orders,
         EXISTS (SELECT 1 FROM supply_chain.receivable r WHERE r.creditor_uscc = f.uscc AND r.issue_date <= $2::date)
           OR EXISTS (SELECT 1 FROM supply_chain.purchase_order o WHERE o.supplier_uscc = f.uscc AND o.order_date <= $2::date) AS "hasRecords"
    FROM firms f`;

/**
 * Court records published by $2, with their status on $2 (closed once their closing day passed).
 * A firm's defendant cases are read per firm through case_party's and entity_link's USCC indexes
 * (cases filed the same day stay in case order, as the per-firm union yields them).
 */
const JUDICIAL_SQL = `
  WITH firms AS (SELECT unnest($1::bpchar[]) AS uscc)
  SELECT f.uscc,
         coalesce((SELECT json_agg(json_build_object('id', c.id::text, 'caseNo', c.case_no, 'cause', c.cause, 'filedOn', c.filed_on::text, 'amount', c.amount::text,
                                   'status', CASE WHEN c.closed_on IS NULL THEN c.status::text WHEN c.closed_on <= $2::date THEN 'CLOSED' ELSE 'PENDING' END) ORDER BY c.filed_on DESC)
                     FROM (SELECT p.case_id, p.role, p.uscc FROM judicial.case_party p WHERE p.uscc = f.uscc
                           UNION
                           SELECT p.case_id, p.role, l.uscc FROM core.entity_link l JOIN judicial.case_party p ON p.id = l.record_key::bigint
                            WHERE l.source_table = 'judicial.case_party' AND l.status IN ('LINKED', 'CONFIRMED') AND l.retired_at IS NULL AND l.uscc = f.uscc) p
                     JOIN judicial.court_case c ON c.id = p.case_id WHERE p.role = 'DEFENDANT' AND c.published_on <= $2::date), '[]') AS "defendantCases",
         coalesce((SELECT json_agg(json_build_object('id', e.id::text, 'caseNo', e.case_no, 'filedOn', e.filed_on::text, 'amount', e.amount::text,
                                   'status', CASE WHEN e.closed_on IS NULL THEN e.status::text WHEN e.closed_on <= $2::date THEN 'CLOSED' ELSE 'ACTIVE' END) ORDER BY e.filed_on DESC)
                     FROM judicial.enforcement e WHERE e.uscc = f.uscc AND e.published_on <= $2::date), '[]') AS enforcements,
         coalesce((SELECT json_agg(json_build_object('id', d.id::text, 'caseNo', d.case_no, 'listedOn', d.listed_on::text,
                                   'removedOn', CASE WHEN d.removed_on <= $2::date THEN d.removed_on::text END) ORDER BY d.listed_on DESC)
                     FROM judicial.dishonest_listing d WHERE d.uscc = f.uscc AND d.listed_on <= $2::date), '[]') AS "dishonestListings"
    FROM firms f`;

const ALT_DATA_SQL = `
  WITH firms AS (SELECT unnest($1::bpchar[]) AS uscc)
  SELECT f.uscc,
         (SELECT json_agg(h ORDER BY h.month)
            FROM (SELECT s.month, s.insured_headcount AS insured FROM alt_data.social_insurance_month s
                   WHERE s.uscc = f.uscc AND s.month >= $3 AND s.month <= $2) h) AS headcount,
         (SELECT json_agg(u ORDER BY u.month)
            FROM (SELECT month, count(*)::int AS bills, sum(amount_due)::text AS due, coalesce(sum(amount_paid) FILTER (WHERE paid_on <= $5::date), 0)::text AS paid,
                         (count(*) FILTER (WHERE paid_on IS NOT NULL AND paid_on <= $5::date AND paid_on > (to_date(month, 'YYYY-MM') + interval '1 month' - interval '1 day')))::int AS late,
                         (count(*) FILTER (WHERE paid_on IS NULL OR paid_on > $5::date OR amount_paid < amount_due))::int AS unpaid
                    FROM alt_data.utility_payment WHERE uscc = f.uscc AND month >= $4 AND month <= $2 GROUP BY month) u) AS utilities
    FROM firms f`;

/** The newest annual financial statement per firm (half-year flows are year to date, so annual figures come from annual statements). */
const STATEMENT_SQL = `
  SELECT DISTINCT ON (s.uscc) s.uscc, s.id::text AS id, s.period_end::text AS "periodEnd", s.total_assets::text AS "totalAssets",
         s.net_profit::text AS "netProfit", s.operating_cash_flow::text AS "operatingCashFlow", s.cash::text AS cash,
         s.total_liabilities::text AS "totalLiabilities", s.current_assets::text AS "currentAssets", s.current_liabilities::text AS "currentLiabilities",
         s.inventory::text AS inventory, s.accounts_receivable::text AS "accountsReceivable", s.revenue::text AS revenue, s.cost_of_sales::text AS "costOfSales"
    FROM bank.financial_statement s WHERE s.uscc = ANY($1::bpchar[]) AND s.received_on <= $2::date AND s.period_type = 'ANNUAL'
   ORDER BY s.uscc, s.period_end DESC, s.id DESC`;

/**
 * What a portfolio-wide scoring reads: every table of the sources' schemas, and of core, the
 * firms, the entity links and the data-quality findings (the warning rules read them).
 */
const PORTFOLIO_READS = {
  schemas: ['registry', 'tax', 'bank', 'judicial', 'alt_data', 'supply_chain'],
  tables: ['core.firm', 'core.entity_link', 'core.quality_finding'],
};

/**
 * Before a portfolio is scored (the rescore, `npm run warnings`, `npm run eval:score`): the
 * tables it reads whose statistics are out of date by autovacuum's own rule are analyzed, and
 * returned (src/db/table-stats.ts). PostgreSQL plans the facts' statements from those statistics;
 * a table filled since its last analyze (an import, entity resolution's links, with autovacuum off
 * or not yet round) looks empty, and a plan for an empty table can read a large one badly. Seen on
 * 100,000 firms after `npm run quality`: the links were analyzed when there were none, the court
 * facts read each firm's links by scanning all of them, and took 150 ms per batch of 500 instead
 * of 5, about 30 core-seconds of a full run. `written`: see `analyzeWhereDue`.
 */
export function analyzeStaleReads(db: Database, written?: ReadonlyMap<string, number>): Promise<string[]> {
  return analyzeWhereDue(db, PORTFOLIO_READS, written);
}

type Row = Record<string, unknown> & { uscc: string };

function byUscc<T extends Row>(rows: T[]): Map<string, T> {
  return new Map(rows.map((r) => [r.uscc, r]));
}

/**
 * Facts for `usccs` as of `asOf`, in the order of `usccs` (null for a firm core.firm does not
 * hold). Windows: 24 months of declarations and bank months, 18 of orders, 12 of invoices and
 * utilities, 16 of insured headcount.
 */
export async function loadFacts(db: Database, usccs: readonly string[], asOf: AsOf): Promise<(FirmFacts | null)[]> {
  const keys = [...usccs];
  const from24 = addMonths(asOf.month, -23);
  const params = [
    keys,
    asOf.date,
    from24,
    asOf.month,
    monthStart(asOf.month, 2), // $5: start of the last 3 months
    monthStart(asOf.month, 11), // $6: start of the last 12 months
  ];
  // One firm (a request's score, a new applicant's): prepared once per connection, as planning
  // these statements cost as much as running them for one firm. A batch is planned for its size.
  const one = (statement: string) => (keys.length === 1 ? `facts-${statement}-one` : undefined);
  const [firms, registry, tax, bank, supply, judicial, alt, statements, networks] = await Promise.all([
    db.query<Row & { name: string; industryCode: string; claimedStaff: number | null }>(FIRMS_SQL, [keys], one('firm')),
    db.query<Row>(REGISTRY_SQL, params.slice(0, 2), one('registry')),
    db.query<Row>(TAX_SQL, params.slice(0, 6), one('tax')),
    db.query<Row>(BANK_SQL, params.slice(0, 4), one('bank')),
    db.query<Row>(SUPPLY_CHAIN_SQL, [keys, asOf.date, monthStart(asOf.month, 17)], one('supply-chain')),
    db.query<Row>(JUDICIAL_SQL, params.slice(0, 2), one('judicial')),
    db.query<Row>(
      ALT_DATA_SQL,
      [keys, asOf.month, addMonths(asOf.month, -15), addMonths(asOf.month, -11), asOf.date],
      one('alt-data'),
    ),
    db.query<Row>(STATEMENT_SQL, [keys, asOf.date], one('statement')).then((r) => r.rows),
    loadNetworkFacts(db, keys, asOf, CONTAGION),
  ]);
  const f = byUscc(firms.rows);
  const reg = byUscc(registry.rows);
  const tx = byUscc(tax.rows);
  const bk = byUscc(bank.rows);
  const sc = byUscc(supply.rows);
  const jd = byUscc(judicial.rows);
  const al = byUscc(alt.rows);
  const st = byUscc(statements);
  return keys.map((uscc, k) => {
    const firm = f.get(uscc);
    if (!firm) return null;
    const b = bk.get(uscc);
    const a = al.get(uscc);
    const s = sc.get(uscc);
    const bankFacts: BankFacts | null =
      b && (b.hasAccounts || (b.loans as unknown[]).length > 0)
        ? {
            months: (b.months as BankFacts['months'] | null) ?? [],
            loans: b.loans as BankFacts['loans'],
            debtServiceNext12: b.debtServiceNext12 as string,
            lateInstalments: b.lateInstalments as BankFacts['lateInstalments'],
            guaranteesGiven: b.guaranteesGiven as BankFacts['guaranteesGiven'],
            guaranteeCycles: networks[k].cycles,
          }
        : null;
    const altFacts: AltDataFacts | null =
      a && (a.headcount || a.utilities)
        ? {
            headcount: (a.headcount as AltDataFacts['headcount']) ?? [],
            utilities: (a.utilities as AltDataFacts['utilities']) ?? [],
          }
        : null;
    const facts: FirmFacts = {
      uscc,
      name: firm.name,
      industryCode: firm.industryCode,
      claimedStaff: firm.claimedStaff,
      asOf,
      registry: (reg.get(uscc) as unknown as RegistryFacts | undefined) ?? null,
      tax: (tx.get(uscc) as unknown as TaxFacts | undefined) ?? null,
      bank: bankFacts,
      supplyChain: s?.hasRecords
        ? (s as unknown as SupplyChainFacts & { orders: SupplyChainFacts['orders'] | null })
        : null,
      judicial: jd.get(uscc) as unknown as JudicialFacts,
      altData: altFacts,
      statement: (st.get(uscc) as unknown as StatementFacts | undefined) ?? null,
      network: networks[k].network,
      missingSources: [],
    };
    if (facts.supplyChain && !facts.supplyChain.orders) facts.supplyChain.orders = [];
    facts.missingSources = [
      ...(facts.registry ? [] : ['REGISTRY']),
      ...(facts.tax ? [] : ['TAX']),
      ...(facts.bank ? [] : ['BANK']),
      ...(facts.altData ? [] : ['ALT_DATA']),
    ];
    return facts;
  });
}
