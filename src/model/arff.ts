/**
 * A reader for ARFF files (Weka's Attribute-Relation File Format), dense rows only.
 *
 * Header: `@relation NAME`, then one `@attribute NAME TYPE` per column, then `@data`. Keywords
 * are case-insensitive; names may be quoted with ' or ". Types: `numeric`, `real` and `integer`
 * (numbers), `{a, b, c}` (nominal: one of the listed values), `string`, and `date [format]`
 * (kept as its text). Lines whose first non-blank character is `%` are comments; blank lines are
 * skipped; LF and CRLF line ends are both accepted.
 *
 * Data: one comma-separated row per line, one value per attribute; a value may be quoted with
 * ' or " (a backslash escapes the next character inside quotes); `?` is missing (null). Numeric
 * values are parsed to numbers (a value that is not a finite number is an error naming the line);
 * a nominal value outside its declared list is an error. Sparse rows (`{0 1, 3 2}`) and
 * instance weights are not supported and are reported as errors.
 */

export type ArffType = 'numeric' | 'nominal' | 'string' | 'date';

export interface ArffAttribute {
  name: string;
  type: ArffType;
  /** The declared values of a nominal attribute. */
  values?: string[];
}

export interface ArffData {
  relation: string;
  attributes: ArffAttribute[];
  /** Numbers for numeric attributes, strings for the others, null for `?`. */
  rows: Array<Array<number | string | null>>;
  /** 1-based line of each row in the file. */
  lines: number[];
}

export class ArffError extends Error {
  override name = 'ArffError';
}

function unquote(s: string): string {
  const t = s.trim();
  if (t.length >= 2 && (t[0] === "'" || t[0] === '"') && t[t.length - 1] === t[0])
    return t.slice(1, -1).replace(/\\(.)/g, '$1');
  return t;
}

/** Splits on commas outside quotes; values are trimmed and unquoted. */
function splitValues(line: string, lineNo: number): string[] {
  if (!line.includes("'") && !line.includes('"')) return line.split(',').map((v) => v.trim());
  const out: string[] = [];
  let i = 0;
  for (;;) {
    while (i < line.length && (line[i] === ' ' || line[i] === '\t')) i++;
    let value: string;
    const q = line[i];
    if (q === "'" || q === '"') {
      let j = i + 1;
      value = '';
      while (j < line.length && line[j] !== q) {
        if (line[j] === '\\' && j + 1 < line.length) j++;
        value += line[j];
        j++;
      }
      if (j >= line.length) throw new ArffError(`line ${lineNo}: a quoted value is never closed`);
      i = j + 1;
      while (i < line.length && (line[i] === ' ' || line[i] === '\t')) i++;
      if (i < line.length && line[i] !== ',')
        throw new ArffError(`line ${lineNo}: unexpected ${JSON.stringify(line[i])} after a quoted value`);
    } else {
      const j = line.indexOf(',', i);
      value = (j < 0 ? line.slice(i) : line.slice(i, j)).trim();
      i = j < 0 ? line.length : j;
    }
    out.push(value);
    if (i >= line.length) return out;
    i++; // the comma
  }
}

/** Name and rest of an `@attribute` line (the name may be quoted). */
function attributeParts(rest: string, lineNo: number): [string, string] {
  const t = rest.trim();
  if (t[0] === "'" || t[0] === '"') {
    const end = t.indexOf(t[0], 1);
    if (end < 0) throw new ArffError(`line ${lineNo}: the attribute name's quote is never closed`);
    return [t.slice(1, end), t.slice(end + 1).trim()];
  }
  const m = /^(\S+)\s+([\s\S]*)$/.exec(t);
  if (!m) throw new ArffError(`line ${lineNo}: an @attribute needs a name and a type`);
  return [m[1], m[2].trim()];
}

export function parseArff(text: string): ArffData {
  const lines = text.split(/\r?\n/);
  let relation = '';
  const attributes: ArffAttribute[] = [];
  const rows: Array<Array<number | string | null>> = [];
  const rowLines: number[] = [];
  let inData = false;
  let nominal: Array<Set<string> | null> = [];
  for (let k = 0; k < lines.length; k++) {
    const lineNo = k + 1;
    const line = k === 0 && lines[0].charCodeAt(0) === 0xfeff ? lines[0].slice(1) : lines[k];
    const t = line.trim();
    if (!t || t[0] === '%') continue;
    if (!inData) {
      if (t[0] !== '@') throw new ArffError(`line ${lineNo}: expected @relation, @attribute or @data before the data`);
      const m = /^@(\w+)\s*([\s\S]*)$/.exec(t)!;
      const keyword = m[1].toLowerCase();
      if (keyword === 'relation') relation = unquote(m[2]);
      else if (keyword === 'attribute') {
        const [name, type] = attributeParts(m[2], lineNo);
        const lower = type.toLowerCase();
        if (type.startsWith('{')) {
          if (!type.endsWith('}')) throw new ArffError(`line ${lineNo}: nominal values of ${name} must be in braces`);
          const values = splitValues(type.slice(1, -1), lineNo).filter((v) => v !== '');
          attributes.push({ name, type: 'nominal', values });
        } else if (lower === 'numeric' || lower === 'real' || lower === 'integer')
          attributes.push({ name, type: 'numeric' });
        else if (lower === 'string') attributes.push({ name, type: 'string' });
        else if (lower.startsWith('date')) attributes.push({ name, type: 'date' });
        else throw new ArffError(`line ${lineNo}: attribute ${name} has an unsupported type ${JSON.stringify(type)}`);
      } else if (keyword === 'data') {
        inData = true;
        if (!attributes.length) throw new ArffError(`line ${lineNo}: @data before any @attribute`);
        nominal = attributes.map((a) => (a.values ? new Set(a.values) : null));
      } else throw new ArffError(`line ${lineNo}: unknown declaration @${m[1]}`);
      continue;
    }
    if (t[0] === '{') throw new ArffError(`line ${lineNo}: sparse ARFF rows are not supported`);
    const values = splitValues(t, lineNo);
    if (values.length !== attributes.length)
      throw new ArffError(`line ${lineNo}: ${values.length} values, expected ${attributes.length}`);
    const row: Array<number | string | null> = new Array(values.length);
    for (let j = 0; j < values.length; j++) {
      const v = values[j];
      const a = attributes[j];
      if (v === '?') row[j] = null;
      else if (a.type === 'numeric') {
        const x = Number(v);
        if (v === '' || !Number.isFinite(x))
          throw new ArffError(`line ${lineNo}: ${a.name} is numeric, got ${JSON.stringify(v)}`);
        row[j] = x;
      } else {
        if (nominal[j] && !nominal[j]!.has(v))
          throw new ArffError(
            `line ${lineNo}: ${a.name} must be one of {${a.values!.join(',')}}, got ${JSON.stringify(v)}`,
          );
        row[j] = v;
      }
    }
    rows.push(row);
    rowLines.push(lineNo);
  }
  if (!inData) throw new ArffError('no @data section');
  return { relation, attributes, rows, lines: rowLines };
}
