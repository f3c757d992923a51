/**
 * Validation at the import boundary: every value of a row is checked against its column's format
 * (derived from the table, kinds.ts) before anything reaches the database, and every problem is
 * a sentence naming the column, the value and what was expected, e.g.
 * `column amount: "-5.00" is negative; expected an amount >= 0`.
 *
 * The formats are those of the upstream payloads (connectors/shared/wire.ts), reused here; the
 * import adds what a file needs on top: real calendar dates, precision and sign of numbers,
 * enum values, lengths, and USCC / resident-ID check characters with the expected character.
 */
import {
  date as wireDate,
  decimal as wireDecimal,
  money as wireMoney,
  month as wireMonth,
} from '../../connectors/shared/wire';
import { checkUscc } from '../lib/uscc';
import { idCardCheckChar } from '../lib/id-card';
import type { FieldDef, KindDef, Value } from './kinds';

export type Check = { ok: true; value: Value } | { ok: false; reason: string };

const ok = (value: Value): Check => ({ ok: true, value });
const fail = (reason: string): Check => ({ ok: false, reason });

/** `"text"` as it appears in a reason (JSON quoting keeps Chinese readable and shows spaces). */
export const quote = (v: unknown): string => (typeof v === 'string' ? JSON.stringify(v) : String(JSON.stringify(v)));

const INT4_MAX = 2_147_483_647;

/**
 * Checks one value. `raw` is what the file holds: a string or null (CSV: an unquoted empty field
 * is null, `""` is an empty string), or any JSON value or undefined (JSONL).
 */
export function checkValue(field: FieldDef, raw: unknown): Check {
  if (raw === undefined || raw === null) return missing(field, raw === undefined ? 'is missing' : 'is empty');
  if (field.type === 'list') return checkList(field, raw);
  if (typeof raw === 'number' && (field.type === 'text' || field.type === 'varchar') && Number.isFinite(raw))
    raw = String(raw);
  if (field.type === 'int' && typeof raw === 'number') return checkInt(field, raw, String(raw));
  if (field.type === 'boolean' && typeof raw === 'boolean') return ok(String(raw));
  if (typeof raw !== 'string') {
    const hint =
      typeof raw === 'number' && (field.type === 'money' || field.type === 'decimal')
        ? '; write numbers with decimals as strings, such as "1234.50" (JSON numbers lose precision)'
        : '';
    return fail(
      `${quote(raw)} is a JSON ${Array.isArray(raw) ? 'array' : typeof raw}; expected ${describe(field)}${hint}`,
    );
  }
  const bad = badCharacter(raw);
  if (bad) return fail(bad);
  // Text keeps its spaces; every coded value is trimmed, and an empty one is no value.
  if (field.type === 'text') return ok(raw);
  const s = raw.trim();
  if (s === '') return missing(field, 'is empty');
  switch (field.type) {
    case 'varchar':
      return codePoints(s) > (field.maxLength ?? Infinity)
        ? fail(`${quote(s)} has ${codePoints(s)} characters; at most ${field.maxLength} are allowed`)
        : ok(s);
    case 'uscc': {
      const r = checkUscc(s);
      return r.ok ? ok(r.value) : fail(r.reason);
    }
    case 'id-card':
      return checkIdCard(s);
    case 'month':
      return wireMonth.safeParse(s).success ? ok(s) : fail(`${quote(s)} is not a month YYYY-MM`);
    case 'date':
      return checkDate(s);
    case 'timestamp':
      return checkTimestamp(s);
    case 'money':
      return checkNumber(field, s, wireMoney.safeParse(s).success, 'an amount');
    case 'decimal':
      return checkNumber(field, s, wireDecimal.safeParse(s).success, 'a number');
    case 'int':
      return /^[+-]?\d+$/.test(s) ? checkInt(field, Number(s), s) : fail(`${quote(s)} is not a whole number`);
    case 'boolean': {
      const lower = s.toLowerCase();
      return lower === 'true' || lower === 'false' ? ok(lower) : fail(`${quote(s)} is not true or false`);
    }
    case 'enum': {
      const upper = s.toUpperCase();
      return field.values!.includes(upper) ? ok(upper) : fail(`${quote(s)} is not one of ${field.values!.join(', ')}`);
    }
  }
}

/**
 * A NUL cannot be stored in PostgreSQL text; U+FFFD is what bytes that are not UTF-8 decode to,
 * typically a GBK-encoded file: both are refused with the reason rather than stored mangled.
 */
function badCharacter(s: string): string | null {
  if (s.includes('\u0000')) return `${quote(s)} contains a NUL character, which text cannot hold`;
  if (s.includes('\uFFFD'))
    return `${quote(s)} contains bytes that are not UTF-8; files must be UTF-8 (convert a GBK file with iconv -f GBK -t UTF-8)`;
  return null;
}

function missing(field: FieldDef, how: string): Check {
  return field.required ? fail(`${how}; a value is required (${describe(field)})`) : ok(null);
}

/** What a column expects, for reasons. */
export function describe(field: FieldDef): string {
  switch (field.type) {
    case 'uscc':
      return 'an 18-character USCC';
    case 'id-card':
      return 'an 18-character resident ID number';
    case 'month':
      return 'a month YYYY-MM';
    case 'date':
      return 'a date YYYY-MM-DD';
    case 'timestamp':
      return 'a time such as 2024-05-31T09:30:00+08:00';
    case 'money':
      return `an amount such as 1234.56${field.signed ? '' : ', >= 0'}`;
    case 'decimal':
      return `a number with at most ${field.scale} decimals`;
    case 'int':
      return 'a whole number';
    case 'boolean':
      return 'true or false';
    case 'enum':
      return `one of ${field.values!.join(', ')}`;
    case 'varchar':
      return `text of at most ${field.maxLength} characters`;
    case 'text':
      return 'text';
    case 'list':
      return field.values
        ? `a list of ${field.values.join(', ')} (";"-separated in CSV)`
        : 'a list (";"-separated in CSV)';
  }
}

function codePoints(s: string): number {
  // Only astral characters (rare in CJK text) make UTF-16 length and character count differ.
  return /[\uD800-\uDBFF]/.test(s) ? [...s].length : s.length;
}

const DAYS = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const MONTH_NAMES = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

function checkDate(s: string): Check {
  if (!wireDate.safeParse(s).success) return fail(`${quote(s)} is not a date YYYY-MM-DD`);
  const y = Number(s.slice(0, 4));
  const m = Number(s.slice(5, 7));
  const d = Number(s.slice(8, 10));
  if (m < 1 || m > 12 || d < 1) return fail(`${quote(s)} is not a date YYYY-MM-DD`);
  const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
  const days = m === 2 && !leap ? 28 : DAYS[m - 1];
  if (d > days) return fail(`${quote(s)} is not a date YYYY-MM-DD (${MONTH_NAMES[m - 1]} ${y} has ${days} days)`);
  return ok(s);
}

const TIMESTAMP = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}):(\d{2})(:\d{2}(\.\d{1,6})?)?\s*(Z|[+-]\d{2}(:?\d{2})?)$/i;

function checkTimestamp(s: string): Check {
  const m = TIMESTAMP.exec(s);
  if (!m) {
    const zoneless = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/.test(s);
    return fail(
      `${quote(s)} is not a time with a time zone${zoneless ? ' (add Z or +08:00)' : ''}; expected e.g. 2024-05-31T09:30:00+08:00`,
    );
  }
  const day = checkDate(m[1]);
  if (!day.ok || Number(m[2]) > 23 || Number(m[3]) > 59)
    return fail(`${quote(s)} is not a valid time; expected e.g. 2024-05-31T09:30:00+08:00`);
  let zone = m[6].toUpperCase();
  if (/^[+-]\d{2}$/.test(zone)) zone += ':00';
  else if (/^[+-]\d{4}$/.test(zone)) zone = `${zone.slice(0, 3)}:${zone.slice(3)}`;
  const t = Date.parse(`${m[1]}T${m[2]}:${m[3]}${m[4] ?? ':00'}${zone}`);
  // One spelling per instant (UTC, milliseconds), so a re-delivered file compares equal.
  return Number.isNaN(t)
    ? fail(`${quote(s)} is not a valid time; expected e.g. 2024-05-31T09:30:00+08:00`)
    : ok(new Date(t).toISOString());
}

function checkNumber(field: FieldDef, s: string, formatOk: boolean, what: string): Check {
  const scale = field.scale ?? 0;
  const intDigits = (field.precision ?? 18) - scale;
  const m = /^([+-]?)(\d+)(?:\.(\d+))?$/.exec(s);
  if (!formatOk || !m) {
    return fail(
      `${quote(s)} is not ${what}: expected a decimal number with at most ${scale} decimals and no separators, such as ${field.type === 'money' ? '1234.56' : '0.3500'}`,
    );
  }
  const [, sign, whole, frac = ''] = m;
  if (frac.length > scale) return fail(`${quote(s)} has ${frac.length} decimals; at most ${scale} are allowed`);
  const digits = whole.replace(/^0+(?=\d)/, '');
  if (digits.length > intDigits)
    return fail(`${quote(s)} is too large; at most ${intDigits} digits before the decimal point`);
  const negative = sign === '-' && /[1-9]/.test(whole + frac);
  if (negative && !field.signed) return fail(`${quote(s)} is negative; expected ${what} >= 0`);
  const n = Number(s);
  if (field.min !== undefined && n < field.min)
    return fail(
      `${quote(s)} is below ${field.min}; expected ${what} from ${field.min}${field.max !== undefined ? ` to ${field.max}` : ''}`,
    );
  if (field.max !== undefined && n > field.max)
    return fail(`${quote(s)} is above ${field.max}; expected ${what} from ${field.min ?? 0} to ${field.max}`);
  return ok(s.replace(/^\+/, ''));
}

function checkInt(field: FieldDef, n: number, s: string): Check {
  if (!Number.isInteger(n)) return fail(`${quote(s)} is not a whole number`);
  if (Math.abs(n) > INT4_MAX) return fail(`${quote(s)} is too large for a whole-number column (at most ${INT4_MAX})`);
  if (n < 0 && !field.signed && (field.min === undefined || field.min >= 0))
    return fail(`${quote(s)} is negative; expected a whole number >= ${field.min ?? 0}`);
  if (field.min !== undefined && n < field.min)
    return fail(`${quote(s)} is below ${field.min}; expected a whole number >= ${field.min}`);
  if (field.max !== undefined && n > field.max)
    return fail(`${quote(s)} is above ${field.max}; expected a whole number <= ${field.max}`);
  return ok(String(n));
}

function checkIdCard(s: string): Check {
  const v = s.toUpperCase();
  if (!/^\d{17}[\dX]$/.test(v))
    return fail(`${quote(s)} is not a resident ID number: expected 17 digits and a check character (a digit or X)`);
  const expected = idCardCheckChar(v.slice(0, 17));
  if (v[17] !== expected)
    return fail(`${quote(s)} has check character '${v[17]}' but its first 17 digits require '${expected}'`);
  return ok(v);
}

function checkList(field: FieldDef, raw: unknown): Check {
  let items: unknown[];
  if (typeof raw === 'string')
    items = raw
      .split(';')
      .map((x) => x.trim())
      .filter((x) => x !== '');
  else if (Array.isArray(raw)) items = raw;
  else return fail(`${quote(raw)} is not ${describe(field)}`);
  const out: string[] = [];
  for (const item of items) {
    if (typeof item !== 'string') return fail(`element ${quote(item)} is not text; expected ${describe(field)}`);
    const bad = badCharacter(item);
    if (bad) return fail(`element ${bad}`);
    const v = field.values ? item.trim().toUpperCase() : item;
    if (field.values && !field.values.includes(v))
      return fail(`element ${quote(item)} is not one of ${field.values.join(', ')}`);
    out.push(v);
  }
  if (out.length === 0 && field.required)
    return fail(`is an empty list; ${describe(field)} with at least one element is required`);
  return ok(out);
}

export interface RowProblem {
  /** Columns at fault; empty for whole-row problems. */
  columns: string[];
  reason: string;
}

export type RowCheck = { ok: true; values: Record<string, Value> } | { ok: false; problems: RowProblem[] };

/**
 * Checks a row: every column, then the defaults taken from other columns, then the kind's
 * cross-column rules (on valid values only, so a bad date is reported once, as a bad date).
 * `get(name)` returns the raw value of a column.
 */
export function checkRow(kind: KindDef, get: (name: string) => unknown): RowCheck {
  const values: Record<string, Value> = {};
  const problems: RowProblem[] = [];
  for (const field of kind.fields) {
    const r = checkValue(field, get(field.name));
    if (r.ok) values[field.name] = r.value;
    else problems.push({ columns: [field.name], reason: `column ${field.name}: ${r.reason}` });
  }
  // A column the file left empty that defaults to another column's value (a court record's
  // published_on to its filed_on), when that one is valid.
  for (const field of kind.fields) {
    if (field.defaultFrom !== undefined && values[field.name] === null && field.defaultFrom in values)
      values[field.name] = values[field.defaultFrom];
  }
  for (const rule of kind.rules) {
    if (rule.columns.some((c) => !(c in values))) continue;
    const reason = rule.check(values);
    if (reason) problems.push({ columns: rule.columns, reason });
  }
  return problems.length ? { ok: false, problems } : { ok: true, values };
}

/**
 * The natural key of a valid row as text: its key fields joined by `|` (a `|`, `#` or `\` inside
 * a value is escaped), e.g. `031012413411|00011157`. An empty value is an empty part.
 */
export function naturalKey(kind: KindDef, values: Readonly<Record<string, Value>>): string {
  const parts = kind.key.fields.map((f) => {
    const v = Array.isArray(f)
      ? (f.map((g) => values[g]).find((x) => x !== null && x !== undefined) ?? null)
      : values[f];
    return v === null || v === undefined ? '' : String(v).replace(/[\\|#]/g, (c) => '\\' + c);
  });
  return parts.join('|');
}
