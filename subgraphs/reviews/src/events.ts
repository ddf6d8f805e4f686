import type { CenterMessaging, EventHandlers, JobDefinition } from '@zhongtai/kit';
import { outbox } from './db/tables.ts';

/**
 * Reviews handles no event: whether a line may be reviewed is asked of the order center when the
 * review is written (ordersService.afterSaleOrder), so an order completed a moment ago, or before
 * this center existed, is reviewable at once; it publishes ReviewPublished (members pays points).
 */
export const handlers: EventHandlers = {};

/** No timers: the review and follow-up windows are checked when a customer writes. */
export const jobs: Record<string, JobDefinition> = {};

/** The event wiring `defineCenter` takes: outbox, handlers and jobs. */
export const messaging: CenterMessaging = { outbox, handlers, jobs };
