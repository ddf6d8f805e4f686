import { eq } from 'drizzle-orm';
import { isId, isUniqueViolation, ok, Problems, type MoneyInput, type RequestContext, type Result, assertCan } from '@zhongtai/kit';
import { skuTenancy } from '../tenancy.ts';
import { skus, type CrossBorderMode, type SkuRow, type SkuStatus } from '../../db/tables.ts';
import { SKU_ID_PREFIX } from '../ids.ts';
import { changesPrices, checkPriceOrder, parsePrices, recordAppliedPrices, refreshMinSalePrice } from '../prices/prices.ts';
import { checkShopStanding } from '../shopStanding.ts';
import { validateMeasures, validateSkuCode, type SkuMeasuresInput } from './skuRules.ts';
import { takenCodes } from './skus.ts';

export interface UpdateSkuInput extends SkuMeasuresInput {
  id: string;
  code?: string | null;
  /** The sale price. */
  price?: MoneyInput | null;
  listPrice?: MoneyInput | null;
  costPrice?: MoneyInput | null;
  status?: SkuStatus | null;
  /** Slots per day for a service; null removes the limit, undefined leaves it. */
  dailyCapacity?: number | null;
  /** 跨境: BONDED or DIRECT_MAIL; null makes the SKU domestic again, undefined leaves it. */
  crossBorderMode?: CrossBorderMode | null;
  /** Consumption tax rate in basis points (0 to 10000) for the cross-border tax; null: the default. */
  consumptionTaxRateBps?: number | null;
}

const MAX_DAILY_CAPACITY = 10_000;

/** Edits one SKU; a price change takes effect now and goes into the price history. */
export async function updateSku(ctx: RequestContext, input: UpdateSkuInput): Promise<Result<SkuRow>> {
  const problems = new Problems();
  const existing = await findSkuForChange(ctx, input.id, problems);
  if (!existing) return problems.refuse();
  const changes: Partial<SkuRow> = { ...validateMeasures(problems, input, ['input']) };
  if (input.code != null) {
    const code = validateSkuCode(problems, input.code, ['input', 'code']);
    if (code && code !== existing.code) {
      const taken = await takenCodes(ctx, existing.shopId, [code], existing.id);
      if (problems.check(!taken.has(code), ['input', 'code'], 'TAKEN', `Code ${code} is used by another SKU of the shop`)) changes.code = code;
    }
  }
  const repricing = input.price || input.listPrice || input.costPrice;
  let prices = {};
  if (repricing) {
    // A new price must be one the shop can sell at: it trades, and in its currency.
    const standing = await checkShopStanding(ctx, existing.shopId, problems, ['input', 'id']);
    const parsed = parsePrices(
      problems,
      { salePrice: input.price, listPrice: input.listPrice, costPrice: input.costPrice },
      ['input'],
      standing?.currencyCode ?? existing.priceCurrency,
      'price',
    );
    if (parsed && checkPriceOrder(problems, existing, parsed, ['input'], 'price')) prices = parsed;
  }
  if (input.status) changes.status = input.status;
  if (input.dailyCapacity === null) changes.dailyCapacity = null;
  else if (input.dailyCapacity !== undefined) {
    const capacity = input.dailyCapacity;
    const valid = Number.isInteger(capacity) && capacity >= 1 && capacity <= MAX_DAILY_CAPACITY;
    if (problems.check(valid, ['input', 'dailyCapacity'], 'OUT_OF_RANGE', `A daily capacity is a whole number from 1 to ${MAX_DAILY_CAPACITY}`))
      changes.dailyCapacity = capacity;
  }
  if (input.crossBorderMode !== undefined) changes.crossBorderMode = input.crossBorderMode;
  if (input.consumptionTaxRateBps === null) changes.consumptionTaxRateBps = null;
  else if (input.consumptionTaxRateBps !== undefined) {
    const rate = input.consumptionTaxRateBps;
    const valid = Number.isInteger(rate) && rate >= 0 && rate <= 10_000;
    if (problems.check(valid, ['input', 'consumptionTaxRateBps'], 'OUT_OF_RANGE', 'A consumption tax rate is 0 to 10000 basis points (0% to 100%)'))
      changes.consumptionTaxRateBps = rate;
  }
  if (problems.any) return problems.refuse();
  const next = prices as { sale?: bigint; list?: bigint; cost?: bigint };
  try {
    const row = await ctx.db.transaction(async (tx) => {
      if (changesPrices(existing, next)) await recordAppliedPrices(tx, ctx, [{ sku: existing, next }], 'MANUAL');
      const [row] = await tx
        .update(skus)
        .set({
          ...changes,
          ...(next.sale !== undefined ? { priceAmount: next.sale } : {}),
          ...(next.list !== undefined ? { listPriceAmount: next.list } : {}),
          ...(next.cost !== undefined ? { costPriceAmount: next.cost } : {}),
          updatedAt: new Date(),
        })
        .where(eq(skus.id, existing.id))
        .returning();
      await refreshMinSalePrice(tx, [existing.spuId]);
      return row!;
    });
    return ok(row);
  } catch (error) {
    if (isUniqueViolation(error, 'skus_shop_code_key')) return problems.add(['input', 'code'], 'TAKEN', `Code ${changes.code} was taken meanwhile`).refuse();
    throw error;
  }
}

export async function findSkuForChange(ctx: RequestContext, id: string, problems: Problems, field = ['input', 'id']): Promise<SkuRow | undefined> {
  if (!isId(SKU_ID_PREFIX, id)) {
    problems.add(field, 'INVALID_ID', `"${id}" is not a SKU id`);
    return undefined;
  }
  const [row] = await ctx.db.select().from(skus).where(eq(skus.id, id));
  if (!row) problems.add(field, 'NOT_FOUND', `SKU ${id} not found`);
  else assertCan(ctx, skuTenancy, row, 'write');
  return row;
}
