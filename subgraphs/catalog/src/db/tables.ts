import { sql } from 'drizzle-orm';
import { bigint, boolean, check, index, integer, jsonb, pgSchema, primaryKey, text, uniqueIndex, varchar, type AnyPgColumn } from 'drizzle-orm/pg-core';
import { idColumn, outboxTable, processedEventsTable, timestampColumn, timestamps, type VoucherTerms } from '@zhongtai/kit';

export const catalogSchema = pgSchema('catalog');

export const categoryStatus = catalogSchema.enum('category_status', ['ENABLED', 'DISABLED']);
export const productType = catalogSchema.enum('product_type', ['PHYSICAL', 'SERVICE', 'PHYSICAL_WITH_SERVICE']);
export const spuStatus = catalogSchema.enum('spu_status', ['DRAFT', 'PENDING_REVIEW', 'ON_SALE', 'OFF_SHELF']);
export const skuStatus = catalogSchema.enum('sku_status', ['ACTIVE', 'INACTIVE']);
export const attributeKind = catalogSchema.enum('attribute_kind', ['KEY', 'DESCRIPTIVE', 'SALES']);
export const priceChangeStatus = catalogSchema.enum('price_change_status', ['SCHEDULED', 'APPLIED', 'CANCELLED']);
export const priceChangeSource = catalogSchema.enum('price_change_source', ['CREATED', 'MANUAL', 'SCHEDULED', 'BULK', 'PURCHASE']);

/** One sales attribute of a SKU, e.g. 颜色 Color = 黑色 Black. */
export interface AttributeValue {
  name: string;
  value: string;
}

/** A key or descriptive attribute value of a product: 型号 Model = Mate 70 (KEY), 材质 Material = 棉 (DESCRIPTIVE). */
export interface SpuAttributeValue extends AttributeValue {
  kind: 'KEY' | 'DESCRIPTIVE';
}

/**
 * The category tree. `path` holds the ids from the root down to the category itself
 * (`/cat_A/cat_B/`), so a whole subtree is one `path LIKE '/cat_A/%'` on a pattern index.
 */
export const categories = catalogSchema.table(
  'categories',
  {
    id: idColumn().primaryKey(),
    parentId: idColumn('parent_id').references((): AnyPgColumn => categories.id),
    name: varchar('name', { length: 100 }).notNull(),
    path: varchar('path', { length: 500 }).notNull(),
    depth: integer('depth').notNull(),
    position: integer('position').notNull().default(0),
    status: categoryStatus('status').notNull().default('ENABLED'),
    ...timestamps(),
  },
  (t) => [
    index('categories_path_idx').on(t.path.op('varchar_pattern_ops')),
    index('categories_parent_idx').on(t.parentId, t.position),
    // Siblings need distinct names; roots share the empty parent.
    uniqueIndex('categories_sibling_name_key').on(sql`coalesce(${t.parentId}, '')`, sql`lower(${t.name})`),
    check('categories_depth_positive', sql`${t.depth} >= 1`),
  ],
);

export const brands = catalogSchema.table(
  'brands',
  {
    id: idColumn().primaryKey(),
    name: varchar('name', { length: 100 }).notNull(),
    logoUrl: varchar('logo_url', { length: 500 }),
    ...timestamps(),
  },
  (t) => [uniqueIndex('brands_name_key').on(sql`lower(${t.name})`), index('brands_name_idx').on(t.name, t.id)],
);

/** A brand limited to some categories (and their subtrees); a brand without rows here fits every category. */
export const brandCategories = catalogSchema.table(
  'brand_categories',
  {
    brandId: idColumn('brand_id')
      .notNull()
      .references(() => brands.id),
    categoryId: idColumn('category_id')
      .notNull()
      .references(() => categories.id),
  },
  (t) => [primaryKey({ columns: [t.brandId, t.categoryId] })],
);

/**
 * An attribute a category asks of its products; categories below inherit it. KEY attributes identify
 * a product (model), DESCRIPTIVE ones describe it (material), SALES ones are the dimensions SKUs vary on.
 * An empty `allowed_values` means free text.
 */
export const attributeDefinitions = catalogSchema.table(
  'attribute_definitions',
  {
    id: idColumn().primaryKey(),
    categoryId: idColumn('category_id')
      .notNull()
      .references(() => categories.id),
    name: varchar('name', { length: 30 }).notNull(),
    kind: attributeKind('kind').notNull(),
    required: boolean('required').notNull().default(false),
    allowedValues: jsonb('allowed_values').$type<string[]>().notNull().default([]),
    position: integer('position').notNull().default(0),
    ...timestamps(),
  },
  (t) => [
    uniqueIndex('attribute_definitions_category_name_key').on(t.categoryId, sql`lower(${t.name})`),
    index('attribute_definitions_category_idx').on(t.categoryId, t.position),
  ],
);

/** A product (standard product unit). `shop_id` names a shop of the shops center: no FK across centers. */
export const spus = catalogSchema.table(
  'spus',
  {
    id: idColumn().primaryKey(),
    shopId: idColumn('shop_id').notNull(),
    categoryId: idColumn('category_id')
      .notNull()
      .references(() => categories.id),
    brandId: idColumn('brand_id').references(() => brands.id),
    name: varchar('name', { length: 200 }).notNull(),
    description: text('description'),
    productType: productType('product_type').notNull().default('PHYSICAL'),
    status: spuStatus('status').notNull().default('DRAFT'),
    attributes: jsonb('attributes').$type<SpuAttributeValue[]>().notNull().default([]),
    mediaUrls: jsonb('media_urls').$type<string[]>().notNull().default([]),
    /** A service's voucher validity and refund rule (spus/voucherTerms.ts); null: no expiry, refundable while unredeemed. */
    voucherTerms: jsonb('voucher_terms').$type<VoucherTerms>(),
    /**
     * The lowest sale price of its active SKUs (of all SKUs when none is active), kept in the same
     * transaction as every price or SKU change: lists sort and filter by price on an index, no join.
     */
    minSalePriceAmount: bigint('min_sale_price_amount', { mode: 'bigint' })
      .notNull()
      .default(sql`0`),
    priceCurrency: varchar('price_currency', { length: 3 }).notNull().default('CNY'),
    ...timestamps(),
  },
  (t) => [
    index('spus_min_price_idx').on(t.minSalePriceAmount, t.id),
    index('spus_shop_min_price_idx').on(t.shopId, t.minSalePriceAmount, t.id),
    index('spus_shop_created_idx').on(t.shopId, t.createdAt, t.id),
    index('spus_created_idx').on(t.createdAt, t.id),
    index('spus_updated_idx').on(t.updatedAt, t.id),
    index('spus_shop_updated_idx').on(t.shopId, t.updatedAt, t.id),
    index('spus_name_idx').on(t.name, t.id),
    index('spus_shop_name_idx').on(t.shopId, t.name, t.id),
    index('spus_category_idx').on(t.categoryId),
    index('spus_brand_idx').on(t.brandId),
    index('spus_status_idx').on(t.status),
  ],
);

/** A sellable variant (stock keeping unit) of an SPU, priced in integer minor units. */
/** 跨境 modes: 保税 (shipped from a bonded warehouse in China) or 直邮 (mailed from abroad). */
export type CrossBorderMode = 'BONDED' | 'DIRECT_MAIL';

export const skus = catalogSchema.table(
  'skus',
  {
    id: idColumn().primaryKey(),
    spuId: idColumn('spu_id')
      .notNull()
      .references(() => spus.id),
    shopId: idColumn('shop_id').notNull(),
    code: varchar('code', { length: 64 }).notNull(),
    salesAttributes: jsonb('sales_attributes').$type<AttributeValue[]>().notNull().default([]),
    barcode: varchar('barcode', { length: 64 }),
    /** The sale price: what a customer pays. */
    priceAmount: bigint('price_amount', { mode: 'bigint' }).notNull(),
    /** The crossed-out list price (划线价); null when the merchant shows none. */
    listPriceAmount: bigint('list_price_amount', { mode: 'bigint' }),
    /** What the merchant paid: only the shop and the platform see it. */
    costPriceAmount: bigint('cost_price_amount', { mode: 'bigint' }),
    priceCurrency: varchar('price_currency', { length: 3 }).notNull(),
    /** Shipping weight and volume: fulfillment computes freight from them. */
    weightGrams: integer('weight_grams').notNull().default(0),
    volumeCm3: integer('volume_cm3').notNull().default(0),
    /** A service's slots per day (installation slots) where the merchant limits them; null: no limit. */
    dailyCapacity: integer('daily_capacity'),
    /** 跨境: sold cross-border, from a bonded warehouse or by direct mail; null for a domestic SKU. */
    crossBorderMode: varchar('cross_border_mode', { length: 16 }).$type<CrossBorderMode>(),
    /** Its consumption tax rate (basis points) for the cross-border tax; null: the default (orders' config). */
    consumptionTaxRateBps: integer('consumption_tax_rate_bps'),
    /** Display order within the SPU: the order the merchant listed the variants in. */
    position: integer('position').notNull().default(0),
    status: skuStatus('status').notNull().default('ACTIVE'),
    ...timestamps(),
  },
  (t) => [
    uniqueIndex('skus_shop_code_key').on(t.shopId, t.code),
    index('skus_spu_idx').on(t.spuId, t.position),
    index('skus_shop_created_idx').on(t.shopId, t.createdAt, t.id),
    index('skus_created_idx').on(t.createdAt, t.id),
    index('skus_code_idx').on(t.code, t.id),
    check('skus_price_not_negative', sql`${t.priceAmount} >= 0`),
    check('skus_list_price_not_negative', sql`${t.listPriceAmount} >= 0`),
    check('skus_cost_price_not_negative', sql`${t.costPriceAmount} >= 0`),
    check('skus_measures_not_negative', sql`${t.weightGrams} >= 0 and ${t.volumeCm3} >= 0`),
    check('skus_daily_capacity_positive', sql`${t.dailyCapacity} > 0`),
    check('skus_cross_border_mode', sql`${t.crossBorderMode} in ('BONDED', 'DIRECT_MAIL')`),
    check('skus_consumption_tax_rate', sql`${t.consumptionTaxRateBps} between 0 and 10000`),
  ],
);

/**
 * A SKU's prices over time. SCHEDULED rows wait for their job; APPLIED rows are the price history
 * (creation, manual edits, bulk updates and scheduled changes alike). A null new price leaves
 * that price as it was; the `previous_*` columns say what it was.
 */
export const priceChanges = catalogSchema.table(
  'price_changes',
  {
    id: idColumn().primaryKey(),
    skuId: idColumn('sku_id')
      .notNull()
      .references(() => skus.id),
    shopId: idColumn('shop_id').notNull(),
    currency: varchar('currency', { length: 3 }).notNull(),
    salePriceAmount: bigint('sale_price_amount', { mode: 'bigint' }),
    listPriceAmount: bigint('list_price_amount', { mode: 'bigint' }),
    costPriceAmount: bigint('cost_price_amount', { mode: 'bigint' }),
    previousSalePriceAmount: bigint('previous_sale_price_amount', { mode: 'bigint' }),
    previousListPriceAmount: bigint('previous_list_price_amount', { mode: 'bigint' }),
    previousCostPriceAmount: bigint('previous_cost_price_amount', { mode: 'bigint' }),
    status: priceChangeStatus('status').notNull(),
    source: priceChangeSource('source').notNull(),
    reason: text('reason'),
    effectiveAt: timestampColumn('effective_at').notNull(),
    appliedAt: timestampColumn('applied_at'),
    actor: varchar('actor', { length: 100 }).notNull(),
    ...timestamps(),
  },
  (t) => [
    index('price_changes_sku_applied_idx').on(t.skuId, t.appliedAt, t.id),
    index('price_changes_scheduled_idx')
      .on(t.skuId, t.effectiveAt)
      .where(sql`status = 'SCHEDULED'`),
  ],
);

/** Every status change of an SPU, its creation included (from = null): who, why, when. */
export const spuStatusChanges = catalogSchema.table(
  'spu_status_changes',
  {
    id: idColumn().primaryKey(),
    spuId: idColumn('spu_id')
      .notNull()
      .references(() => spus.id),
    fromStatus: spuStatus('from_status'),
    toStatus: spuStatus('to_status').notNull(),
    reason: text('reason'),
    actor: varchar('actor', { length: 100 }).notNull(),
    createdAt: timestampColumn('created_at').notNull().defaultNow(),
    /** Orders changes made within the same millisecond (a publish right after creation). */
    seq: bigint('seq', { mode: 'number' }).notNull().generatedAlwaysAsIdentity(),
  },
  (t) => [index('spu_status_changes_spu_idx').on(t.spuId, t.seq), check('spu_status_changes_differ', sql`${t.fromStatus} is distinct from ${t.toStatus}`)],
);

export type CategoryRow = typeof categories.$inferSelect;
export type BrandRow = typeof brands.$inferSelect;
export type SpuRow = typeof spus.$inferSelect;
export type SkuRow = typeof skus.$inferSelect;
export type SpuStatusChangeRow = typeof spuStatusChanges.$inferSelect;
export type AttributeDefinitionRow = typeof attributeDefinitions.$inferSelect;
export type AttributeKind = AttributeDefinitionRow['kind'];
export type PriceChangeRow = typeof priceChanges.$inferSelect;
export type CategoryStatus = CategoryRow['status'];
export type SpuStatus = SpuRow['status'];
export type SkuStatus = SkuRow['status'];
export type ProductType = SpuRow['productType'];

export const processedEvents = processedEventsTable(catalogSchema);
export const outbox = outboxTable(catalogSchema);
