import type { CenterMessaging, EventHandlers, JobDefinition } from '@zhongtai/kit';
import { outbox, processedEvents } from './db/tables.ts';
import { enrichSale } from './domain/enrich.ts';
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
  OrderPaid: (ctx, event) => recordPaidOrder(ctx, event),
  RefundSucceeded: (ctx, event) => recordRefund(ctx, event),
  OrderShipped: (ctx, { payload }) => recordOrderStatus(ctx, payload.orderId, 'SHIPPED'),
  OrderDelivered: (ctx, { payload }) => recordOrderStatus(ctx, payload.orderId, 'DELIVERED'),
  OrderCompleted: (ctx, { payload }) => recordOrderStatus(ctx, payload.orderId, 'COMPLETED'),
  OrderCancelled: (ctx, { payload }) => recordOrderStatus(ctx, payload.orderId, 'CANCELLED'),
};

/** The enrichment after each sale (member level and cost, asked of their centers), the rebuild an operator starts (rebuildSalesFacts), and the exports callers start (startSalesExport). */
export const jobs: Record<string, JobDefinition> = {
  [ENRICH_SALE_JOB]: { handler: (ctx, data) => enrichSale(ctx, String(data.orderId)) },
  [REBUILD_JOB]: { handler: (ctx, data) => runRebuild(ctx, Number(data.generation)) },
  [SALES_EXPORT_JOB]: { handler: (ctx, data) => runSalesExport(ctx, String(data.exportId)) },
};

/** The event wiring `defineCenter` takes: outbox, inbox (handlers run once per event), handlers and jobs. */
export const messaging: CenterMessaging = { outbox, inbox: processedEvents, handlers, jobs };
