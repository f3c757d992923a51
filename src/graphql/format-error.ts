/**
 * The one place errors are shaped for clients. A `PublicError` anywhere in the cause chain is
 * shown as it is (code, message, extensions), even when graphql-js or Apollo wrapped it (a bad
 * USCC literal arrives wrapped as a validation error). Apollo's own request errors (parse,
 * validation, bad request) pass through. Everything else is masked as INTERNAL_SERVER_ERROR:
 * no stack traces, no SQL, no driver messages; `unexpectedErrorLog` logs it in full (with the
 * request id) from where the request's context is known.
 */
import type { ApolloServerPlugin } from '@apollo/server';
import type { GraphQLFormattedError } from 'graphql';
import type { Logger } from 'pino';
import { ErrorCode, PublicError } from '../errors';

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

/** Neither ours to show (a PublicError in the chain) nor one of Apollo's request errors: a fault to mask and log. */
export function isUnexpected(
  error: unknown,
  code: unknown = (error as { extensions?: { code?: unknown } })?.extensions?.code,
): boolean {
  return !findPublic(error) && !APOLLO_REQUEST_ERRORS.has(String(code));
}

export function formatError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  const pub = findPublic(error);
  const { stacktrace: _s, ...extensions } = formatted.extensions ?? {};
  if (pub) {
    // `http` (a status and headers for the response, e.g. 401) is for Apollo, not the client.
    const { http: _h, ...pubExtensions } = pub.extensions;
    return { ...formatted, message: pub.message, extensions: { ...extensions, ...pubExtensions } };
  }
  if (!isUnexpected(error, extensions.code)) return { ...formatted, extensions };
  return {
    message: 'Internal server error',
    locations: formatted.locations,
    path: formatted.path,
    extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR },
  };
}

/**
 * Logs each unexpected error of a request in full, with the request's id (the client's
 * `x-request-id`). Done here, where the context is known, rather than by a request-scoped
 * AsyncLocalStorage: on Node 20 that puts a hook on every promise the request makes.
 */
export function unexpectedErrorLog(logger: Logger): ApolloServerPlugin<{ requestId: string }> {
  return {
    async requestDidStart() {
      return {
        async didEncounterErrors({ contextValue, errors }) {
          for (const err of errors)
            if (isUnexpected(err)) logger.error({ err, requestId: contextValue?.requestId }, 'unexpected error');
        },
      };
    },
  };
}
