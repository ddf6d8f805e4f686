import { RemoteGraphQLDataSource, type GraphQLDataSource, type GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import { CLIENT_IP_HEADER, currentSignal, Replicas, withTraceparent, type CenterRuntime, type Claims, type Role } from '@zhongtai/kit';

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

function forwardedHeaders(context: Partial<GatewayContext> | undefined): Headers {
  const headers = new Headers();
  if (context?.authorization) headers.set('authorization', context.authorization);
  if (context?.requestId) headers.set('x-request-id', context.requestId);
  // The client's address as this gateway determined it (clientAddress.ts): the risk center counts it.
  if (context?.clientIp) headers.set(CLIENT_IP_HEADER, context.clientIp);
  // Made inside @apollo/gateway's fetch span: the subgraph's span goes under it, HTTP or in-process alike.
  return withTraceparent(headers);
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
      forwardedHeaders(options.context as Partial<GatewayContext>),
      (options.context as Partial<GatewayContext> | undefined)?.signal,
    );
    return {
      data: result.data as Record<string, unknown> | null | undefined,
      errors: result.errors?.map((e) => e.toJSON()),
    } as GatewayGraphQLResponse;
  }
}

/**
 * Distributed mode: HTTP to the subgraph with a deadline (the gateway sets none by default),
 * cancelled with the request's own signal (carried by the async context: the fetcher is not
 * given the request's context); the subgraph sees its socket close and aborts its work. A center
 * run as several replicas is asked in turn, a replica that refuses the connection passed over.
 */
export class TimedRemoteDataSource extends RemoteGraphQLDataSource<GatewayContext> {
  constructor(replicas: Replicas | string, timeoutMs: number) {
    const set = typeof replicas === 'string' ? new Replicas([replicas]) : replicas;
    super({
      url: set.urls[0],
      fetcher: ((_input: string, init?: RequestInit) => {
        const request = currentSignal();
        const timeout = AbortSignal.timeout(timeoutMs);
        const signal = request ? AbortSignal.any([timeout, request]) : timeout;
        return set.send((url) => fetch(url, { ...init, signal }));
      }) as never,
    });
  }

  override willSendRequest(options: GraphQLDataSourceProcessOptions<GatewayContext>): void {
    const headers = forwardedHeaders(options.context as Partial<GatewayContext>);
    headers.forEach((value, key) => options.request.http?.headers.set(key, value));
  }
}
