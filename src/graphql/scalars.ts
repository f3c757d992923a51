/**
 * Custom scalars. Dates and times come from graphql-scalars (LocalDate `YYYY-MM-DD`,
 * DateTime); these three are the platform's own:
 * - `USCC`: a unified social credit code, check character verified on input.
 * - `Money`: an exact decimal string in CNY (`"1234567.89"`); never a float.
 * - `YearMonth`: a calendar month `YYYY-MM`.
 * A bad input is a BAD_USER_INPUT error whose message says what was wrong and what was expected.
 */
import { GraphQLScalarType, Kind, type ValueNode } from 'graphql';
import { badInput } from '../errors';
import { checkUscc } from '../lib/uscc';

function literalString(ast: ValueNode, scalar: string, expected: string): string {
  if (ast.kind === Kind.STRING) return ast.value;
  if (ast.kind === Kind.INT && scalar === 'Money') return ast.value;
  throw badInput(`${scalar} must be given as a string: ${expected}`);
}

function parseUscc(value: unknown): string {
  if (typeof value !== 'string') throw badInput(`USCC must be a string of 18 characters, got ${typeof value}`);
  const check = checkUscc(value);
  if (!check.ok) throw badInput(`invalid USCC: ${check.reason}`, { argument: 'uscc' });
  return check.value;
}

export const UsccScalar = new GraphQLScalarType<string, string>({
  name: 'USCC',
  description:
    'Unified social credit code (统一社会信用代码, GB 32100-2015): 18 characters over 0-9 and A-Y without I, O, S, V, Z; the last is a check character.',
  serialize: (v) => String(v),
  parseValue: parseUscc,
  parseLiteral: (ast) => parseUscc(literalString(ast, 'USCC', '18 characters such as "91330106MA2CFGNC1X"')),
});

const MONEY_RE = /^-?\d{1,16}(\.\d{1,2})?$/;
const MONEY_EXPECTED = 'a decimal string in CNY with at most 16 digits before the point and 2 after, e.g. "1234567.89"';

function parseMoney(value: unknown): string {
  if (typeof value === 'number') {
    if (Number.isSafeInteger(value)) return String(value);
    throw badInput(`Money must not be a floating-point number (got ${value}); send ${MONEY_EXPECTED}`);
  }
  if (typeof value !== 'string' || !MONEY_RE.test(value.trim())) {
    throw badInput(`invalid Money ${JSON.stringify(value)}: expected ${MONEY_EXPECTED}`);
  }
  return value.trim();
}

export const MoneyScalar = new GraphQLScalarType<string, string>({
  name: 'Money',
  description: 'An exact amount in CNY as a decimal string ("1234567.89"). Never a float.',
  serialize: (v) => {
    const s = typeof v === 'string' ? v : String(v);
    if (!/^-?\d+(\.\d+)?$/.test(s)) throw new TypeError(`Money cannot represent ${s}`);
    return s;
  },
  parseValue: parseMoney,
  parseLiteral: (ast) => parseMoney(literalString(ast, 'Money', MONEY_EXPECTED)),
});

const MONTH_RE = /^(\d{4})-(0[1-9]|1[0-2])$/;

function parseMonth(value: unknown): string {
  if (typeof value !== 'string' || !MONTH_RE.test(value)) {
    throw badInput(`invalid YearMonth ${JSON.stringify(value)}: expected a month as "YYYY-MM", e.g. "2025-06"`);
  }
  return value;
}

export const YearMonthScalar = new GraphQLScalarType<string, string>({
  name: 'YearMonth',
  description: 'A calendar month, "YYYY-MM".',
  serialize: (v) => String(v),
  parseValue: parseMonth,
  parseLiteral: (ast) => parseMonth(literalString(ast, 'YearMonth', '"YYYY-MM"')),
});

export { LocalDateResolver as LocalDateScalar, DateTimeResolver as DateTimeScalar } from 'graphql-scalars';
