import { randomUUID } from 'node:crypto';
import type { Claims } from './auth/claims.ts';
import type { Db } from './db/database.ts';
import { LoaderRegistry } from './loaders.ts';
import { currentSignal } from './limits/abort.ts';
import type { EventPublisher } from './events/publisher.ts';
import type { ServiceClient } from './serviceClient.ts';
import type { StaffDirectory } from './auth/staffDirectory.ts';
import { scopedTime } from './timeScope.ts';

/**
 * The time the domain's rules read (payment deadlines, presale windows, reservation expiry,
 * scheduled prices). The real clock unless the host was given another: tests move time with it
 * instead of waiting.
 */
export type Clock = () => Date;
/** The real time, or the as-of time of the scope the caller runs in (`withTimeAt`). */
export const systemClock: Clock = () => scopedTime() ?? new Date();

/**
 * What every resolver and domain function gets first: who is asking (verified claims), the
 * center's database, per-request loaders and the client for other centers' internal API.
 */
export interface RequestContext {
  readonly center: string;
  readonly requestId: string;
  readonly claims: Claims | null;
  readonly db: Db;
  readonly loaders: LoaderRegistry;
  readonly services: ServiceClient;
  /** Writes events and delayed jobs into the center's outbox, inside the caller's transaction. */
  readonly events: EventPublisher;
  /** Current standing of the staff member a MERCHANT/ADMIN token names (permission checks). */
  readonly staff?: StaffDirectory;
  /**
   * Aborted when the request's deadline passes or whoever asked gave up: long domain work
   * checks it (`throwIfAborted(ctx.signal)`); SQL statements and loader batches check it
   * themselves.
   */
  readonly signal: AbortSignal;
  /** Now, for the domain's time rules (deadlines, windows, expiry): read it here, not from `new Date()`. */
  readonly now: Clock;
  /**
   * The end client's address as the gateway determined it (trusted-proxy aware), forwarded in
   * `CLIENT_IP_HEADER`; null for jobs, service-to-service calls the gateway did not start, and hooks.
   */
  readonly clientIp?: string | null;
}

/** The header the gateway forwards the client's address in (it sets it itself, never passes the client's). */
export const CLIENT_IP_HEADER = 'x-zhongtai-client-ip';

const NEVER = new AbortController().signal;

export function createRequestContext(input: {
  center: string;
  claims: Claims | null;
  db: Db;
  services: ServiceClient;
  events: EventPublisher;
  requestId?: string | null;
  staff?: StaffDirectory;
  signal?: AbortSignal;
  now?: Clock;
  clientIp?: string | null;
}): RequestContext {
  return {
    center: input.center,
    requestId: input.requestId || randomUUID(),
    claims: input.claims,
    db: input.db,
    loaders: new LoaderRegistry(),
    signal: input.signal ?? currentSignal() ?? NEVER,
    services: input.services,
    events: input.events,
    staff: input.staff,
    now: input.now ?? systemClock,
    clientIp: input.clientIp || null,
  };
}
