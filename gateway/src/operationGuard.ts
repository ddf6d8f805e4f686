import type { ApolloServerPlugin } from '@apollo/server';
import { GraphQLError } from 'graphql';
import { introspects, mayIntrospect, withoutSuggestion, type IntrospectionMode } from '@zhongtai/kit';
import type { GatewayContext } from './dataSources.ts';

/**
 * What the gateway checks once the operation is known:
 * - an operationName that names no operation, or several operations and no operationName, is the
 *   client's mistake (400); Apollo Server lets it reach the gateway executor, which answers 500;
 * - schema introspection (`__schema`, `__type`) and "Did you mean" suggestions only for whom
 *   INTROSPECTION allows (production default: operators, i.e. ADMIN tokens).
 */
export function operationGuard(mode: IntrospectionMode): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart({ contextValue }) {
      const revealsSchema = mayIntrospect(mode, contextValue.role);
      return {
        async didResolveOperation({ operation, request, document, schema }) {
          if (!operation) {
            const message = request.operationName
              ? `Unknown operation named "${request.operationName}"`
              : 'The document has several operations: operationName must name one';
            throw new GraphQLError(message, { extensions: { code: 'OPERATION_RESOLUTION_FAILURE', http: { status: 400 } } });
          }
          if (!revealsSchema && introspects(schema, document)) {
            throw new GraphQLError('Schema introspection is not allowed for this token', { extensions: { code: 'FORBIDDEN', http: { status: 403 } } });
          }
        },
        async willSendResponse({ response }) {
          if (revealsSchema || response.body.kind !== 'single' || !response.body.singleResult.errors) return;
          response.body.singleResult.errors = response.body.singleResult.errors.map((e) => ({ ...e, message: withoutSuggestion(e.message) }));
        },
      };
    },
  };
}
