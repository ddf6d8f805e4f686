import { existing, type RequestContext } from '@zhongtai/kit';
import { loadWarehouse } from '../domain/warehouses.ts';

/** A SKU is catalog's: the gateway resolves the rest of it from this reference. */
export const skuRef = (row: { skuId: string }) => ({ __typename: 'Sku', id: row.skuId });
export const warehouseOf = async (row: { warehouseId: string }, _: unknown, ctx: RequestContext) =>
  existing(await loadWarehouse(ctx, row.warehouseId), 'Warehouse', row.warehouseId);
