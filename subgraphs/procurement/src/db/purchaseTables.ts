import { sql } from 'drizzle-orm';
import { bigint, boolean, check, index, integer, uniqueIndex, varchar } from 'drizzle-orm/pg-core';
import { idColumn, timestampColumn, timestamps } from '@zhongtai/kit';
import { procurementSchema, suppliers } from './tables.ts';

/**
 * 供货条款: a supplier sells a SKU to its shop at a unit price, delivered within a lead time, in
 * orders of at least a minimum quantity. Many suppliers per SKU; one row per (supplier, SKU),
 * kept inactive when withdrawn. Drop-ship offers are another thing: who ships to the customer.
 */
export const supplyTerms = procurementSchema.table(
  'supply_terms',
  {
    id: idColumn().primaryKey(),
    supplierId: idColumn('supplier_id')
      .notNull()
      .references(() => suppliers.id),
    shopId: idColumn('shop_id').notNull(),
    skuId: idColumn('sku_id').notNull(),
    unitPrice: bigint('unit_price', { mode: 'bigint' }).notNull(),
    currency: varchar('currency', { length: 3 }).notNull(),
    leadTimeDays: integer('lead_time_days').notNull(),
    minOrderQuantity: integer('min_order_quantity').notNull().default(1),
    active: boolean('active').notNull().default(true),
    ...timestamps(),
  },
  (t) => [
    uniqueIndex('supply_terms_supplier_sku_key').on(t.supplierId, t.skuId),
    index('supply_terms_sku_idx').on(t.skuId, t.id),
    index('supply_terms_supplier_idx').on(t.supplierId, t.skuId, t.id),
    check('supply_terms_price_not_negative', sql`${t.unitPrice} >= 0`),
    check('supply_terms_lead_time_range', sql`${t.leadTimeDays} between 0 and 365`),
    check('supply_terms_moq_positive', sql`${t.minOrderQuantity} >= 1`),
  ],
);

export const suggestionStatus = procurementSchema.enum('replenishment_suggestion_status', ['OPEN', 'ORDERED', 'DISMISSED']);

/**
 * 补货建议: how many units of a SKU a warehouse should order, with the inputs of the formula
 * (domain/replenishmentFormula.ts) so an operator can see why. One OPEN row per (SKU, warehouse):
 * a new signal updates it instead of adding another.
 */
export const replenishmentSuggestions = procurementSchema.table(
  'replenishment_suggestions',
  {
    id: idColumn().primaryKey(),
    shopId: idColumn('shop_id').notNull(),
    skuId: idColumn('sku_id').notNull(),
    warehouseId: idColumn('warehouse_id').notNull(),
    /** The preferred supplier when it was computed; null when no supplier offers the SKU. */
    supplierId: idColumn('supplier_id').references(() => suppliers.id),
    status: suggestionStatus('status').notNull().default('OPEN'),
    quantity: integer('quantity').notNull(),
    soldLast30Days: integer('sold_last_30_days').notNull(),
    leadTimeDays: integer('lead_time_days').notNull(),
    safetyStock: integer('safety_stock').notNull(),
    available: integer('available').notNull(),
    onOrder: integer('on_order').notNull(),
    minOrderQuantity: integer('min_order_quantity').notNull(),
    purchaseOrderId: idColumn('purchase_order_id'),
    ...timestamps(),
  },
  (t) => [
    uniqueIndex('replenishment_suggestions_open_key')
      .on(t.skuId, t.warehouseId)
      .where(sql`${t.status} = 'OPEN'`),
    index('replenishment_suggestions_shop_idx').on(t.shopId, t.createdAt, t.id),
    index('replenishment_suggestions_created_idx').on(t.createdAt, t.id),
  ],
);

export const purchaseOrderStatus = procurementSchema.enum('purchase_order_status', [
  'DRAFT',
  'SUBMITTED',
  'APPROVED',
  'SENT',
  'PARTIALLY_RECEIVED',
  'RECEIVED',
  'CLOSED',
]);

/** 采购单: what a shop orders from one supplier into one warehouse. */
export const purchaseOrders = procurementSchema.table(
  'purchase_orders',
  {
    id: idColumn().primaryKey(),
    shopId: idColumn('shop_id').notNull(),
    supplierId: idColumn('supplier_id')
      .notNull()
      .references(() => suppliers.id),
    warehouseId: idColumn('warehouse_id').notNull(),
    status: purchaseOrderStatus('status').notNull().default('DRAFT'),
    currency: varchar('currency', { length: 3 }).notNull(),
    totalAmount: bigint('total_amount', { mode: 'bigint' })
      .notNull()
      .default(sql`0`),
    /** The lead time promised when sent: the delivery is on time when received by sentAt + this. */
    leadTimeDays: integer('lead_time_days').notNull().default(0),
    submittedAt: timestampColumn('submitted_at'),
    approvedBy: varchar('approved_by', { length: 100 }),
    approvedAt: timestampColumn('approved_at'),
    /** Above the threshold, a second approver, never the first. */
    secondApprovedBy: varchar('second_approved_by', { length: 100 }),
    secondApprovedAt: timestampColumn('second_approved_at'),
    sentAt: timestampColumn('sent_at'),
    expectedBy: timestampColumn('expected_by'),
    receivedAt: timestampColumn('received_at'),
    closedAt: timestampColumn('closed_at'),
    /** How many inbound receipts inventory opened for it (the first, then one per backorder). */
    receiptCount: integer('receipt_count').notNull().default(0),
    ...timestamps(),
  },
  (t) => [
    index('purchase_orders_shop_idx').on(t.shopId, t.createdAt, t.id),
    index('purchase_orders_created_idx').on(t.createdAt, t.id),
    index('purchase_orders_supplier_idx').on(t.supplierId, t.status),
  ],
);

export const purchaseOrderLines = procurementSchema.table(
  'purchase_order_lines',
  {
    id: idColumn().primaryKey(),
    purchaseOrderId: idColumn('purchase_order_id')
      .notNull()
      .references(() => purchaseOrders.id),
    skuId: idColumn('sku_id').notNull(),
    quantity: integer('quantity').notNull(),
    unitPrice: bigint('unit_price', { mode: 'bigint' }).notNull(),
    receivedGood: integer('received_good').notNull().default(0),
    receivedDamaged: integer('received_damaged').notNull().default(0),
    suggestionId: idColumn('suggestion_id'),
  },
  (t) => [
    uniqueIndex('purchase_order_lines_sku_key').on(t.purchaseOrderId, t.skuId),
    check('purchase_order_lines_quantity_positive', sql`${t.quantity} > 0`),
    check('purchase_order_lines_price_not_negative', sql`${t.unitPrice} >= 0`),
  ],
);

/**
 * One delivery put away against a purchase order (an inventory receipt): the facts a supplier's
 * rating is computed from. Unique per receipt, so a redelivered event counts once.
 */
export const purchaseDeliveries = procurementSchema.table(
  'purchase_deliveries',
  {
    id: idColumn().primaryKey(),
    purchaseOrderId: idColumn('purchase_order_id')
      .notNull()
      .references(() => purchaseOrders.id),
    supplierId: idColumn('supplier_id')
      .notNull()
      .references(() => suppliers.id),
    shopId: idColumn('shop_id').notNull(),
    receiptId: idColumn('receipt_id').notNull(),
    good: integer('good').notNull(),
    damaged: integer('damaged').notNull(),
    onTime: boolean('on_time').notNull(),
    receivedAt: timestampColumn('received_at').notNull(),
    ...timestamps(),
  },
  (t) => [uniqueIndex('purchase_deliveries_receipt_key').on(t.receiptId), index('purchase_deliveries_supplier_idx').on(t.supplierId)],
);

/**
 * 代发时效: a drop-shipped order line, from payment to the supplier's parcel (the rating's
 * drop-ship fact). One row per order line: a redelivered event changes nothing.
 */
export const dropShipDispatches = procurementSchema.table(
  'drop_ship_dispatches',
  {
    id: idColumn().primaryKey(),
    supplierId: idColumn('supplier_id')
      .notNull()
      .references(() => suppliers.id),
    orderId: varchar('order_id', { length: 100 }).notNull(),
    orderLineId: varchar('order_line_id', { length: 100 }).notNull(),
    paidAt: timestampColumn('paid_at').notNull(),
    shippedAt: timestampColumn('shipped_at'),
    ...timestamps(),
  },
  (t) => [uniqueIndex('drop_ship_dispatches_line_key').on(t.orderLineId), index('drop_ship_dispatches_supplier_idx').on(t.supplierId)],
);

export type SupplyTermsRow = typeof supplyTerms.$inferSelect;
export type ReplenishmentSuggestionRow = typeof replenishmentSuggestions.$inferSelect;
export type PurchaseOrderRow = typeof purchaseOrders.$inferSelect;
export type PurchaseOrderStatus = PurchaseOrderRow['status'];
export type PurchaseOrderLineRow = typeof purchaseOrderLines.$inferSelect;
