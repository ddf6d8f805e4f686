import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { CenterRuntime } from '../center.ts';
import type { Database } from '../db/database.ts';
import { BodyTooLarge, graphqlRequestOf, headersOf, readBody, sendBodyTooLarge, sendJson, sendRouteResponse } from './httpUtil.ts';
import { loadConfig, type Config } from '../config.ts';
import { metricsAccess, sendMetrics } from '../metrics/http.ts';
import { collectProcessMetrics } from '../metrics/registry.ts';
import { logger } from '../log.ts';
import { parseHookPath } from './routes.ts';
import { serverLifecycle } from './lifecycle.ts';

/**
 * One center as its own HTTP subgraph (cluster mode): POST /graphql, GET /health, GET /ready,
 * GET /metrics (metrics/http.ts: this process's metrics, a token in production).
 * The same CenterRuntime.execute as in-process mode, behind a socket. `serverLifecycle(server).drain`
 * stops it gracefully (its /ready answers 503 from then on).
 */
export function createCenterServer(runtime: CenterRuntime, database: Database, config: Config = loadConfig()): Server {
  const metrics = metricsAccess(config);
  collectProcessMetrics();
  const server = createServer((req, res) => void lifecycle.track(serve(req, res)));
  const serve = async (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://subgraph');
    const path = url.pathname;
    try {
      const hook = parseHookPath(path);
      if (hook && hook.center === runtime.name) {
        const rawBody = req.method === 'POST' ? await readBody(req) : '';
        const response = await runtime.handleRoute(req.method ?? 'GET', hook.path, { rawBody, headers: headersOf(req), query: url.searchParams });
        return response ? sendRouteResponse(res, response) : sendJson(res, 404, { error: 'not found' });
      }
      if (req.method === 'GET' && path === '/health') return sendJson(res, 200, { status: 'ok', center: runtime.name });
      if (req.method === 'GET' && path === '/metrics') return sendMetrics(req, res, metrics);
      if (req.method === 'GET' && path === '/ready') {
        if (lifecycle.draining) return sendJson(res, 503, { status: 'draining', center: runtime.name });
        try {
          await database.ping();
          return sendJson(res, 200, { status: 'ready', center: runtime.name });
        } catch {
          return sendJson(res, 503, { status: 'unavailable', center: runtime.name });
        }
      }
      if (req.method === 'POST' && path === '/graphql') {
        let body: unknown;
        try {
          body = JSON.parse(await readBody(req));
        } catch (error) {
          if (error instanceof BodyTooLarge) throw error;
          return sendJson(res, 400, { errors: [{ message: 'Body must be JSON', extensions: { code: 'BAD_REQUEST' } }] });
        }
        const request = graphqlRequestOf(body);
        if (typeof request === 'string') return sendJson(res, 400, { errors: [{ message: request, extensions: { code: 'BAD_REQUEST' } }] });
        // The gateway gave up (its deadline, its client gone): the socket closes, the work stops.
        const caller = new AbortController();
        res.once('close', () => {
          if (!res.writableEnded) caller.abort(new Error('the caller closed the connection'));
        });
        const result = await runtime.execute(request, headersOf(req), caller.signal);
        if (res.destroyed) return;
        // Only a request no operation can be run from is a 400; validation and variable errors stay 200 with their codes (the gateway passes those on).
        const badRequest = !('data' in result) && result.errors?.some((e) => e.extensions?.code === 'BAD_REQUEST');
        return sendJson(res, badRequest ? 400 : 200, result);
      }
      sendJson(res, 404, { error: 'not found' });
    } catch (error) {
      if (error instanceof BodyTooLarge) return res.headersSent ? void res.end() : sendBodyTooLarge(res);
      logger({ center: runtime.name }).error('unhandled', { error });
      if (!res.headersSent) sendJson(res, 500, { errors: [{ message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR' } }] });
    }
  };
  const lifecycle = serverLifecycle(server);
  return server;
}
