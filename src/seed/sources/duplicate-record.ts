/**
 * Planted DUPLICATE_RECORD: one of the firm's records delivered twice, a copy of a row under a
 * new id, written after all the firm's other rows. Half the copies are identical (the same
 * record delivered again); the other half are conflicting versions (one field differs).
 *
 * The table rotates with the firm's rank among the planted firms, falling back to the next
 * table the firm has rows in (shareholders last: every firm has them). The row and the changed value come
 * from the firm's own DUPLICATE_RECORD stream, so no other table's stream shifts. Copies avoid
 * rows other checks count (legal-representative changes), and a conflicting version changes a
 * field no other check reads (never an abnormal listing's removal date, for example).
 */
import { type FirmContext } from '../firm.context';
import { type Fen, formatFen } from '../money';
import { Rng, Stream } from '../random';
import { type TableBuffer, type TableName, type Value } from '../tables';
import { OBLIGATIONS } from './judicial';
import { ABNORMAL_REASONS } from './registry';

interface CopyTarget {
  table: TableName;
  /** The firm's own rows of the table that may be copied. */
  eligible(rows: TableBuffer, r: number, uscc: string): boolean;
  /** The columns of the natural key (as in the DUPLICATE_RECORD check). */
  key: readonly string[];
  /** The field a conflicting version changes, and its other value. */
  conflict: { field: string; other(value: Value, rng: Rng): Value };
}

/** Another amount: 60%-95% of the original (1,000.00 when that would not differ). */
const otherAmount = (value: Value, rng: Rng): Value => {
  const fen: Fen = Math.round(Number(value) * 100);
  const other = Math.round(fen * rng.between(0.6, 0.95));
  return formatFen(other > 0 && other !== fen ? other : fen === 100_000 ? 200_000 : 100_000);
};
/** Another item of `list`. */
const otherOf =
  (list: readonly string[]) =>
  (value: Value, rng: Rng): Value =>
    rng.pick(list.filter((x) => x !== value));
const own = (column: string) => (rows: TableBuffer, r: number, uscc: string) => rows.get(r, column) === uscc;

const TARGETS: readonly CopyTarget[] = [
  {
    table: 'registry.change_log',
    // Legal-representative changes are counted by FREQUENT_LEGAL_REP_CHANGE: a copy would be a second finding.
    eligible: (rows, r, uscc) => rows.get(r, 'uscc') === uscc && rows.get(r, 'item') !== 'LEGAL_REPRESENTATIVE',
    key: ['uscc', 'item', 'changed_on'],
    // A version with an amended value.
    conflict: { field: 'after_value', other: (value, rng) => `${String(value)}（${rng.pick(['更正', '补录'])}）` },
  },
  {
    table: 'supply_chain.purchase_order',
    eligible: own('supplier_uscc'),
    key: ['core_uscc', 'order_no'],
    conflict: { field: 'amount', other: otherAmount },
  },
  {
    table: 'bank.guarantee',
    eligible: own('borrower_uscc'),
    key: ['guarantor_uscc', 'borrower_uscc', 'loan_id', 'start_date'],
    conflict: { field: 'amount', other: otherAmount },
  },
  {
    table: 'judicial.case_party',
    eligible: own('uscc'),
    key: ['case_id', 'uscc'],
    conflict: { field: 'role', other: (value) => (value === 'PLAINTIFF' ? 'DEFENDANT' : 'PLAINTIFF') },
  },
  {
    table: 'registry.abnormal_listing',
    eligible: own('uscc'),
    key: ['uscc', 'listed_on'],
    conflict: { field: 'reason', other: otherOf(ABNORMAL_REASONS) },
  },
  {
    table: 'judicial.enforcement',
    eligible: own('uscc'),
    key: ['uscc', 'case_no'],
    conflict: { field: 'amount', other: otherAmount },
  },
  {
    table: 'judicial.dishonest_listing',
    eligible: own('uscc'),
    key: ['uscc', 'case_no'],
    conflict: { field: 'obligation', other: otherOf(OBLIGATIONS) },
  },
  {
    table: 'supply_chain.confirmation',
    // Written for the firm's own receivables only.
    eligible: () => true,
    key: ['receivable_id', 'confirmed_by'],
    conflict: { field: 'confirmed_amount', other: otherAmount },
  },
  {
    table: 'registry.shareholder',
    eligible: own('uscc'),
    key: ['uscc', 'holder_type', 'holder_uscc', 'holder_id_no'],
    conflict: { field: 'subscribed_capital', other: otherAmount },
  },
];

/** The tables' row counts before a firm is generated: its own rows are the ones after. */
export type RowMarks = ReadonlyMap<TableName, number>;

export function rowMarks(out: FirmContext['out']): RowMarks {
  return new Map(TARGETS.map((t) => [t.table, out[t.table].length]));
}

/** Copies one of the firm's rows (written since `marks`) under a new id, if the firm is planted. */
export function plantDuplicateRecord(f: FirmContext, marks: RowMarks): void {
  const k = f.g.plan.duplicateRecord.get(f.i);
  if (k === undefined) return;
  const rng = Rng.stream(f.g.seed, f.i, Stream.DUPLICATE_RECORD);
  const identical = k % 2 === 0;
  for (let step = 0; step < TARGETS.length; step++) {
    const target = TARGETS[(k + step) % TARGETS.length];
    const rows = f.out[target.table];
    const candidates: number[] = [];
    for (let r = marks.get(target.table)!; r < rows.length; r++)
      if (target.eligible(rows, r, f.id.uscc)) candidates.push(r);
    if (candidates.length === 0) continue;
    const original = candidates[rng.int(0, candidates.length - 1)];
    const values = rows.specs.map((s) => rows.get(original, s.name));
    const copyId = f.g.ids.take(target.table);
    values[0] = copyId;
    const field = target.conflict.field;
    if (!identical)
      values[rows.specs.findIndex((s) => s.name === field)] = target.conflict.other(rows.get(original, field), rng);
    rows.add(...values);
    f.evidence('DUPLICATE_RECORD', {
      table: target.table,
      key: Object.fromEntries(target.key.map((c) => [c, rows.get(original, c)])),
      rowIds: [String(rows.get(original, 'id')), String(copyId)],
      identical,
      differingFields: identical ? [] : [field],
    });
    return;
  }
}
