import { sql } from 'drizzle-orm';
import { bigint, index, integer, jsonb, text, uniqueIndex, varchar } from 'drizzle-orm/pg-core';
import { idColumn, timestampColumn, timestamps } from '@zhongtai/kit';
import { checkouts, orders, ordersSchema } from './tables.ts';

/**
 * Changes to an unpaid order and who placed an order for a member (issue 19, items 6 and 7). Kept
 * apart from tables.ts so that the order's own tables read as before; drizzle.config.ts lists both.
 */

export const orderEditStatus = ordersSchema.enum('order_edit_status', ['APPLYING', 'APPLIED', 'FAILED']);

/** One line's quantity before and after an edit (0 after: the line was removed). */
export interface OrderEditChange {
  orderLineId: string;
  skuId: string;
  from: number;
  to: number;
}

/**
 * An edit of an unpaid order, by its idempotency key (per order, as placeOrder's is per member):
 * the same key with the same changes answers the first outcome, with other changes it is refused.
 * At most one edit of an order is APPLYING at a time (partial unique index): a second concurrent
 * edit waits for it or is told to retry, so two edits never interleave their holds.
 */
export const orderEdits = ordersSchema.table(
  'order_edits',
  {
    id: idColumn().primaryKey(),
    orderId: idColumn('order_id')
      .notNull()
      .references(() => orders.id),
    checkoutId: idColumn('checkout_id')
      .notNull()
      .references(() => checkouts.id),
    shopId: idColumn('shop_id').notNull(),
    idempotencyKey: varchar('idempotency_key', { length: 100 }).notNull(),
    requestHash: varchar('request_hash', { length: 64 }).notNull(),
    status: orderEditStatus('status').notNull().default('APPLYING'),
    changes: jsonb('changes').$type<OrderEditChange[]>().notNull(),
    /** The userErrors of a refused edit, answered again to a retry with the same key. */
    failure: jsonb('failure').$type<{ field: string[] | null; code: string; message: string }[]>(),
    /** The checkout's payable before and after (minor units of the order's currency). */
    payableBefore: bigint('payable_before', { mode: 'bigint' }),
    payableAfter: bigint('payable_after', { mode: 'bigint' }),
    /** The points the checkout holds after the edit, when the edit lowered them (spent again under this edit's id). */
    pointsAfter: integer('points_after'),
    actor: varchar('actor', { length: 100 }).notNull(),
    actorRole: varchar('actor_role', { length: 20 }).notNull(),
    ...timestamps(),
  },
  (t) => [
    uniqueIndex('order_edits_key').on(t.orderId, t.idempotencyKey),
    uniqueIndex('order_edits_one_applying')
      .on(t.orderId)
      .where(sql`${t.status} = 'APPLYING'`),
    index('order_edits_checkout_idx').on(t.checkoutId),
  ],
);

/**
 * Every payment a checkout was repriced to (a shop order cancelled or an order edited before
 * payment): which orders it pays for. The payment placeOrder opened has no row here: it pays for
 * every order of the checkout. When a payment succeeds, only the cancelled orders it covered
 * are refunded.
 */
export const paymentRepricings = ordersSchema.table(
  'payment_repricings',
  {
    paymentId: idColumn('payment_id').primaryKey(),
    checkoutId: idColumn('checkout_id')
      .notNull()
      .references(() => checkouts.id),
    /** The idempotency key the payment was opened with: a retried reprice finds it here. */
    repriceKey: varchar('reprice_key', { length: 100 }).notNull(),
    previousPaymentId: idColumn('previous_payment_id'),
    orderIds: jsonb('order_ids').$type<string[]>().notNull(),
    amount: bigint('amount', { mode: 'bigint' }).notNull(),
    currency: varchar('currency', { length: 3 }).notNull(),
    reason: text('reason').notNull(),
    createdAt: timestampColumn('created_at').notNull().defaultNow(),
  },
  (t) => [uniqueIndex('payment_repricings_key').on(t.checkoutId, t.repriceKey)],
);

/**
 * 代客下单: a checkout placed by staff for a member (an operator, or a merchant for its own shop),
 * with the reason they gave. The member sees and pays it as their own.
 */
export const staffPlacements = ordersSchema.table('staff_placements', {
  checkoutId: idColumn('checkout_id')
    .primaryKey()
    .references(() => checkouts.id),
  staffId: varchar('staff_id', { length: 100 }).notNull(),
  role: varchar('role', { length: 20 }).$type<'ADMIN' | 'MERCHANT'>().notNull(),
  /** The merchant's shop; null for an operator. */
  staffShopId: idColumn('staff_shop_id'),
  reason: text('reason').notNull(),
  createdAt: timestampColumn('created_at').notNull().defaultNow(),
});

export type OrderEditRow = typeof orderEdits.$inferSelect;
export type PaymentRepricingRow = typeof paymentRepricings.$inferSelect;
export type StaffPlacementRow = typeof staffPlacements.$inferSelect;

/**
 * 积分 The points a shop order cancelled before payment had on its lines, given back to the member
 * at once when the checkout's payment was repriced to its other orders (checkoutReprice.ts): the
 * checkout's pointsUsed was lowered by them. Its lines no longer count in the points split of a
 * later payment (paymentTerms.ts), and when the checkout ends only what it still holds comes back
 * (cancellation.ts).
 */
export const checkoutPointReturns = ordersSchema.table(
  'checkout_point_returns',
  {
    orderId: idColumn('order_id')
      .primaryKey()
      .references(() => orders.id),
    checkoutId: idColumn('checkout_id')
      .notNull()
      .references(() => checkouts.id),
    points: integer('points').notNull(),
    createdAt: timestampColumn('created_at').notNull().defaultNow(),
  },
  (t) => [index('checkout_point_returns_checkout_idx').on(t.checkoutId)],
);
