import { sql } from 'drizzle-orm';
import { bigint, check, index, integer, jsonb, pgSchema, uniqueIndex, varchar } from 'drizzle-orm/pg-core';
import { idColumn, outboxTable, processedEventsTable, timestampColumn, timestamps } from '@zhongtai/kit';

export const marketingSchema = pgSchema('marketing');

export const funder = marketingSchema.enum('funder', ['PLATFORM', 'SHOP']);
export const couponKind = marketingSchema.enum('coupon_kind', ['FIXED_AMOUNT', 'PERCENT_OFF', 'THRESHOLD']);
export const discountScope = marketingSchema.enum('discount_scope', ['PLATFORM', 'SHOP', 'CATEGORIES', 'SKUS']);
export const activityStatus = marketingSchema.enum('activity_status', ['ACTIVE', 'ENDED']);
export const couponStatus = marketingSchema.enum('coupon_status', ['AVAILABLE', 'LOCKED', 'REDEEMED', 'EXPIRED']);
export const couponSource = marketingSchema.enum('coupon_source', ['CLAIM', 'GRANT']);
export const promotionKind = marketingSchema.enum('promotion_kind', ['FULL_REDUCTION', 'PERCENT_OFF']);

/** A 满减 tier in minor units, as decimal strings (jsonb has no bigint). */
export interface TierJson {
  threshold: string;
  off: string;
}

/** 专场: a window that groups promotions and flash sales. `shop_id` null: a platform campaign. */
export const campaigns = marketingSchema.table(
  'campaigns',
  {
    id: idColumn().primaryKey(),
    shopId: idColumn('shop_id'),
    name: varchar('name', { length: 100 }).notNull(),
    startsAt: timestampColumn('starts_at').notNull(),
    endsAt: timestampColumn('ends_at').notNull(),
    ...timestamps(),
  },
  (t) => [
    index('campaigns_shop_starts_idx').on(t.shopId, t.startsAt, t.id),
    index('campaigns_starts_idx').on(t.startsAt, t.id),
    check('campaigns_window', sql`${t.endsAt} > ${t.startsAt}`),
  ],
);

/**
 * What a coupon is worth and who may claim how many. `claimed_count` moves under the template's
 * row lock and the CHECK keeps it within `total_quantity` whatever happens.
 */
export const couponTemplates = marketingSchema.table(
  'coupon_templates',
  {
    id: idColumn().primaryKey(),
    shopId: idColumn('shop_id'),
    funder: funder('funder').notNull(),
    name: varchar('name', { length: 100 }).notNull(),
    kind: couponKind('kind').notNull(),
    amountOff: bigint('amount_off', { mode: 'bigint' }),
    percentOff: integer('percent_off'),
    maxDiscount: bigint('max_discount', { mode: 'bigint' }),
    minSpend: bigint('min_spend', { mode: 'bigint' })
      .notNull()
      .default(sql`0`),
    currency: varchar('currency', { length: 3 }).notNull(),
    scope: discountScope('scope').notNull(),
    scopeIds: jsonb('scope_ids').$type<string[]>().notNull().default([]),
    validFrom: timestampColumn('valid_from'),
    validUntil: timestampColumn('valid_until'),
    validDays: integer('valid_days'),
    claimableFrom: timestampColumn('claimable_from').notNull(),
    claimableUntil: timestampColumn('claimable_until').notNull(),
    totalQuantity: integer('total_quantity').notNull(),
    claimedCount: integer('claimed_count').notNull().default(0),
    perMemberLimit: integer('per_member_limit').notNull().default(1),
    status: activityStatus('status').notNull().default('ACTIVE'),
    ...timestamps(),
  },
  (t) => [
    index('coupon_templates_created_idx').on(t.createdAt, t.id),
    index('coupon_templates_shop_created_idx').on(t.shopId, t.createdAt, t.id),
    check('coupon_templates_claimed_range', sql`${t.claimedCount} >= 0 and ${t.claimedCount} <= ${t.totalQuantity}`),
    check('coupon_templates_limit_positive', sql`${t.perMemberLimit} >= 1`),
    check('coupon_templates_validity', sql`(${t.validDays} is not null) <> (${t.validUntil} is not null)`),
    check('coupon_templates_percent_range', sql`${t.percentOff} is null or ${t.percentOff} between 1 and 99`),
  ],
);

export const coupons = marketingSchema.table(
  'coupons',
  {
    id: idColumn().primaryKey(),
    templateId: idColumn('template_id')
      .notNull()
      .references(() => couponTemplates.id),
    memberId: idColumn('member_id').notNull(),
    code: varchar('code', { length: 32 }).notNull(),
    status: couponStatus('status').notNull().default('AVAILABLE'),
    source: couponSource('source').notNull(),
    validFrom: timestampColumn('valid_from').notNull(),
    validUntil: timestampColumn('valid_until').notNull(),
    orderId: idColumn('order_id'),
    discountAmount: bigint('discount_amount', { mode: 'bigint' }),
    claimedAt: timestampColumn('claimed_at').notNull().defaultNow(),
    lockedAt: timestampColumn('locked_at'),
    redeemedAt: timestampColumn('redeemed_at'),
    updatedAt: timestampColumn('updated_at').notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('coupons_code_key').on(t.code),
    // One coupon per order.
    uniqueIndex('coupons_order_key').on(t.orderId),
    index('coupons_template_member_idx').on(t.templateId, t.memberId),
    index('coupons_member_claimed_idx').on(t.memberId, t.claimedAt, t.id),
    index('coupons_claimed_idx').on(t.claimedAt, t.id),
    index('coupons_template_status_idx').on(t.templateId, t.status),
    check('coupons_order_when_used', sql`(${t.status} in ('LOCKED', 'REDEEMED')) = (${t.orderId} is not null)`),
  ],
);

/** `shop_id` null: a platform promotion (funded by the platform). */
export const promotions = marketingSchema.table(
  'promotions',
  {
    id: idColumn().primaryKey(),
    shopId: idColumn('shop_id'),
    campaignId: idColumn('campaign_id').references(() => campaigns.id),
    name: varchar('name', { length: 100 }).notNull(),
    kind: promotionKind('kind').notNull(),
    tiers: jsonb('tiers').$type<TierJson[]>().notNull().default([]),
    percentOff: integer('percent_off'),
    maxDiscount: bigint('max_discount', { mode: 'bigint' }),
    currency: varchar('currency', { length: 3 }).notNull(),
    scope: discountScope('scope').notNull(),
    scopeIds: jsonb('scope_ids').$type<string[]>().notNull().default([]),
    startsAt: timestampColumn('starts_at').notNull(),
    endsAt: timestampColumn('ends_at').notNull(),
    status: activityStatus('status').notNull().default('ACTIVE'),
    ...timestamps(),
  },
  (t) => [
    index('promotions_created_idx').on(t.createdAt, t.id),
    index('promotions_shop_created_idx').on(t.shopId, t.createdAt, t.id),
    index('promotions_window_idx').on(t.startsAt, t.endsAt),
    index('promotions_campaign_idx').on(t.campaignId),
    check('promotions_window', sql`${t.endsAt} > ${t.startsAt}`),
  ],
);

/** 秒杀: `sold` moves with a conditional update and the CHECK keeps it within `quantity`. */
export const flashSales = marketingSchema.table(
  'flash_sales',
  {
    id: idColumn().primaryKey(),
    shopId: idColumn('shop_id').notNull(),
    skuId: idColumn('sku_id').notNull(),
    campaignId: idColumn('campaign_id').references(() => campaigns.id),
    name: varchar('name', { length: 100 }).notNull(),
    price: bigint('price', { mode: 'bigint' }).notNull(),
    currency: varchar('currency', { length: 3 }).notNull(),
    quantity: integer('quantity').notNull(),
    sold: integer('sold').notNull().default(0),
    perMemberLimit: integer('per_member_limit').notNull().default(1),
    startsAt: timestampColumn('starts_at').notNull(),
    endsAt: timestampColumn('ends_at').notNull(),
    status: activityStatus('status').notNull().default('ACTIVE'),
    ...timestamps(),
  },
  (t) => [
    index('flash_sales_sku_idx').on(t.skuId, t.startsAt),
    index('flash_sales_created_idx').on(t.createdAt, t.id),
    index('flash_sales_shop_created_idx').on(t.shopId, t.createdAt, t.id),
    check('flash_sales_sold_range', sql`${t.sold} >= 0 and ${t.sold} <= ${t.quantity}`),
    check('flash_sales_price_not_negative', sql`${t.price} >= 0`),
    check('flash_sales_window', sql`${t.endsAt} > ${t.startsAt}`),
  ],
);

/** What each order took of a flash sale; released when the order is cancelled. */
export const flashSaleTakes = marketingSchema.table(
  'flash_sale_takes',
  {
    id: idColumn().primaryKey(),
    flashSaleId: idColumn('flash_sale_id')
      .notNull()
      .references(() => flashSales.id),
    memberId: idColumn('member_id').notNull(),
    orderId: idColumn('order_id').notNull(),
    quantity: integer('quantity').notNull(),
    releasedAt: timestampColumn('released_at'),
    createdAt: timestampColumn('created_at').notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('flash_sale_takes_order_key').on(t.flashSaleId, t.orderId),
    index('flash_sale_takes_member_idx').on(t.flashSaleId, t.memberId),
    index('flash_sale_takes_order_idx').on(t.orderId),
    check('flash_sale_takes_quantity_positive', sql`${t.quantity} > 0`),
  ],
);

export type CampaignRow = typeof campaigns.$inferSelect;
export type CouponTemplateRow = typeof couponTemplates.$inferSelect;
export type CouponRow = typeof coupons.$inferSelect;
export type PromotionRow = typeof promotions.$inferSelect;
export type FlashSaleRow = typeof flashSales.$inferSelect;
export type CouponStatus = CouponRow['status'];
export type ScopeKind = CouponTemplateRow['scope'];

/** Events marketing has handled (OrderPaid), so a redelivery has no second effect. */
export const processedEvents = processedEventsTable(marketingSchema);

/** Its outbox: the kit writes the audit entries of staff mutations here (AuditRecorded). */
export const outbox = outboxTable(marketingSchema);
