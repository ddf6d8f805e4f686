import type { GraphQLDataSource } from '@apollo/gateway';
import type { ApolloServerPlugin } from '@apollo/server';
import { BoundedLabels, recordRequest, recordSubgraphFetch } from '@zhongtai/kit';
import type { GatewayContext } from './dataSources.ts';
import { EXAMPLES, operationName, SALES_BY_DAY } from './explorer.ts';
import { CLIENT_CLOSED } from './limits.ts';

/** The operation names the graph's own clients send: the explorer's saved operations. */
export function knownOperations(extra: readonly string[] = []): Set<string> {
  const names = [...EXAMPLES.map(operationName), /\bquery\s+(\w+)/.exec(SALES_BY_DAY)?.[1]];
  return new Set([...names.filter((n): n is string => Boolean(n)), ...extra]);
}

/** No operation came out of the document (it did not parse, validate, or name one): no caller-chosen name to count. */
export const UNRESOLVED = 'invalid';
export const ANONYMOUS = 'anonymous';

/**
 * Counts and times every request by operation name and outcome: `ok`, the code of the first
 * error, `REQUEST_TIMEOUT` when the deadline cut it short, or `CLIENT_CLOSED` when the client
 * left before the answer (a load generator stopping, a browser tab closed). A name comes
 * from the parsed operation, never from the request's operationName, and is bounded (`names`).
 */
export function requestMetrics(names: BoundedLabels): ApolloServerPlugin<GatewayContext> {
  // Error codes are ours (kit, gateway, limits), but a bound costs nothing.
  const codes = new BoundedLabels(new Set(), 50, /^[A-Z][A-Z0-9_]{0,63}$/);
  return {
    async requestDidStart() {
      const started = performance.now();
      let operation = UNRESOLVED;
      return {
        async didResolveOperation({ operation: resolved }) {
          if (resolved) operation = resolved.name ? names.label(resolved.name.value) : ANONYMOUS;
        },
        async willSendResponse({ response, contextValue }) {
          let outcome = 'ok';
          const errors = response.body.kind === 'single' ? response.body.singleResult.errors : undefined;
          if (contextValue.signal?.aborted)
            outcome = (contextValue.signal.reason as Error | undefined)?.message === CLIENT_CLOSED ? 'CLIENT_CLOSED' : 'REQUEST_TIMEOUT';
          else if (errors?.length) outcome = codes.label(String(errors[0]?.extensions?.code ?? 'INTERNAL_SERVER_ERROR'));
          recordRequest(operation, outcome, (performance.now() - started) / 1000);
        },
      };
    },
  };
}

/** A center's data source whose fetches are timed: an answer with errors, or none, is an `error`. */
export function timedFetches(center: string, source: GraphQLDataSource<GatewayContext>): GraphQLDataSource<GatewayContext> {
  return {
    async process(options) {
      const started = performance.now();
      let outcome: 'ok' | 'error' = 'error';
      try {
        const response = await source.process(options);
        if (!response.errors?.length) outcome = 'ok';
        return response;
      } finally {
        recordSubgraphFetch(center, outcome, (performance.now() - started) / 1000);
      }
    },
  };
}
