/**
 * Set-based writes of fetched records into a mirror table: per table one statement that
 * removes the fetched firms' previous rows and upserts the new ones from a JSON array
 * (`jsonb_populate_recordset`), whatever the number of records. Records keep the upstream's
 * ids so child rows (pledges of a receivable, parties of a case) stay linked; the table's
 * sequence is moved past them so later local inserts do not collide.
 */
import type { PoolClient } from 'pg';
import { snakeCase } from '../../src/db/naming.strategy';
import { dataColumns } from './columns';

// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
type EntityClass = Function;

function columnsOf(entity: EntityClass): { props: string[]; cols: string[]; pkProps: string[]; pk: string[] } {
  const args = dataColumns(entity);
  const primary = args.filter((c) => c.options.primary);
  return {
    props: args.map((c) => c.propertyName),
    cols: args.map((c) => c.options.name ?? snakeCase(c.propertyName)),
    pkProps: primary.map((c) => c.propertyName),
    pk: primary.map((c) => c.options.name ?? snakeCase(c.propertyName)),
  };
}

export interface ReplaceSpec {
  entity: EntityClass;
  table: string;
  /**
   * The fetched firms' previous rows, as a condition on `$1` (their USCCs), e.g.
   * `uscc = ANY($1::bpchar[])`: deleted before the upsert. Omit it for rows several firms share
   * (a core enterprise, a court case), which are only upserted.
   */
  replaceWhere?: string;
}

export async function replaceRows(
  client: PoolClient,
  spec: ReplaceSpec,
  firmKeys: readonly string[],
  records: Array<Record<string, unknown>>,
): Promise<void> {
  const { props, cols, pkProps, pk } = columnsOf(spec.entity);
  if (spec.replaceWhere) await client.query(`DELETE FROM ${spec.table} WHERE ${spec.replaceWhere}`, [firmKeys]);
  // A record shared by several fetched firms (a case between two of them) is written once.
  const unique = new Map(records.map((r) => [JSON.stringify(pkProps.map((p) => r[p])), r]));
  if (!unique.size) return;
  const json = JSON.stringify(
    [...unique.values()].map((r) => Object.fromEntries(props.map((p, i) => [cols[i], r[p] ?? null]))),
  );
  const list = cols.map((c) => `"${c}"`).join(', ');
  const updates = cols.filter((c) => !pk.includes(c)).map((c) => `"${c}" = EXCLUDED."${c}"`);
  await client.query(
    `INSERT INTO ${spec.table} (${list}) SELECT ${list} FROM jsonb_populate_recordset(NULL::${spec.table}, $1::jsonb)
     ON CONFLICT (${pk.map((c) => `"${c}"`).join(', ')}) DO ${updates.length ? `UPDATE SET ${updates.join(', ')}` : 'NOTHING'}`,
    [json],
  );
  if (pk.length === 1 && pk[0] === 'id') {
    await client.query(
      `SELECT setval(pg_get_serial_sequence('${spec.table}', 'id'), GREATEST((SELECT max(id) FROM ${spec.table}), 1))`,
    );
  }
}

/** `column = ANY($1)`: the usual replaceWhere. */
export const firmRows = (...columns: string[]) => columns.map((c) => `${c} = ANY($1::bpchar[])`).join(' OR ');
