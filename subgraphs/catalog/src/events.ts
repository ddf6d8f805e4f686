import type { CenterMessaging, EventHandlers, JobDefinition } from '@zhongtai/kit';
import { outbox, processedEvents } from './db/tables.ts';
import { APPLY_PRICE_CHANGE_JOB, runApplyPriceChangeJob } from './domain/prices/priceSchedule.ts';
import { takeShopOffShelf } from './domain/spus/spuStatus.ts';

/** What catalog reacts to. It publishes nothing yet. */
export const handlers: EventHandlers = {
  async ShopStatusChanged(ctx, { payload }) {
    if (payload.to === 'ACTIVE') return;
    await takeShopOffShelf(ctx, payload.shopId, `shop ${payload.to.toLowerCase()}${payload.reason ? `: ${payload.reason}` : ''}`);
  },
};

/** Delayed work: scheduled price changes take effect at their time. */
export const jobs: Record<string, JobDefinition> = {
  [APPLY_PRICE_CHANGE_JOB]: { handler: runApplyPriceChangeJob },
};

/** The event wiring `defineCenter` takes: outbox, inbox (handlers run once per event), handlers and jobs. */
export const messaging: CenterMessaging = { outbox, inbox: processedEvents, handlers, jobs };
