import type { CenterMessaging, EventHandlers, JobDefinition } from '@zhongtai/kit';
import { outbox, processedEvents } from './db/tables.ts';
import { expireCoupons } from './domain/coupons.ts';
import { redeemCoupon } from './domain/couponUse.ts';

/** A paid order spends the coupon its checkout locked (once: a redeemed coupon stays redeemed). */
export const handlers: EventHandlers = {
  OrderPaid: async (ctx, { payload }) => void (await redeemCoupon(ctx, { orderId: payload.parentOrderId ?? payload.orderId })),
};

/** Marks coupons past their date EXPIRED every hour (lists and pricing already treat them so). */
export const jobs: Record<string, JobDefinition> = {
  expireCoupons: {
    cron: '23 * * * *',
    async handler(ctx) {
      await expireCoupons(ctx);
    },
  },
};

/** The event wiring `defineCenter` takes: outbox, inbox (handlers run once per event), handlers and jobs. */
export const messaging: CenterMessaging = { outbox, inbox: processedEvents, handlers, jobs };
