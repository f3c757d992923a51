/**
 * The one enum of public error codes. A `PublicError` is shown to clients as it is; every other
 * error is masked by the server's `formatError` (no stack traces, no SQL).
 */
import { GraphQLError, type GraphQLErrorOptions } from 'graphql';

export enum ErrorCode {
  BAD_USER_INPUT = 'BAD_USER_INPUT',
  NOT_FOUND = 'NOT_FOUND',
  /** The request needs to say who makes it (a review needs its reviewer). */
  UNAUTHENTICATED = 'UNAUTHENTICATED',
  /** The subject's current state does not allow the action (e.g. undoing a link that is not in effect). */
  CONFLICT = 'CONFLICT',
  INTERNAL_SERVER_ERROR = 'INTERNAL_SERVER_ERROR',
  /** A source's upstream failed (down, 5xx, rate-limited past the deadline, breaker open). */
  UPSTREAM_UNAVAILABLE = 'UPSTREAM_UNAVAILABLE',
  /** A source's upstream did not answer before the request's deadline. */
  UPSTREAM_TIMEOUT = 'UPSTREAM_TIMEOUT',
  /** A source's upstream answered with data that failed validation. */
  UPSTREAM_BAD_DATA = 'UPSTREAM_BAD_DATA',
  /** The request's principal may not do or see this (e.g. personal data unmasked, the audit log). */
  FORBIDDEN = 'FORBIDDEN',
}

export class PublicError extends GraphQLError {
  constructor(code: ErrorCode, message: string, options: Omit<GraphQLErrorOptions, 'extensions'> & { extensions?: Record<string, unknown> } = {}) {
    super(message, { ...options, extensions: { ...options.extensions, code } });
  }
  get code(): ErrorCode {
    return this.extensions.code as ErrorCode;
  }
}

export function badInput(message: string, extensions: Record<string, unknown> = {}): PublicError {
  return new PublicError(ErrorCode.BAD_USER_INPUT, message, { extensions });
}
