import { existing, type RequestContext } from '@zhongtai/kit';
import type { StockMovementRow } from '../db/tables.ts';
import { loadStockLevel } from '../domain/stockLevels.ts';
import type { StockMovementResolvers } from '../generated/resolvers.ts';

export const StockMovement: StockMovementResolvers = {
  stockLevel: async (row: StockMovementRow, _: unknown, ctx: RequestContext) =>
    existing(await loadStockLevel(ctx, row.stockLevelId), 'StockLevel', row.stockLevelId),
  onHandBefore: (row: StockMovementRow) => row.onHandAfter - row.onHandDelta,
  reservedBefore: (row: StockMovementRow) => row.reservedAfter - row.reservedDelta,
};
