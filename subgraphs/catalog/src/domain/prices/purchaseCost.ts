import { and, eq } from 'drizzle-orm';
import { ok, parseUnitPrice, Problems, requiredText, type MoneyInput, type RequestContext, type Result } from '@zhongtai/kit';
import { priceChanges, skus } from '../../db/tables.ts';
import { recordAppliedPrices } from './prices.ts';

/**
 * 移动加权平均: the cost of the units on hand after a delivery, from the cost of those on hand
 * before it and the delivery's unit price, rounded half up to the minor unit:
 *
 *   cost' = (cost × stockBefore + unitCost × quantity) / (stockBefore + quantity)
 *
 * With no cost yet, or nothing on hand before, the delivery's unit price is the cost.
 */
export function movingAverageCost(cost: bigint | null, stockBefore: number, unitCost: bigint, quantity: number): bigint {
  if (quantity <= 0) return cost ?? unitCost;
  if (cost === null || stockBefore <= 0) return unitCost;
  const total = cost * BigInt(stockBefore) + unitCost * BigInt(quantity);
  const units = BigInt(stockBefore + quantity);
  return (total * 2n + units) / (units * 2n);
}

export interface RecordPurchaseCostInput {
  /** The delivery (procurement's receipt key): the same key moves the cost once. */
  key: string;
  skuId: string;
  quantity: number;
  unitCost: MoneyInput;
  stockBefore: number;
}

/** A purchase delivery moves the SKU's cost price (moving average); an APPLIED PURCHASE price change records it, once per key. */
export async function recordPurchaseCost(ctx: RequestContext, input: RecordPurchaseCostInput): Promise<Result<{ skuId: string; costPrice: bigint }>> {
  const problems = new Problems();
  const key = requiredText(problems, input.key, ['input', 'key'], 'Key', 200);
  const unitCost = parseUnitPrice(input.unitCost, problems, ['input', 'unitCost']);
  problems.check(Number.isInteger(input.quantity) && input.quantity > 0, ['input', 'quantity'], 'OUT_OF_RANGE', 'A positive number of units');
  problems.check(Number.isInteger(input.stockBefore) && input.stockBefore >= 0, ['input', 'stockBefore'], 'OUT_OF_RANGE', 'Units on hand before, 0 or more');
  if (!key || unitCost === undefined || problems.any) return problems.refuse();
  // The SKU row is locked first: two deliveries of one key queue here and the second finds the first's row.
  return await ctx.db.transaction(async (tx) => {
    const [sku] = await tx.select().from(skus).where(eq(skus.id, input.skuId)).for('update');
    if (!sku) return problems.add(['input', 'skuId'], 'NOT_FOUND', `No SKU ${input.skuId}`).refuse();
    if (
      !problems.check(
        sku.priceCurrency === input.unitCost.currencyCode,
        ['input', 'unitCost', 'currencyCode'],
        'CURRENCY_MISMATCH',
        `Priced in ${sku.priceCurrency}`,
      )
    )
      return problems.refuse();
    const [done] = await tx
      .select({ cost: priceChanges.costPriceAmount })
      .from(priceChanges)
      .where(and(eq(priceChanges.skuId, sku.id), eq(priceChanges.source, 'PURCHASE'), eq(priceChanges.reason, key)));
    if (done) return ok({ skuId: sku.id, costPrice: done.cost ?? 0n });
    const cost = movingAverageCost(sku.costPriceAmount, input.stockBefore, unitCost, input.quantity);
    await recordAppliedPrices(tx, ctx, [{ sku, next: { cost } }], 'PURCHASE', key);
    await tx.update(skus).set({ costPriceAmount: cost, updatedAt: new Date() }).where(eq(skus.id, sku.id));
    return ok({ skuId: sku.id, costPrice: cost });
  });
}
