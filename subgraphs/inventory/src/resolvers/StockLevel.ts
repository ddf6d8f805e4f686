import { type ConnectionArgs, type RequestContext } from '@zhongtai/kit';
import type { StockLevelRow } from '../db/tables.ts';
import { consignedOnHand, consignedStockOf } from '../domain/consignment.ts';
import { listStockMovements } from '../domain/movements.ts';
import { available, findStockLevel } from '../domain/stockLevels.ts';
import { skuRef, warehouseOf } from './refs.ts';
import type { StockLevelResolvers } from '../generated/resolvers.ts';

export const StockLevel: StockLevelResolvers = {
  __resolveReference: (ref: { id: string }, ctx: RequestContext) => findStockLevel(ctx, ref.id),
  sku: skuRef,
  warehouse: warehouseOf,
  shop: (row: StockLevelRow) => ({ __typename: 'Shop', id: row.shopId }),
  available: (row: StockLevelRow) => available(row),
  consignedOnHand: (row: StockLevelRow, _: unknown, ctx: RequestContext) => consignedOnHand(ctx, row),
  ownOnHand: async (row: StockLevelRow, _: unknown, ctx: RequestContext) => row.onHand - (await consignedOnHand(ctx, row)),
  consignments: (row: StockLevelRow, _: unknown, ctx: RequestContext) => consignedStockOf(ctx, row),
  belowSafetyStock: (row: StockLevelRow) => available(row) < row.safetyStock,
  movements: (row: StockLevelRow, args: ConnectionArgs, ctx: RequestContext) => listStockMovements(ctx, args, { stockLevelId: row.id, shopId: row.shopId }),
};
