import { and, asc, eq, inArray, type SQL } from 'drizzle-orm';
import {
  newId,
  ok,
  Problems,
  type ConnectionArgs,
  type RequestContext,
  type Result,
  listTable,
  rowById,
  assertCan,
  loadScoped,
  scopedWhere,
  rowsByParent,
} from '@zhongtai/kit';
import { stocktakeTenancy, warehouseTenancy } from './tenancy.ts';
import { stockLevels } from '../db/tables.ts';
import { stocktakeLines, stocktakes, type StocktakeLineRow, type StocktakeRow } from '../db/wmsTables.ts';
import { STOCKTAKE_ID_PREFIX, STOCKTAKE_LINE_ID_PREFIX } from './ids.ts';
import type { WmsFilter } from './inbound.ts';
import { checkWarehouseHolds, quoteLines } from './skuQuotes.ts';
import { ensureStockLevels } from './stockLevels.ts';
import { loadWarehouse } from './warehouses.ts';

export const MAX_STOCKTAKE_LINES = 5000;

/**
 * A count sheet (盘点单) for a warehouse: every stock level in it, or only the SKUs named (a SKU
 * the warehouse never stocked gets an empty stock level, so found goods can be booked in).
 * Each line keeps the book quantity (on hand when the sheet was made).
 */
export async function createStocktake(ctx: RequestContext, input: { warehouseId: string; skuIds?: string[] | null }): Promise<Result<StocktakeRow>> {
  const problems = new Problems();
  const warehouse = await loadWarehouse(ctx, input.warehouseId);
  if (!warehouse) return problems.add(['input', 'warehouseId'], 'NOT_FOUND', 'No such warehouse').refuse();
  assertCan(ctx, warehouseTenancy, warehouse, 'write');
  const skuIds = input.skuIds ?? null;
  const quotes = skuIds
    ? await quoteLines(
        ctx,
        skuIds.map((skuId) => ({ skuId })),
        problems,
        (i) => ['input', 'skuIds', String(i)],
      )
    : new Map();
  skuIds?.forEach((skuId, i) => {
    const quote = quotes.get(skuId);
    if (quote) checkWarehouseHolds(problems, warehouse, quote, ['input', 'skuIds', String(i)]);
  });
  if (problems.any) return problems.refuse();
  return ctx.db.transaction(async (tx) => {
    if (skuIds)
      await ensureStockLevels(
        tx,
        [...quotes.values()].map((q) => ({ skuId: q.id, warehouseId: warehouse.id, shopId: q.shopId })),
      );
    const levels = await tx
      .select()
      .from(stockLevels)
      .where(and(eq(stockLevels.warehouseId, warehouse.id), skuIds ? inArray(stockLevels.skuId, skuIds) : undefined))
      .orderBy(asc(stockLevels.skuId))
      .limit(MAX_STOCKTAKE_LINES);
    const [sheet] = await tx
      .insert(stocktakes)
      .values({ id: newId(STOCKTAKE_ID_PREFIX), warehouseId: warehouse.id, shopId: warehouse.shopId })
      .returning();
    if (levels.length) {
      await tx
        .insert(stocktakeLines)
        .values(
          levels.map((l) => ({ id: newId(STOCKTAKE_LINE_ID_PREFIX), stocktakeId: sheet!.id, stockLevelId: l.id, skuId: l.skuId, bookQuantity: l.onHand })),
        );
    }
    return ok(sheet!);
  });
}

export function loadStocktake(ctx: RequestContext, id: string): Promise<StocktakeRow | null> {
  return rowById(ctx, 'inventory.stocktakeById', stocktakes, STOCKTAKE_ID_PREFIX, id);
}

export async function findStocktake(ctx: RequestContext, id: string): Promise<StocktakeRow | null> {
  return loadScoped(ctx, stocktakeTenancy, loadStocktake(ctx, id), 'read');
}

export function stocktakeLinesOf(ctx: RequestContext, stocktakeId: string): Promise<StocktakeLineRow[]> {
  return rowsByParent(
    ctx,
    'inventory.stocktakeLines',
    stocktakeLines,
    { parent: stocktakeLines.stocktakeId, orderBy: [asc(stocktakeLines.skuId)] },
    stocktakeId,
  );
}

export function listStocktakes(ctx: RequestContext, args: ConnectionArgs, filter: WmsFilter = {}) {
  const conditions: (SQL | undefined)[] = [scopedWhere(ctx, stocktakeTenancy, { shopId: filter.shopId })];
  if (filter.warehouseId) conditions.push(eq(stocktakes.warehouseId, filter.warehouseId));
  if (filter.status) conditions.push(eq(stocktakes.status, filter.status as StocktakeRow['status']));
  return listTable(ctx.db, stocktakes, args, { where: and(...conditions), sort: { column: stocktakes.createdAt, direction: 'DESC' } });
}

/** Variance of a counted line: positive when more was found than the books said. */
export const variance = (line: StocktakeLineRow) => (line.countedQuantity == null ? null : line.countedQuantity - line.bookQuantity);
