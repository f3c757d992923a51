/**
 * What an import kind is made of: the file columns' formats, the natural key, how a child names
 * its parent, cross-column rules. Each source's descriptor lists its kinds as `KindSpec`s
 * (connectors/<source>/<source>.kinds.ts); src/import/kinds.ts builds them into `KindDef`s from
 * the entities' TypeORM metadata.
 */
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export type EntityClass = Function;

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
  /** The source's id, e.g. `supply-chain`. */
  source: string;
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

/** What a kind adds to its entity's metadata (its source's descriptor lists it). */
export interface KindSpec {
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
    Partial<Pick<FieldDef, 'signed' | 'min' | 'max' | 'values' | 'example' | 'note' | 'defaultFrom'>> & {
      /** A list of source names (`BANK;TAX`): its values are the platform's sources. */
      sourceNames?: true;
    }
  >;
}

/** `a <= b` for two ISO dates or timestamps (both valid when rules run). */
export const notBefore = (later: string, earlier: string, what = 'date'): RowRule => ({
  columns: [later, earlier],
  doc: `${later} >= ${earlier}`,
  check: (v) => {
    const a = v[later];
    const b = v[earlier];
    if (typeof a !== 'string' || typeof b !== 'string' || a >= b) return null;
    return `column ${later}: ${JSON.stringify(a)} is before ${earlier} ${JSON.stringify(b)}; expected a ${what} on or after it`;
  },
});

/** A share or a rate: between 0 and 1. */
export const RATIO = { min: 0, max: 1 };
