/**
 * The one enum of public error codes. A `PublicError` is shown to clients as it is; every other
 * error is masked by the server's `formatError` (no stack traces, no SQL).
 */
import { GraphQLError, type GraphQLErrorOptions } from 'graphql';

export enum ErrorCode {
  BAD_USER_INPUT = 'BAD_USER_INPUT',
  NOT_FOUND = 'NOT_FOUND',
  /** No valid bearer token: missing, malformed, forged, expired, or for another issuer or audience. */
  UNAUTHENTICATED = 'UNAUTHENTICATED',
  /** The token's role may not do this (an AUDITOR reading a profile, a PARTNER listing the portfolio). */
  FORBIDDEN = 'FORBIDDEN',
  /** A PARTNER asked for a firm, or a source of it, that no active consent of the firm covers for its purpose. */
  CONSENT_REQUIRED = 'CONSENT_REQUIRED',
  /** The subject's current state does not allow the action (e.g. undoing a link that is not in effect). */
  CONFLICT = 'CONFLICT',
  INTERNAL_SERVER_ERROR = 'INTERNAL_SERVER_ERROR',
  /** A source's upstream failed (down, 5xx, rate-limited past the deadline, breaker open). */
  UPSTREAM_UNAVAILABLE = 'UPSTREAM_UNAVAILABLE',
  /** A source's upstream did not answer before the request's deadline. */
  UPSTREAM_TIMEOUT = 'UPSTREAM_TIMEOUT',
  /** A source's upstream answered with data that failed validation. */
  UPSTREAM_BAD_DATA = 'UPSTREAM_BAD_DATA',
  /**
   * The request's deadline (REQUEST_DEADLINE_MS) passed before a database read for this field
   * could start: the read was not run and the field is null (the rest of the response stands).
   */
  DEADLINE_EXCEEDED = 'DEADLINE_EXCEEDED',
  // Hardening (src/ops/): a request refused before anything ran.
  /** The operation nests deeper than MAX_QUERY_DEPTH. */
  QUERY_TOO_DEEP = 'QUERY_TOO_DEEP',
  /** The operation uses more aliases than MAX_QUERY_ALIASES. */
  TOO_MANY_ALIASES = 'TOO_MANY_ALIASES',
  /** The document has more tokens than MAX_QUERY_TOKENS. */
  TOO_MANY_TOKENS = 'TOO_MANY_TOKENS',
  /** The operation's estimated cost is above MAX_QUERY_COST. */
  QUERY_TOO_COSTLY = 'QUERY_TOO_COSTLY',
  /** The operation uses more directives than MAX_QUERY_DIRECTIVES. */
  TOO_MANY_DIRECTIVES = 'TOO_MANY_DIRECTIVES',
  /** A partner in persisted-only mode sent an operation that is not in the allowlist. */
  PERSISTED_QUERY_REQUIRED = 'PERSISTED_QUERY_REQUIRED',
  /** Too many requests from this tenant (or client) in the window; see Retry-After. */
  RATE_LIMITED = 'RATE_LIMITED',
  /** The request body is larger than MAX_BODY_BYTES. */
  PAYLOAD_TOO_LARGE = 'PAYLOAD_TOO_LARGE',
  /**
   * Never sent to a client (there is no one to send it to): the code of an audit row whose
   * response was not written whole, because the client went away or the server closed the
   * connection first (core.audit_log, outcome ABORTED; src/audit/audit.delivery.ts).
   */
  ABORTED = 'ABORTED',
}

export class PublicError extends GraphQLError {
  constructor(
    code: ErrorCode,
    message: string,
    options: Omit<GraphQLErrorOptions, 'extensions'> & { extensions?: Record<string, unknown> } = {},
  ) {
    super(message, { ...options, extensions: { ...options.extensions, code } });
  }
  get code(): ErrorCode {
    return this.extensions.code as ErrorCode;
  }
}

export function badInput(message: string, extensions: Record<string, unknown> = {}): PublicError {
  return new PublicError(ErrorCode.BAD_USER_INPUT, message, { extensions });
}

/**
 * A database read made for a request that was cut at the request's deadline before it was sent
 * (src/db/database.ts, `withDeadline`). Its fields are null with this error; the response is partial.
 */
export class DeadlineExceededError extends PublicError {
  readonly deadlineMs: number;
  constructor(deadlineMs: number) {
    // No stack trace: at a deadline a loaded server cuts hundreds of reads at once, and capturing
    // and formatting their stacks (graphql-js reads the stack of every error a field throws) cost
    // ~100 ms of event loop, past the deadline. The stack would only say "database.ts" anyway.
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    try {
      super(
        ErrorCode.DEADLINE_EXCEEDED,
        `the request's deadline of ${deadlineMs} ms (REQUEST_DEADLINE_MS) passed before this database read could start: it was not run`,
        { extensions: { limit: 'REQUEST_DEADLINE_MS', deadlineMs } },
      );
    } finally {
      Error.stackTraceLimit = limit;
    }
    this.deadlineMs = deadlineMs;
  }
}

/**
 * Ends the description of a root field: nullable, so that a refusal or a bad argument nulls that
 * field alone, and a query asking several (a dashboard's) still gets the others.
 */
export const NULL_ROOT =
  " Null, with the error, when refused or given a bad argument: the query's other fields still come back.";
