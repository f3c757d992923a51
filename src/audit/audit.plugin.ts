/**
 * The Apollo plugin that turns what a request did (`ctx.audit`, `ctx.requested`) and its
 * response's errors into audit rows, and hands them to the writer's buffer just before the
 * response is sent. Requests that touched no firm write nothing.
 */
import type { ApolloServerPlugin } from '@apollo/server';
import type { GraphQLFormattedError } from 'graphql';
import type { Context } from '../graphql/context';
import type { AuditWriter } from './audit.writer';

export function auditPlugin(writer: AuditWriter): ApolloServerPlugin<Context> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ contextValue: ctx, response, operationName, request }) {
          const body = response.body;
          const errors: readonly GraphQLFormattedError[] | undefined = body.kind === 'single' ? body.singleResult.errors : body.initialResult.errors;
          const rows = ctx.audit.rows({
            principal: ctx.principal,
            requestId: ctx.requestId,
            operationName: operationName ?? request.operationName ?? null,
            requested: ctx.requested,
            errors,
          });
          await writer.enqueue(rows);
        },
      };
    },
  };
}
