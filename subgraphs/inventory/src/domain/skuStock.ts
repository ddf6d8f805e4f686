import { type RequestContext, can } from '@zhongtai/kit';
import { stockLevelTenancy } from './tenancy.ts';
import type { StockLevelRow } from '../db/tables.ts';
import { available, stockLevelsOfSku } from './stockLevels.ts';
import { loadWarehouse } from './warehouses.ts';

export interface SkuStock {
  inStock: boolean;
  /** Null unless the caller may read the SKU's shop: customers and other shops learn only inStock. */
  available: number | null;
  warehouses: WarehouseStock[] | null;
}

export interface WarehouseStock {
  level: StockLevelRow;
  available: number;
}

/**
 * Sku.stock: what is available to sell, over the ACTIVE warehouses. Batched: a page of SKUs
 * costs one query for their stock levels and one for their warehouses.
 */
export async function skuStock(ctx: RequestContext, skuId: string): Promise<SkuStock> {
  const levels = await stockLevelsOfSku(ctx, skuId);
  const warehouses = await Promise.all(levels.map((l) => loadWarehouse(ctx, l.warehouseId)));
  const sellable = levels.filter((_, i) => warehouses[i]?.status === 'ACTIVE');
  const total = sellable.reduce((sum, l) => sum + Math.max(0, available(l)), 0);
  // No stock anywhere: the platform's roles still see the (empty) detail, a shop sees nothing of it.
  const detailed = can(ctx, stockLevelTenancy, levels[0] ?? { shopId: null }, 'read');
  return {
    inStock: total > 0,
    available: detailed ? total : null,
    warehouses: detailed ? sellable.map((level) => ({ level, available: available(level) })) : null,
  };
}
