import { sql } from 'drizzle-orm';
import { check, index, pgSchema, text, uniqueIndex, varchar } from 'drizzle-orm/pg-core';
import { idColumn, outboxTable, timestampColumn, timestamps } from '@zhongtai/kit';

export const shopsSchema = pgSchema('shops');

export const shopStatus = shopsSchema.enum('shop_status', ['ACTIVE', 'SUSPENDED', 'CLOSED']);
export const staffRole = shopsSchema.enum('staff_role', ['OWNER', 'MANAGER', 'STAFF']);
export const staffStatus = shopsSchema.enum('staff_status', ['ACTIVE', 'DISABLED']);

export const shops = shopsSchema.table(
  'shops',
  {
    id: idColumn().primaryKey(),
    name: varchar('name', { length: 100 }).notNull(),
    description: text('description'),
    status: shopStatus('status').notNull().default('ACTIVE'),
    currencyCode: varchar('currency_code', { length: 3 }).notNull().default('CNY'),
    contactName: varchar('contact_name', { length: 100 }).notNull(),
    contactPhone: varchar('contact_phone', { length: 30 }),
    contactEmail: varchar('contact_email', { length: 200 }),
    ...timestamps(),
  },
  (t) => [
    uniqueIndex('shops_name_key').on(sql`lower(${t.name})`),
    index('shops_created_idx').on(t.createdAt, t.id),
    index('shops_name_idx').on(t.name, t.id),
    index('shops_status_idx').on(t.status),
  ],
);

export const shopStaff = shopsSchema.table(
  'shop_staff',
  {
    id: idColumn().primaryKey(),
    shopId: idColumn('shop_id')
      .notNull()
      .references(() => shops.id),
    name: varchar('name', { length: 100 }).notNull(),
    email: varchar('email', { length: 200 }).notNull(),
    role: staffRole('role').notNull(),
    status: staffStatus('status').notNull().default('ACTIVE'),
    ...timestamps(),
  },
  (t) => [uniqueIndex('shop_staff_email_key').on(t.shopId, sql`lower(${t.email})`), index('shop_staff_shop_idx').on(t.shopId, t.createdAt, t.id)],
);

/** Every status change of a shop: who, why, when. */
export const shopStatusChanges = shopsSchema.table(
  'shop_status_changes',
  {
    id: idColumn().primaryKey(),
    shopId: idColumn('shop_id')
      .notNull()
      .references(() => shops.id),
    fromStatus: shopStatus('from_status').notNull(),
    toStatus: shopStatus('to_status').notNull(),
    reason: text('reason'),
    actor: varchar('actor', { length: 100 }).notNull(),
    createdAt: timestampColumn('created_at').notNull().defaultNow(),
  },
  (t) => [index('shop_status_changes_shop_idx').on(t.shopId, t.createdAt), check('shop_status_changes_differ', sql`${t.fromStatus} <> ${t.toStatus}`)],
);

export type ShopRow = typeof shops.$inferSelect;
export type ShopStaffRow = typeof shopStaff.$inferSelect;
export type ShopStatus = ShopRow['status'];

export const outbox = outboxTable(shopsSchema);
