import { type CenterMessaging, logger, type EventHandlers, type JobDefinition } from '@zhongtai/kit';
import { outbox, processedEvents } from './db/tables.ts';
import { creditCompletedOrder, expireDuePoints } from './domain/points.ts';
import { creditPublishedReview } from './domain/reviewPoints.ts';

/** A completed order and a published review earn their points here, once each, however often the event arrives. */
export const handlers: EventHandlers = {
  OrderCompleted: (ctx, { payload }) => creditCompletedOrder(ctx, payload),
  ReviewPublished: (ctx, { payload }) => creditPublishedReview(ctx, payload),
};

/** Points expire by a sweep every hour (UTC): lots past their date lose what is left of them. */
export const jobs: Record<string, JobDefinition> = {
  expirePoints: {
    cron: '17 * * * *',
    async handler(ctx) {
      const expired = await expireDuePoints(ctx);
      if (expired) logger(ctx).info('points expired', { points: expired });
    },
  },
};

/** The event wiring `defineCenter` takes: outbox, inbox (handlers run once per event), handlers and jobs. */
export const messaging: CenterMessaging = { outbox, inbox: processedEvents, handlers, jobs };
