import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * Who and what the work under way is for: every log line written inside carries these, whoever
 * writes it (a domain function, the audit wrapper, a loader), without being handed them.
 * The gateway opens one per request, each center one per operation it runs (nested inside the
 * gateway's in all-in-one mode, so the innermost center names the line), the event bus one per
 * event or job it runs.
 */
export interface RequestScope {
  requestId?: string;
  /** W3C trace id (32 hex): the active span's when tracing is on, else the one the request came with or was given. */
  traceId?: string;
  /** The GraphQL operation name (`PlaceOrder`), `event OrderPaid`, `job closeUnpaid`, `route POST /sandbox/callback`. */
  operation?: string;
  center?: string;
  /** The caller's role (`CUSTOMER`, `SERVICE`...), `ANONYMOUS` without a token. */
  role?: string;
}

const scopes = new AsyncLocalStorage<RequestScope>();

/**
 * Runs `fn` inside a scope made of the current one and `fields` (fields win). The object passed
 * becomes the scope: the gateway fills in the operation once Apollo has resolved it.
 */
export function withRequestScope<T>(fields: RequestScope, fn: () => T): T {
  const outer = scopes.getStore();
  const scope = outer ? Object.assign(fields, { ...outer, ...definedOnly(fields) }) : fields;
  return scopes.run(scope, fn);
}

export function currentRequestScope(): RequestScope | undefined {
  return scopes.getStore();
}

function definedOnly(fields: RequestScope): RequestScope {
  const out: RequestScope = {};
  for (const [key, value] of Object.entries(fields)) if (value !== undefined) out[key as keyof RequestScope] = value as string;
  return out;
}
