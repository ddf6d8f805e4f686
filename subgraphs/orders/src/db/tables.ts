import { sql } from 'drizzle-orm';
import { bigint, boolean, check, index, integer, jsonb, pgSchema, primaryKey, text, uniqueIndex, varchar } from 'drizzle-orm/pg-core';
import { idColumn, outboxTable, processedEventsTable, timestampColumn, timestamps, type DeliveryAddress, type VoucherTerms } from '@zhongtai/kit';

export const ordersSchema = pgSchema('orders');

export const orderStatus = ordersSchema.enum('order_status', [
  'PENDING_PAYMENT',
  'ON_HOLD',
  'PAID',
  'SHIPPED',
  'DELIVERED',
  'COMPLETED',
  'CANCELLED',
  'CLOSED',
]);
export const orderType = ordersSchema.enum('order_type', ['NORMAL', 'PRESALE']);
export const checkoutStatus = ordersSchema.enum('checkout_status', ['PLACING', 'PLACED', 'FAILED']);
export const lineFulfillment = ordersSchema.enum('line_fulfillment', ['UNFULFILLED', 'PARTIALLY_SHIPPED', 'SHIPPED', 'DELIVERED', 'VOUCHERED']);

/**
 * A checkout: what the customer submitted once, with its idempotency key. It is paid in one
 * payment and splits into one order per shop (as large marketplaces do).
 */
export const checkouts = ordersSchema.table(
  'checkouts',
  {
    id: idColumn().primaryKey(),
    memberId: idColumn('member_id').notNull(),
    idempotencyKey: varchar('idempotency_key', { length: 100 }).notNull(),
    /** Hash of the request: the same key with a different cart is refused. */
    requestHash: varchar('request_hash', { length: 64 }).notNull(),
    /** PLACING while the holds are taken; a concurrent request with the same key waits for it. */
    status: checkoutStatus('status').notNull().default('PLACING'),
    /** The userErrors of a refused checkout, returned again to a retry with the same key. */
    failure: jsonb('failure').$type<{ field: string[] | null; code: string; message: string }[]>(),
    payableAmount: bigint('payable_amount', { mode: 'bigint' })
      .notNull()
      .default(sql`0`),
    currency: varchar('currency', { length: 3 }).notNull().default('CNY'),
    couponCode: varchar('coupon_code', { length: 64 }),
    pointsUsed: integer('points_used').notNull().default(0),
    paymentId: idColumn('payment_id'),
    /** What the sandbox (or a real provider) gives the customer to pay with. */
    payUrl: text('pay_url'),
    /**
     * What the customer chose at placeOrder to pay with (SANDBOX, ALIPAY, WECHAT_PAY; null: the
     * default provider) and their WeChat openid (JSAPI): a payment reopened later (repriced, or
     * released from risk review) goes to the same provider the same way.
     */
    paymentMethod: varchar('payment_method', { length: 20 }).$type<'SANDBOX' | 'ALIPAY' | 'WECHAT_PAY'>(),
    payerOpenId: varchar('payer_open_id', { length: 128 }),
    /**
     * The shop orders whose stock and flash-sale quantity it may hold, written before the first
     * of them is asked for: if this process dies half-way, the recovery job gives them back by
     * these ids (coupon, points and payment are held under the checkout's own id).
     */
    heldOrders: jsonb('held_orders').$type<CheckoutHeldOrders>(),
    /** Failed, but its holds are not yet known to be given back: the recovery job finishes that. */
    releasePending: boolean('release_pending').notNull().default(false),
    ...timestamps(),
  },
  (t) => [
    uniqueIndex('checkouts_idempotency_key').on(t.memberId, t.idempotencyKey),
    // The recovery job's two look-ups: checkouts stuck in PLACING, failed ones still holding.
    index('checkouts_placing_idx')
      .on(t.createdAt)
      .where(sql`${t.status} = 'PLACING'`),
    index('checkouts_release_pending_idx')
      .on(t.updatedAt)
      .where(sql`${t.releasePending}`),
  ],
);

export interface CheckoutHeldOrders {
  /** Shop orders that reserve warehouse stock. */
  reservations: string[];
  /** Shop orders that take flash-sale quantity. */
  flashSales: string[];
}

/** Feeds order numbers; a sequence never hands out the same value twice, even across rollbacks. */
export const orderNumberSequence = ordersSchema.sequence('order_number_seq');

export const orders = ordersSchema.table(
  'orders',
  {
    id: idColumn().primaryKey(),
    /**
     * 订单号: what a customer reads out on the phone and a merchant types into a search box.
     * The day it was placed (China time) and a 10-digit sequence, set by the database.
     */
    orderNumber: varchar('order_number', { length: 20 })
      .notNull()
      .default(sql`to_char(now() at time zone 'Asia/Shanghai', 'YYMMDD') || lpad(nextval('orders.order_number_seq')::text, 10, '0')`),
    checkoutId: idColumn('checkout_id')
      .notNull()
      .references(() => checkouts.id),
    shopId: idColumn('shop_id').notNull(),
    memberId: idColumn('member_id').notNull(),
    type: orderType('type').notNull().default('NORMAL'),
    status: orderStatus('status').notNull().default('PENDING_PAYMENT'),
    address: jsonb('address').$type<DeliveryAddress>().notNull(),
    currency: varchar('currency', { length: 3 }).notNull(),
    itemsAmount: bigint('items_amount', { mode: 'bigint' }).notNull(),
    discountAmount: bigint('discount_amount', { mode: 'bigint' }).notNull(),
    freightAmount: bigint('freight_amount', { mode: 'bigint' }).notNull(),
    payableAmount: bigint('payable_amount', { mode: 'bigint' }).notNull(),
    refundedAmount: bigint('refunded_amount', { mode: 'bigint' })
      .notNull()
      .default(sql`0`),
    note: text('note'),
    /** PRESALE: the deposit paid now; the balance (payable minus deposit) is paid in its window. */
    depositAmount: bigint('deposit_amount', { mode: 'bigint' })
      .notNull()
      .default(sql`0`),
    depositPaidAt: timestampColumn('deposit_paid_at'),
    balanceStartsAt: timestampColumn('balance_starts_at'),
    balanceDueAt: timestampColumn('balance_due_at'),
    balancePaymentId: idColumn('balance_payment_id'),
    paymentDueAt: timestampColumn('payment_due_at'),
    paidAt: timestampColumn('paid_at'),
    shippedAt: timestampColumn('shipped_at'),
    deliveredAt: timestampColumn('delivered_at'),
    completedAt: timestampColumn('completed_at'),
    cancelledAt: timestampColumn('cancelled_at'),
    /** The template of the checkout's coupon, on the shop orders whose lines it discounted (the analysts' filter). */
    couponTemplateId: idColumn('coupon_template_id'),
    /** Where it was placed: APP, MINI_PROGRAM, WEB (the client said) or STAFF (placed for the member); null: not said, or placed before it was kept. */
    channel: varchar('channel', { length: 20 }),
    /** 跨境: how the order's cross-border goods reach the buyer; null for a domestic order. */
    crossBorderMode: varchar('cross_border_mode', { length: 16 }).$type<'BONDED' | 'DIRECT_MAIL'>(),
    /** 跨境综合税 collected with the payable (included in it); 0 for a domestic order. */
    taxAmount: bigint('tax_amount', { mode: 'bigint' })
      .notNull()
      .default(sql`0`),
    ...timestamps(),
  },
  (t) => [
    index('orders_coupon_template_idx')
      .on(t.couponTemplateId, t.createdAt, t.id)
      .where(sql`${t.couponTemplateId} is not null`),
    index('orders_status_created_idx').on(t.status, t.createdAt, t.id),
    index('orders_created_idx').on(t.createdAt, t.id),
    index('orders_shop_created_idx').on(t.shopId, t.createdAt, t.id),
    index('orders_shop_status_created_idx').on(t.shopId, t.status, t.createdAt, t.id),
    index('orders_member_created_idx').on(t.memberId, t.createdAt, t.id),
    index('orders_checkout_idx').on(t.checkoutId),
    uniqueIndex('orders_order_number_key').on(t.orderNumber),
    index('orders_type_created_idx').on(t.type, t.createdAt, t.id),
    // Sorting by payment time lists paid orders only, so these indexes leave the unpaid out.
    index('orders_paid_idx')
      .on(t.paidAt, t.id)
      .where(sql`${t.paidAt} is not null`),
    index('orders_status_paid_idx')
      .on(t.status, t.paidAt, t.id)
      .where(sql`${t.paidAt} is not null`),
    index('orders_shop_paid_idx')
      .on(t.shopId, t.paidAt, t.id)
      .where(sql`${t.paidAt} is not null`),
    index('orders_payable_idx').on(t.payableAmount, t.id),
    index('orders_shop_payable_idx').on(t.shopId, t.payableAmount, t.id),
    check('orders_amounts_non_negative', sql`${t.payableAmount} >= 0 and ${t.freightAmount} >= 0 and ${t.discountAmount} >= 0`),
    check('orders_refund_within_paid', sql`${t.refundedAmount} >= 0 and ${t.refundedAmount} <= ${t.payableAmount}`),
  ],
);

export interface LineDiscount {
  source: string;
  sourceId: string | null;
  amount: string;
  /** Who bears it (marketing says); lines sold before it was recorded have none (finance then counts the shop's own rules as the shop's). */
  funder?: 'PLATFORM' | 'SHOP';
  /** The campaign of the promotion or flash sale it came from (marketing says); absent otherwise and on older lines. */
  campaignId?: string | null;
}

/** A line keeps the words and prices it was sold with: the product may change later. */
export const orderLines = ordersSchema.table(
  'order_lines',
  {
    id: idColumn().primaryKey(),
    orderId: idColumn('order_id')
      .notNull()
      .references(() => orders.id),
    position: integer('position').notNull(),
    skuId: idColumn('sku_id').notNull(),
    spuId: idColumn('spu_id').notNull(),
    spuName: varchar('spu_name', { length: 200 }).notNull(),
    /** Where the product sat in the catalog when sold (analytics reports by them); null on lines sold before they were kept. */
    categoryId: idColumn('category_id'),
    categoryPath: jsonb('category_path').$type<string[]>(),
    brandId: idColumn('brand_id'),
    skuCode: varchar('sku_code', { length: 64 }).notNull(),
    salesAttributes: jsonb('sales_attributes').$type<{ name: string; value: string }[]>().notNull(),
    productType: varchar('product_type', { length: 30 }).$type<'PHYSICAL' | 'SERVICE' | 'PHYSICAL_WITH_SERVICE'>().notNull(),
    quantity: integer('quantity').notNull(),
    /** The order's currency, repeated so a line renders its money on its own. */
    currency: varchar('currency', { length: 3 }).notNull(),
    unitPrice: bigint('unit_price', { mode: 'bigint' }).notNull(),
    discounts: jsonb('discounts').$type<LineDiscount[]>().notNull(),
    finalAmount: bigint('final_amount', { mode: 'bigint' }).notNull(),
    /** 跨境综合税 on the line (in the order's taxAmount, not in finalAmount); a refund of the line gives back its share. */
    taxAmount: bigint('tax_amount', { mode: 'bigint' })
      .notNull()
      .default(sql`0`),
    refundedAmount: bigint('refunded_amount', { mode: 'bigint' })
      .notNull()
      .default(sql`0`),
    warehouseId: idColumn('warehouse_id'),
    /** 代发: the supplier that ships the line (procurement's); such a line holds no warehouse stock. */
    supplierId: idColumn('supplier_id'),
    fulfillment: lineFulfillment('fulfillment').notNull().default('UNFULFILLED'),
    shippedQuantity: integer('shipped_quantity').notNull().default(0),
    /** Units refunded through after-sales (refund only, or returned and refunded). */
    refundedQuantity: integer('refunded_quantity').notNull().default(0),
    /** Units that came back to a warehouse (returns and exchanges). */
    returnedQuantity: integer('returned_quantity').notNull().default(0),
    /** Units refunded before they shipped: they never will, and the line is complete without them. */
    withdrawnQuantity: integer('withdrawn_quantity').notNull().default(0),
    /** A service's voucher terms when sold (catalog's): its vouchers are issued under them. */
    voucherTerms: jsonb('voucher_terms').$type<VoucherTerms>(),
    /** The day booked for a service (YYYY-MM-DD, China time): its slot's day, or the day the customer chose. */
    serviceDate: varchar('service_date', { length: 10 }),
    /**
     * The order's createdAt, copied: the order list filtered by a SKU walks the SKU's lines newest
     * first from an index and stops at a page, instead of fetching every order that ever sold it.
     */
    orderCreatedAt: timestampColumn('order_created_at').notNull(),
  },
  (t) => [
    index('order_lines_order_idx').on(t.orderId, t.position),
    // Which orders sold this SKU (the SKU filter under other sorts; one line per order and SKU).
    index('order_lines_sku_idx').on(t.skuId, t.orderId),
    // The SKU filter's newest-first page (listOrders), scanned backward like orders_created_idx.
    index('order_lines_sku_created_idx').on(t.skuId, t.orderCreatedAt, t.orderId),
    index('order_lines_supplier_idx')
      .on(t.supplierId, t.orderId)
      .where(sql`${t.supplierId} is not null`),
    check('order_lines_quantity_positive', sql`${t.quantity} > 0`),
    check(
      'order_lines_after_sale_quantities',
      sql`${t.refundedQuantity} between 0 and ${t.quantity} and ${t.returnedQuantity} >= 0 and ${t.withdrawnQuantity} between 0 and ${t.refundedQuantity}`,
    ),
    check('order_lines_refund_within_final', sql`${t.refundedAmount} >= 0 and ${t.refundedAmount} <= ${t.finalAmount}`),
    check('order_lines_one_source', sql`${t.warehouseId} is null or ${t.supplierId} is null`),
  ],
);

/** Every status change of an order: who, why, when. */
export const orderStatusChanges = ordersSchema.table(
  'order_status_changes',
  {
    id: idColumn().primaryKey(),
    orderId: idColumn('order_id')
      .notNull()
      .references(() => orders.id),
    fromStatus: orderStatus('from_status'),
    toStatus: orderStatus('to_status').notNull(),
    reason: text('reason'),
    actor: varchar('actor', { length: 100 }).notNull(),
    createdAt: timestampColumn('created_at').notNull().defaultNow(),
  },
  (t) => [index('order_status_changes_order_idx').on(t.orderId, t.createdAt)],
);

/**
 * 预售 presale: a SKU sold on a deposit now, the balance in a later window. Whoever sells the SKU
 * (its shop, or an operator) sets it; it is offered until the balance window opens.
 */
export const presalePlans = ordersSchema.table(
  'presale_plans',
  {
    id: idColumn().primaryKey(),
    shopId: idColumn('shop_id').notNull(),
    skuId: idColumn('sku_id').notNull(),
    depositPerUnit: bigint('deposit_per_unit', { mode: 'bigint' }).notNull(),
    currency: varchar('currency', { length: 3 }).notNull(),
    balanceStartsAt: timestampColumn('balance_starts_at').notNull(),
    balanceEndsAt: timestampColumn('balance_ends_at').notNull(),
    ...timestamps(),
  },
  (t) => [
    index('presale_plans_sku_idx').on(t.skuId, t.balanceStartsAt),
    index('presale_plans_shop_idx').on(t.shopId, t.createdAt, t.id),
    check('presale_plans_window', sql`${t.balanceEndsAt} > ${t.balanceStartsAt} and ${t.depositPerUnit} > 0`),
  ],
);

/** Parcels fulfillment reported for an order: the order is DELIVERED when all of them are. */
export const orderShipments = ordersSchema.table(
  'order_shipments',
  {
    shipmentId: idColumn('shipment_id').primaryKey(),
    orderId: idColumn('order_id')
      .notNull()
      .references(() => orders.id),
    carrierCode: varchar('carrier_code', { length: 30 }).notNull(),
    trackingNumber: varchar('tracking_number', { length: 60 }).notNull(),
    lines: jsonb('lines').$type<{ orderLineId: string; quantity: number }[]>().notNull(),
    shippedAt: timestampColumn('shipped_at').notNull(),
    deliveredAt: timestampColumn('delivered_at'),
  },
  (t) => [index('order_shipments_order_idx').on(t.orderId)],
);

/**
 * Service slots taken per SKU and day (installation slots), where the merchant limits them: a
 * guarded counter, raised only while it stays within the capacity (serviceSlots.ts).
 */
export const serviceSlotDays = ordersSchema.table(
  'service_slot_days',
  {
    skuId: idColumn('sku_id').notNull(),
    /** The slot's day in the business time zone, YYYY-MM-DD. */
    slotDate: varchar('slot_date', { length: 10 }).notNull(),
    taken: integer('taken').notNull(),
  },
  (t) => [primaryKey({ columns: [t.skuId, t.slotDate] }), check('service_slot_days_taken', sql`${t.taken} >= 0`)],
);

/** The slots an order line holds, so an ended order gives back exactly those (deleted when given back). */
export const serviceSlotHolds = ordersSchema.table(
  'service_slot_holds',
  {
    orderLineId: idColumn('order_line_id').primaryKey(),
    orderId: idColumn('order_id').notNull(),
    checkoutId: idColumn('checkout_id').notNull(),
    skuId: idColumn('sku_id').notNull(),
    slotDate: varchar('slot_date', { length: 10 }).notNull(),
    quantity: integer('quantity').notNull(),
    createdAt: timestampColumn('created_at').notNull().defaultNow(),
  },
  (t) => [index('service_slot_holds_order_idx').on(t.orderId), index('service_slot_holds_checkout_idx').on(t.checkoutId)],
);

/** What an after-sale refund records on its line beside the money: WITHDRAWN before shipping, RETURNED, or KEPT (never arrived). */
export interface AfterSaleUnits {
  requestId: string;
  orderLineId: string;
  quantity: number;
  units: 'WITHDRAWN' | 'RETURNED' | 'KEPT';
}

/** Refunds this center asked for, by idempotency key: a retry does not count twice. */
export const orderRefundRequests = ordersSchema.table(
  'order_refund_requests',
  {
    id: idColumn().primaryKey(),
    orderId: idColumn('order_id')
      .notNull()
      .references(() => orders.id),
    /** The caller's key; a presale refund's deposit part has it with `-deposit` after it (refundParts). */
    idempotencyKey: varchar('idempotency_key', { length: 120 }).notNull(),
    /** The whole amount: the lines, the money beside them (freight) and `tax`. */
    amount: bigint('amount', { mode: 'bigint' }).notNull(),
    lines: jsonb('lines').$type<{ orderLineId: string; amount: string }[]>().notNull(),
    /** 跨境综合税 in `amount`, beside the lines (taxOfRefund). */
    tax: bigint('tax', { mode: 'bigint' })
      .notNull()
      .default(sql`0`),
    /** The payment it was asked of (a presale's balance or deposit payment); null on requests older than this column. */
    paymentId: idColumn('payment_id'),
    refundId: idColumn('refund_id'),
    /** An after-sale refund: the request and the units its line records with the money (undone if the refund fails). */
    afterSale: jsonb('after_sale').$type<AfterSaleUnits>(),
    /**
     * The member's points that go back with the money: the payment center's share of the checkout's
     * points tender for this refund (its proportion, rounded down cumulatively), given back once the
     * refund succeeded. Null until the payment center answered, or when the payment recorded no tenders.
     */
    points: integer('points'),
    /** The provider's last word (RefundSucceeded / RefundFailed): until then the room stays taken; a failure gives it back. */
    succeededAt: timestampColumn('succeeded_at'),
    failedAt: timestampColumn('failed_at'),
    createdAt: timestampColumn('created_at').notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('order_refund_requests_key').on(t.orderId, t.idempotencyKey),
    // Refund.order: from the payment center's refund back to the shop order that asked for it.
    index('order_refund_requests_refund_idx').on(t.refundId),
  ],
);

export const outbox = outboxTable(ordersSchema);
export const processedEvents = processedEventsTable(ordersSchema);

/** 订单备注: notes the shop and the platform keep on an order; customers never see them. */
export const orderRemarks = ordersSchema.table(
  'order_remarks',
  {
    id: idColumn().primaryKey(),
    orderId: idColumn('order_id')
      .notNull()
      .references(() => orders.id),
    text: text('text').notNull(),
    actor: varchar('actor', { length: 100 }).notNull(),
    createdAt: timestampColumn('created_at').notNull().defaultNow(),
  },
  (t) => [index('order_remarks_order_idx').on(t.orderId, t.createdAt)],
);

/** Every change of a delivery address before shipping: from what, to what, who, why. */
export const orderAddressChanges = ordersSchema.table(
  'order_address_changes',
  {
    id: idColumn().primaryKey(),
    orderId: idColumn('order_id')
      .notNull()
      .references(() => orders.id),
    previous: jsonb('previous').$type<DeliveryAddress>().notNull(),
    address: jsonb('address').$type<DeliveryAddress>().notNull(),
    reason: text('reason'),
    actor: varchar('actor', { length: 100 }).notNull(),
    createdAt: timestampColumn('created_at').notNull().defaultNow(),
  },
  (t) => [index('order_address_changes_order_idx').on(t.orderId, t.createdAt)],
);

export type CheckoutRow = typeof checkouts.$inferSelect;
export type OrderRow = typeof orders.$inferSelect;
export type OrderLineRow = typeof orderLines.$inferSelect;
export type OrderStatus = OrderRow['status'];
export type OrderType = OrderRow['type'];
export type OrderRemarkRow = typeof orderRemarks.$inferSelect;
export type OrderAddressChangeRow = typeof orderAddressChanges.$inferSelect;
export type OrderRefundRequestRow = typeof orderRefundRequests.$inferSelect;
