import { sql } from 'drizzle-orm';
import { bigint, boolean, check, index, integer, uniqueIndex, varchar } from 'drizzle-orm/pg-core';
import { idColumn, timestampColumn, timestamps, type CurrencyCode } from '@zhongtai/kit';
import { inventorySchema, stockLevels, warehouses } from './tables.ts';

/**
 * WMS documents. Each carries its warehouse's owner (`shop_id`, null for a platform warehouse)
 * so lists scope without a join.
 */
export const inboundSource = inventorySchema.enum('inbound_source', ['PURCHASE_ORDER', 'RETURN', 'TRANSFER', 'MANUAL', 'CONSIGNMENT']);
export const inboundStatus = inventorySchema.enum('inbound_status', ['EXPECTED', 'RECEIVING', 'PUT_AWAY', 'CANCELLED']);
export const outboundStatus = inventorySchema.enum('outbound_status', ['CREATED', 'PICKED', 'PACKED', 'SHIPPED', 'CANCELLED']);
export const stocktakeStatus = inventorySchema.enum('stocktake_status', ['COUNTING', 'APPROVED', 'CANCELLED']);

export const inboundReceipts = inventorySchema.table(
  'inbound_receipts',
  {
    id: idColumn().primaryKey(),
    warehouseId: idColumn('warehouse_id')
      .notNull()
      .references(() => warehouses.id),
    shopId: idColumn('shop_id'),
    source: inboundSource('source').notNull(),
    /** The purchase order, return or transfer it comes from, in the words of that center. */
    sourceReference: varchar('source_reference', { length: 100 }),
    allowOverReceipt: boolean('allow_over_receipt').notNull().default(false),
    status: inboundStatus('status').notNull().default('EXPECTED'),
    /** 代销: the supplier (procurement's) that owns the units of a CONSIGNMENT receipt. */
    consignorId: idColumn('consignor_id'),
    /** The order a RETURN receipt's units were sold on (its consigned sales are reversed at put-away). */
    orderId: varchar('order_id', { length: 100 }),
    ...timestamps(),
  },
  (t) => [
    index('inbound_receipts_shop_idx').on(t.shopId, t.createdAt, t.id),
    index('inbound_receipts_created_idx').on(t.createdAt, t.id),
    // One return receipt per after-sale request.
    uniqueIndex('inbound_receipts_return_key')
      .on(t.sourceReference)
      .where(sql`${t.source} = 'RETURN'`),
    // One receipt per purchase-order delivery key (procurement's "<po id>/<n>").
    uniqueIndex('inbound_receipts_purchase_key')
      .on(t.sourceReference)
      .where(sql`${t.source} = 'PURCHASE_ORDER' and ${t.sourceReference} is not null`),
  ],
);

export const inboundReceiptLines = inventorySchema.table(
  'inbound_receipt_lines',
  {
    id: idColumn().primaryKey(),
    receiptId: idColumn('receipt_id')
      .notNull()
      .references(() => inboundReceipts.id),
    skuId: idColumn('sku_id').notNull(),
    /** The SKU's shop, from catalog's quote: the stock level put-away creates belongs to it. */
    skuShopId: idColumn('sku_shop_id').notNull(),
    expectedQuantity: integer('expected_quantity').notNull(),
    /** The most that may be received (a purchase order's over-receipt tolerance); null: the expected quantity. */
    acceptUpTo: integer('accept_up_to'),
    receivedGood: integer('received_good').notNull().default(0),
    receivedDamaged: integer('received_damaged').notNull().default(0),
    putAwayQuantity: integer('put_away_quantity').notNull().default(0),
    /** 代销: what the shop owes the consignor for each unit of this line once sold (minor units). */
    agreedUnitPrice: bigint('agreed_unit_price', { mode: 'bigint' }),
    currency: varchar('currency', { length: 3 }).$type<CurrencyCode>(),
  },
  (t) => [
    uniqueIndex('inbound_receipt_lines_sku_key').on(t.receiptId, t.skuId),
    check('inbound_receipt_lines_expected_positive', sql`${t.expectedQuantity} > 0`),
    check('inbound_receipt_lines_received_not_negative', sql`${t.receivedGood} >= 0 and ${t.receivedDamaged} >= 0`),
    check('inbound_receipt_lines_put_away_within', sql`${t.putAwayQuantity} >= 0 and ${t.putAwayQuantity} <= ${t.receivedGood}`),
    check('inbound_receipt_lines_price_with_currency', sql`(${t.agreedUnitPrice} is null) = (${t.currency} is null)`),
  ],
);

export const outboundOrders = inventorySchema.table(
  'outbound_orders',
  {
    id: idColumn().primaryKey(),
    shippingNoticeId: varchar('shipping_notice_id', { length: 100 }).notNull(),
    orderId: varchar('order_id', { length: 100 }).notNull(),
    warehouseId: idColumn('warehouse_id')
      .notNull()
      .references(() => warehouses.id),
    shopId: idColumn('shop_id'),
    status: outboundStatus('status').notNull().default('CREATED'),
    carrierCode: varchar('carrier_code', { length: 32 }),
    trackingNumber: varchar('tracking_number', { length: 64 }),
    pickedAt: timestampColumn('picked_at'),
    packedAt: timestampColumn('packed_at'),
    shippedAt: timestampColumn('shipped_at'),
    ...timestamps(),
  },
  (t) => [
    // One outbound order per shipping notice: the fulfillment center may call again safely.
    uniqueIndex('outbound_orders_notice_key').on(t.shippingNoticeId),
    index('outbound_orders_order_idx').on(t.orderId),
    index('outbound_orders_shop_idx').on(t.shopId, t.createdAt, t.id),
    index('outbound_orders_created_idx').on(t.createdAt, t.id),
  ],
);

export const outboundOrderLines = inventorySchema.table(
  'outbound_order_lines',
  {
    id: idColumn().primaryKey(),
    outboundOrderId: idColumn('outbound_order_id')
      .notNull()
      .references(() => outboundOrders.id),
    skuId: idColumn('sku_id').notNull(),
    stockLevelId: idColumn('stock_level_id')
      .notNull()
      .references(() => stockLevels.id),
    quantity: integer('quantity').notNull(),
  },
  (t) => [uniqueIndex('outbound_order_lines_sku_key').on(t.outboundOrderId, t.skuId), check('outbound_order_lines_quantity_positive', sql`${t.quantity} > 0`)],
);

export const stocktakes = inventorySchema.table(
  'stocktakes',
  {
    id: idColumn().primaryKey(),
    warehouseId: idColumn('warehouse_id')
      .notNull()
      .references(() => warehouses.id),
    shopId: idColumn('shop_id'),
    status: stocktakeStatus('status').notNull().default('COUNTING'),
    approvedBy: varchar('approved_by', { length: 100 }),
    approvedAt: timestampColumn('approved_at'),
    ...timestamps(),
  },
  (t) => [index('stocktakes_shop_idx').on(t.shopId, t.createdAt, t.id), index('stocktakes_created_idx').on(t.createdAt, t.id)],
);

/** One counted stock level; `book_quantity` is on hand when the sheet was made. */
export const stocktakeLines = inventorySchema.table(
  'stocktake_lines',
  {
    id: idColumn().primaryKey(),
    stocktakeId: idColumn('stocktake_id')
      .notNull()
      .references(() => stocktakes.id),
    stockLevelId: idColumn('stock_level_id')
      .notNull()
      .references(() => stockLevels.id),
    skuId: idColumn('sku_id').notNull(),
    bookQuantity: integer('book_quantity').notNull(),
    countedQuantity: integer('counted_quantity'),
  },
  (t) => [
    uniqueIndex('stocktake_lines_level_key').on(t.stocktakeId, t.stockLevelId),
    check('stocktake_lines_counted_not_negative', sql`${t.countedQuantity} is null or ${t.countedQuantity} >= 0`),
  ],
);

export type InboundReceiptRow = typeof inboundReceipts.$inferSelect;
export type InboundReceiptLineRow = typeof inboundReceiptLines.$inferSelect;
export type InboundSource = InboundReceiptRow['source'];
export type OutboundOrderRow = typeof outboundOrders.$inferSelect;
export type OutboundOrderLineRow = typeof outboundOrderLines.$inferSelect;
export type StocktakeRow = typeof stocktakes.$inferSelect;
export type StocktakeLineRow = typeof stocktakeLines.$inferSelect;
