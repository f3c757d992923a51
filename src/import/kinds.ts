/**
 * What can be imported: one kind per mirror table, `<source>.<kind>` (e.g. `tax.invoice`), and
 * for each its file columns, natural key, parent reference, the firms it belongs to and the
 * dates that make its as-of date. Each source's descriptor lists its kinds
 * (connectors/<source>/<source>.kinds.ts, the `KindSpec`s of ./kind-spec.ts).
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
import { snakeCase } from '../db/naming.strategy';
import { SOURCES } from '../../connectors/sources';
import type { SourceDescriptor } from '../../connectors/shared/source';
import { dataColumns } from '../../connectors/shared/columns';
import type { FieldDef, KindDef, KindSpec, ValueType } from './kind-spec';

export type * from './kind-spec';

/** Every source's import id: `registry`, `tax`, `supply-chain`, ... */
export const SOURCE_IDS: readonly string[] = SOURCES.map((s) => s.id);
export type SourceId = string;

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
function buildKind(source: SourceDescriptor, spec: KindSpec): KindDef {
  const storage = getMetadataArgsStorage();
  const table = storage.tables.find((t) => t.target === spec.entity);
  if (!table?.schema || !table.name) throw new Error(`${spec.entity.name} is not an entity with a schema`);
  const generated = new Set(storage.generations.filter((g) => g.target === spec.entity).map((g) => g.propertyName));
  // The entity's data columns, as the connectors read and write them: the import key is bookkeeping, not a file column.
  const args = dataColumns(spec.entity);
  const primaryKey = args.filter((c) => c.options.primary).map((c) => c.options.name ?? snakeCase(c.propertyName));
  const parent = spec.parent;
  const copied = new Set(Object.keys(parent?.copy ?? {}));
  const fields: FieldDef[] = [];
  const columns: KindDef['columns'] = [];
  const name = `${source.id}.${spec.kind}`;

  for (const c of args) {
    if (generated.has(c.propertyName)) continue;
    const column = c.options.name ?? snakeCase(c.propertyName);
    const { sourceNames, ...extra } = spec.fields?.[column] ?? {};
    if (sourceNames) extra.values = SOURCES.map((s) => s.name);
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
    source: source.id,
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
export const KINDS: readonly KindDef[] = SOURCES.flatMap((s) => s.kinds.map((k) => buildKind(s, k)));

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

/** The source an import id names (`supply-chain`). */
export function sourceById(id: SourceId): SourceDescriptor {
  return SOURCES.find((s) => s.id === id)!;
}
