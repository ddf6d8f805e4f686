import { existing, type RequestContext } from '@zhongtai/kit';
import type { WarehouseRow } from '../db/tables.ts';
import { type WarehouseStock as WarehouseStockValue } from '../domain/skuStock.ts';
import { findWarehouse, loadWarehouse } from '../domain/warehouses.ts';
import type { WarehouseResolvers, WarehouseStockResolvers } from '../generated/resolvers.ts';

/** Warehouses, stock and the ledger; nested lists and references batch through loaders. */
export const Warehouse: WarehouseResolvers = {
  __resolveReference: (ref: { id: string }, ctx: RequestContext) => findWarehouse(ctx, ref.id),
  shop: (row: WarehouseRow) => (row.shopId ? { __typename: 'Shop', id: row.shopId } : null),
};

export const WarehouseStock: WarehouseStockResolvers = {
  warehouse: async (w: WarehouseStockValue, _: unknown, ctx: RequestContext) =>
    existing(await loadWarehouse(ctx, w.level.warehouseId), 'Warehouse', w.level.warehouseId),
  stockLevel: (w: WarehouseStockValue) => w.level,
};
