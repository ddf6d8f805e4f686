import { sql } from 'drizzle-orm';
import { bigint, boolean, check, index, integer, jsonb, pgSchema, text, uniqueIndex, varchar } from 'drizzle-orm/pg-core';
import {
  idColumn,
  outboxTable,
  processedEventsTable,
  timestampColumn,
  timestamps,
  type CurrencyCode,
  type DeliveryAddress,
  type VoucherRefundRule,
} from '@zhongtai/kit';

export const fulfillmentSchema = pgSchema('fulfillment');

export const chargeByEnum = fulfillmentSchema.enum('freight_charge_by', ['PIECE', 'WEIGHT', 'VOLUME']);
export const noticeKind = fulfillmentSchema.enum('notice_kind', ['WAREHOUSE', 'SUPPLIER']);
export const noticeStatus = fulfillmentSchema.enum('notice_status', ['PENDING', 'OUTBOUND_REQUESTED', 'OUTBOUND_FAILED', 'SHIPPED', 'CANCELLED']);
export const voucherStatus = fulfillmentSchema.enum('voucher_status', ['ISSUED', 'REDEEMED', 'VOIDED', 'EXPIRED']);
/** How a carrier's tracking reaches us: our own signed callback (the sandbox speaks it), or 快递100's subscribe-and-push. */
export const trackingAdapter = fulfillmentSchema.enum('carrier_tracking_adapter', ['CALLBACK', 'KUAIDI100']);

/**
 * A shop's freight template. Units are pieces, grams or cm³ (by `charge_by`). One template per
 * shop is the default, the one checkout quotes with (partial unique index).
 */
export const freightTemplates = fulfillmentSchema.table(
  'freight_templates',
  {
    id: idColumn().primaryKey(),
    shopId: idColumn('shop_id').notNull(),
    name: varchar('name', { length: 100 }).notNull(),
    chargeBy: chargeByEnum('charge_by').notNull(),
    currencyCode: varchar('currency_code', { length: 3 }).$type<CurrencyCode>().notNull(),
    /** Free shipping when the physical lines' amount reaches this (minor units), if set. */
    freeOverAmount: bigint('free_over_amount', { mode: 'bigint' }),
    /** Free shipping when the physical lines' quantity reaches this, if set. */
    freeOverQuantity: integer('free_over_quantity'),
    /** Provinces the shop does not deliver to. */
    excludedProvinces: jsonb('excluded_provinces').$type<string[]>().notNull().default([]),
    isDefault: boolean('is_default').notNull().default(false),
    ...timestamps(),
  },
  (t) => [
    uniqueIndex('freight_templates_default_key')
      .on(t.shopId)
      .where(sql`is_default`),
    index('freight_templates_shop_idx').on(t.shopId, t.createdAt, t.id),
    index('freight_templates_created_idx').on(t.createdAt, t.id),
  ],
);

/** One pricing rule of a template: for the listed provinces, or the default rule (empty list). */
export const freightRules = fulfillmentSchema.table(
  'freight_rules',
  {
    id: idColumn().primaryKey(),
    templateId: idColumn('template_id')
      .notNull()
      .references(() => freightTemplates.id, { onDelete: 'cascade' }),
    position: integer('position').notNull(),
    provinces: jsonb('provinces').$type<string[]>().notNull().default([]),
    firstUnits: integer('first_units').notNull(),
    firstPrice: bigint('first_price', { mode: 'bigint' }).notNull(),
    additionalUnits: integer('additional_units').notNull(),
    additionalPrice: bigint('additional_price', { mode: 'bigint' }).notNull(),
  },
  (t) => [
    uniqueIndex('freight_rules_position_key').on(t.templateId, t.position),
    check('freight_rules_units_positive', sql`${t.firstUnits} > 0 and ${t.additionalUnits} > 0`),
    check('freight_rules_prices_not_negative', sql`${t.firstPrice} >= 0 and ${t.additionalPrice} >= 0`),
  ],
);

/** A configured carrier: tracking callbacks are signed with its secret. */
export const carriers = fulfillmentSchema.table(
  'carriers',
  {
    id: idColumn().primaryKey(),
    code: varchar('code', { length: 32 }).notNull(),
    name: varchar('name', { length: 100 }).notNull(),
    callbackSecret: text('callback_secret').notNull(),
    /** Days from shipping to the promised delivery: a shipment later than that is late. */
    promisedDays: integer('promised_days').notNull().default(3),
    active: boolean('active').notNull().default(true),
    trackingAdapter: trackingAdapter('tracking_adapter').notNull().default('CALLBACK'),
    /** The carrier's code at the tracking aggregator (快递100's `com`, e.g. `shunfeng`). */
    trackingCompanyCode: varchar('tracking_company_code', { length: 32 }),
    ...timestamps(),
  },
  (t) => [uniqueIndex('carriers_code_key').on(t.code), check('carriers_promised_days', sql`${t.promisedDays} between 1 and 60`)],
);

/**
 * 发货通知单: what one source (a warehouse, or a supplier for 代发) must send for one paid order.
 * `queue_key` orders the work lists: failed first, then open notices by due time (late ones
 * first), shipped last; see domain/attention.ts.
 */
export const shippingNotices = fulfillmentSchema.table(
  'shipping_notices',
  {
    id: idColumn().primaryKey(),
    orderId: varchar('order_id', { length: 100 }).notNull(),
    shopId: idColumn('shop_id').notNull(),
    memberId: varchar('member_id', { length: 100 }).notNull(),
    kind: noticeKind('kind').notNull(),
    warehouseId: idColumn('warehouse_id'),
    supplierId: idColumn('supplier_id'),
    status: noticeStatus('status').notNull().default('PENDING'),
    address: jsonb('address').$type<DeliveryAddress>().notNull(),
    outboundOrderId: idColumn('outbound_order_id'),
    failureReason: text('failure_reason'),
    paidAt: timestampColumn('paid_at').notNull(),
    dueBy: timestampColumn('due_by').notNull(),
    shippedAt: timestampColumn('shipped_at'),
    queueKey: varchar('queue_key', { length: 40 }).notNull(),
    /** An exchange's replacement parcel (换货): the after-sale request it answers; its stock is reserved under this id. */
    replacementFor: varchar('replacement_for', { length: 100 }),
    /** This notice's share of the freight the customer paid for the order (minor units; null for a replacement). */
    freightChargedAmount: bigint('freight_charged_amount', { mode: 'bigint' }),
    currencyCode: varchar('currency_code', { length: 3 }).$type<CurrencyCode>(),
    /** 跨境: held until customs clears the order (CustomsCleared): no outbound order, no drop-ship shipment before it. */
    customsHold: boolean('customs_hold').notNull().default(false),
    ...timestamps(),
  },
  (t) => [
    // One notice per order and source; a replacement is keyed by its after-sale request instead (once per request).
    uniqueIndex('shipping_notices_source_key').on(t.orderId, sql`coalesce(${t.replacementFor}, ${t.warehouseId}, ${t.supplierId})`),
    check(
      'shipping_notices_one_source',
      sql`(${t.kind} = 'WAREHOUSE') = (${t.warehouseId} is not null) and (${t.kind} = 'SUPPLIER') = (${t.supplierId} is not null)`,
    ),
    index('shipping_notices_order_idx').on(t.orderId),
    index('shipping_notices_queue_idx').on(t.queueKey, t.id),
    index('shipping_notices_shop_queue_idx').on(t.shopId, t.queueKey, t.id),
    index('shipping_notices_supplier_queue_idx')
      .on(t.supplierId, t.queueKey, t.id)
      .where(sql`${t.supplierId} is not null`),
    index('shipping_notices_created_idx').on(t.createdAt, t.id),
  ],
);

/** The order lines a notice sends; `order_line_id` travels back to orders in ShipmentShipped. */
export const shippingNoticeLines = fulfillmentSchema.table(
  'shipping_notice_lines',
  {
    id: idColumn().primaryKey(),
    noticeId: idColumn('notice_id')
      .notNull()
      .references(() => shippingNotices.id),
    orderLineId: varchar('order_line_id', { length: 100 }).notNull(),
    skuId: idColumn('sku_id').notNull(),
    quantity: integer('quantity').notNull(),
  },
  (t) => [uniqueIndex('shipping_notice_lines_line_key').on(t.noticeId, t.orderLineId), check('shipping_notice_lines_quantity', sql`${t.quantity} > 0`)],
);

/** A code the customer redeems for a SERVICE line, one per unit. */
export const serviceVouchers = fulfillmentSchema.table(
  'service_vouchers',
  {
    id: idColumn().primaryKey(),
    code: varchar('code', { length: 32 }).notNull(),
    orderId: varchar('order_id', { length: 100 }).notNull(),
    orderLineId: varchar('order_line_id', { length: 100 }).notNull(),
    shopId: idColumn('shop_id').notNull(),
    memberId: varchar('member_id', { length: 100 }).notNull(),
    skuId: idColumn('sku_id').notNull(),
    status: voucherStatus('status').notNull().default('ISSUED'),
    /** The service of a PHYSICAL_WITH_SERVICE line (installation): redeemable once its goods are delivered. */
    redeemableAfterDelivery: boolean('redeemable_after_delivery').notNull().default(false),
    redeemedAt: timestampColumn('redeemed_at'),
    redeemedBy: varchar('redeemed_by', { length: 100 }),
    /** The end of validity from the product's terms at issue (vouchers.ts); null: never expires. */
    expiresAt: timestampColumn('expires_at'),
    expiredAt: timestampColumn('expired_at'),
    refundRule: varchar('refund_rule', { length: 30 }).$type<VoucherRefundRule>().notNull().default('REFUNDABLE_ANYTIME'),
    autoRefundOnExpiry: boolean('auto_refund_on_expiry').notNull().default(false),
    /** The day the customer booked (YYYY-MM-DD, China time), for a service sold by day. */
    serviceDate: varchar('service_date', { length: 10 }),
    /** The after-sale request whose refund voided it (a refund of k units voids k vouchers, once). */
    voidedFor: varchar('voided_for', { length: 100 }),
    ...timestamps(),
  },
  (t) => [
    uniqueIndex('service_vouchers_code_key').on(t.code),
    index('service_vouchers_order_idx').on(t.orderId),
    index('service_vouchers_shop_idx').on(t.shopId, t.createdAt, t.id),
    // The expiry job's scan: only vouchers still to redeem that have an end.
    index('service_vouchers_expiry_idx')
      .on(t.expiresAt)
      .where(sql`${t.status} = 'ISSUED' and ${t.expiresAt} is not null`),
  ],
);

/**
 * The latest delivery address orders announced for an order (OrderAddressChanged). Events of
 * different topics may arrive in any order, so dispatch of a paid order looks here too.
 */
export const orderAddresses = fulfillmentSchema.table('order_addresses', {
  orderId: idColumn('order_id').primaryKey(),
  address: jsonb('address').$type<DeliveryAddress>().notNull(),
  changedAt: timestampColumn('changed_at').notNull(),
});

/** Orders that ended before shipping (OrderCancelled): an OrderPaid arriving later dispatches nothing. */
export const cancelledOrders = fulfillmentSchema.table('cancelled_orders', {
  orderId: idColumn('order_id').primaryKey(),
  cancelledAt: timestampColumn('cancelled_at').notNull(),
});

/**
 * Units of a notice line taken off before they shipped (an after-sale refund), by the caller's
 * key: a retried withdrawal changes the notice once.
 */
export const noticeWithdrawals = fulfillmentSchema.table('notice_withdrawals', {
  key: varchar('key', { length: 100 }).primaryKey(),
  noticeId: idColumn('notice_id')
    .notNull()
    .references(() => shippingNotices.id),
  orderLineId: varchar('order_line_id', { length: 100 }).notNull(),
  quantity: integer('quantity').notNull(),
  createdAt: timestampColumn('created_at').notNull().defaultNow(),
});

export const outbox = outboxTable(fulfillmentSchema);
export const processedEvents = processedEventsTable(fulfillmentSchema);

export type FreightTemplateRow = typeof freightTemplates.$inferSelect;
export type FreightRuleRow = typeof freightRules.$inferSelect;
export type CarrierRow = typeof carriers.$inferSelect;
export type TrackingAdapterName = CarrierRow['trackingAdapter'];
export type ShippingNoticeRow = typeof shippingNotices.$inferSelect;
export type ShippingNoticeLineRow = typeof shippingNoticeLines.$inferSelect;
export type ServiceVoucherRow = typeof serviceVouchers.$inferSelect;
export type NoticeStatus = ShippingNoticeRow['status'];

/**
 * 跨境: orders customs cleared (CustomsCleared), so that a clearance heard before the order's
 * OrderPaid (separate queues) still releases the notices dispatch writes later.
 */
export const customsClearances = fulfillmentSchema.table('customs_clearances', {
  orderId: varchar('order_id', { length: 100 }).primaryKey(),
  clearedAt: timestampColumn('cleared_at').notNull(),
});
