import type { CenterMessaging, EventHandlers, JobDefinition } from '@zhongtai/kit';
import { outbox, processedEvents } from './db/tables.ts';
import { dispatchPaidOrder, REQUEST_OUTBOUND_JOB } from './domain/dispatch.ts';
import { requestOutbound } from './domain/outbound.ts';
import { cancelOrderNotices, readdressOrder } from './domain/readdress.ts';
import { shipmentFromOutbound } from './domain/shipping.ts';
import { voidForAfterSale, voidRefundedVouchers } from './domain/vouchers.ts';
import { expireVouchers, EXPIRE_VOUCHERS_JOB } from './domain/voucherExpiry.ts';
import { releaseCleared } from './domain/customsHold.ts';
import { weighShipment, WEIGH_SHIPMENT_JOB } from './domain/packedWeight.ts';
import { subscribeTracking, SUBSCRIBE_TRACKING_JOB } from './domain/trackingSubscriptions.ts';

/**
 * OrderPaid becomes shipping notices and vouchers; OutboundShipped (inventory shipped a notice)
 * becomes a shipment. Both run in the event's transaction; inventory is called from the
 * `requestOutbound` job, after that transaction committed.
 */
export const handlers: EventHandlers = {
  OrderPaid: dispatchPaidOrder,
  OutboundShipped: shipmentFromOutbound,
  OrderAddressChanged: readdressOrder,
  OrderCancelled: cancelOrderNotices,
  CustomsCleared: releaseCleared,
  RefundSucceeded: (ctx, { payload }) => voidRefundedVouchers(ctx, payload),
  AfterSaleRefunded: (ctx, { payload }) => voidForAfterSale(ctx, payload),
};

export const jobs: Record<string, JobDefinition> = {
  [REQUEST_OUTBOUND_JOB]: {
    retryLimit: 5,
    async handler(ctx, data) {
      await requestOutbound(ctx, String(data.shippingNoticeId));
    },
  },
  // Both run after the shipment committed: a service call and an HTTP call never hold its transaction.
  [WEIGH_SHIPMENT_JOB]: { retryLimit: 5, handler: async (ctx, data) => weighShipment(ctx, String(data.shipmentId)) },
  [SUBSCRIBE_TRACKING_JOB]: { retryLimit: 8, handler: async (ctx, data) => subscribeTracking(ctx, String(data.shipmentId)) },
  // Every minute (pg-boss cron's finest step): vouchers past their end become EXPIRED, at ctx.now().
  [EXPIRE_VOUCHERS_JOB]: { cron: '* * * * *', handler: async (ctx) => void (await expireVouchers(ctx)) },
};

/** The event wiring `defineCenter` takes: outbox, inbox (handlers run once per event), handlers and jobs. */
export const messaging: CenterMessaging = { outbox, inbox: processedEvents, handlers, jobs };
