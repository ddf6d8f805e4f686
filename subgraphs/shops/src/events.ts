import type { CenterMessaging, EventHandlers, JobDefinition } from '@zhongtai/kit';
import { outbox, processedEvents } from './db/tables.ts';
import { storeAuditEntry } from './domain/audit.ts';

/**
 * Shops publishes ShopStatusChanged (domain/shops.ts: catalog takes a suspended or closed shop's
 * products off the shelf). It keeps the audit log: every center's AuditRecorded lands here, stored
 * once per event id.
 */
export const handlers: EventHandlers = {
  AuditRecorded: storeAuditEntry,
};

/** No delayed or recurring work. */
export const jobs: Record<string, JobDefinition> = {};

/** The event wiring `defineCenter` takes: outbox, inbox (handlers run once per event), handlers and jobs. */
export const messaging: CenterMessaging = { outbox, inbox: processedEvents, handlers, jobs };
