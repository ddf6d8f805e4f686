import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ApolloServerPlugin } from '@apollo/server';
import { contextFrom, currentRequestScope, inSpan, logger, requestTraceId, SpanKind, SpanStatusCode, withRequestScope, type RequestScope } from '@zhongtai/kit';
import type { GatewayContext } from './dataSources.ts';

const log = logger({ center: 'gateway' });

const header = (req: IncomingMessage, name: string): string | undefined => {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
};

/**
 * Serves one request in the gateway's server span (continuing the caller's `traceparent`, when
 * it sent one) and its log scope: request id (the caller's `x-request-id` or a new one), trace
 * id, center `gateway`; the operation and role are filled in once Apollo knows them
 * (requestScopePlugin). Its last line, at debug, says how it ended.
 */
export function servedInSpan(req: IncomingMessage, res: ServerResponse, name: string, serve: (scope: RequestScope) => Promise<void>): Promise<void> {
  const incoming = header(req, 'traceparent');
  const started = performance.now();
  return inSpan(
    name,
    { kind: SpanKind.SERVER, center: 'gateway', parent: contextFrom(incoming, 'root'), attributes: { 'http.request.method': req.method ?? 'GET' } },
    (span) => {
      const scope: RequestScope = {
        center: 'gateway',
        requestId: header(req, 'x-request-id') || randomUUID(),
        traceId: span?.spanContext().traceId ?? requestTraceId(incoming),
      };
      return withRequestScope(scope, async () => {
        try {
          await serve(scope);
        } finally {
          span?.setAttribute('http.response.status_code', res.statusCode);
          if (scope.operation) {
            span?.setAttribute('graphql.operation.name', scope.operation);
            span?.updateName(`${name} ${scope.operation}`);
          }
          if (res.statusCode >= 500) span?.setStatus({ code: SpanStatusCode.ERROR });
          log.debug('request finished', { status: res.statusCode, ms: Math.round(performance.now() - started) });
        }
      });
    },
  );
}

/** Names the request's operation and its caller's role in the log scope and the span. */
export function requestScopePlugin(): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart({ contextValue }) {
      const scope = currentRequestScope();
      if (scope) scope.role = contextValue.role ?? 'ANONYMOUS';
      return {
        async didResolveOperation({ operationName, request }) {
          if (scope && operationName) scope.operation = operationName;
          // Redacted like every entry: addresses, phone numbers and secrets never reach the log.
          log.debug('operation', { variables: request.variables ?? null });
        },
      };
    },
  };
}
