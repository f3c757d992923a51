/**
 * Writes a database's mirror tables as import files, exactly in the import formats: one file per
 * kind, `<source>.<kind>.csv` or `.jsonl`, children naming their parents by natural key
 * (`account_no`, never an id). Importing the files in KINDS order (parents first; `npm run import
 * -- --dir DIR` does) into an empty database reproduces the tables, ids and provenance aside.
 *
 * Rows are streamed out through a server-side cursor, a few thousand at a time, in primary-key
 * order (so a file's lines, and the occurrence numbers of duplicate keys, are stable), and
 * written with backpressure: memory stays bounded for any database.
 */
import fs from 'node:fs';
import path from 'node:path';
import { once } from 'node:events';
import type { Database } from '../db/database';
import { KINDS, type FieldDef, type KindDef } from './kinds';
import type { FileFormat } from './read-records';

export interface ExportOptions {
  format?: FileFormat;
  /** Only these kinds (`tax.invoice`); default every kind. */
  kinds?: string[];
  /** Rows per FETCH; default 5000. */
  batchSize?: number;
  onProgress?: (p: { kind: string; rows: number }) => void;
}

export interface ExportedFile {
  kind: string;
  file: string;
  rows: number;
}

const q = (ident: string) => `"${ident}"`;

/** The SELECT of a kind's file columns, in file order, parents joined for their natural key. */
export function exportSql(kind: KindDef): string {
  const p = kind.parent;
  const select = kind.fields
    .map((f) => (f.role === 'parent' ? `p.${q(p!.key)} AS ${q(f.name)}` : `x.${q(f.name)}`))
    .join(', ');
  const join = p ? ` LEFT JOIN ${p.table} p ON p.id = x.${q(p.fk)}` : '';
  return `SELECT ${select} FROM ${kind.table} x${join} ORDER BY ${kind.primaryKey.map((c) => `x.${q(c)}`).join(', ')}`;
}

/** A value as the import reads it back: text, or null. */
function text(field: FieldDef, v: unknown): string | null {
  if (v === null || v === undefined) return null;
  if (v instanceof Date) return v.toISOString();
  if (Array.isArray(v)) return v.join(';');
  return String(v);
}

/** One CSV field: null is an empty field, an empty text `""`, and quotes where needed. */
export function csvField(v: string | null): string {
  if (v === null) return '';
  if (v === '' || /[",\r\n]/.test(v) || v !== v.trim()) return '"' + v.replace(/"/g, '""') + '"';
  return v;
}

function jsonValue(field: FieldDef, v: unknown): unknown {
  if (v === null || v === undefined) return null;
  if (field.type === 'list') return v;
  if (field.type === 'int') return Number(v);
  if (field.type === 'boolean') return v === true || v === 'true';
  return text(field, v);
}

export async function writeImportFiles(
  db: Database,
  dir: string,
  options: ExportOptions = {},
): Promise<ExportedFile[]> {
  const format = options.format ?? 'csv';
  const batchSize = options.batchSize ?? 5000;
  const kinds = options.kinds ? KINDS.filter((k) => options.kinds!.includes(k.name)) : KINDS;
  if (options.kinds) {
    const unknown = options.kinds.filter((n) => !KINDS.some((k) => k.name === n));
    if (unknown.length)
      throw new Error(`unknown kind ${unknown.join(', ')}; expected one of ${KINDS.map((k) => k.name).join(', ')}`);
  }
  fs.mkdirSync(dir, { recursive: true });
  const written: ExportedFile[] = [];
  for (const kind of kinds)
    written.push(
      await writeKind(db, kind, path.join(dir, `${kind.name}.${format}`), format, batchSize, options.onProgress),
    );
  return written;
}

async function writeKind(
  db: Database,
  kind: KindDef,
  file: string,
  format: FileFormat,
  batchSize: number,
  onProgress: ExportOptions['onProgress'],
): Promise<ExportedFile> {
  const out = fs.createWriteStream(file, { encoding: 'utf8' });
  const closed = once(out, 'close');
  const write = async (chunk: string) => {
    if (!out.write(chunk)) await once(out, 'drain');
  };
  let rows = 0;
  const client = await db.pool.connect();
  try {
    if (format === 'csv') await write(kind.fields.map((f) => f.name).join(',') + '\n');
    await client.query('BEGIN READ ONLY');
    await client.query(`DECLARE import_export NO SCROLL CURSOR FOR ${exportSql(kind)}`);
    for (;;) {
      const { rows: batch } = await client.query<Record<string, unknown>>(`FETCH ${batchSize} FROM import_export`);
      if (!batch.length) break;
      let chunk = '';
      for (const row of batch) {
        if (format === 'csv') chunk += kind.fields.map((f) => csvField(text(f, row[f.name]))).join(',') + '\n';
        else
          chunk +=
            JSON.stringify(Object.fromEntries(kind.fields.map((f) => [f.name, jsonValue(f, row[f.name])]))) + '\n';
      }
      await write(chunk);
      rows += batch.length;
      onProgress?.({ kind: kind.name, rows });
    }
    await client.query('COMMIT');
  } catch (err) {
    await client.query('ROLLBACK').catch(() => {});
    out.destroy();
    throw err;
  } finally {
    client.release();
  }
  out.end();
  await closed;
  return { kind: kind.name, file, rows };
}
