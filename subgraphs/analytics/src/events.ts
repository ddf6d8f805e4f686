import { businessDay, type CenterMessaging, type EventHandlers, type JobDefinition } from '@zhongtai/kit';
import { outbox, processedEvents } from './db/tables.ts';
import { recordAfterSaleFiled, recordCouponClaimed, recordCouponRedeemed, recordFunnelStep } from './domain/aggregateEvents.ts';
import { enrichSale } from './domain/enrich.ts';
import { deleteOldExports, EXPORT_RETENTION_JOB } from './domain/exports/retention.ts';
import { runSalesExport } from './domain/exports/run.ts';
import { SALES_EXPORT_JOB } from './domain/exports/start.ts';
import { REBUILD_JOB, runRebuild } from './domain/rebuild.ts';
import { ENRICH_SALE_JOB, recordOrderStatus, recordPaidOrder, recordRefund } from './domain/sales.ts';

/**
 * The read model is built from the owning centers' events only (each handled once: the kit's
 * inbox; and idempotent besides). Handlers write this center's tables and never call another
 * center: what the events lack (member level, cost) a job asks for afterwards.
 */
export const handlers: EventHandlers = {
  OrderPlaced: (ctx, { payload }) => recordFunnelStep(ctx, payload, { placedDay: businessDay(payload.placedAt) }),
  OrderPaid: async (ctx, event) => {
    await recordPaidOrder(ctx, event);
    await recordFunnelStep(ctx, event.payload, { paidAt: new Date(event.payload.paidAt) });
  },
  RefundSucceeded: (ctx, event) => recordRefund(ctx, event),
  OrderShipped: async (ctx, { payload }) => {
    await recordOrderStatus(ctx, payload.orderId, 'SHIPPED');
    await recordFunnelStep(ctx, payload, { shippedAt: new Date(payload.at) });
  },
  // Service lines are delivered (vouchers issued) without shipping: delivery counts as shipped for the funnel.
  OrderDelivered: async (ctx, { payload }) => {
    await recordOrderStatus(ctx, payload.orderId, 'DELIVERED');
    await recordFunnelStep(ctx, payload, { shippedAt: new Date(payload.at) });
  },
  OrderCompleted: async (ctx, { payload }) => {
    await recordOrderStatus(ctx, payload.orderId, 'COMPLETED');
    await recordFunnelStep(ctx, payload, { completedAt: new Date(payload.at) });
  },
  OrderCancelled: async (ctx, { payload }) => {
    await recordOrderStatus(ctx, payload.orderId, 'CANCELLED');
    await recordFunnelStep(ctx, payload, { endedAt: new Date(payload.at), endStatus: payload.status, endReason: payload.reason });
  },
  AfterSaleFiled: (ctx, { payload }) => recordAfterSaleFiled(ctx, payload),
  CouponClaimed: (ctx, { payload }) => recordCouponClaimed(ctx, payload),
  CouponRedeemed: (ctx, { payload }) => recordCouponRedeemed(ctx, payload),
};

/** The enrichment after each sale (member level and cost, asked of their centers), the rebuild an operator starts (rebuildSalesFacts), and the exports callers start (startSalesExport). */
export const jobs: Record<string, JobDefinition> = {
  [ENRICH_SALE_JOB]: { handler: (ctx, data) => enrichSale(ctx, String(data.orderId)) },
  // A million orders take longer than the queue's default 15 minutes: not taken for dead before 4 hours.
  [REBUILD_JOB]: { handler: (ctx, data) => runRebuild(ctx, Number(data.generation)), expireInSeconds: 4 * 60 * 60 },
  [SALES_EXPORT_JOB]: { handler: (ctx, data) => runSalesExport(ctx, String(data.exportId)) },
  // Hourly: exports past EXPORT_RETENTION_DAYS go, files and rows.
  [EXPORT_RETENTION_JOB]: { cron: '41 * * * *', handler: async (ctx) => void (await deleteOldExports(ctx)) },
};

/** The event wiring `defineCenter` takes: outbox, inbox (handlers run once per event), handlers and jobs. */
export const messaging: CenterMessaging = { outbox, inbox: processedEvents, handlers, jobs };
