import { GraphQLError } from 'graphql';
import { formatError, isUnexpected } from '../src/graphql/format-error';
import { badInput } from '../src/errors';

describe('formatError', () => {
  it('masks unexpected errors: no SQL, no stack', () => {
    const err = new GraphQLError('relation "tax.invoice" does not exist', {
      originalError: new Error('relation "tax.invoice" does not exist'),
    });
    const out = formatError(
      { message: err.message, extensions: { code: 'INTERNAL_SERVER_ERROR', stacktrace: ['at x'] } },
      err,
    );
    expect(out).toEqual({
      message: 'Internal server error',
      locations: undefined,
      path: undefined,
      extensions: { code: 'INTERNAL_SERVER_ERROR' },
    });
    expect(isUnexpected(err)).toBe(true);
  });

  it('keeps a public error even when wrapped as a validation error', () => {
    const pub = badInput('invalid USCC: ...');
    const wrapped = new GraphQLError(pub.message, {
      originalError: pub,
      extensions: { code: 'GRAPHQL_VALIDATION_FAILED' },
    });
    const out = formatError({ message: pub.message, extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } }, wrapped);
    expect(out.extensions?.code).toBe('BAD_USER_INPUT');
    expect(out.message).toBe('invalid USCC: ...');
    expect(isUnexpected(wrapped)).toBe(false);
  });
});
