import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { HeaderMap, type ApolloServer } from '@apollo/server';
import {
  BodyTooLarge,
  headersOf,
  logger,
  parseHookPath,
  readBody,
  runWithSignal,
  sendBodyTooLarge,
  sendJson,
  sendMetrics,
  sendRouteResponse,
  collectProcessMetrics,
  withTraceparent,
  sendSignedFile,
  FILES_PREFIX,
  serverLifecycle,
  type Limits,
  type MetricsAccess,
  type RequestScope,
  type RouteResponse,
  type TokenService,
} from '@zhongtai/kit';
import type { GatewayContext } from './dataSources.ts';
import { explorerAsset, explorerPage, parseExplorerRole, type ExplorerOptions } from './explorer.ts';
import { gatewayContext } from './gateway.ts';
import { requestDeadline } from './limits.ts';
import { clientAddress } from './clientAddress.ts';
import { servedInSpan } from './observability.ts';

export interface HttpOptions {
  apollo: ApolloServer<GatewayContext>;
  tokens: TokenService;
  /** Whether the graph can answer: every database (all-in-one), every center (distributed). Throwing is not ready. */
  ready: () => Promise<Readiness>;
  explorer: ExplorerOptions;
  /** Serves `/hooks/<center>/...` (signed provider and carrier callbacks). */
  hooks: (center: string, method: string, path: string, request: HookRequest) => Promise<RouteResponse | undefined>;
  limits: Limits;
  /** Who may read GET /metrics (a METRICS_TOKEN bearer in production); unset: nobody (fail-closed). */
  metrics?: MetricsAccess;
  /** The secret of signed file URLs (`/files/...`): the kit's, JWT_SECRET. */
  filesSecret: string;
}

/** What `/ready` says: 200 when ready, else 503; the centers (or replicas) down either way. */
export interface Readiness {
  ready: boolean;
  /** Centers with no replica ready. */
  down?: string[];
  /** Replicas not ready while another of their center is. */
  replicasDown?: string[];
}

export interface HookRequest {
  rawBody: string;
  headers: Headers;
  query: URLSearchParams;
}

/**
 * GET /health, GET /ready, GET /metrics (this process's metrics, Prometheus text), the explorer at GET /graphql for browsers, GraphQL at /graphql.
 * `serverLifecycle(server).drain` stops it gracefully; `/ready` answers 503 from then on.
 */
export function createHttpServer(options: HttpOptions): Server {
  collectProcessMetrics();
  const server = createServer((req, res) => {
    const work = handle(options, req, res, lifecycle.draining).catch((error) => {
      if (error instanceof BodyTooLarge) return res.headersSent ? void res.end() : sendBodyTooLarge(res);
      logger({ center: 'gateway' }).error('unhandled', { error });
      if (!res.headersSent) sendJson(res, 500, { errors: [{ message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR' } }] });
      else res.end();
    });
    void lifecycle.track(work);
  });
  const lifecycle = serverLifecycle(server);
  return server;
}

async function handle(options: HttpOptions, req: IncomingMessage, res: ServerResponse, draining: boolean): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://gateway');
  if (req.method === 'GET' && url.pathname === '/health') return sendJson(res, 200, { status: 'ok' });
  if (req.method === 'GET' && url.pathname === '/metrics') return sendMetrics(req, res, options.metrics ?? { production: true, token: undefined });
  if (req.method === 'GET' && url.pathname === '/ready') {
    if (draining) return sendJson(res, 503, { status: 'draining' });
    try {
      const { ready, ...detail } = await options.ready();
      return sendJson(res, ready ? 200 : 503, { status: ready ? 'ready' : 'unavailable', ...detail });
    } catch {
      return sendJson(res, 503, { status: 'unavailable' });
    }
  }
  if (req.method === 'GET' && url.pathname.startsWith('/explorer/')) {
    const asset = explorerAsset(url.pathname.slice('/explorer/'.length));
    if (!asset) return sendJson(res, 404, { error: 'not found' });
    res.writeHead(200, { 'content-type': asset.contentType, 'cache-control': 'public, max-age=86400' });
    res.end(asset.body);
    return;
  }
  // Exports and other files a center wrote for a caller: the signed URL is the only credential.
  if (req.method === 'GET' && url.pathname.startsWith(FILES_PREFIX)) return sendSignedFile(res, options.filesSecret, url);
  const hook = parseHookPath(url.pathname);
  if (hook) {
    return servedInSpan(req, res, `${req.method ?? 'GET'} /hooks/${hook.center}${hook.path}`, async (scope) => {
      const rawBody = req.method === 'POST' ? await readBody(req) : '';
      // The center's span goes under this one, its log lines under this request id.
      const headers = withTraceparent(headersOf(req));
      if (scope.requestId) headers.set('x-request-id', scope.requestId);
      const response = await options.hooks(hook.center, req.method ?? 'GET', hook.path, { rawBody, headers, query: url.searchParams });
      return response ? sendRouteResponse(res, response) : sendJson(res, 404, { error: 'not found' });
    });
  }
  if (url.pathname === '/favicon.ico') {
    res.writeHead(204);
    res.end();
    return;
  }
  if (url.pathname === '/' && req.method === 'GET') {
    res.writeHead(302, { location: '/graphql' });
    res.end();
    return;
  }
  if (url.pathname !== '/graphql') return sendJson(res, 404, { error: 'not found' });
  if (req.method === 'GET' && (req.headers.accept ?? '').includes('text/html')) {
    const html = await explorerPage(options.explorer, parseExplorerRole(url.searchParams.get('role')), url.searchParams.get('operation'));
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(html);
    return;
  }
  return servedInSpan(req, res, `${req.method ?? 'GET'} /graphql`, (scope) => graphql(options, req, res, url, scope));
}

async function graphql(options: HttpOptions, req: IncomingMessage, res: ServerResponse, url: URL, scope: RequestScope): Promise<void> {
  const headers = new HeaderMap();
  for (const [key, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers.set(key, Array.isArray(value) ? value.join(', ') : value);
  }
  let body: unknown;
  if (req.method === 'POST') {
    // Over 1 MB: BodyTooLarge, answered 413 by createHttpServer.
    const text = await readBody(req);
    try {
      body = text ? JSON.parse(text) : {};
    } catch {
      return sendJson(res, 400, { errors: [{ message: 'Body must be JSON', extensions: { code: 'BAD_REQUEST' } }] });
    }
  }
  // The deadline's signal rides the async context too, for the HTTP subgraph calls (dataSources.ts).
  const deadline = requestDeadline(options.limits, res);
  let response: Awaited<ReturnType<typeof options.apollo.executeHTTPGraphQLRequest>>;
  try {
    const execution = runWithSignal(deadline.signal, () =>
      options.apollo.executeHTTPGraphQLRequest({
        httpGraphQLRequest: { method: req.method ?? 'GET', headers, search: url.search, body },
        context: () => gatewayContext(options.tokens, req.headers.authorization, scope.requestId, { ip: clientAddress(req), signal: deadline.signal }),
      }),
    );
    response = await Promise.race([execution, deadline.expired]);
  } catch (error) {
    if (res.destroyed) return;
    const e = error as { message: string; extensions?: Record<string, unknown> };
    return sendJson(res, 504, { errors: [{ message: e.message, extensions: { code: 'REQUEST_TIMEOUT', limit: options.limits.requestTimeoutMs } }] });
  } finally {
    deadline.dispose();
  }
  const outHeaders: Record<string, string> = {};
  for (const [key, value] of response.headers) outHeaders[key] = value;
  res.writeHead(response.status ?? 200, outHeaders);
  if (response.body.kind === 'complete') {
    res.end(response.body.string);
    return;
  }
  for await (const chunk of response.body.asyncIterator) res.write(chunk);
  res.end();
}
