import { logger, type EventHandlers, type JobDefinition } from '@zhongtai/kit';
import { creditCompletedOrder, expireDuePoints } from './domain/points.ts';

/** A completed order earns its points here, once, however often the event arrives. */
export const handlers: EventHandlers = {
  OrderCompleted: (ctx, { payload }) => creditCompletedOrder(ctx, payload),
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
