/**
 * DUPLICATE_RECORD: one record of a source on more than one row, for the record types other
 * than invoices (DUPLICATE_INVOICE covers those). Each table has a natural key that identifies
 * one real-world record (a registry change: firm + item + day; an enforcement case: firm + case
 * number; ...). A second row under the same key is either the same record delivered twice
 * (every field identical: a pipeline fault that double-counts) or conflicting versions of one
 * record (some field differs: the source corrected it and sent the correction as a new row, or
 * one of them is wrong), the more serious case.
 *
 * Not checked here because the database already refuses a second row: court_case (case_no),
 * bank.loan (contract_no), bank.account (account_no), supply_chain.receivable (receivable_no),
 * supply_chain.pledge (registration_no), and the tables whose primary key is their natural key
 * (VAT declarations, monthly flows, instalments, social insurance, utilities, company, taxpayer,
 * credit ratings by year, loan classification changes by day).
 *
 * The keys were chosen so that legitimate data never repeats them (verified on generated
 * portfolios: without planted duplicates the check finds nothing).
 */
import { Field, ID, ObjectType } from 'type-graphql';
import { Severity } from '../finding.entity';
import { qualityCheck } from '../check';
import { FindingEvidence } from '../finding-evidence';

interface RecordTable {
  /** `schema.table`; the schema is the source. */
  table: string;
  /** The natural key: [evidence label, SQL expression over the row alias `t`]. */
  key: ReadonlyArray<readonly [string, string]>;
  /** Labels of key parts that may be null (grouped together, joined null-safely). */
  nullable?: readonly string[];
  /** Rows taking part (a condition over `t`). */
  where?: string;
  /** The firm the rows belong to: an expression over `t` (or over `join`). */
  firm: string;
  /** A join needed only to name the firm (evidence step only). */
  join?: string;
  /** Every other column (all but the id, the key and import bookkeeping), compared across the rows. */
  fields: readonly string[];
}

export const RECORD_TABLES: readonly RecordTable[] = [
  {
    table: 'registry.shareholder',
    // A holder is a firm (its USCC) or a person (resident ID); the name only when neither is known.
    key: [
      ['uscc', 't.uscc'],
      ['holderType', 't.holder_type'],
      ['holder', 'coalesce(t.holder_uscc, t.holder_id_no, t.holder_name)'],
    ],
    firm: 't.uscc',
    fields: ['holder_name', 'holder_uscc', 'holder_id_no', 'share_ratio', 'subscribed_capital', 'paid_capital'],
  },
  {
    table: 'registry.change_log',
    key: [
      ['uscc', 't.uscc'],
      ['item', 't.item'],
      ['changedOn', 't.changed_on'],
    ],
    firm: 't.uscc',
    fields: ['before_value', 'after_value'],
  },
  {
    table: 'registry.abnormal_listing',
    key: [
      ['uscc', 't.uscc'],
      ['listedOn', 't.listed_on'],
    ],
    firm: 't.uscc',
    fields: ['reason', 'authority', 'removed_on'],
  },
  {
    table: 'bank.guarantee',
    key: [
      ['guarantorUscc', 't.guarantor_uscc'],
      ['borrowerUscc', 't.borrower_uscc'],
      ['loanId', 't.loan_id'],
      ['startDate', 't.start_date'],
    ],
    nullable: ['loanId'],
    firm: 't.borrower_uscc',
    fields: ['amount', 'end_date'],
  },
  {
    table: 'supply_chain.purchase_order',
    // Order numbers are the core enterprise's (the buyer's).
    key: [
      ['coreUscc', 't.core_uscc'],
      ['orderNo', 't.order_no'],
    ],
    firm: 't.supplier_uscc',
    fields: ['supplier_uscc', 'supplier_name', 'order_date', 'amount', 'status'],
  },
  {
    table: 'supply_chain.confirmation',
    key: [
      ['receivableId', 't.receivable_id'],
      ['confirmedBy', 't.confirmed_by'],
    ],
    firm: 'r.creditor_uscc',
    join: 'JOIN supply_chain.receivable r ON r.id = t.receivable_id',
    fields: ['confirmed_on', 'confirmed_amount'],
  },
  {
    table: 'judicial.case_party',
    // A firm is one party of a case; parties without a USCC (persons, outside lenders) are no firm's records.
    key: [
      ['caseId', 't.case_id'],
      ['uscc', 't.uscc'],
    ],
    where: 't.uscc IS NOT NULL',
    firm: 't.uscc',
    fields: ['name', 'party_type', 'role'],
  },
  {
    table: 'judicial.enforcement',
    key: [
      ['uscc', 't.uscc'],
      ['caseNo', 't.case_no'],
    ],
    firm: 't.uscc',
    fields: ['court', 'filed_on', 'published_on', 'closed_on', 'amount', 'status'],
  },
  {
    table: 'judicial.dishonest_listing',
    key: [
      ['uscc', 't.uscc'],
      ['caseNo', 't.case_no'],
    ],
    firm: 't.uscc',
    fields: ['court', 'listed_on', 'obligation', 'removed_on'],
  },
];

/** Source (schema) of a table. */
const sourceOf = (table: string) => table.split('.')[0];

/** The rows of `field` differ: more than one value, or some null and some not. */
const differs = (field: string) => `(count(DISTINCT t.${field}) > 1 OR count(t.${field}) NOT IN (0, count(*)))`;

/**
 * One table's part of the statement. Two steps, as in DUPLICATE_INVOICE: a lean GROUP BY over
 * the key finds the duplicated keys, then only those groups are joined back for the evidence.
 */
function tableSql(spec: RecordTable, n: number, scoped: boolean): { cte: string; select: string } {
  const dup = `dup${n}`;
  const keyCols = spec.key.map((_, k) => `k${k}`);
  // Narrowed to some firms ($1): only the keys one of their rows has, each group still whole (a
  // group's rows can belong to several firms, e.g. an order number under two suppliers). The
  // nullable key parts are left out of the narrowing: coarser, never incomplete.
  const keyExprs = spec.key
    .filter(([label]) => !spec.nullable?.includes(label))
    .map(([, expr]) => expr)
    .join(', ');
  const conditions = [
    ...(spec.where ? [spec.where] : []),
    ...(scoped
      ? [
          `(${keyExprs}) IN (SELECT ${keyExprs} FROM ${spec.table} t${spec.join ? ` ${spec.join}` : ''} WHERE ${spec.firm} = ANY($1::bpchar[]))`,
        ]
      : []),
  ];
  const cte = `${dup} AS (
        SELECT ${spec.key.map(([, expr], k) => `${expr} AS k${k}`).join(', ')}
          FROM ${spec.table} t${conditions.length ? `\n         WHERE ${conditions.join(' AND ')}` : ''}
         GROUP BY ${keyCols.map((_, k) => k + 1).join(', ')}
        HAVING count(*) > 1)`;
  // Join on the non-null key parts (hashable), then compare the nullable ones null-safely.
  const on = spec.key
    .map(([label, expr], k) =>
      spec.nullable?.includes(label) ? `${expr} IS NOT DISTINCT FROM d.k${k}` : `${expr} = d.k${k}`,
    )
    .join(' AND ');
  const differing = `array_remove(ARRAY[${spec.fields.map((f) => `CASE WHEN ${differs(f)} THEN '${f}' END`).join(', ')}]::text[], NULL)`;
  const select = `
      SELECT min(${spec.firm}) AS uscc,
             '${spec.table} ' || concat_ws('/', ${keyCols.map((c) => `coalesce(d.${c}::text, '')`).join(', ')}) AS subject,
             jsonb_build_object(
               'table', '${spec.table}',
               'source', '${sourceOf(spec.table)}',
               'key', jsonb_build_object(${spec.key.map(([label], k) => `'${label}', d.k${k}::text`).join(', ')}),
               'rowIds', jsonb_agg(t.id::text ORDER BY t.id),
               'identical', cardinality(${differing}) = 0,
               'differingFields', to_jsonb(${differing}),
               'rows', jsonb_agg(jsonb_build_object('id', t.id::text, ${spec.fields.map((f) => `'${f}', t.${f}::text`).join(', ')}) ORDER BY t.id)
             ) AS evidence
        FROM ${dup} d
        JOIN ${spec.table} t ON ${on}${spec.join ? `\n        ${spec.join}` : ''}${spec.where ? `\n       WHERE ${spec.where}` : ''}
       GROUP BY ${keyCols.map((c) => `d.${c}`).join(', ')}
      HAVING min(${spec.firm}) IS NOT NULL`;
  return { cte, select };
}

/** The check's statement over every table; `scoped`: narrowed to the firms of `$1` (see tableSql). */
function recordsSql(scoped: boolean): { text: string; values: unknown[] } {
  const parts = RECORD_TABLES.map((spec, n) => tableSql(spec, n, scoped));
  return {
    text: `
      WITH ${parts.map((p) => p.cte).join(',\n      ')}
      ${parts.map((p) => p.select).join('\n      UNION ALL')}`,
    values: [],
  };
}

/** The evidence the check writes: the key and each row's columns by name (they differ per table). */
export interface DuplicateRecordJson {
  table: string;
  source: string;
  key: Record<string, string | null>;
  rowIds: string[];
  identical: boolean;
  differingFields: string[];
  rows: Array<{ id: string } & Record<string, string | null>>;
}

@ObjectType({ description: 'A named value: a part of a natural key, or a column of a row (as text).' })
export class NamedValue {
  @Field(() => String)
  name: string;
  @Field(() => String, { nullable: true })
  value: string | null;
}

@ObjectType({ description: 'One row of a duplicated record: its id and every compared column, by column name.' })
export class DuplicateRecordRow {
  @Field(() => ID)
  id: string;
  @Field(() => [NamedValue], { description: "The row's columns (all but the id, the key and import bookkeeping)." })
  fields: NamedValue[];
}

@ObjectType({
  implements: FindingEvidence,
  description: 'DUPLICATE_RECORD: one record (its natural key) on several rows of a table.',
})
export class DuplicateRecordEvidence {
  @Field(() => String, { description: 'schema.table, e.g. registry.change_log.' })
  table: string;
  @Field(() => String)
  source: string;
  @Field(() => [NamedValue], { description: "The natural key's parts, in the table's key order." })
  key: NamedValue[];
  @Field(() => [ID])
  rowIds: string[];
  @Field(() => Boolean, { description: 'Every row the same: delivered twice.' })
  identical: boolean;
  @Field(() => [String])
  differingFields: string[];
  @Field(() => [DuplicateRecordRow])
  rows: DuplicateRecordRow[];
}

/** The key's labels in the table's order (a jsonb object keeps its own). */
const keyLabels = (e: Pick<DuplicateRecordJson, 'table' | 'key'>): string[] =>
  RECORD_TABLES.find((t) => t.table === e.table)?.key.map(([label]) => label) ?? Object.keys(e.key);

export const duplicateRecordCheck = qualityCheck({
  code: 'DUPLICATE_RECORD',
  severity: Severity.HIGH,
  sources: [...new Set(RECORD_TABLES.map((t) => sourceOf(t.table)))],
  description:
    'one record (registry change, shareholder, guarantee, order, case, ...) on several rows: delivered twice, or conflicting versions',
  sql: () => recordsSql(false),
  // On read (a page's findings) the whole-portfolio GROUP BY took most of a second: narrowed instead.
  firmSql: () => recordsSql(true),
  evidenceType: DuplicateRecordEvidence,
  // The key and the rows' columns as name/value lists, from the evidence already masked by key.
  details: (e: DuplicateRecordJson): DuplicateRecordEvidence => ({
    ...e,
    key: keyLabels(e).map((name) => ({ name, value: e.key[name] ?? null })),
    rows: e.rows.map(({ id, ...fields }) => ({
      id,
      fields: Object.entries(fields).map(([name, value]) => ({ name, value })),
    })),
  }),
  evidence: (row) => {
    const e = row.evidence as unknown as DuplicateRecordJson;
    const key = keyLabels(e)
      .map((label) => `${label}=${e.key[label] ?? '(none)'}`)
      .join(', ');
    const what = `${e.table} record (${key}) is on ${e.rowIds.length} rows (ids ${e.rowIds.join(', ')})`;
    return e.identical
      ? {
          severity: Severity.MEDIUM,
          message: `${what}, all identical: delivered more than once`,
          evidence: e,
          sources: [e.source],
        }
      : {
          message: `${what} that differ in ${e.differingFields.join(', ')}: conflicting versions`,
          evidence: e,
          sources: [e.source],
        };
  },
});
