/**
 * A labelled table from a file (CSV or ARFF) as a development/validation split of a Dataset.
 *
 * Reading: `.arff` files by arff.ts (numeric attributes are numbers, nominal/string/date ones
 * text); anything else as CSV by the project's streaming parser (src/import/csv.ts; the first
 * record is the header, a leading BOM and CRLF are handled there). A CSV field that is empty or
 * blank is missing.
 *
 * Columns:
 * - the target: its values must be 0 and 1 (as text or numbers), unless `event` names the value
 *   that is the event (then every other value is 0); rows with no target value are skipped and
 *   counted;
 * - the split column (with `split.kind === 'column'`) only splits;
 * - features: the `features` given (default: every column) but the target, the split column and
 *   the `exclude`d ones;
 * - kinds: a column listed in `categorical` is categorical; otherwise an ARFF attribute keeps its
 *   declared kind, and a CSV column is numeric when every non-missing value that is not one of the
 *   `specialCodes` is a decimal number (digits, optional sign, point and exponent), else
 *   categorical. In a numeric column a special code stays a string and gets a bin of its own.
 *
 * Splits: `column` (rows whose split value equals `trainValue`, default "1", are training, the
 * rest validation), `class-alternate` (within each class, rows in file order numbered 0, 1, …;
 * even = training, odd = validation) and `last` (the last `fraction` of the rows in file order is
 * validation: an out-of-time split for a file ordered by time).
 */
import fs from 'node:fs';
import path from 'node:path';
import { CsvParser } from '../import/csv';
import { parseArff } from './arff';
import {
  splitBy,
  splitClassAlternate,
  splitLast,
  type Dataset,
  type FeatureKind,
  type FeatureSpec,
  type FeatureValue,
  type Observation,
  type Split,
} from './dataset';

export type SplitSpec =
  | { kind: 'column'; column: string; trainValue: string }
  | { kind: 'class-alternate' }
  | { kind: 'last'; fraction: number };

export interface FileDatasetOptions {
  target: string;
  /** The target value that is the event; by default the target must be 0/1. */
  event?: string;
  features?: string[];
  exclude?: string[];
  categorical?: string[];
  /** Codes that are not numbers but special values (bins of their own) in numeric columns. */
  specialCodes?: string[];
  split: SplitSpec;
}

export type ColumnRole = 'target' | 'split' | 'feature' | 'excluded';

export interface ColumnInfo {
  name: string;
  role: ColumnRole;
  kind: FeatureKind | null;
  /** Why it has this role and kind. */
  why: string;
}

export interface FileDataset extends Split {
  file: string;
  format: 'csv' | 'arff';
  columns: ColumnInfo[];
  /** Rows with no target value, left out. */
  skippedRows: number;
}

export interface Table {
  format: 'csv' | 'arff';
  columns: string[];
  /** Declared kind of each column (ARFF), null when the file does not say (CSV). */
  declared: Array<FeatureKind | null>;
  rows: Array<Array<string | number | null>>;
  /** 1-based line of each row. */
  lines: number[];
}

/** An input the user can fix (a missing column, a bad value): reported as a message, not a stack. */
export class DatasetError extends Error {
  override name = 'DatasetError';
}

export function parseCsvTable(text: string): Table {
  const parser = new CsvParser();
  const records = [...parser.push(text), ...parser.end()];
  const bad = records.find((r) => r.error);
  if (bad) throw new DatasetError(`line ${bad.line}: ${bad.error}`);
  if (!records.length) throw new DatasetError('the CSV file is empty');
  const columns = records[0].fields.map((f, i) => (f ?? '').trim() || `column${i + 1}`);
  const rows: Array<Array<string | null>> = [];
  const lines: number[] = [];
  for (const r of records.slice(1)) {
    if (r.fields.length > columns.length)
      throw new DatasetError(`line ${r.line}: ${r.fields.length} fields, but the header has ${columns.length}`);
    const row = r.fields.map((f) => (f === null || f.trim() === '' ? null : f.trim()));
    while (row.length < columns.length) row.push(null);
    rows.push(row);
    lines.push(r.line);
  }
  return { format: 'csv', columns, declared: columns.map(() => null), rows, lines };
}

export function readTable(file: string): Table {
  const text = fs.readFileSync(file, 'utf8');
  if (path.extname(file).toLowerCase() === '.arff') {
    try {
      const a = parseArff(text);
      return {
        format: 'arff',
        columns: a.attributes.map((x) => x.name),
        declared: a.attributes.map((x) => (x.type === 'numeric' ? 'numeric' : 'categorical')),
        rows: a.rows,
        lines: a.lines,
      };
    } catch (err) {
      throw new DatasetError(`${file}: ${(err as Error).message}`);
    }
  }
  return parseCsvTable(text);
}

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

function sameSet(list: string[] | undefined): Set<string> {
  return new Set((list ?? []).map((s) => s.trim()).filter(Boolean));
}

/** The Dataset and split of a table (see the header). */
export function tableToDataset(table: Table, options: FileDatasetOptions, file = '(table)'): FileDataset {
  const index = new Map(table.columns.map((c, i) => [c, i]));
  const need = (name: string, what: string) => {
    const i = index.get(name);
    if (i === undefined)
      throw new DatasetError(
        `${what} ${JSON.stringify(name)} is not a column of ${file}; its columns are: ${table.columns.join(', ')}`,
      );
    return i;
  };
  const reserved = table.columns.find((c) => c === '__proto__' || c === 'constructor' || c === 'prototype');
  if (reserved) throw new DatasetError(`a column may not be named ${reserved}`);
  const targetIdx = need(options.target, 'the target');
  const splitIdx = options.split.kind === 'column' ? need(options.split.column, 'the split column') : -1;
  const exclude = sameSet(options.exclude);
  const categorical = sameSet(options.categorical);
  const special = sameSet(options.specialCodes);
  for (const c of exclude) need(c, '--exclude');
  for (const c of categorical) need(c, '--categorical');
  const explicit = options.features ? sameSet(options.features) : null;
  if (explicit) for (const c of explicit) need(c, '--features');

  // Labels.
  const labels: Array<0 | 1 | null> = [];
  for (let r = 0; r < table.rows.length; r++) {
    const v = table.rows[r][targetIdx];
    if (v === null) {
      labels.push(null);
      continue;
    }
    const s = String(v).trim();
    if (options.event !== undefined) labels.push(s === options.event ? 1 : 0);
    else if (Number(s) === 1 && NUMBER.test(s)) labels.push(1);
    else if (Number(s) === 0 && NUMBER.test(s)) labels.push(0);
    else
      throw new DatasetError(
        `line ${table.lines[r]}: the target ${options.target} is ${JSON.stringify(s)}; it must be 0 or 1 (or name the event value with --event)`,
      );
  }

  // Roles and kinds.
  const columns: ColumnInfo[] = [];
  const features: FeatureSpec[] = [];
  const featureIdx: number[] = [];
  table.columns.forEach((name, i) => {
    if (i === targetIdx) return columns.push({ name, role: 'target', kind: null, why: 'the target' });
    if (i === splitIdx) return columns.push({ name, role: 'split', kind: null, why: 'the split column' });
    if (exclude.has(name)) return columns.push({ name, role: 'excluded', kind: null, why: '--exclude' });
    if (explicit && !explicit.has(name))
      return columns.push({ name, role: 'excluded', kind: null, why: 'not listed in --features' });
    let kind: FeatureKind;
    let why: string;
    if (categorical.has(name)) {
      kind = 'categorical';
      why = '--categorical';
    } else if (table.declared[i]) {
      kind = table.declared[i]!;
      why = 'declared in the ARFF header';
    } else {
      const offending = table.rows.find((row) => {
        const v = row[i];
        return v !== null && !special.has(String(v)) && !(typeof v === 'number' || NUMBER.test(v));
      });
      kind = offending ? 'categorical' : 'numeric';
      why = offending
        ? `auto: non-numeric values such as ${JSON.stringify(offending[i])}`
        : 'auto: every value is a number';
    }
    columns.push({ name, role: 'feature', kind, why });
    features.push({ name, kind });
    featureIdx.push(i);
  });
  if (!features.length) throw new DatasetError('no feature columns are left');

  const rows: Observation[] = [];
  const splitValues: string[] = [];
  let skippedRows = 0;
  for (let r = 0; r < table.rows.length; r++) {
    const label = labels[r];
    if (label === null) {
      skippedRows++;
      continue;
    }
    const src = table.rows[r];
    const values: Record<string, FeatureValue> = {};
    for (let k = 0; k < features.length; k++) {
      const v = src[featureIdx[k]];
      let out: FeatureValue;
      if (v === null) out = null;
      else if (features[k].kind === 'categorical') out = String(v);
      else if (typeof v === 'number') out = v;
      else out = special.has(v) ? v : Number(v);
      values[features[k].name] = out;
    }
    rows.push({ label, values, id: `line ${table.lines[r]}` });
    if (splitIdx >= 0) splitValues.push(src[splitIdx] === null ? '' : String(src[splitIdx]).trim());
  }
  const data: Dataset = { features, rows };
  let split: Split;
  const s = options.split;
  if (s.kind === 'column') split = splitBy(data, (_, i) => splitValues[i] === s.trainValue);
  else if (s.kind === 'class-alternate') split = splitClassAlternate(data);
  else split = splitLast(data, s.fraction);
  if (!split.train.rows.length) throw new DatasetError('the split leaves no training rows');
  if (!split.validation.rows.length) throw new DatasetError('the split leaves no validation rows');
  return { ...split, file, format: table.format, columns, skippedRows };
}

export function loadFileDataset(file: string, options: FileDatasetOptions): FileDataset {
  if (!fs.existsSync(file)) throw new DatasetError(`${file}: no such file`);
  return tableToDataset(readTable(file), options, file);
}
