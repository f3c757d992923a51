/**
 * The tables the generator fills, their columns and PostgreSQL types (as in
 * migrations/1795400000000-Initial.ts), and a column-oriented buffer per table.
 *
 * Rows are kept column by column because that is how they are written: one
 * `INSERT ... SELECT * FROM unnest($1::text[], $2::numeric[], ...)` per table per chunk, each
 * parameter an array literal built straight from a column.
 */

/** A column value: text, a number (integers only; money is always a decimal string), or null. */
export type Value = string | number | null;

export interface ColumnSpec {
  name: string;
  /** Element type of the unnest parameter, e.g. `numeric`, `date`, `bank.loan_class`. */
  type: string;
  /** The column is itself an array (text[]); its values are array literals like `{"a","b"}`. */
  array?: boolean;
}

const col = (name: string, type: string): ColumnSpec => ({ name, type });
const arr = (name: string): ColumnSpec => ({ name, type: 'text', array: true });

export const TABLE_SPECS = {
  'core.firm': [
    col('uscc', 'text'),
    col('name', 'text'),
    arr('former_names'),
    col('industry_code', 'text'),
    col('region_code', 'text'),
    col('claimed_staff', 'int'),
    col('registration_no', 'text'),
    col('created_at', 'timestamptz'),
  ],
  'registry.company': [
    col('uscc', 'text'),
    col('name', 'text'),
    col('status', 'registry.registry_status'),
    col('entity_type', 'registry.entity_type'),
    col('founded_on', 'date'),
    col('registered_capital', 'numeric'),
    col('paid_in_capital', 'numeric'),
    col('legal_rep_name', 'text'),
    col('legal_rep_id_no', 'text'),
    col('legal_rep_phone', 'text'),
    col('address', 'text'),
    col('business_scope', 'text'),
    col('authority', 'text'),
    col('status_changed_on', 'date'),
  ],
  'registry.shareholder': [
    col('id', 'bigint'),
    col('uscc', 'text'),
    col('holder_type', 'registry.holder_type'),
    col('holder_name', 'text'),
    col('holder_uscc', 'text'),
    col('holder_id_no', 'text'),
    col('share_ratio', 'numeric'),
    col('subscribed_capital', 'numeric'),
    col('paid_capital', 'numeric'),
  ],
  'registry.change_log': [
    col('id', 'bigint'),
    col('uscc', 'text'),
    col('changed_on', 'date'),
    col('item', 'registry.change_item'),
    col('before_value', 'text'),
    col('after_value', 'text'),
  ],
  'registry.abnormal_listing': [
    col('id', 'bigint'),
    col('uscc', 'text'),
    col('listed_on', 'date'),
    col('reason', 'text'),
    col('authority', 'text'),
    col('removed_on', 'date'),
  ],
  'tax.taxpayer': [
    col('uscc', 'text'),
    col('taxpayer_type', 'tax.taxpayer_type'),
    col('credit_rating', 'tax.tax_credit_rating'),
    col('rating_year', 'int'),
    col('registered_on', 'date'),
    col('tax_authority', 'text'),
  ],
  'tax.credit_rating': [
    col('uscc', 'text'),
    col('year', 'int'),
    col('rating', 'tax.tax_credit_rating'),
    col('published_on', 'date'),
  ],
  'tax.vat_declaration': [
    col('uscc', 'text'),
    col('period', 'text'),
    col('sales', 'numeric'),
    col('taxable_sales', 'numeric'),
    col('exempt_sales', 'numeric'),
    col('output_tax', 'numeric'),
    col('input_tax', 'numeric'),
    col('input_tax_transferred', 'numeric'),
    col('tax_payable', 'numeric'),
    col('tax_paid', 'numeric'),
    col('declared_on', 'date'),
  ],
  'tax.invoice': [
    col('id', 'bigint'),
    col('invoice_code', 'text'),
    col('invoice_number', 'text'),
    col('kind', 'tax.invoice_kind'),
    col('seller_uscc', 'text'),
    col('seller_name', 'text'),
    col('buyer_uscc', 'text'),
    col('buyer_name', 'text'),
    col('issue_date', 'date'),
    col('amount', 'numeric'),
    col('tax_amount', 'numeric'),
    col('status', 'tax.invoice_status'),
  ],
  'bank.account': [
    col('id', 'bigint'),
    col('uscc', 'text'),
    col('account_no', 'text'),
    col('account_type', 'bank.account_type'),
    col('opened_on', 'date'),
    col('closed_on', 'date'),
  ],
  'bank.account_month': [
    col('account_id', 'bigint'),
    col('month', 'text'),
    col('uscc', 'text'),
    col('inflow', 'numeric'),
    col('outflow', 'numeric'),
    col('end_balance', 'numeric'),
  ],
  'bank.loan': [
    col('id', 'bigint'),
    col('uscc', 'text'),
    col('contract_no', 'text'),
    col('product', 'text'),
    col('principal', 'numeric'),
    col('balance', 'numeric'),
    col('annual_rate', 'numeric'),
    col('term_months', 'int'),
    col('repayment_method', 'bank.repayment_method'),
    col('start_date', 'date'),
    col('maturity_date', 'date'),
    col('overdue_days', 'int'),
    col('classification', 'bank.loan_class'),
    col('status', 'bank.loan_status'),
    col('written_off_on', 'date'),
  ],
  'bank.loan_installment': [
    col('loan_id', 'bigint'),
    col('seq', 'int'),
    col('due_date', 'date'),
    col('principal_due', 'numeric'),
    col('interest_due', 'numeric'),
    col('paid_on', 'date'),
    col('paid_amount', 'numeric'),
  ],
  'bank.loan_classification': [
    col('loan_id', 'bigint'),
    col('changed_on', 'date'),
    col('classification', 'bank.loan_class'),
  ],
  'bank.guarantee': [
    col('id', 'bigint'),
    col('guarantor_uscc', 'text'),
    col('borrower_uscc', 'text'),
    col('loan_id', 'bigint'),
    col('amount', 'numeric'),
    col('start_date', 'date'),
    col('end_date', 'date'),
  ],
  'bank.consent': [
    col('id', 'bigint'),
    col('uscc', 'text'),
    col('grantee', 'text'),
    col('purpose', 'text'),
    arr('sources'),
    col('scope', 'bank.consent_scope'),
    col('valid_from', 'date'),
    col('valid_to', 'date'),
    col('granted_at', 'timestamptz'),
    col('revoked_at', 'timestamptz'),
  ],
  'bank.financial_statement': [
    col('id', 'bigint'),
    col('uscc', 'text'),
    col('period_end', 'date'),
    col('period_type', 'bank.statement_period'),
    col('audited', 'boolean'),
    col('total_assets', 'numeric'),
    col('current_assets', 'numeric'),
    col('cash', 'numeric'),
    col('accounts_receivable', 'numeric'),
    col('inventory', 'numeric'),
    col('total_liabilities', 'numeric'),
    col('current_liabilities', 'numeric'),
    col('short_term_borrowings', 'numeric'),
    col('owners_equity', 'numeric'),
    col('revenue', 'numeric'),
    col('cost_of_sales', 'numeric'),
    col('net_profit', 'numeric'),
    col('operating_cash_flow', 'numeric'),
    col('received_on', 'date'),
  ],
  'supply_chain.core_enterprise': [
    col('uscc', 'text'),
    col('name', 'text'),
    col('industry_code', 'text'),
    col('rating', 'text'),
  ],
  'supply_chain.purchase_order': [
    col('id', 'bigint'),
    col('order_no', 'text'),
    col('supplier_uscc', 'text'),
    col('supplier_name', 'text'),
    col('core_uscc', 'text'),
    col('order_date', 'date'),
    col('amount', 'numeric'),
    col('status', 'supply_chain.order_status'),
  ],
  'supply_chain.receivable': [
    col('id', 'bigint'),
    col('receivable_no', 'text'),
    col('creditor_uscc', 'text'),
    col('debtor_uscc', 'text'),
    col('amount', 'numeric'),
    col('issue_date', 'date'),
    col('due_date', 'date'),
    col('status', 'supply_chain.receivable_status'),
  ],
  'supply_chain.confirmation': [
    col('id', 'bigint'),
    col('receivable_id', 'bigint'),
    col('confirmed_by', 'text'),
    col('confirmed_on', 'date'),
    col('confirmed_amount', 'numeric'),
  ],
  'supply_chain.pledge': [
    col('id', 'bigint'),
    col('receivable_id', 'bigint'),
    col('pledgee', 'text'),
    col('registration_no', 'text'),
    col('pledged_on', 'date'),
    col('amount', 'numeric'),
    col('status', 'supply_chain.pledge_status'),
  ],
  'judicial.court_case': [
    col('id', 'bigint'),
    col('case_no', 'text'),
    col('court', 'text'),
    col('cause', 'text'),
    col('filed_on', 'date'),
    col('closed_on', 'date'),
    col('amount', 'numeric'),
    col('status', 'judicial.case_status'),
    col('published_on', 'date'),
  ],
  'judicial.case_party': [
    col('id', 'bigint'),
    col('case_id', 'bigint'),
    col('uscc', 'text'),
    col('name', 'text'),
    col('party_type', 'judicial.party_type'),
    col('role', 'judicial.party_role'),
  ],
  'judicial.enforcement': [
    col('id', 'bigint'),
    col('uscc', 'text'),
    col('case_no', 'text'),
    col('court', 'text'),
    col('filed_on', 'date'),
    col('amount', 'numeric'),
    col('status', 'judicial.enforcement_status'),
    col('published_on', 'date'),
    col('closed_on', 'date'),
  ],
  'judicial.dishonest_listing': [
    col('id', 'bigint'),
    col('uscc', 'text'),
    col('case_no', 'text'),
    col('court', 'text'),
    col('listed_on', 'date'),
    col('obligation', 'text'),
    col('removed_on', 'date'),
  ],
  'alt_data.social_insurance_month': [
    col('uscc', 'text'),
    col('month', 'text'),
    col('insured_headcount', 'int'),
    col('contributions_paid', 'numeric'),
  ],
  'alt_data.utility_payment': [
    col('uscc', 'text'),
    col('month', 'text'),
    col('utility', 'alt_data.utility_kind'),
    col('usage', 'numeric'),
    col('amount_due', 'numeric'),
    col('amount_paid', 'numeric'),
    col('paid_on', 'date'),
  ],
} satisfies Record<string, ColumnSpec[]>;

export type TableName = keyof typeof TABLE_SPECS;
export const TABLE_NAMES = Object.keys(TABLE_SPECS) as TableName[];

/** Tables whose `id` the generator allocates (and whose sequences are set after loading). */
export const ID_TABLES = TABLE_NAMES.filter((t) => TABLE_SPECS[t][0].name === 'id');

/** One table's rows of a chunk, column by column. */
export class TableBuffer {
  readonly columns: Value[][];
  length = 0;
  constructor(
    readonly name: TableName,
    readonly specs: readonly ColumnSpec[],
  ) {
    this.columns = specs.map(() => []);
  }

  /** Appends a row; values in the order of the table's columns. */
  add(...values: Value[]): void {
    if (values.length !== this.columns.length) {
      throw new Error(`${this.name}: expected ${this.columns.length} values, got ${values.length}`);
    }
    for (let c = 0; c < values.length; c++) this.columns[c].push(values[c]);
    this.length++;
  }

  /** Drops the rows (after they were written), keeping the buffer's shape. */
  clear(): void {
    for (const c of this.columns) c.length = 0;
    this.length = 0;
  }

  /** The rows as objects keyed by column name (for tests and the truth file, not for loading). */
  rows(): Array<Record<string, Value>> {
    const out: Array<Record<string, Value>> = [];
    for (let r = 0; r < this.length; r++) {
      const row: Record<string, Value> = {};
      for (let c = 0; c < this.specs.length; c++) row[this.specs[c].name] = this.columns[c][r];
      out.push(row);
    }
    return out;
  }

  /** The value of one column in one row (rows appended earlier can be patched by generators). */
  get(row: number, column: string): Value {
    return this.columns[this.indexOf(column)][row];
  }

  set(row: number, column: string, value: Value): void {
    this.columns[this.indexOf(column)][row] = value;
  }

  private indexOf(column: string): number {
    const c = this.specs.findIndex((s) => s.name === column);
    if (c < 0) throw new Error(`${this.name} has no column ${column}`);
    return c;
  }
}

/** All tables' rows of one chunk. */
export type ChunkRows = { [T in TableName]: TableBuffer };

export function emptyChunk(): ChunkRows {
  const chunk = {} as Record<TableName, TableBuffer>;
  for (const name of TABLE_NAMES) chunk[name] = new TableBuffer(name, TABLE_SPECS[name]);
  return chunk as ChunkRows;
}

export function chunkRowCount(chunk: ChunkRows): number {
  let n = 0;
  for (const name of TABLE_NAMES) n += chunk[name].length;
  return n;
}

/** A PostgreSQL array literal of text values: `{"a","b"}` (for text[] columns). */
export function textArrayLiteral(values: readonly string[]): string {
  return '{' + values.map(quoteElement).join(',') + '}';
}

/** Quotes one element of an array literal. */
export function quoteElement(value: string): string {
  return '"' + value.replace(/[\\"]/g, (ch) => '\\' + ch) + '"';
}
