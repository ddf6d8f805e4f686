import { and, eq, lte } from 'drizzle-orm';
import { isId, newId, ok, optionalText, Problems, type RequestContext, type Result, assertCan } from '@zhongtai/kit';
import { priceChangeTenancy } from '../tenancy.ts';
import { priceChanges, skus, type PriceChangeRow } from '../../db/tables.ts';
import { PRICE_CHANGE_ID_PREFIX } from '../ids.ts';
import { changesPrices, checkPriceOrder, parsePrices, refreshMinSalePrice, type PricesInput } from './prices.ts';
import { findSkuForChange } from '../skus/skuUpdate.ts';

export const APPLY_PRICE_CHANGE_JOB = 'applyPriceChange';
/** A year ahead is planning; further is a typo in the year. */
const MAX_AHEAD_MS = 366 * 86_400_000;

export interface SchedulePriceChangeInput extends PricesInput {
  skuId: string;
  effectiveAt: Date;
  reason?: string | null;
}

/**
 * Plans new prices for a SKU at `effectiveAt` (a 618 or 双11 price). A pg-boss job applies it at that
 * time; nothing is checked at read time, so quotes and lists simply see the new price once applied.
 */
export async function schedulePriceChange(ctx: RequestContext, input: SchedulePriceChangeInput): Promise<Result<PriceChangeRow>> {
  const problems = new Problems();
  const sku = await findSkuForChange(ctx, input.skuId, problems, ['input', 'skuId']);
  const reason = optionalText(problems, input.reason, ['input', 'reason'], 'Reason', 500);
  const at = input.effectiveAt;
  problems.check(
    at.getTime() > ctx.now().getTime(),
    ['input', 'effectiveAt'],
    'OUT_OF_RANGE',
    'A scheduled change takes effect in the future; change the price directly for now',
  );
  problems.check(at.getTime() < ctx.now().getTime() + MAX_AHEAD_MS, ['input', 'effectiveAt'], 'OUT_OF_RANGE', 'Schedule at most a year ahead');
  if (!sku) return problems.refuse();
  const next = parsePrices(problems, input, ['input'], sku.priceCurrency);
  if (next) {
    problems.check(
      next.sale !== undefined || next.list !== undefined || next.cost !== undefined,
      ['input', 'salePrice'],
      'REQUIRED',
      'Give at least one new price',
    );
    checkPriceOrder(problems, sku, next, ['input']);
  }
  if (problems.any || !next) return problems.refuse();
  const id = newId(PRICE_CHANGE_ID_PREFIX);
  const row = await ctx.db.transaction(async (tx) => {
    const [row] = await tx
      .insert(priceChanges)
      .values({
        id,
        skuId: sku.id,
        shopId: sku.shopId,
        currency: sku.priceCurrency,
        salePriceAmount: next.sale,
        listPriceAmount: next.list,
        costPriceAmount: next.cost,
        status: 'SCHEDULED',
        source: 'SCHEDULED',
        reason,
        effectiveAt: at,
        actor: ctx.claims!.subject,
      })
      .returning();
    // singletonKey: one queued job per change, however often the outbox row is relayed.
    await ctx.events.schedule(tx, APPLY_PRICE_CHANGE_JOB, { priceChangeId: id }, { startAfter: at, singletonKey: id });
    return row!;
  });
  return ok(row);
}

/** Cancels a change that has not taken effect; its job then finds nothing to do. */
export async function cancelPriceChange(ctx: RequestContext, input: { id: string }): Promise<Result<PriceChangeRow>> {
  const problems = new Problems();
  if (!isId(PRICE_CHANGE_ID_PREFIX, input.id)) return problems.add(['input', 'id'], 'INVALID_ID', `"${input.id}" is not a price change id`).refuse();
  const [existing] = await ctx.db.select().from(priceChanges).where(eq(priceChanges.id, input.id));
  if (!existing) return problems.add(['input', 'id'], 'NOT_FOUND', `Price change ${input.id} not found`).refuse();
  assertCan(ctx, priceChangeTenancy, existing, 'write');
  const [row] = await ctx.db
    .update(priceChanges)
    .set({ status: 'CANCELLED', updatedAt: ctx.now() })
    .where(and(eq(priceChanges.id, existing.id), eq(priceChanges.status, 'SCHEDULED')))
    .returning();
  return row ? ok(row) : problems.add(['input', 'id'], 'INVALID_TRANSITION', `The change is ${existing.status.toLowerCase()} already`).refuse();
}

/**
 * The job: applies a scheduled change once. Idempotent: the row moves SCHEDULED -> APPLIED under a
 * guard in the same transaction as the SKU's new prices, so a redelivered job changes nothing.
 * Returns whether this run applied it.
 */
export async function applyPriceChange(ctx: RequestContext, priceChangeId: string, now = ctx.now()): Promise<boolean> {
  return ctx.db.transaction(async (tx) => {
    const [change] = await tx
      .update(priceChanges)
      .set({ status: 'APPLIED', appliedAt: now, updatedAt: now })
      .where(and(eq(priceChanges.id, priceChangeId), eq(priceChanges.status, 'SCHEDULED'), lte(priceChanges.effectiveAt, now)))
      .returning();
    if (!change) return false;
    const [sku] = await tx.select().from(skus).where(eq(skus.id, change.skuId)).for('update');
    const next = { sale: change.salePriceAmount ?? undefined, list: change.listPriceAmount ?? undefined, cost: change.costPriceAmount ?? undefined };
    // What it was at the moment it changed, so the history reads "from 6999 to 5999".
    await tx
      .update(priceChanges)
      .set({
        previousSalePriceAmount: sku!.priceAmount,
        previousListPriceAmount: sku!.listPriceAmount,
        previousCostPriceAmount: sku!.costPriceAmount,
        salePriceAmount: next.sale ?? sku!.priceAmount,
        listPriceAmount: next.list ?? sku!.listPriceAmount,
        costPriceAmount: next.cost ?? sku!.costPriceAmount,
      })
      .where(eq(priceChanges.id, change.id));
    if (!changesPrices(sku!, next)) return true;
    await tx
      .update(skus)
      .set({
        priceAmount: next.sale ?? sku!.priceAmount,
        listPriceAmount: next.list ?? sku!.listPriceAmount,
        costPriceAmount: next.cost ?? sku!.costPriceAmount,
        updatedAt: now,
      })
      .where(eq(skus.id, sku!.id));
    await refreshMinSalePrice(tx, [sku!.spuId]);
    return true;
  });
}

/** pg-boss runs the job no earlier than `startAfter`; an early run (clock skew) retries rather than drop the change. */
export async function runApplyPriceChangeJob(ctx: RequestContext, data: Record<string, unknown>): Promise<void> {
  const id = String(data.priceChangeId ?? '');
  if (await applyPriceChange(ctx, id)) return;
  const [row] = await ctx.db.select({ status: priceChanges.status, effectiveAt: priceChanges.effectiveAt }).from(priceChanges).where(eq(priceChanges.id, id));
  if (row?.status === 'SCHEDULED') throw new Error(`price change ${id} is not due until ${row.effectiveAt.toISOString()}`);
}
