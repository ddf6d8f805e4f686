import { sql } from 'drizzle-orm';
import { bigint, index, integer, jsonb, primaryKey, text, varchar } from 'drizzle-orm/pg-core';
import { idColumn, timestampColumn, timestamps } from '@zhongtai/kit';
import { orders, ordersSchema } from './tables.ts';

/**
 * 跨境 cross-border orders (issue 19, item 3): the buyer's identity and the customs declaration.
 * Kept apart from tables.ts like editTables.ts; drizzle.config.ts lists all three.
 */

/**
 * The buyer of a cross-border order as customs must know them. The real name and ID number are
 * stored sealed (AES-256-GCM, domain/crossBorder/identityCipher.ts) and masked; the digest (an HMAC
 * of the ID number) finds the person's other orders for the annual limit without the number.
 */
export const crossBorderBuyers = ordersSchema.table(
  'cross_border_buyers',
  {
    orderId: idColumn('order_id')
      .primaryKey()
      .references(() => orders.id),
    realNameSealed: text('real_name_sealed').notNull(),
    idNumberSealed: text('id_number_sealed').notNull(),
    realNameMasked: varchar('real_name_masked', { length: 60 }).notNull(),
    idNumberMasked: varchar('id_number_masked', { length: 18 }).notNull(),
    idDigest: varchar('id_digest', { length: 64 }).notNull(),
    /** The calendar year (Asia/Shanghai) the order counts in, and what it counts: goods after discounts plus freight. */
    customsYear: integer('customs_year').notNull(),
    customsValue: bigint('customs_value', { mode: 'bigint' }).notNull(),
    currency: varchar('currency', { length: 3 }).notNull(),
    createdAt: timestampColumn('created_at')
      .notNull()
      .default(sql`now()`),
  },
  (t) => [index('cross_border_buyers_person_year_idx').on(t.idDigest, t.customsYear)],
);

/**
 * One row per person and year, locked (SELECT ... FOR UPDATE) while an order of theirs is counted
 * against the annual limit: two checkouts of the same person wait for each other instead of both
 * reading the same total and both passing.
 */
export const crossBorderQuotaLocks = ordersSchema.table(
  'cross_border_quota_locks',
  {
    idDigest: varchar('id_digest', { length: 64 }).notNull(),
    customsYear: integer('customs_year').notNull(),
  },
  (t) => [primaryKey({ columns: [t.idDigest, t.customsYear] })],
);

export type CustomsStatus = 'PENDING' | 'SUBMITTED' | 'CLEARED' | 'REJECTED';

/**
 * 清关: the declaration of a paid cross-border order (order, payment and logistics documents)
 * through a customs adapter. PENDING until the adapter took it, SUBMITTED until customs' signed
 * receipt says CLEARED or REJECTED. The documents as sent are kept without the buyer's identity.
 */
export const customsDeclarations = ordersSchema.table(
  'customs_declarations',
  {
    id: idColumn().primaryKey(),
    orderId: idColumn('order_id')
      .notNull()
      .unique()
      .references(() => orders.id),
    status: varchar('status', { length: 16 }).$type<CustomsStatus>().notNull().default('PENDING'),
    adapter: varchar('adapter', { length: 32 }).notNull(),
    /** Customs' own number of the declaration, once submitted. */
    customsReference: varchar('customs_reference', { length: 64 }),
    /** The payment document: the payment that paid the order and when. */
    paymentId: idColumn('payment_id').notNull(),
    paidAt: timestampColumn('paid_at').notNull(),
    /** The documents as declared, the identity masked: what the operator sees. */
    documents: jsonb('documents'),
    reason: text('reason'),
    submittedAt: timestampColumn('submitted_at'),
    decidedAt: timestampColumn('decided_at'),
    ...timestamps(),
  },
  (t) => [index('customs_declarations_status_idx').on(t.status, t.createdAt)],
);

export type CrossBorderBuyerRow = typeof crossBorderBuyers.$inferSelect;
export type CustomsDeclarationRow = typeof customsDeclarations.$inferSelect;
