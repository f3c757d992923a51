/**
 * With DEBUG_EXTENSIONS=true, every response carries `extensions.connectors`: this request's
 * upstream calls (source, keys, latency, outcome, attempts) and each connector's counters and
 * breaker state. Off by default: nothing of it runs on the normal path.
 */
import type { ApolloServerPlugin } from '@apollo/server';
import type { Context } from './context';
import { allConnectors, type Connectors } from '../connectors';

export function connectorDebugPlugin(connectors: Connectors): ApolloServerPlugin<Context> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ response, contextValue }) {
          if (response.body.kind !== 'single') return;
          response.body.singleResult.extensions = {
            ...response.body.singleResult.extensions,
            connectors: {
              calls: contextValue.calls,
              metrics: allConnectors(connectors).map((c) => ({ adapter: c.adapter, ...c.metrics.snapshot() })),
            },
          };
        },
      };
    },
  };
}
