import { sql } from 'drizzle-orm';
import { check, index, jsonb, pgSchema, text, uniqueIndex, varchar } from 'drizzle-orm/pg-core';
import {
  idColumn,
  outboxTable,
  type CurrencyCode,
  PLATFORM_STAFF_ROLES,
  processedEventsTable,
  SHOP_STAFF_ROLES,
  timestampColumn,
  timestamps,
} from '@zhongtai/kit';

export const shopsSchema = pgSchema('shops');

export const shopStatus = shopsSchema.enum('shop_status', ['ACTIVE', 'SUSPENDED', 'CLOSED']);
export const staffRole = shopsSchema.enum('staff_role', SHOP_STAFF_ROLES);
export const platformStaffRole = shopsSchema.enum('platform_staff_role', PLATFORM_STAFF_ROLES);
export const platformStaffStatus = shopsSchema.enum('platform_staff_status', ['ACTIVE', 'SUSPENDED']);
export const staffStatus = shopsSchema.enum('staff_status', ['ACTIVE', 'DISABLED']);

export const shops = shopsSchema.table(
  'shops',
  {
    id: idColumn().primaryKey(),
    name: varchar('name', { length: 100 }).notNull(),
    description: text('description'),
    status: shopStatus('status').notNull().default('ACTIVE'),
    currencyCode: varchar('currency_code', { length: 3 }).$type<CurrencyCode>().notNull().default('CNY'),
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

/** The platform's own staff (operators, customer service, finance, auditors); ADMIN tokens name one. */
export const platformStaff = shopsSchema.table(
  'platform_staff',
  {
    id: idColumn().primaryKey(),
    name: varchar('name', { length: 100 }).notNull(),
    email: varchar('email', { length: 200 }).notNull(),
    role: platformStaffRole('role').notNull(),
    status: platformStaffStatus('status').notNull().default('ACTIVE'),
    ...timestamps(),
  },
  (t) => [uniqueIndex('platform_staff_email_key').on(sql`lower(${t.email})`), index('platform_staff_created_idx').on(t.createdAt, t.id)],
);

/**
 * Every mutation staff ran, in any center (AuditRecorded events). Append-only: the id is the
 * event's, so a redelivery inserts nothing, and a trigger refuses UPDATE, DELETE and TRUNCATE.
 */
export const auditEntries = shopsSchema.table(
  'audit_entries',
  {
    id: varchar('id', { length: 40 }).primaryKey(),
    staffId: varchar('staff_id', { length: 40 }).notNull(),
    staffKind: varchar('staff_kind', { length: 10 }).$type<'SHOP' | 'PLATFORM'>().notNull(),
    staffRole: varchar('staff_role', { length: 30 }),
    tokenRole: varchar('token_role', { length: 10 }).$type<'ADMIN' | 'MERCHANT'>().notNull(),
    subject: varchar('subject', { length: 200 }).notNull(),
    shopId: varchar('shop_id', { length: 40 }),
    center: varchar('center', { length: 40 }).notNull(),
    operation: varchar('operation', { length: 100 }).notNull(),
    input: jsonb('input').notNull(),
    result: varchar('result', { length: 10 }).$type<'OK' | 'REFUSED' | 'ERROR'>().notNull(),
    codes: jsonb('codes').$type<string[]>().notNull(),
    requestId: varchar('request_id', { length: 100 }).notNull(),
    at: timestampColumn('at').notNull(),
    recordedAt: timestampColumn('recorded_at').notNull().defaultNow(),
  },
  (t) => [
    index('audit_entries_at_idx').on(t.at, t.id),
    index('audit_entries_shop_idx').on(t.shopId, t.at, t.id),
    index('audit_entries_staff_idx').on(t.staffId, t.at, t.id),
  ],
);

export type ShopRow = typeof shops.$inferSelect;
export type PlatformStaffRow = typeof platformStaff.$inferSelect;
export type AuditEntryRow = typeof auditEntries.$inferSelect;
export type ShopStaffRow = typeof shopStaff.$inferSelect;
export type ShopStatus = ShopRow['status'];

export const outbox = outboxTable(shopsSchema);
export const processedEvents = processedEventsTable(shopsSchema);
