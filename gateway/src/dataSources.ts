import { type GraphQLDataSource, type GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import { GraphQLError } from 'graphql';
import { CLIENT_IP_HEADER, currentSignal, currentTraceparent, Replicas, TRACEPARENT, type CenterRuntime, type Claims, type Role } from '@zhongtai/kit';
import { postJson, type SubgraphAnswer } from './subgraphHttp.ts';

type GatewayGraphQLResponse = Awaited<ReturnType<GraphQLDataSource['process']>>;

/** What the gateway keeps per request: the caller's header, forwarded as is to every subgraph, and the client's address. */
export interface GatewayContext {
  authorization: string | null;
  requestId: string;
  /** The verified token's role (null: anonymous); decides introspection. */
  role: Role | null;
  /** Verified at the gateway: who pays for the request (limits.ts). */
  claims?: Claims | null;
  /** The client's address (trusted-proxy aware): the rate-limit key of a request without a token; forwarded to the subgraphs. */
  clientIp?: string | null;
  /** Aborted at the request's deadline or when the client goes away. */
  signal?: AbortSignal;
}

/** A plain record, not a WHATWG Headers (its per-call cost showed in the gateway's profile). */
function forwardedHeaders(context: Partial<GatewayContext> | undefined): Record<string, string> {
  const headers: Record<string, string> = {};
  if (context?.authorization) headers.authorization = context.authorization;
  if (context?.requestId) headers['x-request-id'] = context.requestId;
  // The client's address as this gateway determined it (clientAddress.ts): the risk center counts it.
  if (context?.clientIp) headers[CLIENT_IP_HEADER] = context.clientIp;
  // Made inside @apollo/gateway's fetch span: the subgraph's span goes under it, HTTP or in-process alike.
  const traceparent = currentTraceparent();
  if (traceparent) headers[TRACEPARENT] = traceparent;
  return headers;
}

/**
 * All-in-one mode: the subgraph runs in this process, no HTTP hop. It still gets only the
 * forwarded Authorization header and verifies it itself, exactly as over HTTP.
 */
export class InProcessDataSource implements GraphQLDataSource<GatewayContext> {
  constructor(private readonly runtime: CenterRuntime) {}

  async process(options: GraphQLDataSourceProcessOptions<GatewayContext>): Promise<GatewayGraphQLResponse> {
    const { request } = options;
    const result = await this.runtime.execute(
      { query: request.query ?? '', variables: request.variables ?? null, operationName: request.operationName ?? null },
      new Headers(forwardedHeaders(options.context as Partial<GatewayContext>)),
      (options.context as Partial<GatewayContext> | undefined)?.signal,
      'in-process',
    );
    return {
      data: result.data as Record<string, unknown> | null | undefined,
      errors: result.errors?.map((e) => e.toJSON()),
    } as GatewayGraphQLResponse;
  }
}

/**
 * Distributed mode: HTTP to the subgraph with a deadline (the gateway sets none by default),
 * cancelled with the request's own signal (carried by the async context: the data source is not
 * given the request's context); the subgraph sees its socket close and aborts its work. A center
 * run as several replicas is asked in turn, a replica that refuses the connection passed over.
 * What @apollo/gateway's RemoteGraphQLDataSource does, over a keep-alive node:http pool
 * (subgraphHttp.ts) instead of node-fetch objects and fetch.
 */
export class TimedRemoteDataSource implements GraphQLDataSource<GatewayContext> {
  private readonly replicas: Replicas;

  constructor(
    replicas: Replicas | string,
    private readonly timeoutMs: number,
  ) {
    this.replicas = typeof replicas === 'string' ? new Replicas([replicas]) : replicas;
  }

  async process(options: GraphQLDataSourceProcessOptions<GatewayContext>): Promise<GatewayGraphQLResponse> {
    const { http, ...request } = options.request;
    if (!request.query) throw new Error('Missing query');
    const headers: Record<string, string> = {};
    if (http) for (const [key, value] of http.headers) headers[key.toLowerCase()] = value;
    Object.assign(headers, forwardedHeaders(options.context as Partial<GatewayContext>));
    headers['content-type'] = 'application/json';
    const body = JSON.stringify(request);
    const signal = currentSignal();
    const answer = await this.replicas.send(async (url) => ({ url, ...(await postJson(url, headers, body, this.timeoutMs, signal)) }));
    if (answer.status < 200 || answer.status > 299) throw errorFromAnswer(answer);
    const parsed: unknown = JSON.parse(answer.text);
    if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed))
      throw new Error(`Expected JSON response body, but received: ${answer.text.slice(0, 200)}`);
    // Centers send no Cache-Control: as with @apollo/gateway's data source, the answer is not cacheable.
    if ('incomingRequestContext' in options) options.incomingRequestContext.overallCachePolicy?.restrict({ maxAge: 0 });
    return parsed as GatewayGraphQLResponse;
  }
}

/** A non-2xx answer as @apollo/gateway reports it: status, and the body under extensions.response. */
function errorFromAnswer(answer: SubgraphAnswer & { url: string }): GraphQLError {
  let body: unknown = answer.text;
  if (answer.contentType.startsWith('application/json') || answer.contentType.startsWith('application/graphql-response+json')) {
    try {
      body = JSON.parse(answer.text);
    } catch {
      // keep the text
    }
  }
  const code = answer.status === 401 ? 'UNAUTHENTICATED' : answer.status === 403 ? 'FORBIDDEN' : undefined;
  return new GraphQLError(`${answer.status}: ${answer.statusText}`, {
    extensions: { response: { url: answer.url, status: answer.status, statusText: answer.statusText, body }, ...(code ? { code } : {}) },
  });
}
