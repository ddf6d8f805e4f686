import { sql } from 'drizzle-orm';
import { bigint, boolean, index, integer, text, uniqueIndex, varchar } from 'drizzle-orm/pg-core';
import { idColumn, timestampColumn, timestamps, type CurrencyCode } from '@zhongtai/kit';
import { carriers, fulfillmentSchema, trackingAdapter } from './tables.ts';
import { shipments } from './shipmentTables.ts';

export const subscriptionStatus = fulfillmentSchema.enum('tracking_subscription_status', ['PENDING', 'SUBSCRIBED', 'FAILED', 'ENDED']);

/**
 * A parcel's tracking subscription at an aggregator (快递100): asked for by the `subscribeTracking`
 * job after the shipment committed. `salt` is ours, per parcel: the aggregator signs every push
 * about this parcel with it, so a push is checked against the one parcel it names.
 */
export const trackingSubscriptions = fulfillmentSchema.table('tracking_subscriptions', {
  shipmentId: idColumn('shipment_id')
    .primaryKey()
    .references(() => shipments.id),
  adapter: trackingAdapter('adapter').notNull(),
  status: subscriptionStatus('status').notNull().default('PENDING'),
  salt: varchar('salt', { length: 64 }).notNull(),
  attempts: integer('attempts').notNull().default(0),
  lastError: text('last_error'),
  subscribedAt: timestampColumn('subscribed_at'),
  lastPushAt: timestampColumn('last_push_at'),
  ...timestamps(),
});

export const billLineStatus = fulfillmentSchema.enum('carrier_bill_line_status', ['MATCHED', 'UNKNOWN_WAYBILL', 'DUPLICATE']);

/**
 * A carrier's bill (运费账单) as imported: an operator's covers every shop (shop null), a merchant's
 * only its shop's parcels. The bill number is the carrier's: importing it again is the same bill.
 */
export const carrierBills = fulfillmentSchema.table(
  'carrier_bills',
  {
    id: idColumn().primaryKey(),
    carrierId: idColumn('carrier_id')
      .notNull()
      .references(() => carriers.id),
    shopId: idColumn('shop_id'),
    billNumber: varchar('bill_number', { length: 64 }).notNull(),
    /** sha256 of the CSV as imported: the same number with other content is refused, not merged. */
    contentHash: varchar('content_hash', { length: 64 }).notNull(),
    currencyCode: varchar('currency_code', { length: 3 }).$type<CurrencyCode>().notNull(),
    lineCount: integer('line_count').notNull(),
    totalCostAmount: bigint('total_cost_amount', { mode: 'bigint' }).notNull(),
    importedBy: varchar('imported_by', { length: 100 }).notNull(),
    ...timestamps(),
  },
  (t) => [
    uniqueIndex('carrier_bills_number_key').on(t.carrierId, sql`coalesce(${t.shopId}, '')`, t.billNumber),
    index('carrier_bills_created_idx').on(t.createdAt, t.id),
    index('carrier_bills_shop_idx').on(t.shopId, t.createdAt, t.id),
  ],
);

/** One line of a bill: a waybill, its billed weight and cost, and how it matched our shipments. */
export const carrierBillLines = fulfillmentSchema.table(
  'carrier_bill_lines',
  {
    id: idColumn().primaryKey(),
    billId: idColumn('bill_id')
      .notNull()
      .references(() => carrierBills.id),
    lineNumber: integer('line_number').notNull(),
    waybill: varchar('waybill', { length: 64 }).notNull(),
    weightGrams: integer('weight_grams').notNull(),
    costAmount: bigint('cost_amount', { mode: 'bigint' }).notNull(),
    status: billLineStatus('status').notNull(),
    shipmentId: idColumn('shipment_id'),
    /** The matched shipment's shop (null when unknown): who may read the line. */
    shopId: idColumn('shop_id'),
    /** The parcel's packed weight when matched, and whether the billed weight is far from it. */
    packedWeightGrams: integer('packed_weight_grams'),
    weightMismatch: boolean('weight_mismatch').notNull().default(false),
    ...timestamps(),
  },
  (t) => [uniqueIndex('carrier_bill_lines_number_key').on(t.billId, t.lineNumber), index('carrier_bill_lines_shipment_idx').on(t.shipmentId)],
);

export type TrackingSubscriptionRow = typeof trackingSubscriptions.$inferSelect;
export type CarrierBillRow = typeof carrierBills.$inferSelect;
export type CarrierBillLineRow = typeof carrierBillLines.$inferSelect;
export type BillLineStatus = CarrierBillLineRow['status'];
