import { sql } from 'drizzle-orm';
import { bigint, boolean, index, integer, text, uniqueIndex, varchar } from 'drizzle-orm/pg-core';
import { idColumn, timestampColumn, timestamps, type CurrencyCode } from '@zhongtai/kit';
import { carriers, fulfillmentSchema, shippingNotices } from './tables.ts';

export const trackingStatus = fulfillmentSchema.enum('tracking_status', ['SHIPPED', 'PICKED_UP', 'IN_TRANSIT', 'OUT_FOR_DELIVERY', 'DELIVERED', 'EXCEPTION']);

/**
 * A parcel (or parcels) that left for one shipping notice with a carrier. `progress` is the
 * furthest status reached and never goes back; `status` is that, or EXCEPTION while the newest
 * tracking event is an exception. `queue_key`: see domain/attention.ts.
 */
export const shipments = fulfillmentSchema.table(
  'shipments',
  {
    id: idColumn().primaryKey(),
    noticeId: idColumn('notice_id')
      .notNull()
      .references(() => shippingNotices.id),
    orderId: varchar('order_id', { length: 100 }).notNull(),
    shopId: idColumn('shop_id').notNull(),
    memberId: varchar('member_id', { length: 100 }).notNull(),
    warehouseId: idColumn('warehouse_id'),
    supplierId: idColumn('supplier_id'),
    carrierId: idColumn('carrier_id')
      .notNull()
      .references(() => carriers.id),
    carrierCode: varchar('carrier_code', { length: 32 }).notNull(),
    trackingNumber: varchar('tracking_number', { length: 64 }).notNull(),
    status: trackingStatus('status').notNull().default('SHIPPED'),
    progress: trackingStatus('progress').notNull().default('SHIPPED'),
    shippedAt: timestampColumn('shipped_at').notNull(),
    dueBy: timestampColumn('due_by').notNull(),
    deliveredAt: timestampColumn('delivered_at'),
    lastEventAt: timestampColumn('last_event_at'),
    queueKey: varchar('queue_key', { length: 40 }).notNull(),
    /** The freight the customer paid for this parcel (its notice's share of the order's freight). */
    freightChargedAmount: bigint('freight_charged_amount', { mode: 'bigint' }),
    currencyCode: varchar('currency_code', { length: 3 }).$type<CurrencyCode>(),
    /** What went into the parcel, from the SKUs' weights (set by the weighShipment job once catalog answered). */
    packedWeightGrams: integer('packed_weight_grams'),
    /** 真实物流成本: what the carrier billed for it, from the first bill line that named it. */
    realCostAmount: bigint('real_cost_amount', { mode: 'bigint' }),
    billedWeightGrams: integer('billed_weight_grams'),
    costBillLineId: idColumn('cost_bill_line_id'),
    /** Freight charged minus real cost: null until both are known (a column, so lists sort and filter on it). */
    freightMarginAmount: bigint('freight_margin_amount', { mode: 'bigint' }).generatedAlwaysAs(
      (): ReturnType<typeof sql> => sql`freight_charged_amount - real_cost_amount`,
    ),
    ...timestamps(),
  },
  (t) => [
    uniqueIndex('shipments_notice_key').on(t.noticeId),
    uniqueIndex('shipments_tracking_key').on(t.carrierId, t.trackingNumber),
    index('shipments_order_idx').on(t.orderId),
    index('shipments_queue_idx').on(t.queueKey, t.id),
    index('shipments_shop_queue_idx').on(t.shopId, t.queueKey, t.id),
    index('shipments_shipped_idx').on(t.shippedAt, t.id),
    index('shipments_margin_idx')
      .on(t.freightMarginAmount, t.id)
      .where(sql`${t.freightMarginAmount} is not null`),
  ],
);

/** What is in each package of a shipment. */
export const shipmentLines = fulfillmentSchema.table(
  'shipment_lines',
  {
    id: idColumn().primaryKey(),
    shipmentId: idColumn('shipment_id')
      .notNull()
      .references(() => shipments.id),
    packageNumber: integer('package_number').notNull(),
    orderLineId: varchar('order_line_id', { length: 100 }).notNull(),
    skuId: idColumn('sku_id').notNull(),
    quantity: integer('quantity').notNull(),
  },
  (t) => [uniqueIndex('shipment_lines_key').on(t.shipmentId, t.packageNumber, t.orderLineId)],
);

/** The timeline: every distinct carrier event, in or out of order; duplicates are refused by the key. */
export const trackingEvents = fulfillmentSchema.table(
  'tracking_events',
  {
    id: idColumn().primaryKey(),
    shipmentId: idColumn('shipment_id')
      .notNull()
      .references(() => shipments.id),
    carrierId: idColumn('carrier_id').notNull(),
    carrierEventId: varchar('carrier_event_id', { length: 100 }).notNull(),
    status: trackingStatus('status').notNull(),
    occurredAt: timestampColumn('occurred_at').notNull(),
    location: varchar('location', { length: 200 }),
    description: text('description'),
    /** Whether it moved the shipment's status (false for stale and late-arriving events). */
    applied: boolean('applied').notNull().default(false),
    ...timestamps(),
  },
  (t) => [
    uniqueIndex('tracking_events_carrier_event_key').on(t.carrierId, t.carrierEventId),
    index('tracking_events_shipment_idx').on(t.shipmentId, t.occurredAt),
  ],
);

export type ShipmentRow = typeof shipments.$inferSelect;
export type ShipmentLineRow = typeof shipmentLines.$inferSelect;
export type TrackingEventRow = typeof trackingEvents.$inferSelect;
export type TrackingStatus = ShipmentRow['status'];
