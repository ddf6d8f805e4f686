import { sql } from 'drizzle-orm';
import { bigint, check, index, integer, pgSchema, text, uniqueIndex, varchar } from 'drizzle-orm/pg-core';
import { idColumn, outboxTable, timestampColumn, timestamps } from '@zhongtai/kit';

export const inventorySchema = pgSchema('inventory');

export const warehouseStatus = inventorySchema.enum('warehouse_status', ['ACTIVE', 'INACTIVE']);
export const movementType = inventorySchema.enum('movement_type', ['RESERVE', 'RELEASE', 'INBOUND', 'OUTBOUND', 'ADJUST', 'RETURN', 'DAMAGED']);
export const movementReference = inventorySchema.enum('movement_reference', ['ORDER', 'INBOUND_RECEIPT', 'OUTBOUND_ORDER', 'STOCKTAKE', 'SEED']);
export const reservationStatus = inventorySchema.enum('reservation_status', ['ACTIVE', 'COMMITTED', 'RELEASED']);
/** 代销: which owner's units a sale takes first in a stock level holding both. */
export const sellFirst = inventorySchema.enum('sell_first', ['OWN', 'CONSIGNED']);

/** A place that holds stock: the platform's (shop_id null) or one shop's own. Lower priority is chosen first. */
export const warehouses = inventorySchema.table(
  'warehouses',
  {
    id: idColumn().primaryKey(),
    code: varchar('code', { length: 32 }).notNull(),
    name: varchar('name', { length: 100 }).notNull(),
    province: varchar('province', { length: 50 }).notNull(),
    city: varchar('city', { length: 50 }).notNull(),
    address: varchar('address', { length: 300 }).notNull(),
    shopId: idColumn('shop_id'),
    priority: integer('priority').notNull().default(100),
    status: warehouseStatus('status').notNull().default('ACTIVE'),
    ...timestamps(),
  },
  (t) => [
    uniqueIndex('warehouses_code_key').on(sql`lower(${t.code})`),
    index('warehouses_shop_idx').on(t.shopId, t.createdAt, t.id),
    index('warehouses_created_idx').on(t.createdAt, t.id),
  ],
);

/**
 * Stock of one SKU (a catalog id; no FK across centers) in one warehouse. The constraints make
 * overselling impossible whatever the code does: available = on_hand - reserved never goes below 0.
 * `shop_id` is the SKU's shop (from catalog's quote), which is what merchant scoping uses.
 */
export const stockLevels = inventorySchema.table(
  'stock_levels',
  {
    id: idColumn().primaryKey(),
    skuId: idColumn('sku_id').notNull(),
    warehouseId: idColumn('warehouse_id')
      .notNull()
      .references(() => warehouses.id),
    shopId: idColumn('shop_id').notNull(),
    onHand: integer('on_hand').notNull().default(0),
    reserved: integer('reserved').notNull().default(0),
    /** Units on site that cannot be sold (returned damaged): never available, kept apart from on hand. */
    damaged: integer('damaged').notNull().default(0),
    safetyStock: integer('safety_stock').notNull().default(0),
    /** 代销: a sale takes the shop's own units first, or the consignors' (domain/consignmentSales.ts). */
    sellFirst: sellFirst('sell_first').notNull().default('OWN'),
    ...timestamps(),
  },
  (t) => [
    uniqueIndex('stock_levels_sku_warehouse_key').on(t.skuId, t.warehouseId),
    index('stock_levels_warehouse_idx').on(t.warehouseId, t.createdAt, t.id),
    index('stock_levels_shop_idx').on(t.shopId, t.createdAt, t.id),
    index('stock_levels_created_idx').on(t.createdAt, t.id),
    check('stock_levels_on_hand_not_negative', sql`${t.onHand} >= 0`),
    check('stock_levels_reserved_not_negative', sql`${t.reserved} >= 0`),
    check('stock_levels_reserved_within_on_hand', sql`${t.reserved} <= ${t.onHand}`),
    check('stock_levels_safety_not_negative', sql`${t.safetyStock} >= 0`),
    check('stock_levels_damaged_not_negative', sql`${t.damaged} >= 0`),
  ],
);

/**
 * The ledger: one row per change of on_hand or reserved, with what it was before and after.
 * A stock level always equals the sum of its movements (see domain/ledgerCheck.ts).
 */
export const stockMovements = inventorySchema.table(
  'stock_movements',
  {
    id: idColumn().primaryKey(),
    stockLevelId: idColumn('stock_level_id')
      .notNull()
      .references(() => stockLevels.id),
    skuId: idColumn('sku_id').notNull(),
    warehouseId: idColumn('warehouse_id').notNull(),
    shopId: idColumn('shop_id').notNull(),
    type: movementType('type').notNull(),
    onHandDelta: integer('on_hand_delta').notNull(),
    reservedDelta: integer('reserved_delta').notNull(),
    onHandAfter: integer('on_hand_after').notNull(),
    reservedAfter: integer('reserved_after').notNull(),
    damagedDelta: integer('damaged_delta').notNull().default(0),
    damagedAfter: integer('damaged_after').notNull().default(0),
    referenceType: movementReference('reference_type').notNull(),
    referenceId: varchar('reference_id', { length: 100 }).notNull(),
    actor: varchar('actor', { length: 100 }).notNull(),
    note: text('note'),
    createdAt: timestampColumn('created_at').notNull().defaultNow(),
    /** Total order of the ledger, also within one millisecond. */
    seq: bigint('seq', { mode: 'number' }).notNull().generatedAlwaysAsIdentity(),
  },
  (t) => [
    index('stock_movements_level_idx').on(t.stockLevelId, t.seq),
    index('stock_movements_shop_idx').on(t.shopId, t.seq),
    index('stock_movements_seq_idx').on(t.seq),
    index('stock_movements_reference_idx').on(t.referenceId),
    check('stock_movements_changes_something', sql`${t.onHandDelta} <> 0 or ${t.reservedDelta} <> 0 or ${t.damagedDelta} <> 0`),
  ],
);

/** One reservation per order: its status makes reserve, commit and release idempotent. */
export const reservations = inventorySchema.table(
  'reservations',
  {
    id: idColumn().primaryKey(),
    orderId: varchar('order_id', { length: 100 }).notNull(),
    status: reservationStatus('status').notNull().default('ACTIVE'),
    expiresAt: timestampColumn('expires_at').notNull(),
    releaseReason: text('release_reason'),
    committedAt: timestampColumn('committed_at'),
    releasedAt: timestampColumn('released_at'),
    ...timestamps(),
  },
  (t) => [
    uniqueIndex('reservations_order_key').on(t.orderId),
    index('reservations_expiry_idx')
      .on(t.expiresAt)
      .where(sql`status = 'ACTIVE'`),
    index('reservations_created_idx').on(t.createdAt, t.id),
  ],
);

/** Which warehouse serves which order line, and how much of it has shipped. */
export const reservationAllocations = inventorySchema.table(
  'reservation_allocations',
  {
    id: idColumn().primaryKey(),
    reservationId: idColumn('reservation_id')
      .notNull()
      .references(() => reservations.id),
    lineIndex: integer('line_index').notNull(),
    skuId: idColumn('sku_id').notNull(),
    warehouseId: idColumn('warehouse_id').notNull(),
    stockLevelId: idColumn('stock_level_id')
      .notNull()
      .references(() => stockLevels.id),
    quantity: integer('quantity').notNull(),
    shippedQuantity: integer('shipped_quantity').notNull().default(0),
    /** Units given back before they shipped (a line refunded in after-sales): never shipped, no longer held. */
    releasedQuantity: integer('released_quantity').notNull().default(0),
  },
  (t) => [
    uniqueIndex('reservation_allocations_line_key').on(t.reservationId, t.lineIndex),
    check('reservation_allocations_quantity_positive', sql`${t.quantity} > 0`),
    check('reservation_allocations_shipped_within', sql`${t.shippedQuantity} >= 0 and ${t.shippedQuantity} <= ${t.quantity}`),
    check('reservation_allocations_released_within', sql`${t.releasedQuantity} >= 0 and ${t.shippedQuantity} + ${t.releasedQuantity} <= ${t.quantity}`),
  ],
);

/**
 * Units of an order taken off before they shipped, by the caller's key (one after-sale request):
 * a retried withdrawal finds its key and changes nothing again.
 */
export const reservationWithdrawals = inventorySchema.table('reservation_withdrawals', {
  key: varchar('key', { length: 100 }).primaryKey(),
  reservationId: idColumn('reservation_id')
    .notNull()
    .references(() => reservations.id),
  skuId: idColumn('sku_id').notNull(),
  quantity: integer('quantity').notNull(),
  createdAt: timestampColumn('created_at').notNull().defaultNow(),
});

/**
 * Quantity changes of an unpaid order's line (an order edit), by the caller's key: a retried
 * resize finds its key and changes nothing again.
 */
export const reservationResizes = inventorySchema.table('reservation_resizes', {
  key: varchar('key', { length: 100 }).primaryKey(),
  reservationId: idColumn('reservation_id')
    .notNull()
    .references(() => reservations.id),
  skuId: idColumn('sku_id').notNull(),
  fromQuantity: integer('from_quantity').notNull(),
  toQuantity: integer('to_quantity').notNull(),
  createdAt: timestampColumn('created_at').notNull().defaultNow(),
});

export const outbox = outboxTable(inventorySchema);

export type WarehouseRow = typeof warehouses.$inferSelect;
export type StockLevelRow = typeof stockLevels.$inferSelect;
export type StockMovementRow = typeof stockMovements.$inferSelect;
export type ReservationRow = typeof reservations.$inferSelect;
export type AllocationRow = typeof reservationAllocations.$inferSelect;
export type MovementType = StockMovementRow['type'];
export type MovementReference = StockMovementRow['referenceType'];
export type ReservationStatus = ReservationRow['status'];
