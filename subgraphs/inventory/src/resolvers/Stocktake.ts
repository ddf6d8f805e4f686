import { existing, type RequestContext } from '@zhongtai/kit';
import type { StocktakeLineRow, StocktakeRow } from '../db/wmsTables.ts';
import { loadStockLevel } from '../domain/stockLevels.ts';
import { stocktakeLinesOf, variance } from '../domain/stocktakes.ts';
import { skuRef, warehouseOf } from './refs.ts';
import type { StocktakeLineResolvers, StocktakeResolvers } from '../generated/resolvers.ts';

export const Stocktake: StocktakeResolvers = {
  warehouse: warehouseOf,
  lines: (row: StocktakeRow, _: unknown, ctx: RequestContext) => stocktakeLinesOf(ctx, row.id),
};
export const StocktakeLine: StocktakeLineResolvers = {
  sku: (row: StocktakeLineRow) => skuRef(row),
  stockLevel: async (row: StocktakeLineRow, _: unknown, ctx: RequestContext) =>
    existing(await loadStockLevel(ctx, row.stockLevelId), 'StockLevel', row.stockLevelId),
  variance: (row: StocktakeLineRow) => variance(row),
};
