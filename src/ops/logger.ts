/**
 * The one logger: pino, JSON lines on stdout. The lines about a request carry its `requestId`
 * (the request log's child logger, and the unexpected-error log of src/graphql/format-error.ts),
 * so they can be matched with the client's `x-request-id`.
 *
 * No personal data: authorization and cookie headers are redacted wherever they appear, query
 * variables and bodies are never logged (the request log keeps method, path without its query
 * string, status, duration and operation name), and errors are reduced to type, code, message
 * and stack (a driver's `detail`, which can quote row values, is dropped).
 */
import pino, { type DestinationStream, type Logger } from 'pino';

export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
const LEVELS = new Set<string>(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']);

export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-api-key"]',
  'headers.authorization',
  'headers.cookie',
  'authorization',
  'variables',
  '*.variables',
  'body',
  '*.body',
  'res.headers["set-cookie"]',
];

/** An error as it is logged: no enumerable extras (a pg error's `detail`/`where` can quote row values). */
export function serializeError(err: unknown): Record<string, unknown> {
  if (!(err instanceof Error)) return { message: String(err) };
  const code = (err as { code?: unknown }).code ?? (err as { extensions?: { code?: unknown } }).extensions?.code;
  const cause = (err as { originalError?: unknown }).originalError ?? err.cause;
  return {
    type: err.name,
    message: err.message,
    ...(code !== undefined ? { code: String(code) } : {}),
    stack: err.stack,
    ...(cause instanceof Error && cause !== err ? { cause: serializeError(cause) } : {}),
  };
}

export function createLogger(level: LogLevel, destination?: DestinationStream): Logger {
  return pino(
    {
      level,
      base: { pid: process.pid },
      redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
      serializers: { err: serializeError, error: serializeError },
    },
    destination,
  );
}

/** For code outside a running server (and the default of `formatError`); LOG_LEVEL, else info (silent under jest). */
export const logger: Logger = createLogger(
  LEVELS.has(process.env.LOG_LEVEL ?? '')
    ? (process.env.LOG_LEVEL as LogLevel)
    : process.env.NODE_ENV === 'test'
      ? 'silent'
      : 'info',
);
