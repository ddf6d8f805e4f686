import { sql } from 'drizzle-orm';
import { bigint, boolean, check, index, integer, pgSchema, uniqueIndex, varchar } from 'drizzle-orm/pg-core';
import { idColumn, outboxTable, processedEventsTable, timestampColumn, timestamps } from '@zhongtai/kit';

export const procurementSchema = pgSchema('procurement');

export const supplierStatus = procurementSchema.enum('supplier_status', ['ACTIVE', 'SUSPENDED']);

/** A merchant's supplier: someone who holds stock and ships on the shop's behalf (代发). */
export const suppliers = procurementSchema.table(
  'suppliers',
  {
    id: idColumn().primaryKey(),
    shopId: idColumn('shop_id').notNull(),
    code: varchar('code', { length: 32 }).notNull(),
    name: varchar('name', { length: 100 }).notNull(),
    contactName: varchar('contact_name', { length: 50 }),
    contactPhone: varchar('contact_phone', { length: 20 }),
    status: supplierStatus('status').notNull().default('ACTIVE'),
    /** 评分 and its inputs (domain/ratingFormula.ts), recomputed from purchase deliveries on each one. */
    rating: integer('rating'),
    deliveries: integer('deliveries').notNull().default(0),
    onTimeDeliveries: integer('on_time_deliveries').notNull().default(0),
    unitsOrdered: integer('units_ordered').notNull().default(0),
    unitsReceived: integer('units_received').notNull().default(0),
    unitsGood: integer('units_good').notNull().default(0),
    unitsDamaged: integer('units_damaged').notNull().default(0),
    /** Drop-shipped lines shipped, and how many within the drop-ship deadline of their payment. */
    dropShipShipped: integer('drop_ship_shipped').notNull().default(0),
    dropShipInTime: integer('drop_ship_in_time').notNull().default(0),
    /** Their average hours from payment to the parcel; null before the first. */
    dropShipAverageHours: integer('drop_ship_average_hours'),
    ratedAt: timestampColumn('rated_at'),
    ...timestamps(),
  },
  (t) => [
    uniqueIndex('suppliers_shop_code_key').on(t.shopId, sql`lower(${t.code})`),
    index('suppliers_shop_code_idx').on(t.shopId, t.code, t.id),
    index('suppliers_code_idx').on(t.code, t.id),
  ],
);

/**
 * 代发商品: a SKU the supplier ships, at the price the shop pays the supplier. One row per
 * (supplier, SKU), kept when removed (inactive) so the price history of a pairing is not lost.
 * The partial unique index is the rule "one active supplier per SKU", race-safe.
 */
export const dropShipOffers = procurementSchema.table(
  'drop_ship_offers',
  {
    id: idColumn().primaryKey(),
    supplierId: idColumn('supplier_id')
      .notNull()
      .references(() => suppliers.id),
    /** The supplier's shop, repeated so scoping needs no join. */
    shopId: idColumn('shop_id').notNull(),
    skuId: idColumn('sku_id').notNull(),
    supplyPrice: bigint('supply_price', { mode: 'bigint' }).notNull(),
    currency: varchar('currency', { length: 3 }).notNull(),
    active: boolean('active').notNull().default(true),
    ...timestamps(),
  },
  (t) => [
    uniqueIndex('drop_ship_offers_supplier_sku_key').on(t.supplierId, t.skuId),
    uniqueIndex('drop_ship_offers_active_sku_key')
      .on(t.skuId)
      .where(sql`${t.active}`),
    index('drop_ship_offers_supplier_idx').on(t.supplierId, t.skuId, t.id),
    check('drop_ship_offers_price_not_negative', sql`${t.supplyPrice} >= 0`),
  ],
);

export type SupplierRow = typeof suppliers.$inferSelect;
export type SupplierStatus = SupplierRow['status'];
export type DropShipOfferRow = typeof dropShipOffers.$inferSelect;

/** Its outbox: audit entries of staff mutations, and its jobs. */
export const outbox = outboxTable(procurementSchema);
/** Events it has handled (StockBelowThreshold, PurchaseReceived): a redelivery has no second effect. */
export const processedEvents = processedEventsTable(procurementSchema);
