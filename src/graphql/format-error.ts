/**
 * The one place errors are shaped for clients. A `PublicError` anywhere in the cause chain is
 * shown as it is (code, message, extensions), even when graphql-js or Apollo wrapped it (a bad
 * USCC literal arrives wrapped as a validation error). Apollo's own request errors (parse,
 * validation, bad request) pass through. Everything else is masked as INTERNAL_SERVER_ERROR:
 * no stack traces, no SQL, no driver messages.
 */
import type { GraphQLFormattedError } from 'graphql';
import { ErrorCode, PublicError } from '../errors';
import { logger } from '../ops/logger';

const APOLLO_REQUEST_ERRORS = new Set([
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_USER_INPUT',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
  'OPERATION_RESOLUTION_FAILURE',
  'BAD_REQUEST',
]);

function findPublic(error: unknown): PublicError | undefined {
  for (let e = error, depth = 0; e && depth < 8; depth++) {
    if (e instanceof PublicError) return e;
    e = (e as { originalError?: unknown }).originalError;
  }
  return undefined;
}

export function formatError(
  formatted: GraphQLFormattedError,
  error: unknown,
  log: (err: unknown) => void = (err) => logger.error({ err }, 'unexpected error'),
): GraphQLFormattedError {
  const pub = findPublic(error);
  const { stacktrace: _s, ...extensions } = formatted.extensions ?? {};
  if (pub) {
    // `http` (a status and headers for the response, e.g. 401) is for Apollo, not the client.
    const { http: _h, ...pubExtensions } = pub.extensions;
    return { ...formatted, message: pub.message, extensions: { ...extensions, ...pubExtensions } };
  }
  if (APOLLO_REQUEST_ERRORS.has(String(extensions.code))) return { ...formatted, extensions };
  log(error);
  return {
    message: 'Internal server error',
    locations: formatted.locations,
    path: formatted.path,
    extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR },
  };
}
