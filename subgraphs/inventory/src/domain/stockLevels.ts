import { and, eq, sql, type SQL } from 'drizzle-orm';
import {
  newId,
  ok,
  Problems,
  type ConnectionArgs,
  type Db,
  type RequestContext,
  type Result,
  listTable,
  rowById,
  assertCan,
  loadScoped,
  scopedWhere,
  rowsByParent,
} from '@zhongtai/kit';
import { stockLevelTenancy } from './tenancy.ts';
import { stockLevels, type StockLevelRow } from '../db/tables.ts';
import { STOCK_LEVEL_ID_PREFIX } from './ids.ts';
import { checkQuantity, checkWarehouseHolds, quoteLines } from './skuQuotes.ts';
import { loadWarehouse } from './warehouses.ts';

export const available = (level: Pick<StockLevelRow, 'onHand' | 'reserved'>) => level.onHand - level.reserved;

export interface StockLevelFilter {
  shopId?: string | null;
  warehouseId?: string | null;
  skuId?: string | null;
  /** Only levels whose available stock is under their safety stock. */
  belowSafetyStock?: boolean | null;
}

export function loadStockLevel(ctx: RequestContext, id: string): Promise<StockLevelRow | null> {
  return rowById(ctx, 'inventory.stockLevelById', stockLevels, STOCK_LEVEL_ID_PREFIX, id);
}

export async function findStockLevel(ctx: RequestContext, id: string): Promise<StockLevelRow | null> {
  return loadScoped(ctx, stockLevelTenancy, loadStockLevel(ctx, id), 'read');
}

/** Stock levels of the caller's scope: a merchant sees its SKUs' stock in every warehouse. */
export function listStockLevels(ctx: RequestContext, args: ConnectionArgs, filter: StockLevelFilter = {}) {
  const conditions: (SQL | undefined)[] = [scopedWhere(ctx, stockLevelTenancy, { shopId: filter.shopId })];
  if (filter.warehouseId) conditions.push(eq(stockLevels.warehouseId, filter.warehouseId));
  if (filter.skuId) conditions.push(eq(stockLevels.skuId, filter.skuId));
  if (filter.belowSafetyStock) conditions.push(sql`${stockLevels.onHand} - ${stockLevels.reserved} < ${stockLevels.safetyStock}`);
  return listTable(ctx.db, stockLevels, args, { where: and(...conditions), sort: { column: stockLevels.createdAt, direction: 'ASC' } });
}

/** Every stock level of each SKU (all warehouses), batched for a page of SKUs. */
export function stockLevelsOfSku(ctx: RequestContext, skuId: string): Promise<StockLevelRow[]> {
  return rowsByParent(
    ctx,
    'inventory.stockLevelsBySku',
    stockLevels,
    { parent: stockLevels.skuId, orderBy: [stockLevels.skuId, stockLevels.warehouseId] },
    skuId,
  );
}

/**
 * Makes sure a stock level exists for each (sku, warehouse) and returns their ids. New levels
 * start at zero: quantities arrive only through movements, so the ledger stays complete.
 */
export async function ensureStockLevels(tx: Db, wanted: { skuId: string; warehouseId: string; shopId: string }[]): Promise<Map<string, StockLevelRow>> {
  if (!wanted.length) return new Map();
  await tx
    .insert(stockLevels)
    .values(wanted.map((w) => ({ id: newId(STOCK_LEVEL_ID_PREFIX), ...w })))
    .onConflictDoNothing({ target: [stockLevels.skuId, stockLevels.warehouseId] });
  const rows = await tx
    .select()
    .from(stockLevels)
    .where(
      sql`(${stockLevels.skuId}, ${stockLevels.warehouseId}) in (${sql.join(
        wanted.map((w) => sql`(${w.skuId}, ${w.warehouseId})`),
        sql`, `,
      )})`,
    );
  return new Map(rows.map((r) => [levelKey(r.skuId, r.warehouseId), r]));
}

export const levelKey = (skuId: string, warehouseId: string) => `${skuId}@${warehouseId}`;

export interface ConfigureStockLevelInput {
  warehouseId: string;
  skuId: string;
  safetyStock: number;
  /** 代销: whose units a sale takes first; unchanged when left out. */
  sellFirst?: StockLevelRow['sellFirst'] | null;
}

/** Creates the stock level of a SKU in a warehouse (empty) or changes its safety stock. */
export async function configureStockLevel(ctx: RequestContext, input: ConfigureStockLevelInput): Promise<Result<StockLevelRow>> {
  const problems = new Problems();
  checkQuantity(problems, input.safetyStock, ['input', 'safetyStock'], { allowZero: true });
  const warehouse = await loadWarehouse(ctx, input.warehouseId);
  problems.check(warehouse !== null, ['input', 'warehouseId'], 'NOT_FOUND', 'No such warehouse');
  const quotes = await quoteLines(ctx, [input], problems, () => ['input', 'skuId']);
  const quote = quotes.get(input.skuId);
  if (!warehouse || !quote || problems.any) return problems.refuse();
  assertCan(ctx, stockLevelTenancy, quote, 'write');
  if (!checkWarehouseHolds(problems, warehouse, quote, ['input', 'skuId'])) return problems.refuse();
  return ctx.db.transaction(async (tx) => {
    const level = (await ensureStockLevels(tx, [{ skuId: quote.id, warehouseId: warehouse.id, shopId: quote.shopId }])).get(levelKey(quote.id, warehouse.id))!;
    const [row] = await tx
      .update(stockLevels)
      .set({ safetyStock: input.safetyStock, ...(input.sellFirst ? { sellFirst: input.sellFirst } : {}), updatedAt: new Date() })
      .where(eq(stockLevels.id, level.id))
      .returning();
    return ok(row!);
  });
}
