import type { CenterMessaging, EventHandlers, JobDefinition } from '@zhongtai/kit';
import { outbox, processedEvents } from './db/tables.ts';

/**
 * The content center hears no event: whether a linked product sells is asked of the catalog on
 * each storefront read (domain/render.ts), and windows are compared with the request's clock, so
 * nothing needs a timer either.
 */
export const handlers: EventHandlers = {};
export const jobs: Record<string, JobDefinition> = {};

/** The event wiring `defineCenter` takes: outbox, inbox (handlers run once per event), handlers and jobs. */
export const messaging: CenterMessaging = { outbox, inbox: processedEvents, handlers, jobs };
