import type { CenterMessaging, EventHandlers, JobDefinition } from '@zhongtai/kit';
import { outbox, processedEvents } from './db/tables.ts';
import { recordConsignedReturn, recordConsignedSale } from './domain/consignment.ts';
import { startDropShipClock, stopDropShipClock } from './domain/dropShipTiming.ts';
import { recordPurchaseReceived, SETTLE_DELIVERY_JOB, settleDelivery, type SettleDeliveryData } from './domain/purchaseReceiving.ts';
import { NIGHTLY_REPLENISHMENT_JOB, replenishAll, REPLENISH_LEVEL_JOB, replenishLevel, replenishOnSignal } from './domain/replenishment.ts';

/**
 * What procurement hears: from inventory, a stock level fell under its safety stock (replenish it)
 * and a purchase delivery was put away (the order's received units); from orders and fulfillment,
 * when a drop-shipped line was paid and when its parcel left (the supplier's rating). Each handler writes in the
 * event's transaction and leaves calls to other centers to a job. Orders asks procurement, as
 * SERVICE, which SKUs a supplier ships.
 */
export const handlers: EventHandlers = {
  StockBelowThreshold: (ctx, { payload }) => replenishOnSignal(ctx, payload),
  PurchaseReceived: (ctx, { payload }) => recordPurchaseReceived(ctx, payload),
  // 代发时效: from payment (orders) to the supplier's parcel (fulfillment), for the supplier's rating.
  OrderPaid: (ctx, { payload }) => startDropShipClock(ctx, payload),
  ShipmentShipped: (ctx, { payload }) => stopDropShipClock(ctx, payload),
  // 代销对账: the consignor's statement lines, from inventory's sales and returns of its units.
  ConsignedUnitsSold: (ctx, { payload }) => recordConsignedSale(ctx, payload),
  ConsignedUnitsReturned: (ctx, { payload }) => recordConsignedReturn(ctx, payload),
};

/**
 * The level a signal named; the delivery's cost, backorder and rating; and the nightly pass over
 * every stock level under its safety stock (02:30 UTC, 10:30 in China: after the night's
 * shipping), which catches a missed signal and sales that moved. All idempotent.
 */
export const jobs: Record<string, JobDefinition> = {
  [REPLENISH_LEVEL_JOB]: { handler: (ctx, data) => replenishLevel(ctx, { skuId: String(data.skuId), warehouseId: String(data.warehouseId) }) },
  [SETTLE_DELIVERY_JOB]: { handler: (ctx, data) => settleDelivery(ctx, data as unknown as SettleDeliveryData) },
  [NIGHTLY_REPLENISHMENT_JOB]: { cron: '30 2 * * *', handler: async (ctx) => void (await replenishAll(ctx)) },
};

/** The event wiring `defineCenter` takes: outbox, inbox (handlers run once per event), handlers and jobs. */
export const messaging: CenterMessaging = { outbox, inbox: processedEvents, handlers, jobs };
