import { and, asc, eq } from 'drizzle-orm';
import { ok, Problems, type RequestContext, type Result, assertCan } from '@zhongtai/kit';
import { stocktakeTenancy } from './tenancy.ts';
import { stocktakeLines, stocktakes, type StocktakeRow } from '../db/wmsTables.ts';
import { applyStockChange, inTransaction, Refusal } from './ledger.ts';
import { checkQuantity } from './skuQuotes.ts';
import { loadStocktake, variance } from './stocktakes.ts';

async function sheetForChange(ctx: RequestContext, id: string, problems: Problems): Promise<StocktakeRow | null> {
  const sheet = await loadStocktake(ctx, id);
  if (!sheet) {
    problems.add(['input', 'id'], 'NOT_FOUND', 'No such stocktake');
    return null;
  }
  assertCan(ctx, stocktakeTenancy, sheet, 'write');
  if (sheet.status !== 'COUNTING') {
    problems.add(['input', 'id'], 'INVALID_TRANSITION', `A ${sheet.status} stocktake changes no more`);
    return null;
  }
  return sheet;
}

/** Writes counted quantities onto the sheet (a recount overwrites). */
export async function recordStocktakeCounts(
  ctx: RequestContext,
  input: { id: string; counts: { skuId: string; countedQuantity: number }[] },
): Promise<Result<StocktakeRow>> {
  const problems = new Problems();
  const sheet = await sheetForChange(ctx, input.id, problems);
  input.counts.forEach((c, i) => checkQuantity(problems, c.countedQuantity, ['input', 'counts', String(i), 'countedQuantity'], { allowZero: true }));
  if (!sheet || problems.any) return problems.refuse();
  const lines = await ctx.db.select().from(stocktakeLines).where(eq(stocktakeLines.stocktakeId, sheet.id));
  const bySku = new Map(lines.map((l) => [l.skuId, l]));
  input.counts.forEach((c, i) =>
    problems.check(bySku.has(c.skuId), ['input', 'counts', String(i), 'skuId'], 'NOT_FOUND', 'This SKU is not on the count sheet'),
  );
  if (problems.any) return problems.refuse();
  return ctx.db.transaction(async (tx) => {
    for (const c of input.counts)
      await tx
        .update(stocktakeLines)
        .set({ countedQuantity: c.countedQuantity })
        .where(eq(stocktakeLines.id, bySku.get(c.skuId)!.id));
    const [row] = await tx.update(stocktakes).set({ updatedAt: new Date() }).where(eq(stocktakes.id, sheet.id)).returning();
    return ok(row!);
  });
}

/**
 * Approval books every variance as an ADJUST movement (on hand += counted - book), once. An
 * adjustment that would leave on hand under what is reserved for orders is refused whole.
 */
export async function approveStocktake(ctx: RequestContext, input: { id: string }): Promise<Result<StocktakeRow>> {
  const problems = new Problems();
  const sheet = await sheetForChange(ctx, input.id, problems);
  if (!sheet) return problems.refuse();
  return inTransaction(ctx, async (tx) => {
    const now = new Date();
    const [row] = await tx
      .update(stocktakes)
      .set({ status: 'APPROVED', approvedBy: ctx.claims!.subject, approvedAt: now, updatedAt: now })
      .where(and(eq(stocktakes.id, sheet.id), eq(stocktakes.status, 'COUNTING')))
      .returning();
    if (!row)
      throw new Refusal(problems.add(['input', 'id'], 'INVALID_TRANSITION', 'The stocktake was approved or cancelled meanwhile').refuse<StocktakeRow>());
    const lines = await tx.select().from(stocktakeLines).where(eq(stocktakeLines.stocktakeId, row.id)).orderBy(asc(stocktakeLines.skuId));
    const uncounted = lines.filter((l) => l.countedQuantity == null);
    if (uncounted.length)
      throw new Refusal(problems.add(['input', 'id'], 'REQUIRED', `${uncounted.length} line(s) are not counted yet`).refuse<StocktakeRow>());
    for (const line of lines) {
      const delta = variance(line)!;
      if (delta === 0) continue;
      const level = await applyStockChange(tx, ctx, {
        stockLevelId: line.stockLevelId,
        type: 'ADJUST',
        onHandDelta: delta,
        reservedDelta: 0,
        reference: { type: 'STOCKTAKE', id: row.id },
      });
      if (!level)
        throw new Refusal(
          problems.add(['input', 'id'], 'OUT_OF_RANGE', `Adjusting ${line.skuId} by ${delta} would leave less on hand than is reserved`).refuse<StocktakeRow>(),
        );
    }
    return ok(row);
  });
}

export async function cancelStocktake(ctx: RequestContext, input: { id: string }): Promise<Result<StocktakeRow>> {
  const problems = new Problems();
  const sheet = await sheetForChange(ctx, input.id, problems);
  if (!sheet) return problems.refuse();
  const [row] = await ctx.db
    .update(stocktakes)
    .set({ status: 'CANCELLED', updatedAt: new Date() })
    .where(and(eq(stocktakes.id, sheet.id), eq(stocktakes.status, 'COUNTING')))
    .returning();
  if (!row) return problems.add(['input', 'id'], 'INVALID_TRANSITION', 'The stocktake was approved meanwhile').refuse();
  return ok(row);
}
