import { Kind } from 'graphql';
import { MoneyScalar, UsccScalar, YearMonthScalar } from '../src/graphql/scalars';
import { PublicError } from '../src/errors';
import { buildUscc } from '../src/lib/uscc';

function errorOf(fn: () => unknown): PublicError {
  try {
    fn();
  } catch (e) {
    return e as PublicError;
  }
  throw new Error('expected an error');
}

describe('scalars', () => {
  it('USCC: parses a valid code, rejects a bad check character with BAD_USER_INPUT', () => {
    const ok = buildUscc('9', '1', '330106', 'MA2CFGNC');
    expect(UsccScalar.parseValue(ok)).toBe(ok);
    const bad = ok.slice(0, 17) + (ok[17] === 'A' ? 'B' : 'A');
    const err = errorOf(() => UsccScalar.parseValue(bad));
    expect(err).toBeInstanceOf(PublicError);
    expect(err.extensions.code).toBe('BAD_USER_INPUT');
    expect(err.message).toContain(`require '${ok[17]}'`);
  });

  it('Money: exact decimal strings in, never floats', () => {
    expect(MoneyScalar.parseValue('1234567.89')).toBe('1234567.89');
    expect(MoneyScalar.parseValue(500000)).toBe('500000');
    expect(MoneyScalar.parseLiteral({ kind: Kind.INT, value: '500000' })).toBe('500000');
    expect(errorOf(() => MoneyScalar.parseValue(0.1)).message).toContain('must not be a floating-point number');
    expect(errorOf(() => MoneyScalar.parseValue('12.345')).message).toContain('16 digits before the point and 2 after');
    // Too large is told as too large, not as a decimals problem.
    expect(MoneyScalar.parseValue('9999999999999999.99')).toBe('9999999999999999.99');
    expect(errorOf(() => MoneyScalar.parseValue('99999999999999999999')).message).toBe(
      'invalid Money "99999999999999999999": expected a decimal string in CNY with at most 16 digits before the point and 2 after, e.g. "1234567.89"',
    );
    expect(errorOf(() => MoneyScalar.parseLiteral({ kind: Kind.FLOAT, value: '1.5' })).message).toContain(
      'must be given as a string',
    );
    expect(MoneyScalar.serialize('100.00')).toBe('100.00');
  });

  it('YearMonth: YYYY-MM only', () => {
    expect(YearMonthScalar.parseValue('2025-06')).toBe('2025-06');
    expect(errorOf(() => YearMonthScalar.parseValue('2025-13')).message).toContain('"YYYY-MM"');
  });
});
