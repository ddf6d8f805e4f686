import { existing, type ConnectionArgs, type RequestContext } from '@zhongtai/kit';
import type { ReservationRow, StockLevelRow, StockMovementRow, WarehouseRow } from '../db/tables.ts';
import { listStockMovements } from '../domain/movements.ts';
import { allocationsOf } from '../domain/reservations.ts';
import { skuStock, type SkuStock as SkuStockValue, type WarehouseStock as WarehouseStockValue } from '../domain/skuStock.ts';
import { available, findStockLevel, loadStockLevel } from '../domain/stockLevels.ts';
import { findWarehouse, listWarehouses, loadWarehouse } from '../domain/warehouses.ts';
import { skuRef, warehouseOf } from './refs.ts';
import type { ShopResolvers, SkuResolvers, SkuStockResolvers, StockAllocationResolvers, StockLevelResolvers, StockMovementResolvers, StockReservationResolvers, WarehouseResolvers, WarehouseStockResolvers } from '../generated/resolvers.ts';

type Ctx = RequestContext;

/** Warehouses, stock and the ledger; nested lists and references batch through loaders. */
export const Warehouse: WarehouseResolvers = {
  __resolveReference: (ref: { id: string }, ctx: Ctx) => findWarehouse(ctx, ref.id),
  shop: (row: WarehouseRow) => (row.shopId ? { __typename: 'Shop', id: row.shopId } : null),
};

export const Shop: ShopResolvers = {
  warehouses: (shop: { id: string }, args: ConnectionArgs, ctx: Ctx) => listWarehouses(ctx, args, { shopId: shop.id }),
};

export const Sku: SkuResolvers = {
  __resolveReference: (ref: { id: string }) => ({ id: ref.id }),
  stock: (sku: { id: string }, _: unknown, ctx: Ctx) => skuStock(ctx, sku.id),
};

export const SkuStock: SkuStockResolvers = {
  warehouses: (stock: SkuStockValue) => stock.warehouses,
};

export const WarehouseStock: WarehouseStockResolvers = {
  warehouse: async (w: WarehouseStockValue, _: unknown, ctx: Ctx) => existing(await loadWarehouse(ctx, w.level.warehouseId), 'Warehouse', w.level.warehouseId),
  stockLevel: (w: WarehouseStockValue) => w.level,
};

export const StockLevel: StockLevelResolvers = {
  __resolveReference: (ref: { id: string }, ctx: Ctx) => findStockLevel(ctx, ref.id),
  sku: skuRef,
  warehouse: warehouseOf,
  shop: (row: StockLevelRow) => ({ __typename: 'Shop', id: row.shopId }),
  available: (row: StockLevelRow) => available(row),
  belowSafetyStock: (row: StockLevelRow) => available(row) < row.safetyStock,
  movements: (row: StockLevelRow, args: ConnectionArgs, ctx: Ctx) => listStockMovements(ctx, args, { stockLevelId: row.id, shopId: row.shopId }),
};

export const StockMovement: StockMovementResolvers = {
  stockLevel: async (row: StockMovementRow, _: unknown, ctx: Ctx) => existing(await loadStockLevel(ctx, row.stockLevelId), 'StockLevel', row.stockLevelId),
  onHandBefore: (row: StockMovementRow) => row.onHandAfter - row.onHandDelta,
  reservedBefore: (row: StockMovementRow) => row.reservedAfter - row.reservedDelta,
};

export const StockReservation: StockReservationResolvers = {
  allocations: (row: ReservationRow, _: unknown, ctx: Ctx) => allocationsOf(ctx, row.id),
};

export const StockAllocation: StockAllocationResolvers = { sku: skuRef, warehouse: warehouseOf };

