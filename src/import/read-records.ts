/**
 * Streams the records of an import file, never holding more than a chunk of it: CSV through
 * csv.ts, JSONL line by line, `.gz` files through gunzip. Bytes are counted (progress) and
 * hashed (sha256 of the file as stored) as they are read.
 *
 * The header (CSV) or the first record (JSONL) is checked against the kind before any row is
 * used: a missing required column or an unknown one rejects the whole file with a message naming
 * it. Afterwards a record that cannot be read as a row (a CSV line with the wrong number of
 * fields or a broken quote, a line that is not a JSON object) is yielded as a problem, so it is
 * quarantined with its line like any invalid row.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { Transform, type Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { CsvParser, type CsvRecord } from './csv';
import type { KindDef } from './kinds';

export type FileFormat = 'csv' | 'jsonl';

/** A record as read: its raw values by column, or why it could not be read as a row. */
export type RawRecord =
  | { line: number; ok: true; get: (column: string) => unknown; raw: Record<string, unknown> }
  | { line: number; ok: false; raw: unknown; reason: string };

export class ImportRejected extends Error {
  override name = 'ImportRejected';
}

/** Counts and hashes the bytes flowing through. */
export class ByteMeter extends Transform {
  bytes = 0;
  private readonly hash = createHash('sha256');
  constructor(private readonly onBytes?: (bytes: number) => void) {
    super();
  }
  override _transform(chunk: Buffer, _enc: BufferEncoding, done: () => void): void {
    this.bytes += chunk.length;
    this.hash.update(chunk);
    this.onBytes?.(this.bytes);
    this.push(chunk);
    done();
  }
  digest(): string {
    return this.hash.digest('hex');
  }
}

/** The format of a file from its extension: `.csv`, `.jsonl` / `.ndjson`, optionally `.gz`. */
export function formatOf(file: string): FileFormat | undefined {
  const name = file.toLowerCase().replace(/\.gz$/, '');
  if (name.endsWith('.csv')) return 'csv';
  if (name.endsWith('.jsonl') || name.endsWith('.ndjson')) return 'jsonl';
  return undefined;
}

/** Opens `file` (gunzipped when it ends in .gz) through `meter`; an error of any stage ends the returned stream. */
function open(file: string, meter: ByteMeter): Readable {
  const source = fs.createReadStream(file, { highWaterMark: 256 * 1024 });
  source.on('error', (err) => meter.destroy(err));
  const metered = source.pipe(meter);
  if (!file.toLowerCase().endsWith('.gz')) return metered;
  const gunzip = createGunzip();
  metered.on('error', (err) => gunzip.destroy(err));
  return metered.pipe(gunzip);
}

/** Checks the columns a file declares against the kind's; returns them normalised. */
export function checkHeader(kind: KindDef, columns: readonly string[], where: string): string[] {
  const names = columns.map((c) => c.trim().toLowerCase());
  const known = new Set(kind.fields.map((f) => f.name));
  const seen = new Set<string>();
  const dup = names.filter((n) => (seen.has(n) ? true : (seen.add(n), false)));
  const unknown = names.filter((n) => !known.has(n));
  const missing = kind.fields.filter((f) => f.required && !seen.has(f.name)).map((f) => f.name);
  const problems: string[] = [];
  if (missing.length) problems.push(`missing required column${missing.length > 1 ? 's' : ''} ${missing.join(', ')}`);
  if (unknown.length)
    problems.push(`unknown column${unknown.length > 1 ? 's' : ''} ${unknown.map((u) => JSON.stringify(u)).join(', ')}`);
  if (dup.length) problems.push(`column${dup.length > 1 ? 's' : ''} ${dup.join(', ')} given twice`);
  if (problems.length) {
    const optional = kind.fields.some((f) => !f.required) ? ' ([optional])' : '';
    throw new ImportRejected(
      `${where} of a ${kind.name} file: ${problems.join('; ')}. Expected the columns ${kind.fields.map((f) => (f.required ? f.name : `[${f.name}]`)).join(', ')}${optional}; see docs/import-formats.md`,
    );
  }
  return names;
}

/**
 * Yields the file's data records, a chunk's worth at a time (the CSV header is consumed and
 * checked first). Arrays rather than single records keep the per-record cost of async
 * iteration out of a million-row import.
 */
export async function* readRecords(
  file: string,
  format: FileFormat,
  kind: KindDef,
  meter: ByteMeter,
): AsyncGenerator<RawRecord[]> {
  const input = open(file, meter);
  input.setEncoding('utf8');
  yield* format === 'csv' ? readCsv(input, kind) : readJsonl(input, kind);
}

async function* readCsv(input: AsyncIterable<string>, kind: KindDef): AsyncGenerator<RawRecord[]> {
  const parser = new CsvParser();
  let header: string[] | null = null;
  const toRaw = (records: CsvRecord[]): RawRecord[] => {
    const out: RawRecord[] = [];
    for (const r of records) {
      if (header === null) {
        if (r.error)
          throw new ImportRejected(`the header (line ${r.line}) of a ${kind.name} file cannot be read: ${r.error}`);
        header = checkHeader(
          kind,
          r.fields.map((v) => v ?? ''),
          `the header (line ${r.line})`,
        );
        continue;
      }
      const cols = header;
      const raw: Record<string, unknown> = {};
      for (let i = 0; i < Math.max(cols.length, r.fields.length); i++)
        raw[cols[i] ?? `field_${i + 1}`] = r.fields[i] ?? null;
      if (r.error)
        out.push({ line: r.line, ok: false, raw, reason: `line ${r.line}: not a readable CSV record: ${r.error}` });
      else if (r.fields.length !== cols.length)
        out.push({
          line: r.line,
          ok: false,
          raw,
          reason: `line ${r.line}: has ${r.fields.length} fields but the header has ${cols.length}`,
        });
      else out.push({ line: r.line, ok: true, raw, get: (c) => raw[c] ?? null });
    }
    return out;
  };
  for await (const chunk of input) {
    const records = toRaw(parser.push(chunk));
    if (records.length) yield records;
  }
  const last = toRaw(parser.end());
  if (last.length) yield last;
  if (header === null)
    throw new ImportRejected(`the file is empty: a ${kind.name} CSV file starts with a header line naming its columns`);
}

async function* readJsonl(input: AsyncIterable<string>, kind: KindDef): AsyncGenerator<RawRecord[]> {
  const known = new Set(kind.fields.map((f) => f.name));
  let n = 0;
  let first = true;
  let rest = '';
  const toRaw = (text: string): RawRecord | null => {
    n++;
    const body = text.endsWith('\r') ? text.slice(0, -1) : text;
    if (body.trim() === '') return null;
    let value: unknown;
    try {
      value = JSON.parse(n === 1 ? body.replace(/^\uFEFF/, '') : body);
    } catch (err) {
      return {
        line: n,
        ok: false,
        raw: { text: body },
        reason: `line ${n}: not valid JSON: ${(err as Error).message}`,
      };
    }
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      return {
        line: n,
        ok: false,
        raw: { text: body },
        reason: `line ${n}: is not a JSON object; each line holds one ${kind.name} row as {"column": value, ...}`,
      };
    }
    const obj = value as Record<string, unknown>;
    // The first record stands for the header: a file that misnames a column is refused whole.
    if (first) {
      checkHeader(kind, Object.keys(obj), `the first record (line ${n})`);
      first = false;
    }
    const unknown = Object.keys(obj).filter((k) => !known.has(k));
    if (unknown.length) {
      return {
        line: n,
        ok: false,
        raw: obj,
        reason: `line ${n}: unknown column${unknown.length > 1 ? 's' : ''} ${unknown.map((u) => JSON.stringify(u)).join(', ')} (not a column of ${kind.name})`,
      };
    }
    return { line: n, ok: true, raw: obj, get: (c) => obj[c] };
  };
  for await (const chunk of input) {
    const text = rest + chunk;
    const lines = text.split('\n');
    rest = lines.pop()!;
    const out: RawRecord[] = [];
    for (const l of lines) {
      const r = toRaw(l);
      if (r) out.push(r);
    }
    if (out.length) yield out;
  }
  const r = rest === '' ? null : toRaw(rest);
  if (r) yield [r];
  if (first)
    throw new ImportRejected(`the file has no records: a ${kind.name} JSONL file holds one JSON object per line`);
}
