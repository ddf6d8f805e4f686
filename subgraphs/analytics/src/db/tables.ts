import { sql } from 'drizzle-orm';
import { bigint, date, index, integer, jsonb, pgSchema, primaryKey, text, varchar } from 'drizzle-orm/pg-core';
import { idColumn, outboxTable, processedEventsTable, timestampColumn, timestamps } from '@zhongtai/kit';

export const analyticsSchema = pgSchema('analytics');

/**
 * The additive measures, in minor units of `currency` (and units): the same columns on a fact, a
 * refund's share and both rollups, so a rollup is the plain sum of the facts under its key.
 */
const measures = () => ({
  units: integer('units').notNull().default(0),
  /** List price x quantity (GMV). */
  gross: bigint('gross', { mode: 'bigint' })
    .notNull()
    .default(sql`0`),
  platformCoupon: bigint('platform_coupon', { mode: 'bigint' })
    .notNull()
    .default(sql`0`),
  shopCoupon: bigint('shop_coupon', { mode: 'bigint' })
    .notNull()
    .default(sql`0`),
  /** Promotions and flash sales. */
  promotion: bigint('promotion', { mode: 'bigint' })
    .notNull()
    .default(sql`0`),
  memberLevel: bigint('member_level', { mode: 'bigint' })
    .notNull()
    .default(sql`0`),
  points: bigint('points', { mode: 'bigint' })
    .notNull()
    .default(sql`0`),
  /** The line's share of the order's freight. */
  freight: bigint('freight', { mode: 'bigint' })
    .notNull()
    .default(sql`0`),
  /** What the customer paid for the line: its final amount plus its freight share. */
  paid: bigint('paid', { mode: 'bigint' })
    .notNull()
    .default(sql`0`),
  refunded: bigint('refunded', { mode: 'bigint' })
    .notNull()
    .default(sql`0`),
  /** Cost price x quantity, of the lines whose cost the catalog knows. */
  cost: bigint('cost', { mode: 'bigint' })
    .notNull()
    .default(sql`0`),
  /** The final amount (freight excluded) of those same lines: margin = costedRevenue - cost. */
  costedRevenue: bigint('costed_revenue', { mode: 'bigint' })
    .notNull()
    .default(sql`0`),
});

export type Measures = { [K in keyof ReturnType<typeof measures>]: K extends 'units' ? number : bigint };
export const MEASURE_KEYS = Object.keys(measures()) as (keyof Measures)[];

/**
 * A generation of the read model: events write into every generation that is ACTIVE or BUILDING;
 * queries read the one ACTIVE. A rebuild fills a BUILDING one from the owning centers, then makes it
 * ACTIVE and retires the old one in one transaction, so the graph never stops answering.
 */
export const generations = analyticsSchema.table('generations', {
  id: integer('id').primaryKey(),
  status: varchar('status', { length: 10 }).$type<'BUILDING' | 'ACTIVE' | 'RETIRED' | 'FAILED'>().notNull(),
  /** Orders and refunds replayed so far (a rebuild's progress). */
  ordersReplayed: integer('orders_replayed').notNull().default(0),
  refundsReplayed: integer('refunds_replayed').notNull().default(0),
  error: text('error'),
  finishedAt: timestampColumn('finished_at'),
  ...timestamps(),
});

/** One sales fact per paid order line, with the dimensions it was sold under. */
export const salesFacts = analyticsSchema.table(
  'sales_facts',
  {
    generation: integer('generation').notNull(),
    orderLineId: idColumn('order_line_id').notNull(),
    orderId: idColumn('order_id').notNull(),
    /** The checkout the order was paid in (a refund naming no line names the checkout). */
    checkoutId: idColumn('checkout_id'),
    shopId: idColumn('shop_id').notNull(),
    memberId: idColumn('member_id').notNull(),
    skuId: idColumn('sku_id').notNull(),
    spuId: idColumn('spu_id'),
    /** The leaf category and its path from the root (null for lines sold before orders recorded them). */
    categoryId: idColumn('category_id'),
    categoryPath: text('category_path').array().notNull().default([]),
    brandId: idColumn('brand_id'),
    /** Filled after the fact by a job (the member center knows it); null until then. */
    memberLevelId: idColumn('member_level_id'),
    region: varchar('region', { length: 50 }),
    channel: varchar('channel', { length: 30 }).notNull(),
    orderType: varchar('order_type', { length: 20 }).notNull(),
    currency: varchar('currency', { length: 3 }).notNull(),
    paidAt: timestampColumn('paid_at').notNull(),
    paidDay: date('paid_day', { mode: 'string' }).notNull(),
    /** The order's latest status as heard (PAID, SHIPPED, DELIVERED, COMPLETED, CANCELLED). */
    orderStatus: varchar('order_status', { length: 20 }).notNull(),
    /** The unit cost once known (a job asks the catalog); null: unknown. */
    unitCost: bigint('unit_cost', { mode: 'bigint' }),
    /** The template of the coupon that discounted the line (null: none, or sold before orders said). */
    couponTemplateId: idColumn('coupon_template_id'),
    /** The campaign (专场) of the promotion or flash sale that discounted the line (a line takes at most one of them). */
    campaignId: idColumn('campaign_id'),
    ...measures(),
    ...timestamps(),
  },
  (t) => [
    primaryKey({ columns: [t.generation, t.orderLineId] }),
    index('sales_facts_day_idx').on(t.generation, t.paidDay),
    index('sales_facts_order_idx').on(t.generation, t.orderId),
    index('sales_facts_checkout_idx').on(t.generation, t.checkoutId),
    index('sales_facts_shop_day_idx').on(t.generation, t.shopId, t.paidDay),
  ],
);

/** A refund's share of one line, counted on the business day it succeeded. */
export const salesRefunds = analyticsSchema.table(
  'sales_refunds',
  {
    generation: integer('generation').notNull(),
    refundId: idColumn('refund_id').notNull(),
    orderLineId: idColumn('order_line_id').notNull(),
    orderId: idColumn('order_id').notNull(),
    amount: bigint('amount', { mode: 'bigint' }).notNull(),
    currency: varchar('currency', { length: 3 }).notNull(),
    refundedAt: timestampColumn('refunded_at').notNull(),
    refundDay: date('refund_day', { mode: 'string' }).notNull(),
    /**
     * Why the money went back, from the refund's key: AFTER_SALE (its request's reason code is in
     * `after_sales`), CANCELLED (a paid order cancelled), MERCHANT (a shop's or operator's refund),
     * FREIGHT (the freight of an order refunded before shipping), OTHER.
     */
    kind: varchar('kind', { length: 20 }).notNull().default('OTHER'),
    afterSaleId: idColumn('after_sale_id'),
  },
  (t) => [primaryKey({ columns: [t.generation, t.refundId, t.orderLineId] }), index('sales_refunds_day_idx').on(t.generation, t.refundDay)],
);

/** Per business day x shop x leaf category: the sum of the facts (paid day) and refunds (refund day) under it. */
export const dayShopCategory = analyticsSchema.table(
  'rollup_day_shop_category',
  {
    generation: integer('generation').notNull(),
    day: date('day', { mode: 'string' }).notNull(),
    shopId: idColumn('shop_id').notNull(),
    /** '' for lines without a category (primary keys take no null). */
    categoryId: varchar('category_id', { length: 40 }).notNull(),
    categoryPath: text('category_path').array().notNull().default([]),
    currency: varchar('currency', { length: 3 }).notNull(),
    ...measures(),
  },
  (t) => [primaryKey({ columns: [t.generation, t.day, t.shopId, t.categoryId, t.currency] })],
);

/** Per business day x SKU (its shop alongside, a SKU has one). */
export const daySku = analyticsSchema.table(
  'rollup_day_sku',
  {
    generation: integer('generation').notNull(),
    day: date('day', { mode: 'string' }).notNull(),
    skuId: idColumn('sku_id').notNull(),
    shopId: idColumn('shop_id').notNull(),
    currency: varchar('currency', { length: 3 }).notNull(),
    ...measures(),
  },
  (t) => [primaryKey({ columns: [t.generation, t.day, t.skuId, t.currency] })],
);

/**
 * Per business day x shop: the smallest rollup that answers a summary by day (week, month) and
 * shop, a few hundred shops a day where day x shop x category has one row per category sold.
 */
export const dayShop = analyticsSchema.table(
  'rollup_day_shop',
  {
    generation: integer('generation').notNull(),
    day: date('day', { mode: 'string' }).notNull(),
    shopId: idColumn('shop_id').notNull(),
    currency: varchar('currency', { length: 3 }).notNull(),
    ...measures(),
  },
  (t) => [primaryKey({ columns: [t.generation, t.day, t.shopId, t.currency] })],
);

/**
 * Per business month (its first day) x SKU (its shop alongside): one row per SKU sold in a month,
 * so topSkus over whole months ranks these rows in SQL; the GMV index hands a month's top N
 * straight from the index, without reading the month's other SKUs.
 */
export const monthSku = analyticsSchema.table(
  'rollup_month_sku',
  {
    generation: integer('generation').notNull(),
    month: date('month', { mode: 'string' }).notNull(),
    skuId: idColumn('sku_id').notNull(),
    shopId: idColumn('shop_id').notNull(),
    currency: varchar('currency', { length: 3 }).notNull(),
    ...measures(),
  },
  (t) => [
    primaryKey({ columns: [t.generation, t.month, t.skuId, t.currency] }),
    index('rollup_month_sku_gross_idx').on(t.generation, t.month, t.gross.desc(), t.skuId),
  ],
);

/**
 * 售后单 as filed (AfterSaleFiled): the reason a refund of the request is reported under. Not
 * generation-keyed: it is a dimension the events keep, not a sum a rebuild recomputes.
 */
export const afterSales = analyticsSchema.table('after_sales', {
  requestId: idColumn('request_id').primaryKey(),
  orderId: idColumn('order_id').notNull(),
  orderLineId: idColumn('order_line_id').notNull(),
  shopId: idColumn('shop_id').notNull(),
  type: varchar('type', { length: 20 }).notNull(),
  reasonCode: varchar('reason_code', { length: 30 }).notNull(),
  quantity: integer('quantity').notNull(),
  filedAt: timestampColumn('filed_at').notNull(),
  filedDay: date('filed_day', { mode: 'string' }).notNull(),
});

/** Coupons members got (CouponClaimed), on the business day they got them. */
export const couponClaims = analyticsSchema.table(
  'coupon_claims',
  {
    couponId: idColumn('coupon_id').primaryKey(),
    templateId: idColumn('template_id').notNull(),
    /** The template's shop; null for a platform template (analysts and operators only). */
    shopId: idColumn('shop_id'),
    memberId: idColumn('member_id').notNull(),
    source: varchar('source', { length: 10 }).notNull(),
    claimedDay: date('claimed_day', { mode: 'string' }).notNull(),
  },
  (t) => [index('coupon_claims_day_idx').on(t.claimedDay, t.templateId)],
);

/** Coupons spent by a paid checkout (CouponRedeemed), on the business day they were. */
export const couponRedemptions = analyticsSchema.table(
  'coupon_redemptions',
  {
    couponId: idColumn('coupon_id').notNull(),
    checkoutId: idColumn('checkout_id').notNull(),
    templateId: idColumn('template_id').notNull(),
    shopId: idColumn('shop_id'),
    memberId: idColumn('member_id').notNull(),
    discount: bigint('discount', { mode: 'bigint' }).notNull(),
    currency: varchar('currency', { length: 3 }).notNull(),
    redeemedDay: date('redeemed_day', { mode: 'string' }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.couponId, t.checkoutId] }), index('coupon_redemptions_day_idx').on(t.redeemedDay, t.templateId)],
);

/**
 * One row per shop order from OrderPlaced on, with when it reached each state of the funnel
 * (placed -> paid -> shipped -> completed) or how it ended (CANCELLED or CLOSED, with the reason).
 * Each time is set once (the first event to bring it), so a redelivery changes nothing.
 */
export const orderFunnel = analyticsSchema.table(
  'order_funnel',
  {
    orderId: idColumn('order_id').primaryKey(),
    shopId: idColumn('shop_id').notNull(),
    memberId: idColumn('member_id').notNull(),
    placedDay: date('placed_day', { mode: 'string' }),
    paidAt: timestampColumn('paid_at'),
    shippedAt: timestampColumn('shipped_at'),
    completedAt: timestampColumn('completed_at'),
    endedAt: timestampColumn('ended_at'),
    /** CANCELLED (by a person) or CLOSED (unpaid, by its timer). */
    endStatus: varchar('end_status', { length: 10 }),
    endReason: text('end_reason'),
  },
  (t) => [index('order_funnel_placed_idx').on(t.placedDay, t.shopId)],
);

/**
 * An export of a query's result as a CSV file, written by a job (`runSalesExport`) under the files
 * folder (the kit's `filesDir`) and downloaded through a signed URL on the gateway.
 */
export const salesExports = analyticsSchema.table(
  'sales_exports',
  {
    id: idColumn('id').primaryKey(),
    /** SALES_FACTS (one line per sold order line) or SALES_SUMMARY (salesSummary's rows). */
    kind: varchar('kind', { length: 20 }).$type<'SALES_FACTS' | 'SALES_SUMMARY'>().notNull(),
    /** The requester's shop (a merchant's); null for the platform's roles. */
    shopId: idColumn('shop_id'),
    /** Who started it (the token's subject): only they get its file. */
    requestedBy: varchar('requested_by', { length: 200 }).notNull(),
    /** The requester's role, kept so that the job reads with the same scope. */
    requesterRole: varchar('requester_role', { length: 20 }).notNull(),
    filter: jsonb('filter').$type<Record<string, unknown>>().notNull(),
    groupBy: text('group_by').array().notNull().default([]),
    metrics: text('metrics').array().notNull().default([]),
    /** The read model's generation it reads (fixed at the start). */
    generation: integer('generation').notNull(),
    status: varchar('status', { length: 10 }).$type<'QUEUED' | 'RUNNING' | 'DONE' | 'FAILED'>().notNull(),
    rowsWritten: integer('rows_written').notNull().default(0),
    /** Rows the file will hold, counted when the job starts. */
    totalRows: integer('total_rows'),
    bytes: bigint('bytes', { mode: 'number' }),
    error: text('error'),
    finishedAt: timestampColumn('finished_at'),
    ...timestamps(),
  },
  (t) => [index('sales_exports_requester_idx').on(t.requestedBy, t.createdAt)],
);

export type SalesExportRow = typeof salesExports.$inferSelect;
export type GenerationRow = typeof generations.$inferSelect;
export type SalesFactRow = typeof salesFacts.$inferSelect;
export type SalesFactInsert = typeof salesFacts.$inferInsert;
export type SalesRefundRow = typeof salesRefunds.$inferSelect;

export const outbox = outboxTable(analyticsSchema);
export const processedEvents = processedEventsTable(analyticsSchema);
