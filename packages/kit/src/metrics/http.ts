import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Config } from '../config.ts';
import { sendJson } from '../http/httpUtil.ts';
import { refreshBacklog } from './backlog.ts';
import { collectProcessMetrics, metricsRegistry } from './registry.ts';

/** Who may read /metrics: anyone outside production; in production only a METRICS_TOKEN bearer. */
export interface MetricsAccess {
  production: boolean;
  token: string | undefined;
}

export const metricsAccess = (config: Pick<Config, 'production' | 'metricsToken'>): MetricsAccess => ({
  production: config.production,
  token: config.metricsToken,
});

/** This process's metrics in Prometheus text; the backlog gauges are read from the database now. */
export async function metricsText(): Promise<string> {
  collectProcessMetrics();
  await refreshBacklog();
  return metricsRegistry.metrics();
}

/**
 * `GET /metrics`. In production without METRICS_TOKEN it is off (403): operation names, queue
 * depths and error rates tell an outsider too much, and an open scrape runs SQL on every call.
 */
export async function sendMetrics(req: IncomingMessage, res: ServerResponse, access: MetricsAccess): Promise<void> {
  if (access.production) {
    if (!access.token) return sendJson(res, 403, { error: 'metrics are off: set METRICS_TOKEN to scrape them in production' });
    if (!bearerMatches(req.headers.authorization, access.token)) {
      res.setHeader('www-authenticate', 'Bearer realm="metrics"');
      return sendJson(res, 401, { error: 'metrics need the METRICS_TOKEN bearer' });
    }
  }
  const text = await metricsText();
  res.writeHead(200, { 'content-type': metricsRegistry.contentType, 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

/** Compared as digests: equal lengths for timingSafeEqual, and no early exit on the first wrong byte. */
function bearerMatches(header: string | undefined, token: string): boolean {
  const given = /^Bearer\s+(\S+)$/i.exec(header ?? '')?.[1];
  if (!given) return false;
  const digest = (s: string) => createHash('sha256').update(s).digest();
  return timingSafeEqual(digest(given), digest(token));
}
