/**
 * Turns what a request did (`ctx.audit`, `ctx.requested`) and its response's errors into audit
 * rows, and hands them to the writer once the caller has got the response, or has not:
 * - `trackAuditDelivery` (called by the server's context function, where the HTTP response is
 *   at hand) opens the request's delivery and listens for the response's `finish` and `close`;
 * - the Apollo plugin marks the operation started and, at `willSendResponse`, gives the delivery
 *   the rows the response states (and waits if the writer's buffer is full).
 * A request's rows enter the writer's buffer on `finish` as they are, on `close` without `finish`
 * as ABORTED (audit.delivery.ts); nothing is written on the request's path. Requests that touched
 * no firm write nothing.
 */
import type { ServerResponse } from 'node:http';
import type { ApolloServerPlugin } from '@apollo/server';
import type { GraphQLFormattedError } from 'graphql';
import type { Context } from '../graphql/context';
import type { AuditWriter } from './audit.writer';
import type { AuditDelivery } from './audit.delivery';
import type { AuditCollector, AuditRow } from './audit.collector';

interface Tracked {
  delivery: AuditDelivery;
  operationName: string | null;
}

/**
 * Each request's delivery, by its collector (only requests served over HTTP have one). Not by the
 * context object: Apollo runs the operation on a shallow copy of it, which shares the collector.
 */
const deliveries = new WeakMap<AuditCollector, Tracked>();

/** Starts auditing `ctx`'s request, whose HTTP response is `res`: its rows are written when `res` is done with. */
export function trackAuditDelivery(writer: AuditWriter, ctx: Context, res: ServerResponse): void {
  const entry: Tracked = {
    operationName: null,
    delivery: writer.open((): AuditRow[] =>
      ctx.audit.rows({
        principal: ctx.principal,
        requestId: ctx.requestId,
        operationName: entry.operationName,
        requested: ctx.requested,
        errors: undefined,
      }),
    ),
  };
  deliveries.set(ctx.audit, entry);
  const { delivery } = entry;
  res.once('finish', () => delivery.written());
  // `close` follows `finish` for every response; before it (or without it), the response was cut.
  res.once('close', () => (res.writableFinished ? delivery.written() : delivery.cut()));
  // The client may be gone already (it hung up while the token was checked): its `close` has been
  // emitted. Apollo still runs the operation; `requestDidStart` follows this context function
  // within the same run of microtasks, so by the next macrotask a request that will answer has
  // started and `cut` waits for its rows, and one that will not (a malformed body) settles empty.
  if (res.destroyed || res.socket?.destroyed) setImmediate(() => delivery.cut());
}

export function auditPlugin(writer: AuditWriter): ApolloServerPlugin<Context> {
  return {
    async requestDidStart({ contextValue, request }) {
      // A request with no HTTP response to watch (e.g. `executeOperation`) has none: its rows go
      // to the buffer with the response.
      const entry = deliveries.get(contextValue.audit);
      if (entry) {
        entry.operationName = request.operationName ?? null;
        entry.delivery.started();
      }
      return {
        async willSendResponse({ contextValue: ctx, response, operationName, request: req }) {
          const body = response.body;
          const errors: readonly GraphQLFormattedError[] | undefined =
            body.kind === 'single' ? body.singleResult.errors : body.initialResult.errors;
          const name = operationName ?? req.operationName ?? null;
          const rows = ctx.audit.rows({
            principal: ctx.principal,
            requestId: ctx.requestId,
            operationName: name,
            requested: ctx.requested,
            errors,
          });
          if (!entry) return writer.enqueue(rows);
          entry.operationName = name;
          entry.delivery.answer(rows);
          await writer.room();
        },
      };
    },
  };
}
