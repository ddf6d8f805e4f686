import type { ServerResponse } from 'node:http';
import { HeaderMap, type ApolloServerPlugin } from '@apollo/server';
import {
  actualCost,
  costLimitError,
  deadline as startDeadline,
  limitError,
  logger,
  MemoryBuckets,
  payerOf,
  PostgresBuckets,
  requestedCost,
  responseTooLargeError,
  shapeLimitError,
  throttledError,
  tooManyTokensMessage,
  type BucketStore,
  type CostExtension,
  type Limits,
} from '@zhongtai/kit';
import { GraphQLError, type DocumentNode, type FormattedExecutionResult, type GraphQLFormattedError, type GraphQLSchema } from 'graphql';
import type { GatewayContext } from './dataSources.ts';

/** The buckets the configuration asks for: this process's, or PostgreSQL's shared by every gateway. */
export function bucketStoreFor(limits: Limits): BucketStore | undefined {
  if (!limits.rateLimit.enabled) return undefined;
  if (limits.rateLimit.store === 'postgres') return new PostgresBuckets(limits.rateLimit.databaseUrl!);
  return new MemoryBuckets();
}

/** Who pays for a request: the token's subject, or the client address when there is no token. */
export function callerKey(context: Pick<GatewayContext, 'claims' | 'clientIp'>): string {
  return context.claims ? `sub:${context.claims.subject}` : `ip:${context.clientIp ?? 'unknown'}`;
}

/**
 * The gateway's limits, before anything is planned: tokens (graphql-js's parser stops at
 * MAX_QUERY_TOKENS, see `tokenLimitAsCoded`), then here depth, aliases and directives
 * (graphql-armor's rules), the cost against the caller's role budget, then the caller's leaky
 * bucket. (Apollo Server answers 500 to an error thrown from a validation rule or before
 * parsing, so the checks run where it reports thrown errors: at didResolveOperation.) Every response
 * answered through here carries `extensions.cost`; the unused part of the requested cost goes
 * back into the bucket once the actual cost is known.
 */
export function limitsPlugin(limits: Limits, buckets: BucketStore | undefined): ApolloServerPlugin<GatewayContext> {
  // Apollo Server hands every request of one query text the same parsed document: its shape is
  // judged once (a validation pass per request was 3 % of the gateway's CPU on an order list).
  const shapes = new WeakMap<GraphQLSchema, WeakMap<DocumentNode, GraphQLError | null>>();
  const shapeOf = (schema: GraphQLSchema, document: DocumentNode) => {
    let known = shapes.get(schema);
    if (!known) shapes.set(schema, (known = new WeakMap()));
    let shape = known.get(document);
    if (shape === undefined) known.set(document, (shape = shapeLimitError(schema, document, limits) ?? null));
    return shape;
  };
  return {
    async requestDidStart() {
      let cost: CostExtension | undefined;
      let charged = 0;
      let mutation = false;
      return {
        async didResolveOperation({ schema, document, operationName, operation, request, contextValue }) {
          mutation = operation?.operation === 'mutation';
          const payer = payerOf(contextValue.claims);
          const budget = limits.budgets[payer];
          // Costed first (linear in the document) so that a refusal for its shape shows it too.
          const requested = requestedCost(schema, document, operationName, request.variables, limits);
          cost = { requestedQueryCost: requested, actualQueryCost: null };
          const shape = shapeOf(schema, document);
          // A copy: the kept error is shared by every request of that text.
          if (shape) throw new GraphQLError(shape.message, { nodes: shape.nodes, extensions: { ...shape.extensions } });
          const tooComplex = costLimitError(requested, budget, payer);
          if (tooComplex) throw tooComplex;
          if (!buckets) return;
          let spend;
          try {
            spend = await buckets.take(callerKey(contextValue), requested, budget);
          } catch (error) {
            // The shared store is down: serve unthrottled (the per-request cost limit still
            // holds) rather than refuse everyone.
            logger({ center: 'gateway', requestId: contextValue.requestId }).error('rate limit store failed; request not throttled', {
              error: (error as Error).message,
            });
            return;
          }
          cost.throttleStatus = spend.status;
          if (!spend.ok) {
            const error = throttledError(requested, spend.status);
            const retryAfter = String(error.extensions.retryAfterSeconds);
            (error.extensions as Record<string, unknown>).http = { status: 429, headers: new HeaderMap([['retry-after', retryAfter]]) };
            throw error;
          }
          charged = requested;
        },
        async willSendResponse({ response, contextValue }) {
          if (!cost || response.body.kind !== 'single') return;
          const result = response.body.singleResult;
          if (result.data !== undefined) cost.actualQueryCost = actualCost(result.data, mutation);
          if (buckets && charged > 0 && cost.actualQueryCost !== null && cost.actualQueryCost < charged) {
            const budget = limits.budgets[payerOf(contextValue.claims)];
            cost.throttleStatus = await buckets.refund(callerKey(contextValue), charged - cost.actualQueryCost, budget).catch(() => cost!.throttleStatus);
          }
          result.extensions = { ...result.extensions, cost };
        },
      };
    },
  };
}

// graphql-js 16 says "more that" (sic).
const TOO_MANY_TOKENS = /^Syntax Error: Document contains more tha[nt] \d+ tokens/;

/** graphql-js's parse error at the token limit, as our coded refusal naming the limit. */
export function tokenLimitAsCoded(formatted: GraphQLFormattedError, limits: Limits): GraphQLFormattedError {
  if (!TOO_MANY_TOKENS.test(formatted.message)) return formatted;
  return {
    message: tooManyTokensMessage(limits.maxTokens),
    extensions: { code: 'MAX_TOKENS', limit: limits.maxTokens },
  };
}

/** Apollo Server's `stringifyResult`: a response over MAX_RESPONSE_BYTES becomes an error naming the limit. */
export function stringifyWithinBudget(limits: Limits): (value: FormattedExecutionResult) => string {
  return (value) => {
    // Measured on the text itself (UTF-16 units, as the centers' estimate): one walk of the answer
    // instead of an estimate and then the serialisation. The centers' cost limits bound what it
    // can hold, so the text of an oversized answer is no larger than the objects already built.
    const text = JSON.stringify(value);
    if (text.length <= limits.maxResponseBytes) return text;
    const error = responseTooLargeError(limits.maxResponseBytes);
    return JSON.stringify({
      errors: [{ message: error.message, extensions: { code: 'RESPONSE_TOO_LARGE', limit: limits.maxResponseBytes } }],
      extensions: value.extensions,
    });
  };
}

/**
 * One request's deadline at the gateway: fires after REQUEST_TIMEOUT_MS or when the client
 * goes away; the subgraphs' work is aborted with it (in-process through the signal handed to
 * `CenterRuntime.execute`, over HTTP by cancelling the subgraph call, which closes its socket).
 */
/** Why a request's signal aborts when its client goes away (metrics.ts tells it from the deadline). */
export const CLIENT_CLOSED = 'the client closed the connection';

export function requestDeadline(limits: Limits, res: ServerResponse) {
  const d = startDeadline(limits.requestTimeoutMs);
  const onClose = () => {
    if (!res.writableEnded) d.abort(new Error(CLIENT_CLOSED));
  };
  res.once('close', onClose);
  const expired = new Promise<never>((_, reject) => {
    d.signal.addEventListener(
      'abort',
      () => reject(limitError('REQUEST_TIMEOUT', `Request stopped: ${(d.signal.reason as Error)?.message ?? 'aborted'}.`, { limit: limits.requestTimeoutMs })),
      { once: true },
    );
  });
  expired.catch(() => {});
  return {
    signal: d.signal,
    expired,
    dispose() {
      d.dispose();
      res.off('close', onClose);
    },
  };
}
