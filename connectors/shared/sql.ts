/**
 * Batched reads over a source's mirror schema. Every loader issues one statement per batch
 * (`= ANY($1)` or a LATERAL top-N per key), whatever the number of keys.
 *
 * Select lists come from the TypeORM entity metadata, so SQL and entities cannot drift:
 * `selectColumns(Invoice, 'x')` -> `x.invoice_number AS "invoiceNumber", ...`.
 */
import type { QueryResultRow } from 'pg';
import type { Database } from '../../src/db/database';
import { snakeCase } from '../../src/db/naming.strategy';
import { dataColumns } from './columns';

const selectCache = new Map<string, string>();

// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export function selectColumns(entity: Function, alias: string): string {
  const cacheKey = `${entity.name}:${alias}`;
  let list = selectCache.get(cacheKey);
  if (!list) {
    const cols = dataColumns(entity);
    if (cols.length === 0) throw new Error(`${entity.name} has no TypeORM columns`);
    list = cols.map((c) => `${alias}.${c.options.name ?? snakeCase(c.propertyName)} AS "${c.propertyName}"`).join(', ');
    selectCache.set(cacheKey, list);
  }
  return list;
}

/** Groups rows by `keyOf(row)` into one array per key, in the order of `keys` (DataLoader's contract). */
export function groupByKey<K, R>(keys: readonly K[], rows: R[], keyOf: (row: R) => K): R[][] {
  const groups = new Map<K, R[]>();
  for (const k of keys) groups.set(k, []);
  for (const row of rows) groups.get(keyOf(row))?.push(row);
  return keys.map((k) => groups.get(k) ?? []);
}

/** One row (or null) per key, in key order. */
export function oneByKey<K, R>(keys: readonly K[], rows: R[], keyOf: (row: R) => K): (R | null)[] {
  const byKey = new Map<K, R>();
  for (const row of rows) byKey.set(keyOf(row), row);
  return keys.map((k) => byKey.get(k) ?? null);
}

/** char(18) columns pad to 18 characters; USCCs are exactly 18, so they compare as-is. */
export const USCC_ARRAY = 'bpchar[]';

/**
 * The newest `limit` rows per key in one statement: `unnest` the keys and take a LATERAL
 * `ORDER BY ... LIMIT` per key, which walks the (key, order) index instead of reading a
 * firm's whole history. Parameters: $1 keys, $2 limit, then `extraParams`.
 */
export function topNPerKeySql(opts: {
  /** FROM clause whose keyed table has alias `x`, e.g. `tax.invoice x`. */
  from: string;
  select: string;
  keyColumn: string;
  keyType: string;
  orderBy: string;
  where?: string;
  groupBy?: string;
}): string {
  const where = opts.where ? ` AND (${opts.where})` : '';
  const groupBy = opts.groupBy ? ` GROUP BY ${opts.groupBy}` : '';
  return (
    `SELECT t.* FROM unnest($1::${opts.keyType}) AS k(key) CROSS JOIN LATERAL ` +
    `(SELECT ${opts.select} FROM ${opts.from} WHERE x.${opts.keyColumn} = k.key${where}${groupBy} ` +
    `ORDER BY ${opts.orderBy} LIMIT $2) t`
  );
}

// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
type EntityClass = Function;

interface ReadSpec<R> {
  entity: EntityClass;
  /** `schema.table` */
  table: string;
  /** The property the keys match (its column is derived: `sellerUscc` -> `seller_uscc`). */
  key: keyof R & string;
  /** SQL array type of the keys; USCCs by default. */
  keyType?: string;
  /** ORDER BY over alias `x`, e.g. `x.issue_date DESC, x.id DESC`. */
  orderBy: string;
}

/** Every row per key (`= ANY($1)`), grouped in key order: for short, bounded lists. */
export async function loadAllPerKey<R extends QueryResultRow>(
  db: Database,
  spec: ReadSpec<R>,
  keys: readonly unknown[],
): Promise<R[][]> {
  const { rows } = await db.query<R>(
    `SELECT ${selectColumns(spec.entity, 'x')} FROM ${spec.table} x WHERE x.${snakeCase(spec.key)} = ANY($1::${spec.keyType ?? USCC_ARRAY}) ORDER BY ${spec.orderBy}`,
    [keys],
  );
  return groupByKey(keys, rows, (r) => r[spec.key]);
}

/** At most one row per key (the key is the table's primary key). */
export async function loadOnePerKey<R extends QueryResultRow>(
  db: Database,
  spec: Omit<ReadSpec<R>, 'orderBy'>,
  keys: readonly unknown[],
): Promise<(R | null)[]> {
  const { rows } = await db.query<R>(
    `SELECT ${selectColumns(spec.entity, 'x')} FROM ${spec.table} x WHERE x.${snakeCase(spec.key)} = ANY($1::${spec.keyType ?? USCC_ARRAY})`,
    [keys],
  );
  return oneByKey(keys, rows, (r) => r[spec.key]);
}

/** The first `limit` rows per key in `orderBy` order (newest first, typically). */
export async function loadTopNPerKey<R extends QueryResultRow>(
  db: Database,
  spec: ReadSpec<R>,
  keys: readonly unknown[],
  limit: number,
): Promise<R[][]> {
  const sql = topNPerKeySql({
    from: `${spec.table} x`,
    select: selectColumns(spec.entity, 'x'),
    keyColumn: snakeCase(spec.key),
    keyType: spec.keyType ?? USCC_ARRAY,
    orderBy: spec.orderBy,
  });
  const { rows } = await db.query<R>(sql, [keys, limit]);
  return groupByKey(keys, rows, (r) => r[spec.key]);
}
