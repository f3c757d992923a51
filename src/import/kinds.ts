/**
 * What can be imported: one kind per mirror table, `<source>.<kind>` (e.g. `tax.invoice`), and
 * for each its file columns, natural key, parent reference, the firms it belongs to and the
 * dates that make its as-of date.
 *
 * File columns are derived from the TypeORM column metadata of the table's entity (name, type,
 * length, precision, nullability, default, enum values), so the import, the export and
 * docs/import-formats.md cannot drift from the tables. A kind only adds what metadata cannot
 * say: the natural key, how a child names its parent (by the parent's natural key, never by a
 * database id), which amounts may be negative, cross-column rules, and whether its rows are firms'
 * own registry records that make borrowers (`borrower`).
 */
import 'reflect-metadata';
import { getMetadataArgsStorage } from 'typeorm';
import type { SourceName } from '../../connectors/shared/connector';
import { snakeCase } from '../db/naming.strategy';
import {
  AbnormalListing,
  ChangeItem,
  RegistryChange,
  RegistryCompany,
  RegistryStatus,
  Shareholder,
} from '../../connectors/registry/registry.records';
import { CreditRatingRecord, Invoice, InvoiceKind, Taxpayer, VatDeclaration } from '../../connectors/tax/tax.records';
import {
  AccountMonth,
  BankAccount,
  Consent,
  FinancialStatement,
  Guarantee,
  Loan,
  LoanClassificationChange,
  LoanInstallment,
} from '../../connectors/bank/bank.records';
import {
  Confirmation,
  CoreEnterprise,
  Pledge,
  PurchaseOrder,
  Receivable,
} from '../../connectors/supply-chain/supply-chain.records';
import { CaseParty, CourtCase, DishonestListing, Enforcement } from '../../connectors/judicial/judicial.records';
import { SocialInsuranceMonth, UtilityPayment } from '../../connectors/alt-data/alt-data.records';

// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
type EntityClass = Function;

export const SOURCE_IDS = ['registry', 'tax', 'bank', 'supply-chain', 'judicial', 'alt-data'] as const;
export type SourceId = (typeof SOURCE_IDS)[number];

/** The source's name in core.source_sync and the GraphQL API. */
export const SYNC_SOURCE: Record<SourceId, SourceName> = {
  registry: 'REGISTRY',
  tax: 'TAX',
  bank: 'BANK',
  'supply-chain': 'SUPPLY_CHAIN',
  judicial: 'JUDICIAL',
  'alt-data': 'ALT_DATA',
};

/** The value formats a file column can have (validate.ts checks each). */
export type ValueType =
  | 'uscc' // char(18): a unified social credit code, check character verified
  | 'id-card' // char(18): a resident ID number (GB 11643), check character verified
  | 'month' // char(7): YYYY-MM
  | 'date' // YYYY-MM-DD, a real calendar date
  | 'timestamp' // ISO 8601 with a time zone
  | 'money' // numeric(18,2)
  | 'decimal' // other numerics, e.g. numeric(7,4) ratios and rates
  | 'int'
  | 'boolean' // true / false
  | 'enum'
  | 'varchar' // bounded text
  | 'text'
  | 'list'; // text[]: `;`-separated in CSV, an array in JSONL

export interface FieldDef {
  /** The column name in files: the table's snake_case column (or the parent's key column). */
  name: string;
  type: ValueType;
  /** SQL type the text value is cast to, e.g. `numeric`, `"tax"."invoice_kind"`. */
  sqlType: string;
  /** Nullable columns and columns with a default may be empty or absent. */
  required: boolean;
  /** The table's default used when the value is empty (SQL literal), e.g. `0`. */
  sqlDefault?: string;
  /**
   * When the value is empty or the column absent, the row's value of this other column (validated
   * first), e.g. a court case's published_on defaults to its filed_on: files from before the column
   * existed still load, as the migration that added it backfilled it.
   */
  defaultFrom?: string;
  maxLength?: number;
  precision?: number;
  scale?: number;
  /** Allowed values of an enum column, or of a list's elements. */
  values?: readonly string[];
  /** Money or number that may be below zero (an overdrawn balance). */
  signed?: boolean;
  /** A bound checked for decimals and ints, inclusive. */
  min?: number;
  max?: number;
  /** `column`: a column of the table. `parent`: the parent's natural key, resolved in SQL to the table's foreign key. */
  role: 'column' | 'parent';
  example: string;
  note?: string;
}

/** A child row names its parent by the parent's natural key (`account_no`), resolved to its id in SQL. */
export interface ParentRef {
  /** The file column, named as the parent's key column, e.g. `account_no`. */
  column: string;
  /** The foreign key column of the table it fills, e.g. `account_id`. */
  fk: string;
  /** The parent kind (imported before this one). */
  kind: string;
  table: string;
  /** The parent's natural key column matched against `column`. */
  key: string;
  /** For messages: `an account`. */
  what: string;
  /** Columns of the table filled from the parent instead of the file, e.g. account_month.uscc <- account.uscc. */
  copy?: Record<string, string>;
  /** Parent columns naming the firm the row belongs to (provenance), e.g. the receivable's creditor. */
  owners?: string[];
  /** Parent date columns that date the row (a party is as of its case's filing). */
  dates?: string[];
}

/** A cross-column rule; runs when the columns it reads are valid. Returns the reason or null. */
export interface RowRule {
  columns: string[];
  doc: string;
  check(v: Readonly<Record<string, Value>>): string | null;
}

/** A validated value: text as the database reads it (strings), a list, or null. */
export type Value = string | string[] | null;

/**
 * How a line finds its row again:
 * - `primary` / `unique`: the table's primary key or unique column is the natural key; a file
 *   carrying a key twice loads its first line and quarantines the later ones.
 * - `import-key`: no natural unique key (two invoices may carry the same number); the row's
 *   import_key is the natural key plus its occurrence in the file, so duplicates stay distinct rows.
 * An element of `fields` that is an array means "the first of these that has a value".
 */
export interface KeyDef {
  strategy: 'primary' | 'unique' | 'import-key';
  fields: Array<string | string[]>;
}

export interface KindDef {
  source: SourceId;
  kind: string;
  /** `tax.invoice` */
  name: string;
  /** `tax.invoice` (schema-qualified table) */
  table: string;
  entity: EntityClass;
  description: string;
  /** File columns, in file order. */
  fields: FieldDef[];
  key: KeyDef;
  /** Table columns of ON CONFLICT (the primary key or unique column; `import_key` for import-key kinds). */
  conflict: string[];
  /** Table columns written, in order, with the expression that fills each (see batch-sql.ts). */
  columns: Array<{
    name: string;
    from: 'file' | 'parent-id' | 'parent' | 'import-key';
    source?: string;
    sqlDefault?: string;
  }>;
  parent?: ParentRef;
  /** Columns naming the firms whose data this is (core.source_sync rows after a run). */
  owners: string[];
  /** Date, month or timestamp columns whose newest value is a firm's as-of date. */
  dates: string[];
  /** A firm's own registry record: a row's firm core.firm does not hold becomes a borrower (firm.repository.ts `registerFirmsSql`). */
  borrower?: BorrowerFrom;
  rules: RowRule[];
  /** Columns of the table's primary key, for ordering the export. */
  primaryKey: string[];
}

/** The file columns a new borrower (core.firm) takes its USCC and registered name from. */
export interface BorrowerFrom {
  uscc: string;
  name: string;
}

/** What a kind adds to its entity's metadata. */
interface KindSpec {
  source: SourceId;
  kind: string;
  entity: EntityClass;
  description: string;
  key: KeyDef;
  parent?: ParentRef;
  owners: string[];
  dates: string[];
  borrower?: BorrowerFrom;
  rules?: RowRule[];
  /** Per column: sign, bounds, list values, example, note, the column it defaults to. */
  fields?: Record<
    string,
    Partial<Pick<FieldDef, 'signed' | 'min' | 'max' | 'values' | 'example' | 'note' | 'defaultFrom'>>
  >;
}

/** `a <= b` for two ISO dates or timestamps (both valid when rules run). */
const notBefore = (later: string, earlier: string, what = 'date'): RowRule => ({
  columns: [later, earlier],
  doc: `${later} >= ${earlier}`,
  check: (v) => {
    const a = v[later];
    const b = v[earlier];
    if (typeof a !== 'string' || typeof b !== 'string' || a >= b) return null;
    return `column ${later}: ${JSON.stringify(a)} is before ${earlier} ${JSON.stringify(b)}; expected a ${what} on or after it`;
  },
});

const SOURCE_NAMES: readonly string[] = Object.values(SYNC_SOURCE);

const REGISTRY_STATUSES: readonly string[] = Object.values(RegistryStatus);

/** A STATUS change (the registry status history) goes from one registry status to another. */
const statusChange: RowRule = {
  columns: ['item', 'before_value', 'after_value'],
  doc: `a STATUS change has before_value and after_value among ${REGISTRY_STATUSES.join(', ')}`,
  check: (v) => {
    if (v.item !== ChangeItem.STATUS) return null;
    const bad = (['before_value', 'after_value'] as const).filter((c) => !REGISTRY_STATUSES.includes(v[c] as string));
    if (!bad.length) return null;
    return bad
      .map(
        (c) =>
          `column ${c}: ${JSON.stringify(v[c])} is not a registry status; a STATUS change goes from one of ${REGISTRY_STATUSES.join(', ')} to another`,
      )
      .join('; ');
  },
};

/**
 * A court record's publication day (公开): when a bank could first know of it. Files from before
 * the column existed do not have it: the filing day, as the migration that added it backfilled.
 */
const PUBLISHED_ON = {
  defaultFrom: 'filed_on',
  note: 'the day it was published, when a bank could first know of it; older files may leave it out',
};

const RATIO = { min: 0, max: 1 };

const SPECS: KindSpec[] = [
  // registry
  {
    source: 'registry',
    kind: 'company',
    entity: RegistryCompany,
    description: 'The business-registry record (工商登记) of a firm, one per USCC.',
    key: { strategy: 'primary', fields: ['uscc'] },
    owners: ['uscc'],
    dates: ['founded_on', 'status_changed_on'],
    borrower: { uscc: 'uscc', name: 'name' },
    rules: [notBefore('status_changed_on', 'founded_on')],
    fields: {
      name: { example: '杭州恒达机械有限公司' },
      legal_rep_name: { example: '王建国' },
      legal_rep_phone: { example: '13905710000' },
      address: { example: '浙江省杭州市西湖区文三路100号' },
      business_scope: { example: '机械设备制造、销售' },
      authority: { example: '杭州市西湖区市场监督管理局' },
    },
  },
  {
    source: 'registry',
    kind: 'shareholder',
    entity: Shareholder,
    description: 'A shareholder (股东) of a firm and its share.',
    key: { strategy: 'import-key', fields: ['uscc', ['holder_uscc', 'holder_id_no', 'holder_name']] },
    owners: ['uscc'],
    dates: [],
    fields: {
      share_ratio: { ...RATIO, example: '0.3500', note: 'between 0 and 1' },
      holder_name: { example: '王建国' },
      holder_uscc: { note: 'for a firm shareholder' },
      holder_id_no: { note: 'for a person shareholder' },
    },
  },
  {
    source: 'registry',
    kind: 'change_log',
    entity: RegistryChange,
    description:
      'A registered change (变更记录); item STATUS is the registry status history (before and after: ACTIVE, REVOKED, DEREGISTERED).',
    key: { strategy: 'import-key', fields: ['uscc', 'changed_on', 'item'] },
    owners: ['uscc'],
    dates: ['changed_on'],
    rules: [statusChange],
    fields: {
      before_value: { example: '王建国', note: 'for item STATUS a registry status: ACTIVE, REVOKED or DEREGISTERED' },
      after_value: { example: '李华', note: 'for item STATUS a registry status' },
    },
  },
  {
    source: 'registry',
    kind: 'abnormal_listing',
    entity: AbnormalListing,
    description: 'A listing in the abnormal-operations list (经营异常名录).',
    key: { strategy: 'import-key', fields: ['uscc', 'listed_on'] },
    owners: ['uscc'],
    dates: ['listed_on', 'removed_on'],
    rules: [notBefore('removed_on', 'listed_on')],
    fields: { reason: { example: '未按规定报送年度报告' }, authority: { example: '杭州市西湖区市场监督管理局' } },
  },
  // tax
  {
    source: 'tax',
    kind: 'taxpayer',
    entity: Taxpayer,
    description: 'The tax registration (税务登记) and tax-credit rating of a firm, one per USCC.',
    key: { strategy: 'primary', fields: ['uscc'] },
    owners: ['uscc'],
    dates: ['registered_on'],
    fields: {
      credit_rating: { note: "the newest published rating (tax.credit_rating holds every year's)" },
      rating_year: { min: 1990, max: 2100, example: '2025' },
      tax_authority: { example: '国家税务总局杭州市西湖区税务局' },
    },
  },
  {
    source: 'tax',
    kind: 'credit_rating',
    entity: CreditRatingRecord,
    description:
      "A year's tax-credit rating (纳税信用评价) of a firm and the day the tax bureau published it, one per firm and year.",
    key: { strategy: 'primary', fields: ['uscc', 'year'] },
    owners: ['uscc'],
    dates: ['published_on'],
    rules: [
      {
        columns: ['published_on', 'year'],
        doc: 'published_on is in or after the year assessed',
        check: (v) => {
          const published = v.published_on as string;
          const year = v.year as string;
          if (Number(published.slice(0, 4)) >= Number(year)) return null;
          return `column published_on: ${JSON.stringify(published)} is before the year assessed ${year}; expected a date in ${year} or later`;
        },
      },
    ],
    fields: {
      year: { min: 1990, max: 2100, example: '2025', note: 'the year assessed' },
      rating: { example: 'B' },
      published_on: {
        example: '2026-04-30',
        note: 'the day the rating was published (April of the next year, or on registration)',
      },
    },
  },
  {
    source: 'tax',
    kind: 'vat_declaration',
    entity: VatDeclaration,
    description: 'A monthly VAT declaration (增值税纳税申报), one per firm and period.',
    key: { strategy: 'primary', fields: ['uscc', 'period'] },
    owners: ['uscc'],
    dates: ['declared_on'],
  },
  {
    source: 'tax',
    kind: 'invoice',
    entity: Invoice,
    description: 'An e-invoice (电子发票). A source may deliver the same invoice number twice: both lines are kept.',
    key: { strategy: 'import-key', fields: ['invoice_code', 'invoice_number'] },
    owners: ['seller_uscc', 'buyer_uscc'],
    dates: ['issue_date'],
    rules: [
      {
        columns: ['kind', 'invoice_code'],
        doc: 'a DIGITAL invoice has no invoice_code; the other kinds have one',
        check: (v) => {
          if (v.kind === null) return null;
          if (v.kind === InvoiceKind.DIGITAL && v.invoice_code !== null) {
            return `column invoice_code: ${JSON.stringify(v.invoice_code)} given for a DIGITAL invoice; expected none (fully digital invoices have a 20-digit number and no code)`;
          }
          if (v.kind !== InvoiceKind.DIGITAL && v.invoice_code === null)
            return `column invoice_code: is empty; a ${v.kind} invoice has an invoice code`;
          return null;
        },
      },
    ],
    fields: {
      invoice_code: { example: '033002400111', note: 'none for DIGITAL invoices' },
      invoice_number: { example: '00012345' },
      seller_name: { example: '杭州恒达机械有限公司' },
      buyer_uscc: { note: 'none when the buyer is a person' },
      buyer_name: { example: '宁波港城贸易有限公司' },
    },
  },
  // bank
  {
    source: 'bank',
    kind: 'account',
    entity: BankAccount,
    description: 'A deposit account of a firm at the bank, keyed by its account number.',
    key: { strategy: 'unique', fields: ['account_no'] },
    owners: ['uscc'],
    dates: ['opened_on', 'closed_on'],
    rules: [notBefore('closed_on', 'opened_on')],
    fields: { account_no: { example: '33050161000000001234' } },
  },
  {
    source: 'bank',
    kind: 'account_month',
    entity: AccountMonth,
    description: "An account's inflow, outflow and month-end balance; the firm is the account's owner.",
    key: { strategy: 'primary', fields: ['account_no', 'month'] },
    parent: {
      column: 'account_no',
      fk: 'account_id',
      kind: 'bank.account',
      table: 'bank.account',
      key: 'account_no',
      what: 'an account',
      copy: { uscc: 'uscc' },
      owners: ['uscc'],
    },
    owners: [],
    dates: ['month'],
    fields: {
      end_balance: { signed: true, note: 'negative when overdrawn' },
      account_no: { example: '33050161000000001234' },
    },
  },
  {
    source: 'bank',
    kind: 'loan',
    entity: Loan,
    description: "A loan on the bank's books, keyed by its contract number.",
    key: { strategy: 'unique', fields: ['contract_no'] },
    owners: ['uscc'],
    dates: ['start_date', 'written_off_on'],
    rules: [notBefore('maturity_date', 'start_date'), notBefore('written_off_on', 'start_date')],
    fields: {
      contract_no: { example: 'JK2024330100001' },
      classification: { note: 'the current one (bank.loan_classification holds the history)' },
      written_off_on: { note: 'the day the loan was written off (核销); none while it is not' },
      product: { example: '小微经营贷' },
      annual_rate: { ...RATIO, example: '0.0435', note: 'a decimal between 0 and 1' },
      term_months: { min: 1, example: '12' },
      overdue_days: { example: '0' },
    },
  },
  {
    source: 'bank',
    kind: 'loan_installment',
    entity: LoanInstallment,
    description: "One instalment of a loan's repayment schedule; the loan is named by its contract number.",
    key: { strategy: 'primary', fields: ['contract_no', 'seq'] },
    parent: {
      column: 'contract_no',
      fk: 'loan_id',
      kind: 'bank.loan',
      table: 'bank.loan',
      key: 'contract_no',
      what: 'a loan',
      owners: ['uscc'],
    },
    owners: [],
    dates: ['paid_on'],
    fields: { seq: { min: 1, example: '1' }, contract_no: { example: 'JK2024330100001' } },
  },
  {
    source: 'bank',
    kind: 'loan_classification',
    entity: LoanClassificationChange,
    description:
      "A change of a loan's five-tier classification (五级分类) and the day it took effect; the loan is named by its contract number. The newest is the loan's classification.",
    key: { strategy: 'primary', fields: ['contract_no', 'changed_on'] },
    parent: {
      column: 'contract_no',
      fk: 'loan_id',
      kind: 'bank.loan',
      table: 'bank.loan',
      key: 'contract_no',
      what: 'a loan',
      owners: ['uscc'],
    },
    owners: [],
    dates: ['changed_on'],
    fields: {
      contract_no: { example: 'JK2024330100001' },
      changed_on: { example: '2024-06-30' },
      classification: { example: 'SPECIAL_MENTION' },
    },
  },
  {
    source: 'bank',
    kind: 'guarantee',
    entity: Guarantee,
    description:
      "A guarantee (担保) one firm gives for another's borrowing; contract_no names the guaranteed loan when it is on the bank's books.",
    key: { strategy: 'import-key', fields: ['guarantor_uscc', 'borrower_uscc', 'contract_no', 'start_date'] },
    parent: {
      column: 'contract_no',
      fk: 'loan_id',
      kind: 'bank.loan',
      table: 'bank.loan',
      key: 'contract_no',
      what: 'a loan',
    },
    owners: ['guarantor_uscc', 'borrower_uscc'],
    dates: ['start_date'],
    rules: [notBefore('end_date', 'start_date')],
    fields: { contract_no: { example: 'JK2024330100001' } },
  },
  {
    source: 'bank',
    kind: 'consent',
    entity: Consent,
    description: "A firm's consent (数据授权) for an institution to use its data.",
    key: { strategy: 'import-key', fields: ['uscc', 'grantee', 'purpose', 'granted_at'] },
    owners: ['uscc'],
    dates: ['valid_from', 'granted_at', 'revoked_at'],
    rules: [notBefore('valid_to', 'valid_from'), notBefore('revoked_at', 'granted_at', 'time')],
    fields: {
      grantee: { example: '杭州银行' },
      purpose: { example: 'CREDIT_APPLICATION' },
      sources: { values: SOURCE_NAMES, example: 'BANK;TAX;REGISTRY' },
    },
  },
  {
    source: 'bank',
    kind: 'financial_statement',
    entity: FinancialStatement,
    description:
      'A financial statement (财务报表) a firm handed the bank: balances at period_end, flows for the period (year to date). ' +
      "Loaded as delivered: whether its figures add up (勾稽关系) is the data-quality check FINANCIAL_STATEMENT_IDENTITY's business.",
    key: { strategy: 'import-key', fields: ['uscc', 'period_end', 'period_type'] },
    owners: ['uscc'],
    dates: ['received_on'],
    rules: [notBefore('received_on', 'period_end')],
    fields: {
      period_end: { example: '2025-12-31' },
      received_on: { example: '2026-04-15' },
      total_assets: { example: '5000000.00', note: 'equals total_liabilities + owners_equity' },
      current_assets: {
        example: '3200000.00',
        note: 'at most total_assets; at least cash + accounts_receivable + inventory',
      },
      cash: { example: '600000.00' },
      accounts_receivable: { example: '1500000.00' },
      inventory: { example: '900000.00' },
      total_liabilities: { example: '2800000.00' },
      current_liabilities: { example: '2100000.00' },
      short_term_borrowings: { example: '800000.00' },
      owners_equity: { signed: true, example: '2200000.00', note: 'negative when liabilities exceed assets' },
      revenue: { example: '8600000.00', note: 'for the period, year to date' },
      cost_of_sales: { example: '6500000.00' },
      net_profit: { signed: true, example: '410000.00', note: 'negative for a loss' },
      operating_cash_flow: { signed: true, example: '380000.00', note: 'negative when operations consumed cash' },
    },
  },
  // supply chain
  {
    source: 'supply-chain',
    kind: 'core_enterprise',
    entity: CoreEnterprise,
    description: 'A core enterprise (核心企业) of a supply chain, one per USCC.',
    key: { strategy: 'primary', fields: ['uscc'] },
    owners: [],
    dates: [],
    fields: {
      name: { example: '浙江吉利汽车有限公司' },
      industry_code: { example: 'C3611' },
      rating: { example: 'AAA' },
    },
  },
  {
    source: 'supply-chain',
    kind: 'purchase_order',
    entity: PurchaseOrder,
    description: 'An order a core enterprise placed with a supplier.',
    key: { strategy: 'import-key', fields: ['core_uscc', 'order_no'] },
    owners: ['supplier_uscc'],
    dates: ['order_date'],
    fields: {
      order_no: { example: 'PO202405310001' },
      supplier_name: { example: '杭州恒达机械有限公司' },
      supplier_uscc: { note: 'none when the source names the supplier only' },
    },
  },
  {
    source: 'supply-chain',
    kind: 'receivable',
    entity: Receivable,
    description: 'An account receivable (应收账款) a supplier holds on a core enterprise, keyed by its number.',
    key: { strategy: 'unique', fields: ['receivable_no'] },
    owners: ['creditor_uscc'],
    dates: ['issue_date'],
    rules: [notBefore('due_date', 'issue_date')],
    fields: { receivable_no: { example: 'AR202405310001' } },
  },
  {
    source: 'supply-chain',
    kind: 'confirmation',
    entity: Confirmation,
    description: "A core enterprise's confirmation (确权) of a receivable, named by its number.",
    key: { strategy: 'import-key', fields: ['receivable_no', 'confirmed_by', 'confirmed_on'] },
    parent: {
      column: 'receivable_no',
      fk: 'receivable_id',
      kind: 'supply-chain.receivable',
      table: 'supply_chain.receivable',
      key: 'receivable_no',
      what: 'a receivable',
      owners: ['creditor_uscc'],
    },
    owners: [],
    dates: ['confirmed_on'],
    fields: { receivable_no: { example: 'AR202405310001' } },
  },
  {
    source: 'supply-chain',
    kind: 'pledge',
    entity: Pledge,
    description: 'A registered pledge (质押, 中登网) of a receivable, keyed by its registration number.',
    key: { strategy: 'unique', fields: ['registration_no'] },
    parent: {
      column: 'receivable_no',
      fk: 'receivable_id',
      kind: 'supply-chain.receivable',
      table: 'supply_chain.receivable',
      key: 'receivable_no',
      what: 'a receivable',
      owners: ['creditor_uscc'],
    },
    owners: [],
    dates: ['pledged_on'],
    fields: {
      receivable_no: { example: 'AR202405310001' },
      pledgee: { example: '杭州银行' },
      registration_no: { example: '05326790000012345678' },
    },
  },
  // judicial
  {
    source: 'judicial',
    kind: 'court_case',
    entity: CourtCase,
    description: 'A court case (案件), keyed by its case number; its parties come in case_party.',
    key: { strategy: 'unique', fields: ['case_no'] },
    owners: [],
    dates: ['filed_on', 'published_on', 'closed_on'],
    rules: [notBefore('published_on', 'filed_on'), notBefore('closed_on', 'filed_on')],
    fields: {
      case_no: { example: '(2024)浙0106民初1234号' },
      court: { example: '杭州市西湖区人民法院' },
      cause: { example: '买卖合同纠纷' },
      filed_on: { example: '2024-05-06' },
      published_on: { ...PUBLISHED_ON, example: '2024-06-03' },
      closed_on: { example: '2024-09-30' },
      status: { example: 'CLOSED' },
    },
  },
  {
    source: 'judicial',
    kind: 'case_party',
    entity: CaseParty,
    description: 'A party to a court case, named by the case number.',
    key: { strategy: 'import-key', fields: ['case_no', 'role', ['uscc', 'name']] },
    parent: {
      column: 'case_no',
      fk: 'case_id',
      kind: 'judicial.court_case',
      table: 'judicial.court_case',
      key: 'case_no',
      what: 'a court case',
      dates: ['filed_on', 'published_on', 'closed_on'],
    },
    owners: ['uscc'],
    dates: [],
    fields: {
      case_no: { example: '(2024)浙0106民初1234号' },
      name: { example: '杭州恒达机械有限公司' },
      uscc: { note: 'none when the court names the party only' },
    },
  },
  {
    source: 'judicial',
    kind: 'enforcement',
    entity: Enforcement,
    description: 'An enforcement case (被执行人) against a firm.',
    key: { strategy: 'import-key', fields: ['uscc', 'case_no'] },
    owners: ['uscc'],
    dates: ['filed_on', 'published_on', 'closed_on'],
    rules: [notBefore('published_on', 'filed_on'), notBefore('closed_on', 'filed_on')],
    fields: {
      case_no: { example: '(2024)浙0106执1234号' },
      court: { example: '杭州市西湖区人民法院' },
      filed_on: { example: '2024-05-06' },
      published_on: { ...PUBLISHED_ON, example: '2024-05-20' },
      closed_on: { example: '2024-11-15', note: 'the day it ended (结案); none while it runs' },
      status: { example: 'CLOSED' },
    },
  },
  {
    source: 'judicial',
    kind: 'dishonest_listing',
    entity: DishonestListing,
    description: 'A listing of a firm as a dishonest judgment debtor (失信被执行人).',
    key: { strategy: 'import-key', fields: ['uscc', 'case_no'] },
    owners: ['uscc'],
    dates: ['listed_on', 'removed_on'],
    rules: [notBefore('removed_on', 'listed_on')],
    fields: {
      case_no: { example: '(2024)浙0106执1234号' },
      court: { example: '杭州市西湖区人民法院' },
      obligation: { example: '支付货款及利息' },
    },
  },
  // alternative data
  {
    source: 'alt-data',
    kind: 'social_insurance_month',
    entity: SocialInsuranceMonth,
    description: 'Staff a firm insured in a month (社保) and the contributions paid.',
    key: { strategy: 'primary', fields: ['uscc', 'month'] },
    owners: ['uscc'],
    dates: ['month'],
    fields: { insured_headcount: { example: '23' } },
  },
  {
    source: 'alt-data',
    kind: 'utility_payment',
    entity: UtilityPayment,
    description: "A firm's monthly utility bill (水电气) and its payment.",
    key: { strategy: 'primary', fields: ['uscc', 'month', 'utility'] },
    owners: ['uscc'],
    dates: ['month', 'paid_on'],
    fields: { usage: { example: '1520.50', note: 'kWh or m³' } },
  },
];

/** Examples by value format, for columns the kind gives none. */
const EXAMPLE_BY_TYPE: Record<ValueType, string> = {
  uscc: '91330106MA2CFGNC1J',
  'id-card': '330106198001011235',
  month: '2024-05',
  date: '2024-05-31',
  timestamp: '2024-05-31T09:30:00+08:00',
  money: '125000.00',
  decimal: '0.5000',
  int: '1',
  boolean: 'true',
  enum: '',
  varchar: 'ABC123',
  text: 'text',
  list: 'A;B',
};

/** Builds a kind's file columns and write plan from its entity's TypeORM metadata. */
function buildKind(spec: KindSpec): KindDef {
  const storage = getMetadataArgsStorage();
  const table = storage.tables.find((t) => t.target === spec.entity);
  if (!table?.schema || !table.name) throw new Error(`${spec.entity.name} is not an entity with a schema`);
  const generated = new Set(storage.generations.filter((g) => g.target === spec.entity).map((g) => g.propertyName));
  // The entity's own columns: the inherited import_key is bookkeeping, not a file column.
  const args = storage.columns.filter((c) => c.target === spec.entity);
  const primaryKey = args.filter((c) => c.options.primary).map((c) => c.options.name ?? snakeCase(c.propertyName));
  const parent = spec.parent;
  const copied = new Set(Object.keys(parent?.copy ?? {}));
  const fields: FieldDef[] = [];
  const columns: KindDef['columns'] = [];
  const name = `${spec.source}.${spec.kind}`;

  for (const c of args) {
    if (generated.has(c.propertyName)) continue;
    const column = c.options.name ?? snakeCase(c.propertyName);
    const extra = spec.fields?.[column] ?? {};
    if (parent && column === parent.fk) {
      columns.push({ name: column, from: 'parent-id' });
      fields.push({
        name: parent.column,
        type: 'varchar',
        sqlType: 'text',
        required: !c.options.nullable,
        role: 'parent',
        example: extra.example ?? spec.fields?.[parent.column]?.example ?? 'ABC123',
        note: `names ${parent.what} by its ${parent.key} (${parent.table}, imported before this file)`,
      });
      continue;
    }
    if (copied.has(column)) {
      columns.push({ name: column, from: 'parent', source: parent!.copy![column] });
      continue;
    }
    const field = fieldOf(name, column, c.propertyName, c.options, table.schema, extra);
    columns.push({ name: column, from: 'file', sqlDefault: field.sqlDefault });
    fields.push(field);
  }

  const fieldNames = new Set(fields.map((f) => f.name));
  for (const f of spec.key.fields.flat())
    if (!fieldNames.has(f)) throw new Error(`${name}: key field ${f} is not a file column`);
  for (const f of [
    ...spec.owners,
    ...spec.dates,
    ...(spec.rules ?? []).flatMap((r) => r.columns),
    ...Object.values(spec.borrower ?? {}),
  ]) {
    if (!fieldNames.has(f)) throw new Error(`${name}: ${f} is not a file column`);
  }
  for (const c of Object.values(spec.borrower ?? {})) {
    if (!fields.find((f) => f.name === c)!.required)
      throw new Error(`${name}: a new borrower takes ${c}, which must be a required file column`);
  }
  for (const f of fields) {
    const from = f.defaultFrom === undefined ? undefined : fields.find((g) => g.name === f.defaultFrom);
    if (f.defaultFrom !== undefined && (!from?.required || from.type !== f.type)) {
      throw new Error(
        `${name}: ${f.name} defaults to ${f.defaultFrom}, which must be a required file column of the same type`,
      );
    }
  }
  if (spec.key.strategy === 'import-key') columns.push({ name: 'import_key', from: 'import-key' });
  const conflict =
    spec.key.strategy === 'import-key'
      ? ['import_key']
      : spec.key.strategy === 'primary'
        ? primaryKey
        : (spec.key.fields as string[]);
  return {
    source: spec.source,
    kind: spec.kind,
    name,
    table: `${table.schema}.${table.name}`,
    entity: spec.entity,
    description: spec.description,
    fields,
    key: spec.key,
    conflict,
    columns,
    parent,
    owners: spec.owners,
    dates: spec.dates,
    borrower: spec.borrower,
    rules: spec.rules ?? [],
    primaryKey,
  };
}

interface ColumnOptionsLike {
  type?: unknown;
  length?: string | number;
  precision?: number | null;
  scale?: number;
  nullable?: boolean;
  default?: unknown;
  enum?: unknown;
  enumName?: string;
  array?: boolean;
}

function fieldOf(
  kind: string,
  column: string,
  property: string,
  o: ColumnOptionsLike,
  schema: string,
  extra: Partial<FieldDef>,
): FieldDef {
  const required = !o.nullable && o.default === undefined && extra.defaultFrom === undefined;
  const sqlDefault =
    o.default === undefined || o.default === null
      ? undefined
      : typeof o.default === 'number'
        ? String(o.default)
        : undefined;
  const base = { name: column, required, sqlDefault, role: 'column' as const, ...extra };
  const example = (type: ValueType, fallback?: string) => extra.example ?? fallback ?? EXAMPLE_BY_TYPE[type];
  const length = o.length === undefined ? undefined : Number(o.length);
  switch (o.type) {
    case 'char':
      if (length === 18) {
        // Both USCCs and resident ID numbers are char(18); ID numbers are the *IdNo properties.
        const type = /IdNo$/.test(property) ? 'id-card' : 'uscc';
        return { ...base, type, sqlType: 'bpchar', example: example(type) };
      }
      if (length === 7) return { ...base, type: 'month', sqlType: 'bpchar', example: example('month') };
      return { ...base, type: 'varchar', sqlType: 'bpchar', maxLength: length, example: example('varchar') };
    case 'varchar':
      return { ...base, type: 'varchar', sqlType: 'varchar', maxLength: length, example: example('varchar') };
    case 'text':
      if (o.array) return { ...base, type: 'list', sqlType: 'text[]', example: example('list') };
      return { ...base, type: 'text', sqlType: 'text', example: example('text') };
    case 'numeric': {
      const precision = o.precision ?? 18;
      const scale = o.scale ?? 0;
      const type = precision === 18 && scale === 2 ? 'money' : 'decimal';
      return { ...base, type, sqlType: 'numeric', precision, scale, example: example(type) };
    }
    case 'date':
      return { ...base, type: 'date', sqlType: 'date', example: example('date') };
    case 'timestamptz':
      return { ...base, type: 'timestamp', sqlType: 'timestamptz', example: example('timestamp') };
    case 'int':
      return { ...base, type: 'int', sqlType: 'int4', min: extra.min ?? 0, example: example('int') };
    case 'boolean':
      return { ...base, type: 'boolean', sqlType: 'bool', example: example('boolean') };
    case 'enum': {
      if (!o.enum || typeof o.enum !== 'object' || !o.enumName)
        throw new Error(`${kind}.${column}: an enum column needs enum and enumName`);
      const values = Object.values(o.enum as Record<string, string>);
      return {
        ...base,
        type: 'enum',
        sqlType: `"${schema}"."${o.enumName}"`,
        values,
        example: example('enum', values[0]),
      };
    }
    default:
      throw new Error(`${kind}.${column}: no import format for column type ${String(o.type)}`);
  }
}

/** Every importable kind, in an order that imports cleanly (parents before children). */
export const KINDS: readonly KindDef[] = SPECS.map(buildKind);

// A parent reference has the format of the parent's key column (account_no: text of at most 32).
for (const k of KINDS) {
  if (!k.parent) continue;
  const parent = KINDS.find((p) => p.name === k.parent!.kind);
  const key = parent?.fields.find((f) => f.name === k.parent!.key);
  if (!parent || KINDS.indexOf(parent) > KINDS.indexOf(k) || !key)
    throw new Error(`${k.name}: its parent ${k.parent.kind}.${k.parent.key} must be a kind listed before it`);
  const field = k.fields.find((f) => f.role === 'parent')!;
  field.maxLength = key.maxLength;
}

const BY_NAME = new Map(KINDS.map((k) => [k.name, k]));

export function kindByName(name: string): KindDef | undefined {
  return BY_NAME.get(name);
}

export function kindsOf(source: SourceId): KindDef[] {
  return KINDS.filter((k) => k.source === source);
}

export function isSourceId(s: string): s is SourceId {
  return (SOURCE_IDS as readonly string[]).includes(s);
}
