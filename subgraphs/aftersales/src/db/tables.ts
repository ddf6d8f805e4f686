import { sql } from 'drizzle-orm';
import { bigint, boolean, check, index, integer, jsonb, pgSchema, text, uniqueIndex, varchar } from 'drizzle-orm/pg-core';
import { idColumn, outboxTable, processedEventsTable, timestampColumn, timestamps, type CurrencyCode } from '@zhongtai/kit';

export const aftersalesSchema = pgSchema('aftersales');

export const AFTER_SALE_TYPES = ['REFUND_ONLY', 'RETURN_REFUND', 'EXCHANGE'] as const;
export const AFTER_SALE_STATUSES = [
  'PENDING',
  'APPROVED',
  'REJECTED',
  'ESCALATED',
  'RETURN_SHIPPED',
  'REFUNDED',
  'EXCHANGED',
  'CLOSED',
  'CANCELLED',
  'FAILED',
] as const;
/** A request in one of these still speaks for its line: no second request may be opened on it. */
export const OPEN_STATUSES = ['PENDING', 'APPROVED', 'REJECTED', 'ESCALATED', 'RETURN_SHIPPED'] as const;
/** Where a request waits for its money: a refund only once approved, a return once its parcel is on the way. */
export const REFUNDING_STATUSES = ['APPROVED', 'RETURN_SHIPPED'] as const;
export const REASON_CODES = ['NOT_AS_DESCRIBED', 'QUALITY', 'DAMAGED_IN_TRANSIT', 'WRONG_ITEM', 'NOT_RECEIVED', 'SIZE_FIT', 'NO_REASON', 'OTHER'] as const;

export const afterSaleType = aftersalesSchema.enum('after_sale_type', AFTER_SALE_TYPES);
export const afterSaleStatus = aftersalesSchema.enum('after_sale_status', AFTER_SALE_STATUSES);
export const reasonCode = aftersalesSchema.enum('reason_code', REASON_CODES);

/**
 * 售后单: a customer's request on one line of their order. The shop, member and SKU are copied
 * from the order when it is filed, so lists and scoping need no other center.
 */
export const afterSaleRequests = aftersalesSchema.table(
  'after_sale_requests',
  {
    id: idColumn().primaryKey(),
    orderId: idColumn('order_id').notNull(),
    orderLineId: idColumn('order_line_id').notNull(),
    shopId: idColumn('shop_id').notNull(),
    memberId: idColumn('member_id').notNull(),
    skuId: idColumn('sku_id').notNull(),
    type: afterSaleType('type').notNull(),
    status: afterSaleStatus('status').notNull().default('PENDING'),
    quantity: integer('quantity').notNull(),
    /** Refund only: whether the line had left the warehouse when it was asked for (goods in transit that never arrived), not just unshipped. */
    inTransit: boolean('in_transit').notNull().default(false),
    reasonCode: reasonCode('reason_code').notNull(),
    reasonText: text('reason_text'),
    photoUrls: jsonb('photo_urls')
      .$type<string[]>()
      .notNull()
      .default(sql`'[]'::jsonb`),
    currency: varchar('currency', { length: 3 }).$type<CurrencyCode>().notNull(),
    /** The line's paid share for these units (its price less its allocated discounts). */
    refundAmount: bigint('refund_amount', { mode: 'bigint' }).notNull(),
    /** What an operator keeps back from the refund (a damaged return), with why. */
    deductionAmount: bigint('deduction_amount', { mode: 'bigint' })
      .notNull()
      .default(sql`0`),
    deductionReason: text('deduction_reason'),
    /** A request nobody decided by then is approved by the autoApprove job; null when a risk review holds it for staff (never automatic). */
    autoApproveAt: timestampColumn('auto_approve_at'),
    returnCarrierCode: varchar('return_carrier_code', { length: 30 }),
    returnTrackingNumber: varchar('return_tracking_number', { length: 60 }),
    /** The warehouse's RETURN inbound receipt for the parcel, and what its inspection found. */
    returnReceiptId: idColumn('return_receipt_id'),
    receivedSellable: integer('received_sellable'),
    receivedDamaged: integer('received_damaged'),
    refundId: idColumn('refund_id'),
    /** 换货: the SKU sent in exchange (the line's own, or another of its SPU at the same price), its notice and its shipment. */
    replacementSkuId: idColumn('replacement_sku_id'),
    replacementNoticeId: idColumn('replacement_notice_id'),
    replacementShipmentId: idColumn('replacement_shipment_id'),
    /** Why the approved request could not be carried out (FAILED), or why its refund was refused (with refundFailedAt). */
    failure: text('failure'),
    /** The refund was refused (the provider, or the room left on the line): the request stays open until an operator retries it. */
    refundFailedAt: timestampColumn('refund_failed_at'),
    /**
     * Which sending of the refund the request is on (1 first; each operator retry of a refused
     * refund is the next): each attempt is a refund of its own at the payment center, and
     * refundId, once the provider answered, is this attempt's.
     */
    refundAttempt: integer('refund_attempt').notNull().default(1),
    ...timestamps(),
  },
  (t) => [
    // One open request per line, whatever races: the database decides, not a read before the insert.
    uniqueIndex('after_sale_requests_open_line')
      .on(t.orderLineId)
      .where(sql`${t.status} in ('PENDING', 'APPROVED', 'REJECTED', 'ESCALATED', 'RETURN_SHIPPED')`),
    index('after_sale_requests_line_idx').on(t.orderLineId),
    index('after_sale_requests_order_idx').on(t.orderId, t.createdAt),
    index('after_sale_requests_shop_idx').on(t.shopId, t.createdAt, t.id),
    index('after_sale_requests_shop_status_idx').on(t.shopId, t.status, t.createdAt, t.id),
    index('after_sale_requests_member_idx').on(t.memberId, t.createdAt, t.id),
    index('after_sale_requests_status_idx').on(t.status, t.createdAt, t.id),
    index('after_sale_requests_created_idx').on(t.createdAt, t.id),
    index('after_sale_requests_refund_failed_idx')
      .on(t.refundFailedAt, t.id)
      .where(sql`${t.refundFailedAt} is not null`),
    check('after_sale_requests_quantity_positive', sql`${t.quantity} > 0`),
    check('after_sale_requests_amounts', sql`${t.refundAmount} >= 0 and ${t.deductionAmount} >= 0 and ${t.deductionAmount} <= ${t.refundAmount}`),
  ],
);

/** Every step of a request: who (token subject, or `system` for a job), when, from what to what, and why. */
export const afterSaleSteps = aftersalesSchema.table(
  'after_sale_steps',
  {
    id: idColumn().primaryKey(),
    requestId: idColumn('request_id')
      .notNull()
      .references(() => afterSaleRequests.id),
    fromStatus: afterSaleStatus('from_status'),
    toStatus: afterSaleStatus('to_status').notNull(),
    reason: text('reason'),
    actor: varchar('actor', { length: 100 }).notNull(),
    createdAt: timestampColumn('created_at').notNull().defaultNow(),
  },
  (t) => [index('after_sale_steps_request_idx').on(t.requestId, t.createdAt)],
);

export type AfterSaleRequestRow = typeof afterSaleRequests.$inferSelect;
export type AfterSaleStepRow = typeof afterSaleSteps.$inferSelect;
export type AfterSaleStatus = AfterSaleRequestRow['status'];
export type AfterSaleType = AfterSaleRequestRow['type'];
export type ReasonCode = AfterSaleRequestRow['reasonCode'];

export const outbox = outboxTable(aftersalesSchema);
export const processedEvents = processedEventsTable(aftersalesSchema);
