import type { RequestContext } from '../context.ts';

/**
 * A plain HTTP endpoint a center owns besides its GraphQL API: provider and carrier callbacks.
 * Served at `/hooks/<center><path>` by the gateway (all-in-one) and by the center's own server
 * (cluster); the distributed gateway forwards there. The caller proves itself by signature, not
 * by token, so the handler runs with the center's system context.
 */
export interface CenterRoute {
  method: 'GET' | 'POST';
  /** Starts with `/`, e.g. `/sandbox/callback`. */
  path: string;
  handle(ctx: RequestContext, request: { rawBody: string; headers: Headers; query: URLSearchParams }): Promise<RouteResponse>;
}

export interface RouteResponse {
  status: number;
  /** Sent as JSON, unless `text` is given. */
  body: unknown;
  /** A literal text answer instead of JSON: some providers (Alipay's `success`) expect an exact body. */
  text?: string;
}

export const HOOKS_PREFIX = '/hooks/';

/** Splits `/hooks/payments/sandbox/callback` into center and path, or undefined. */
export function parseHookPath(pathname: string): { center: string; path: string } | undefined {
  if (!pathname.startsWith(HOOKS_PREFIX)) return undefined;
  const rest = pathname.slice(HOOKS_PREFIX.length);
  const slash = rest.indexOf('/');
  if (slash <= 0) return undefined;
  return { center: rest.slice(0, slash), path: rest.slice(slash) };
}
