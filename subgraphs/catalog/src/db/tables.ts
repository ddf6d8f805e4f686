import { sql } from 'drizzle-orm';
import { bigint, check, index, integer, jsonb, pgSchema, text, uniqueIndex, varchar, type AnyPgColumn } from 'drizzle-orm/pg-core';
import { idColumn, processedEventsTable, timestampColumn, timestamps } from '@zhongtai/kit';

export const catalogSchema = pgSchema('catalog');

export const categoryStatus = catalogSchema.enum('category_status', ['ENABLED', 'DISABLED']);
export const productType = catalogSchema.enum('product_type', ['PHYSICAL', 'SERVICE', 'PHYSICAL_WITH_SERVICE']);
export const spuStatus = catalogSchema.enum('spu_status', ['DRAFT', 'PENDING_REVIEW', 'ON_SALE', 'OFF_SHELF']);
export const skuStatus = catalogSchema.enum('sku_status', ['ACTIVE', 'INACTIVE']);

/** One sales attribute of a SKU, e.g. 颜色 Color = 黑色 Black. */
export interface AttributeValue {
  name: string;
  value: string;
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
    ...timestamps(),
  },
  (t) => [
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
    priceAmount: bigint('price_amount', { mode: 'bigint' }).notNull(),
    priceCurrency: varchar('price_currency', { length: 3 }).notNull(),
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
  (t) => [
    index('spu_status_changes_spu_idx').on(t.spuId, t.seq),
    check('spu_status_changes_differ', sql`${t.fromStatus} is distinct from ${t.toStatus}`),
  ],
);

export type CategoryRow = typeof categories.$inferSelect;
export type BrandRow = typeof brands.$inferSelect;
export type SpuRow = typeof spus.$inferSelect;
export type SkuRow = typeof skus.$inferSelect;
export type SpuStatusChangeRow = typeof spuStatusChanges.$inferSelect;
export type CategoryStatus = CategoryRow['status'];
export type SpuStatus = SpuRow['status'];
export type SkuStatus = SkuRow['status'];
export type ProductType = SpuRow['productType'];

export const processedEvents = processedEventsTable(catalogSchema);
