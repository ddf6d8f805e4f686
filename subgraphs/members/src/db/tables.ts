import { sql } from 'drizzle-orm';
import { bigint, boolean, check, index, integer, pgSchema, text, uniqueIndex, varchar } from 'drizzle-orm/pg-core';
import { idColumn, outboxTable, processedEventsTable, timestampColumn, timestamps } from '@zhongtai/kit';

export const membersSchema = pgSchema('members');

export const memberStatus = membersSchema.enum('member_status', ['ACTIVE', 'FROZEN']);
/** REFUND gives back what an order SPENT; it is its own kind so (order, kind) stays unique. */
export const pointsKind = membersSchema.enum('points_kind', ['EARN', 'SPEND', 'EXPIRE', 'ADJUST', 'REFUND', 'REVOKE', 'REVIEW']);

/** A level is reached at a growth value; benefits apply to every member at or above it (until the next). */
export const memberLevels = membersSchema.table(
  'member_levels',
  {
    id: idColumn().primaryKey(),
    name: varchar('name', { length: 50 }).notNull(),
    growthThreshold: integer('growth_threshold').notNull(),
    discountPercent: integer('discount_percent').notNull().default(0),
    freeShipping: boolean('free_shipping').notNull().default(false),
    pointsMultiplierPercent: integer('points_multiplier_percent').notNull().default(100),
    ...timestamps(),
  },
  (t) => [
    uniqueIndex('member_levels_threshold_key').on(t.growthThreshold),
    uniqueIndex('member_levels_name_key').on(sql`lower(${t.name})`),
    check('member_levels_threshold_not_negative', sql`${t.growthThreshold} >= 0`),
    check('member_levels_discount_range', sql`${t.discountPercent} between 0 and 50`),
    check('member_levels_multiplier_range', sql`${t.pointsMultiplierPercent} between 100 and 1000`),
  ],
);

/**
 * A customer account. `points_balance` is the sum of the member's ledger, kept in the same
 * transaction as every entry; the CHECK makes a negative balance impossible even if a bug tried.
 */
export const members = membersSchema.table(
  'members',
  {
    id: idColumn().primaryKey(),
    name: varchar('name', { length: 100 }).notNull(),
    phone: varchar('phone', { length: 20 }).notNull(),
    status: memberStatus('status').notNull().default('ACTIVE'),
    registeredAt: timestampColumn('registered_at').notNull().defaultNow(),
    growth: integer('growth').notNull().default(0),
    pointsBalance: integer('points_balance').notNull().default(0),
    ...timestamps(),
  },
  (t) => [
    uniqueIndex('members_phone_key').on(t.phone),
    index('members_registered_idx').on(t.registeredAt, t.id),
    index('members_name_idx').on(t.name, t.id),
    index('members_growth_idx').on(t.growth, t.id),
    check('members_points_not_negative', sql`${t.pointsBalance} >= 0`),
    check('members_growth_not_negative', sql`${t.growth} >= 0`),
  ],
);

export const addresses = membersSchema.table(
  'addresses',
  {
    id: idColumn().primaryKey(),
    memberId: idColumn('member_id')
      .notNull()
      .references(() => members.id),
    province: varchar('province', { length: 50 }).notNull(),
    city: varchar('city', { length: 50 }).notNull(),
    district: varchar('district', { length: 50 }).notNull(),
    detail: varchar('detail', { length: 200 }).notNull(),
    receiver: varchar('receiver', { length: 50 }).notNull(),
    phone: varchar('phone', { length: 20 }).notNull(),
    isDefault: boolean('is_default').notNull().default(false),
    ...timestamps(),
  },
  (t) => [
    index('addresses_member_idx').on(t.memberId, t.createdAt),
    // At most one default address per member.
    uniqueIndex('addresses_one_default_key')
      .on(t.memberId)
      .where(sql`${t.isDefault}`),
  ],
);

/**
 * The points ledger. Positive entries (EARN, REFUND, positive ADJUST) are lots that expire at
 * `expires_at`; `remaining` is what is left of a lot after spending (oldest-expiring first) and
 * expiry. An order moves points at most once per kind: unique (order_id, kind).
 */
export const pointsEntries = membersSchema.table(
  'points_entries',
  {
    id: idColumn().primaryKey(),
    memberId: idColumn('member_id')
      .notNull()
      .references(() => members.id),
    kind: pointsKind('kind').notNull(),
    points: integer('points').notNull(),
    remaining: integer('remaining'),
    expiresAt: timestampColumn('expires_at'),
    orderId: idColumn('order_id'),
    reason: text('reason'),
    createdAt: timestampColumn('created_at').notNull().defaultNow(),
    seq: bigint('seq', { mode: 'number' }).notNull().generatedAlwaysAsIdentity(),
  },
  (t) => [
    uniqueIndex('points_entries_order_kind_key').on(t.orderId, t.kind),
    index('points_entries_member_idx').on(t.memberId, t.seq),
    index('points_entries_lots_idx')
      .on(t.memberId, t.expiresAt)
      .where(sql`${t.remaining} > 0`),
    index('points_entries_due_idx')
      .on(t.expiresAt)
      .where(sql`${t.remaining} > 0`),
    check('points_entries_not_zero', sql`${t.points} <> 0`),
    check('points_entries_remaining_range', sql`${t.remaining} is null or (${t.remaining} >= 0 and ${t.remaining} <= ${t.points})`),
  ],
);

/** One row: how points convert to money at checkout and how long they last. */
export const pointsSettings = membersSchema.table(
  'points_settings',
  {
    id: integer('id').primaryKey(),
    pointsPerCurrencyUnit: integer('points_per_currency_unit').notNull().default(100),
    maxDeductionPercent: integer('max_deduction_percent').notNull().default(50),
    validityDays: integer('validity_days').notNull().default(365),
    updatedAt: timestampColumn('updated_at').notNull().defaultNow(),
  },
  (t) => [
    check('points_settings_single_row', sql`${t.id} = 1`),
    check('points_settings_rate_positive', sql`${t.pointsPerCurrencyUnit} > 0`),
    check('points_settings_max_range', sql`${t.maxDeductionPercent} between 0 and 100`),
    check('points_settings_validity_positive', sql`${t.validityDays} > 0`),
  ],
);

export type MemberLevelRow = typeof memberLevels.$inferSelect;
export type MemberRow = typeof members.$inferSelect;
/** Events members has handled (OrderCompleted), so a redelivery has no second effect. */
export const processedEvents = processedEventsTable(membersSchema);

export type AddressRow = typeof addresses.$inferSelect;
export type PointsEntryRow = typeof pointsEntries.$inferSelect;
export type PointsSettingsRow = typeof pointsSettings.$inferSelect;
export type MemberStatus = MemberRow['status'];
export type PointsKind = PointsEntryRow['kind'];

/** Its outbox: the kit writes the audit entries of staff mutations here (AuditRecorded). */
export const outbox = outboxTable(membersSchema);

/**
 * Points an after-sale refund should have taken back but could not (the member had spent them):
 * the balance never goes below zero, and what is missing is kept here, once per request.
 */
export const pointsShortfalls = membersSchema.table('points_shortfalls', {
  key: varchar('key', { length: 100 }).primaryKey(),
  memberId: idColumn('member_id')
    .notNull()
    .references(() => members.id),
  orderId: idColumn('order_id').notNull(),
  points: integer('points').notNull(),
  createdAt: timestampColumn('created_at').notNull().defaultNow(),
});
