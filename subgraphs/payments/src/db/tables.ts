import { sql } from 'drizzle-orm';
import { bigint, boolean, check, index, integer, jsonb, pgSchema, text, uniqueIndex, varchar } from 'drizzle-orm/pg-core';
import { idColumn, outboxTable, timestampColumn, timestamps, type CurrencyCode } from '@zhongtai/kit';

export const paymentsSchema = pgSchema('payments');

export const paymentPurpose = paymentsSchema.enum('payment_purpose', ['FULL', 'DEPOSIT', 'BALANCE']);
export const paymentStatus = paymentsSchema.enum('payment_status', ['PENDING', 'SUCCEEDED', 'FAILED', 'CLOSED']);
export const refundStatus = paymentsSchema.enum('refund_status', ['PENDING', 'SUCCEEDED', 'FAILED']);
export const refundKind = paymentsSchema.enum('refund_kind', ['REQUESTED', 'LATE_PAYMENT']);

/**
 * One attempt to collect money for an order (or a parent order spanning shops) and purpose.
 * Written once with everything the provider said; afterwards only its status (and the time of
 * that status) changes.
 */
export const payments = paymentsSchema.table(
  'payments',
  {
    id: idColumn().primaryKey(),
    /** Owned by the order center: opaque here. */
    orderId: idColumn('order_id').notNull(),
    memberId: idColumn('member_id').notNull(),
    purpose: paymentPurpose('purpose').notNull(),
    amount: bigint('amount', { mode: 'bigint' }).notNull(),
    currencyCode: varchar('currency_code', { length: 3 }).$type<CurrencyCode>().notNull(),
    provider: varchar('provider', { length: 30 }).notNull(),
    providerPaymentId: varchar('provider_payment_id', { length: 100 }).notNull(),
    /** What the customer opens or scans to pay (a URL, a QR code's content). */
    actionUrl: text('action_url').notNull(),
    actionCode: varchar('action_code', { length: 200 }).notNull(),
    status: paymentStatus('status').notNull().default('PENDING'),
    idempotencyKey: varchar('idempotency_key', { length: 200 }).notNull(),
    /** Hash of the request the key was first used with: the same key with other input is refused. */
    requestFingerprint: varchar('request_fingerprint', { length: 64 }).notNull(),
    /**
     * The points tender (积分抵现) of a combined payment: how many of the member's points pay part
     * of the order and what they are worth in the payment's currency; `amount` is the provider's
     * part. Null: the caller did not say (a payment made before tenders were recorded, a presale balance).
     */
    pointsUsed: integer('points_used'),
    pointsAmount: bigint('points_amount', { mode: 'bigint' }),
    /** The provider's part of what the points paid for (the goods, not the freight): refunds return points in proportion to the goods they give back. */
    pointsGoodsAmount: bigint('points_goods_amount', { mode: 'bigint' }),
    paidAt: timestampColumn('paid_at'),
    failedAt: timestampColumn('failed_at'),
    closedAt: timestampColumn('closed_at'),
    ...timestamps(),
  },
  (t) => [
    uniqueIndex('payments_idempotency_key').on(t.idempotencyKey),
    uniqueIndex('payments_provider_payment_key').on(t.provider, t.providerPaymentId),
    // At most one payment per order and purpose that is being paid or has been paid.
    uniqueIndex('payments_live_key')
      .on(t.orderId, t.purpose)
      .where(sql`status in ('PENDING', 'SUCCEEDED')`),
    index('payments_order_idx').on(t.orderId),
    index('payments_created_idx').on(t.createdAt, t.id),
    index('payments_member_idx').on(t.memberId, t.createdAt, t.id),
    index('payments_status_idx').on(t.status, t.createdAt, t.id),
    check('payments_amount_positive', sql`${t.amount} > 0`),
    check('payments_points_tender', sql`(${t.pointsUsed} is null) = (${t.pointsAmount} is null) and ${t.pointsUsed} >= 0 and ${t.pointsAmount} >= 0`),
  ],
);

/** How a refund is split over the order's lines (optional, stored as given). */
export interface RefundLineAllocation {
  orderLineId: string;
  /** Minor units, as a decimal integer string (JSON has no bigint). */
  amount: string;
}

/** Money going back. The amount never changes; PENDING and SUCCEEDED ones count against the capture. */
export const refunds = paymentsSchema.table(
  'refunds',
  {
    id: idColumn().primaryKey(),
    paymentId: idColumn('payment_id')
      .notNull()
      .references(() => payments.id),
    orderId: idColumn('order_id').notNull(),
    kind: refundKind('kind').notNull().default('REQUESTED'),
    amount: bigint('amount', { mode: 'bigint' }).notNull(),
    currencyCode: varchar('currency_code', { length: 3 }).$type<CurrencyCode>().notNull(),
    reason: text('reason').notNull(),
    lines: jsonb('lines').$type<RefundLineAllocation[]>().notNull().default([]),
    /** 跨境综合税 in `amount` (beside the lines): customs owes it back, not the shop. */
    tax: bigint('tax', { mode: 'bigint' })
      .notNull()
      .default(sql`0`),
    status: refundStatus('status').notNull().default('PENDING'),
    providerRefundId: varchar('provider_refund_id', { length: 100 }),
    failureReason: text('failure_reason'),
    /** The points going back with `amount`, in the payment's proportion of points to money (tenders.ts); null when the payment recorded no tenders. */
    points: integer('points'),
    pointsAmount: bigint('points_amount', { mode: 'bigint' }),
    idempotencyKey: varchar('idempotency_key', { length: 200 }).notNull(),
    requestFingerprint: varchar('request_fingerprint', { length: 64 }).notNull(),
    succeededAt: timestampColumn('succeeded_at'),
    failedAt: timestampColumn('failed_at'),
    ...timestamps(),
  },
  (t) => [
    uniqueIndex('refunds_idempotency_key').on(t.idempotencyKey),
    index('refunds_payment_idx').on(t.paymentId, t.createdAt),
    index('refunds_order_idx').on(t.orderId),
    index('refunds_created_idx').on(t.createdAt, t.id),
    index('refunds_status_idx').on(t.status, t.createdAt, t.id),
    check('refunds_amount_positive', sql`${t.amount} > 0`),
  ],
);

export const callbackSignature = paymentsSchema.enum('callback_signature', ['VALID', 'MISSING', 'STALE', 'BAD_SIGNATURE']);

/**
 * Every callback delivery as it arrived, whatever became of it: the audit trail of what the
 * provider told us. The first validly signed delivery of a provider event is the one that acts;
 * the partial unique index makes concurrent deliveries of the same event wait for it and then
 * find it (a forged delivery cannot claim an event id: only valid ones are `first_delivery`).
 */
export const providerCallbacks = paymentsSchema.table(
  'provider_callbacks',
  {
    id: idColumn().primaryKey(),
    provider: varchar('provider', { length: 30 }).notNull(),
    eventId: varchar('event_id', { length: 100 }),
    eventType: varchar('event_type', { length: 50 }),
    paymentId: idColumn('payment_id'),
    rawBody: text('raw_body').notNull(),
    signature: callbackSignature('signature').notNull(),
    firstDelivery: boolean('first_delivery').notNull().default(false),
    /** APPLIED, DUPLICATE, REJECTED_SIGNATURE, AMOUNT_MISMATCH, LATE_PAYMENT_REFUNDING, ... */
    result: varchar('result', { length: 40 }).notNull(),
    detail: text('detail'),
    receivedAt: timestampColumn('received_at').notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('provider_callbacks_event_key')
      .on(t.provider, t.eventId)
      .where(sql`first_delivery`),
    index('provider_callbacks_payment_idx').on(t.paymentId, t.receivedAt),
    index('provider_callbacks_received_idx').on(t.receivedAt),
  ],
);

/**
 * Every attempt of every call to a provider, as sent and as answered (signatures, tokens and
 * Authorization redacted before it is written; keys never leave their config): what we asked,
 * under which number of ours, and what came back, for support and disputes.
 */
export const providerExchanges = paymentsSchema.table(
  'provider_exchanges',
  {
    id: idColumn().primaryKey(),
    provider: varchar('provider', { length: 30 }).notNull(),
    operation: varchar('operation', { length: 60 }).notNull(),
    requestNumber: varchar('request_number', { length: 100 }).notNull(),
    attempt: integer('attempt').notNull(),
    method: varchar('method', { length: 10 }).notNull(),
    url: text('url').notNull(),
    requestHeaders: jsonb('request_headers').$type<Record<string, string>>().notNull(),
    requestBody: text('request_body').notNull(),
    status: integer('status'),
    responseBody: text('response_body').notNull(),
    error: text('error'),
    durationMs: integer('duration_ms').notNull(),
    sentAt: timestampColumn('sent_at').notNull().defaultNow(),
  },
  (t) => [index('provider_exchanges_number_idx').on(t.provider, t.requestNumber, t.sentAt), index('provider_exchanges_sent_idx').on(t.sentAt)],
);

/** 支付方式: the methods a shop accepts. No row: every method this deployment has enabled. */
export const shopPaymentMethods = paymentsSchema.table('shop_payment_methods', {
  /** Owned by the shops center: opaque here. */
  shopId: idColumn('shop_id').primaryKey(),
  methods: jsonb('methods').$type<string[]>().notNull(),
  ...timestamps(),
});

export type PaymentRow = typeof payments.$inferSelect;
export type RefundRow = typeof refunds.$inferSelect;
export type ProviderCallbackRow = typeof providerCallbacks.$inferSelect;
export type PaymentStatus = PaymentRow['status'];
export type PaymentPurpose = PaymentRow['purpose'];
export type RefundStatus = RefundRow['status'];

export const outbox = outboxTable(paymentsSchema);
