import { asc, eq, inArray } from 'drizzle-orm';
import { isUniqueViolation, ok, Problems, type RequestContext, type Result } from '@zhongtai/kit';
import { skus, spus, type SpuRow } from '../../db/tables.ts';
import { effectiveDefinitionsOf } from '../attributes/attributes.ts';
import { checkSalesDimensions } from '../attributes/attributeRules.ts';
import { changesPrices, recordAppliedPrices, refreshMinSalePrice } from '../prices/prices.ts';
import { planMatrix, type MatrixPlan, type SkuMatrixInput } from './skuMatrix.ts';
import { insertSkus } from './skuWrite.ts';
import { takenCodes } from './skus.ts';
import { findSpuForChange } from '../spus/spus.ts';
import { returnToReview } from '../spus/spuStatus.ts';

export interface SetSkuMatrixInput extends SkuMatrixInput {
  spuId: string;
}

/**
 * Regenerates a product's SKUs from its sales attribute values: existing combinations keep their
 * SKU ids and history, new ones get SKUs, dropped ones are deactivated (never deleted). New
 * sellable variants of a listed product go back to review.
 */
export async function setSkuMatrix(ctx: RequestContext, input: SetSkuMatrixInput): Promise<Result<SpuRow>> {
  const problems = new Problems();
  const spu = await findSpuForChange(ctx, input.spuId, problems, ['input', 'spuId']);
  if (!spu) return problems.refuse();
  const existing = await ctx.db.select().from(skus).where(eq(skus.spuId, spu.id)).orderBy(asc(skus.position));
  const defs = await effectiveDefinitionsOf(ctx, spu.categoryId);
  checkSalesDimensions(problems, input.dimensions, defs, ['input', 'dimensions']);
  const plan = planMatrix(problems, input, existing, spu.priceCurrency, ['input']);
  if (plan) await checkCodesFree(ctx, problems, spu, plan);
  if (problems.any || !plan) return problems.refuse();
  try {
    return ok(await ctx.db.transaction((tx) => applyPlan(tx, ctx, spu, plan)));
  } catch (error) {
    if (isUniqueViolation(error, 'skus_shop_code_key'))
      return problems.add(['input', 'skus'], 'TAKEN', 'Another SKU of the shop took one of these codes meanwhile').refuse();
    throw error;
  }
}

async function checkCodesFree(ctx: RequestContext, problems: Problems, spu: SpuRow, plan: MatrixPlan): Promise<void> {
  const wanted = [...plan.add.map((a) => a.code), ...plan.keep.flatMap((k) => (k.code ? [k.code] : []))];
  const taken = await takenCodes(ctx, spu.shopId, wanted);
  for (const code of wanted) problems.check(!taken.has(code), ['input', 'skus'], 'TAKEN', `Code ${code} is used by another SKU of the shop`);
}

async function applyPlan(tx: RequestContext['db'], ctx: RequestContext, spu: SpuRow, plan: MatrixPlan): Promise<SpuRow> {
  const now = new Date();
  const repriced = plan.keep.filter((k) => changesPrices(k.sku, k.prices));
  if (repriced.length)
    await recordAppliedPrices(
      tx,
      ctx,
      repriced.map((k) => ({ sku: k.sku, next: k.prices })),
      'MANUAL',
    );
  for (const k of plan.keep) {
    await tx
      .update(skus)
      .set({
        position: k.position,
        status: 'ACTIVE',
        ...(k.code ? { code: k.code } : {}),
        ...(k.prices.sale !== undefined ? { priceAmount: k.prices.sale } : {}),
        ...(k.prices.list !== undefined ? { listPriceAmount: k.prices.list } : {}),
        ...(k.prices.cost !== undefined ? { costPriceAmount: k.prices.cost } : {}),
        ...k.measures,
        updatedAt: now,
      })
      .where(eq(skus.id, k.sku.id));
  }
  if (plan.deactivate.length) {
    await tx
      .update(skus)
      .set({ status: 'INACTIVE', updatedAt: now })
      .where(
        inArray(
          skus.id,
          plan.deactivate.map((s) => s.id),
        ),
      );
  }
  await insertSkus(tx, ctx, spu, plan.add);
  await refreshMinSalePrice(tx, [spu.id]);
  const [row] = await tx.update(spus).set({ updatedAt: now }).where(eq(spus.id, spu.id)).returning();
  // Something new to buy is something new to review.
  if (plan.add.length || plan.keep.some((k) => k.reactivate)) {
    const status = await returnToReview(tx, ctx, row!, 'SKUs');
    return { ...row!, status };
  }
  return row!;
}
