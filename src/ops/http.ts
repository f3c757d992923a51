/**
 * The HTTP layer's request plumbing: a request id per request (a sane incoming `x-request-id`
 * is kept, anything else replaced by a fresh UUID; echoed in the response header), the pino-http
 * request log (method, path without its query string, status, duration, operation name: no
 * headers, no variables, no bodies), and the JSON answer for a body that is too large (413) or
 * not JSON (400), where Express would send an HTML page.
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { ErrorRequestHandler, RequestHandler } from 'express';
import type { Logger } from 'pino';
import { pinoHttp } from 'pino-http';
import { ErrorCode } from '../errors';

const SANE_REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** The incoming `x-request-id` when it is a plain token of at most 128 characters, else a new UUID. */
export function requestIdFor(incoming: string | string[] | undefined): string {
  const id = Array.isArray(incoming) ? incoming[0] : incoming;
  return id && SANE_REQUEST_ID.test(id) ? id : randomUUID();
}

export function requestIdOf(req: IncomingMessage): string {
  return String((req as IncomingMessage & { id?: unknown }).id ?? '');
}

function operationNameOf(req: IncomingMessage): string | undefined {
  const name = (req as IncomingMessage & { body?: { operationName?: unknown } }).body?.operationName;
  return typeof name === 'string' ? name.slice(0, 100) : undefined;
}

export function requestLogger(logger: Logger): RequestHandler {
  return pinoHttp({
    logger,
    genReqId(req, res) {
      const id = requestIdFor(req.headers['x-request-id']);
      res.setHeader('x-request-id', id);
      return id;
    },
    serializers: {
      req: (req: { id: unknown; method: string; url: string; remoteAddress?: string }) => ({
        id: req.id,
        method: req.method,
        path: String(req.url).split('?')[0],
        remoteAddress: req.remoteAddress,
      }),
      res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
    },
    customAttributeKeys: { reqId: 'requestId' },
    customProps: (req) => ({ operationName: operationNameOf(req) }),
    customLogLevel: (_req, res, err) =>
      err || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'info',
    quietReqLogger: true,
  }) as unknown as RequestHandler;
}

/** JSON answers for bodies Express's parser refused; everything else goes on to Express's handler. */
export function bodyErrorHandler(
  maxBodyBytes: number,
  onRefused: (code: string) => void = () => {},
): ErrorRequestHandler {
  return (err: { type?: string; status?: number }, _req, res, next) => {
    if (err?.type === 'entity.too.large') {
      onRefused(ErrorCode.PAYLOAD_TOO_LARGE);
      res.status(413).json({
        errors: [
          {
            message: `request body is larger than ${maxBodyBytes} bytes (MAX_BODY_BYTES)`,
            extensions: { code: ErrorCode.PAYLOAD_TOO_LARGE, limitBytes: maxBodyBytes },
          },
        ],
      });
      return;
    }
    if (
      err?.type === 'entity.parse.failed' ||
      err?.type === 'encoding.unsupported' ||
      err?.type === 'charset.unsupported'
    ) {
      onRefused('BAD_REQUEST');
      res
        .status(400)
        .json({ errors: [{ message: 'request body is not valid JSON', extensions: { code: 'BAD_REQUEST' } }] });
      return;
    }
    next(err);
  };
}

/** The last error handler: a JSON 500 without details (Express's own would send an HTML page with the stack outside production). */
export function lastResortErrorHandler(logger: Logger): ErrorRequestHandler {
  return (err: unknown, req, res, next) => {
    if (res.headersSent) return next(err);
    logger.error({ err, requestId: requestIdOf(req) }, 'unhandled HTTP error');
    res
      .status(500)
      .json({ errors: [{ message: 'Internal server error', extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR } }] });
  };
}
