import { and, eq, inArray, sql, type SQL } from 'drizzle-orm';
import {
  inventoryService,
  newId,
  ok,
  Problems,
  listTable,
  loadScoped,
  rowById,
  scopedWhere,
  type ConnectionArgs,
  type EventCatalog,
  type RequestContext,
  type Result,
} from '@zhongtai/kit';
import { purchaseOrderLines, purchaseOrders, replenishmentSuggestions, type ReplenishmentSuggestionRow } from '../db/purchaseTables.ts';
import { procurementConfig } from './config.ts';
import { SUGGESTION_ID_PREFIX } from './ids.ts';
import { replenishmentQuantity, SALES_WINDOW_DAYS } from './replenishmentFormula.ts';
import { preferredCandidate } from './supplierScore.ts';
import { candidatesOfSkus } from './supplyTerms.ts';
import { suggestionTenancy } from './tenancy.ts';

/** Purchase orders still bringing units: their lines' units not yet received count as "on order". */
export const OPEN_PO_STATUSES = ['DRAFT', 'SUBMITTED', 'APPROVED', 'SENT', 'PARTIALLY_RECEIVED'] as const;
export const NIGHTLY_REPLENISHMENT_JOB = 'nightlyReplenishment';
const PAGE = 200;

type Stock = inventoryService.ReplenishmentStock;

export const REPLENISH_LEVEL_JOB = 'replenishLevel';

/** StockBelowThreshold (in the event's transaction): the level is looked at in a job, after the commit (it asks inventory). */
export async function replenishOnSignal(ctx: RequestContext, event: EventCatalog['StockBelowThreshold']): Promise<void> {
  await ctx.events.schedule(ctx.db, REPLENISH_LEVEL_JOB, { skuId: event.skuId, warehouseId: event.warehouseId });
}

/** The job: that SKU in that warehouse, with inventory's figures of now (not the event's). */
export async function replenishLevel(ctx: RequestContext, level: { skuId: string; warehouseId: string }): Promise<void> {
  const { replenishmentStock } = await ctx.services.call(inventoryService.replenishmentStock, {
    since: windowStart(ctx),
    skuId: level.skuId,
    warehouseId: level.warehouseId,
    first: 1,
  });
  await suggestFor(ctx, replenishmentStock);
}

/** The nightly pass over every stock level under its safety stock, a page at a time. */
export async function replenishAll(ctx: RequestContext): Promise<number> {
  const since = windowStart(ctx);
  let after: string | null = null;
  let touched = 0;
  for (;;) {
    const page: Stock[] = (await ctx.services.call(inventoryService.replenishmentStock, { since, after, first: PAGE })).replenishmentStock;
    touched += await suggestFor(ctx, page);
    const last: Stock | undefined = page[page.length - 1];
    if (!last || page.length < PAGE) return touched;
    after = last.stockLevelId;
  }
}

const windowStart = (ctx: RequestContext) => new Date(ctx.now().getTime() - SALES_WINDOW_DAYS * 86_400_000).toISOString();

/**
 * Creates or updates the one OPEN suggestion of each (SKU, warehouse) from the formula
 * (domain/replenishmentFormula.ts). A level that needs nothing (enough on order) closes its open
 * suggestion as DISMISSED rather than leaving a stale number on screen.
 */
async function suggestFor(ctx: RequestContext, levels: Stock[]): Promise<number> {
  if (!levels.length) return 0;
  const candidates = await candidatesOfSkus(
    ctx,
    levels.map((l) => l.skuId),
  );
  const onOrder = await unitsOnOrder(ctx, levels);
  const config = procurementConfig();
  for (const level of levels) {
    const preferred = preferredCandidate(candidates.get(level.skuId) ?? []);
    const inputs = {
      soldLast30Days: level.shippedSince,
      leadTimeDays: preferred?.leadTimeDays ?? config.defaultLeadTimeDays,
      safetyStock: level.safetyStock,
      available: level.available,
      onOrder: onOrder.get(`${level.skuId}|${level.warehouseId}`) ?? 0,
      minOrderQuantity: preferred?.terms.minOrderQuantity ?? 1,
    };
    const quantity = replenishmentQuantity(inputs);
    const key = and(
      eq(replenishmentSuggestions.skuId, level.skuId),
      eq(replenishmentSuggestions.warehouseId, level.warehouseId),
      eq(replenishmentSuggestions.status, 'OPEN'),
    );
    if (quantity === 0) {
      await ctx.db.update(replenishmentSuggestions).set({ status: 'DISMISSED', updatedAt: new Date() }).where(key);
      continue;
    }
    const values = { supplierId: preferred?.supplierId ?? null, quantity, ...inputs, updatedAt: new Date() };
    await ctx.db
      .insert(replenishmentSuggestions)
      .values({ id: newId(SUGGESTION_ID_PREFIX), shopId: level.shopId, skuId: level.skuId, warehouseId: level.warehouseId, ...values })
      .onConflictDoUpdate({
        target: [replenishmentSuggestions.skuId, replenishmentSuggestions.warehouseId],
        targetWhere: sql`${replenishmentSuggestions.status} = 'OPEN'`,
        set: values,
      });
  }
  return levels.length;
}

/** Units ordered and not yet received, per "sku|warehouse", over open purchase orders. */
async function unitsOnOrder(ctx: RequestContext, levels: Stock[]): Promise<Map<string, number>> {
  const rows = await ctx.db
    .select({
      skuId: purchaseOrderLines.skuId,
      warehouseId: purchaseOrders.warehouseId,
      units: sql<number>`coalesce(sum(greatest(${purchaseOrderLines.quantity} - ${purchaseOrderLines.receivedGood} - ${purchaseOrderLines.receivedDamaged}, 0)), 0)::int`,
    })
    .from(purchaseOrderLines)
    .innerJoin(purchaseOrders, eq(purchaseOrders.id, purchaseOrderLines.purchaseOrderId))
    .where(
      and(
        inArray(
          purchaseOrderLines.skuId,
          levels.map((l) => l.skuId),
        ),
        inArray(purchaseOrders.status, [...OPEN_PO_STATUSES]),
      ),
    )
    .groupBy(purchaseOrderLines.skuId, purchaseOrders.warehouseId);
  return new Map(rows.map((r) => [`${r.skuId}|${r.warehouseId}`, Number(r.units)]));
}

export function loadSuggestion(ctx: RequestContext, id: string): Promise<ReplenishmentSuggestionRow | null> {
  return rowById(ctx, 'procurement.suggestionById', replenishmentSuggestions, SUGGESTION_ID_PREFIX, id);
}

export function findSuggestion(ctx: RequestContext, id: string, access: 'read' | 'write' = 'read'): Promise<ReplenishmentSuggestionRow | null> {
  return loadScoped(ctx, suggestionTenancy, loadSuggestion(ctx, id), access);
}

export interface SuggestionListArgs extends ConnectionArgs {
  shopId?: string | null;
  status?: ReplenishmentSuggestionRow['status'] | null;
  skuId?: string | null;
  warehouseId?: string | null;
}

export function listSuggestions(ctx: RequestContext, args: SuggestionListArgs) {
  const s = replenishmentSuggestions;
  const conditions: (SQL | undefined)[] = [scopedWhere(ctx, suggestionTenancy, { shopId: args.shopId })];
  if (args.status) conditions.push(eq(s.status, args.status));
  if (args.skuId) conditions.push(eq(s.skuId, args.skuId));
  if (args.warehouseId) conditions.push(eq(s.warehouseId, args.warehouseId));
  return listTable(ctx.db, s, args, { where: and(...conditions), sort: { column: s.createdAt, direction: 'DESC' } });
}

/** Nobody will order this now; the next signal may open a new one. */
export async function dismissSuggestion(ctx: RequestContext, input: { id: string }): Promise<Result<ReplenishmentSuggestionRow>> {
  const problems = new Problems();
  const row = await findSuggestion(ctx, input.id, 'write');
  if (!row) return problems.add(['input', 'id'], 'NOT_FOUND', `No replenishment suggestion ${input.id}`).refuse();
  const [done] = await ctx.db
    .update(replenishmentSuggestions)
    .set({ status: 'DISMISSED', updatedAt: new Date() })
    .where(and(eq(replenishmentSuggestions.id, row.id), eq(replenishmentSuggestions.status, 'OPEN')))
    .returning();
  if (!done) return problems.add(['input', 'id'], 'INVALID_TRANSITION', `The suggestion is ${row.status}, not OPEN`).refuse();
  return ok(done);
}
