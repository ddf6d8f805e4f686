import { sql } from 'drizzle-orm';
import { bigint, check, index, integer, uniqueIndex, varchar } from 'drizzle-orm/pg-core';
import { idColumn, timestampColumn, type CurrencyCode } from '@zhongtai/kit';
import { inventorySchema, reservationAllocations, stockLevels } from './tables.ts';
import { inboundReceiptLines } from './wmsTables.ts';

/**
 * 代销 stock: units of a stock level that belong to a consignor (one of the shop's suppliers),
 * one lot per consignment receipt line put away. The stock level's on hand counts them with the
 * shop's own units; `on_hand` here is the lot's units not sold yet, so own = level on hand − Σ lots.
 */
export const consignmentLots = inventorySchema.table(
  'consignment_lots',
  {
    id: idColumn().primaryKey(),
    stockLevelId: idColumn('stock_level_id')
      .notNull()
      .references(() => stockLevels.id),
    skuId: idColumn('sku_id').notNull(),
    warehouseId: idColumn('warehouse_id').notNull(),
    shopId: idColumn('shop_id').notNull(),
    consignorId: idColumn('consignor_id').notNull(),
    receiptLineId: idColumn('receipt_line_id')
      .notNull()
      .references(() => inboundReceiptLines.id),
    unitPrice: bigint('unit_price', { mode: 'bigint' }).notNull(),
    currency: varchar('currency', { length: 3 }).$type<CurrencyCode>().notNull(),
    received: integer('received').notNull(),
    onHand: integer('on_hand').notNull(),
    createdAt: timestampColumn('created_at').notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('consignment_lots_receipt_line_key').on(t.receiptLineId),
    index('consignment_lots_level_idx').on(t.stockLevelId, t.createdAt, t.id),
    index('consignment_lots_consignor_idx').on(t.consignorId),
    check('consignment_lots_on_hand_within', sql`${t.onHand} >= 0 and ${t.onHand} <= ${t.received}`),
    check('consignment_lots_price_not_negative', sql`${t.unitPrice} >= 0`),
  ],
);

/** Consigned units an order line took from one lot when it was paid: what the shop owes the consignor. */
export const consignmentSales = inventorySchema.table(
  'consignment_sales',
  {
    id: idColumn().primaryKey(),
    lotId: idColumn('lot_id')
      .notNull()
      .references(() => consignmentLots.id),
    allocationId: idColumn('allocation_id')
      .notNull()
      .references(() => reservationAllocations.id),
    orderId: varchar('order_id', { length: 100 }).notNull(),
    consignorId: idColumn('consignor_id').notNull(),
    quantity: integer('quantity').notNull(),
    /** Units given back to the lot since (returns, refunds before shipping, a cancelled paid order). */
    returnedQuantity: integer('returned_quantity').notNull().default(0),
    soldAt: timestampColumn('sold_at').notNull(),
  },
  (t) => [
    uniqueIndex('consignment_sales_allocation_lot_key').on(t.allocationId, t.lotId),
    index('consignment_sales_order_idx').on(t.orderId),
    check('consignment_sales_quantity_positive', sql`${t.quantity} > 0`),
    check('consignment_sales_returned_within', sql`${t.returnedQuantity} >= 0 and ${t.returnedQuantity} <= ${t.quantity}`),
  ],
);

/** Consigned units that came back: each reverses part of one sale. */
export const consignmentReturns = inventorySchema.table(
  'consignment_returns',
  {
    id: idColumn().primaryKey(),
    saleId: idColumn('sale_id')
      .notNull()
      .references(() => consignmentSales.id),
    quantity: integer('quantity').notNull(),
    reason: varchar('reason', { length: 20 }).$type<'RETURN' | 'WITHDRAWN' | 'RELEASED'>().notNull(),
    /** The return receipt, withdrawal key or order that gave the units back. */
    reference: varchar('reference', { length: 100 }).notNull(),
    createdAt: timestampColumn('created_at').notNull().defaultNow(),
  },
  (t) => [index('consignment_returns_sale_idx').on(t.saleId), check('consignment_returns_quantity_positive', sql`${t.quantity} > 0`)],
);

export type ConsignmentLotRow = typeof consignmentLots.$inferSelect;
export type ConsignmentSaleRow = typeof consignmentSales.$inferSelect;
