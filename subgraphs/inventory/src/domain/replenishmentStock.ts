import { and, asc, eq, gt, gte, inArray, lt, sql, type SQL } from 'drizzle-orm';
import type { inventoryService, RequestContext } from '@zhongtai/kit';
import { stockLevels, stockMovements } from '../db/tables.ts';

export interface ReplenishmentStockArgs {
  /** Start of the sales window (procurement asks for the last 30 days). */
  since: Date;
  skuId?: string | null;
  warehouseId?: string | null;
  /** Keyset: stock levels after this id, in id order. */
  after?: string | null;
  first?: number | null;
}

/** The row procurement reads: the kit's service contract (services/inventory.ts) is the one definition. */
export type ReplenishmentStock = inventoryService.ReplenishmentStock;

export const MAX_REPLENISHMENT_PAGE = 500;

/**
 * The stock levels whose available stock is under their safety stock, with what they shipped in
 * the window: what procurement's replenishment needs, one page (by level id) at a time. Two
 * queries a page, whatever its size.
 */
export async function replenishmentStock(ctx: RequestContext, args: ReplenishmentStockArgs): Promise<ReplenishmentStock[]> {
  const l = stockLevels;
  const conditions: (SQL | undefined)[] = [lt(sql`${l.onHand} - ${l.reserved}`, l.safetyStock)];
  if (args.skuId) conditions.push(eq(l.skuId, args.skuId));
  if (args.warehouseId) conditions.push(eq(l.warehouseId, args.warehouseId));
  if (args.after) conditions.push(gt(l.id, args.after));
  const limit = Math.min(Math.max(args.first ?? 100, 1), MAX_REPLENISHMENT_PAGE);
  const levels = await ctx.db
    .select()
    .from(l)
    .where(and(...conditions))
    .orderBy(asc(l.id))
    .limit(limit);
  if (!levels.length) return [];
  const m = stockMovements;
  const shipped = await ctx.db
    .select({ stockLevelId: m.stockLevelId, units: sql<number>`coalesce(sum(-${m.onHandDelta}), 0)::int` })
    .from(m)
    .where(
      and(
        inArray(
          m.stockLevelId,
          levels.map((x) => x.id),
        ),
        eq(m.type, 'OUTBOUND'),
        gte(m.createdAt, args.since),
      ),
    )
    .groupBy(m.stockLevelId);
  const byLevel = new Map(shipped.map((s) => [s.stockLevelId, Number(s.units)]));
  return levels.map((x) => ({
    stockLevelId: x.id,
    skuId: x.skuId,
    warehouseId: x.warehouseId,
    shopId: x.shopId,
    onHand: x.onHand,
    available: x.onHand - x.reserved,
    safetyStock: x.safetyStock,
    shippedSince: byLevel.get(x.id) ?? 0,
  }));
}
