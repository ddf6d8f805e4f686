import { and, count, eq } from 'drizzle-orm';
import { assertPlatform, type Problems, type RequestContext } from '@zhongtai/kit';
import { skus, type SpuRow } from '../../db/tables.ts';
import { effectiveDefinitionsOf } from '../attributes/attributes.ts';
import { checkSalesDimensions, validateSpuAttributes } from '../attributes/attributeRules.ts';
import { usableCategory } from '../categories/categories.ts';
import { checkShopStanding } from '../shopStanding.ts';
import { applySpuAction, type ChangeSpuStatusInput } from './spuStatus.ts';

/**
 * 商品审核 product review: a merchant submits a draft, an operator approves (on sale) or rejects it
 * with a reason (back to draft, the reason kept in the history); the merchant fixes and resubmits.
 */
export const submitSpuForReview = (ctx: RequestContext, input: ChangeSpuStatusInput) =>
  applySpuAction(ctx, input, 'submit', { precheck: (spu, p) => checkListable(ctx, spu, p) });

export async function approveSpu(ctx: RequestContext, input: ChangeSpuStatusInput) {
  requireOperator(ctx);
  return applySpuAction(ctx, input, 'approve', { precheck: (spu, p) => checkSellable(ctx, spu, p) });
}

export async function rejectSpu(ctx: RequestContext, input: ChangeSpuStatusInput) {
  requireOperator(ctx);
  return applySpuAction(ctx, input, 'reject', { reasonRequired: true });
}

/** Puts an off-shelf product back on sale: it was reviewed as it is (key edits send it to draft). */
export const publishSpu = (ctx: RequestContext, input: ChangeSpuStatusInput) =>
  applySpuAction(ctx, input, 'publish', { precheck: (spu, p) => checkSellable(ctx, spu, p) });
export const unpublishSpu = (ctx: RequestContext, input: ChangeSpuStatusInput) => applySpuAction(ctx, input, 'unpublish');

/** Review is the platform's job; the SDL says so too, this holds for direct calls. */
function requireOperator(ctx: RequestContext): void {
  assertPlatform(ctx, 'Only operators review products');
}

/** A product goes on sale only from a trading shop and with something to sell. */
async function checkSellable(ctx: RequestContext, spu: SpuRow, problems: Problems): Promise<void> {
  const [active] = await ctx.db
    .select({ n: count() })
    .from(skus)
    .where(and(eq(skus.spuId, spu.id), eq(skus.status, 'ACTIVE')));
  problems.check((active?.n ?? 0) > 0, ['input', 'id'], 'INVALID', 'The product has no active SKU to sell');
  await checkShopStanding(ctx, spu.shopId, problems, ['input', 'id']);
}

/**
 * What a reviewer needs before looking: sellable, in an enabled category, and every required
 * attribute set by the category's current definitions (they may have changed since creation).
 */
async function checkListable(ctx: RequestContext, spu: SpuRow, problems: Problems): Promise<void> {
  await usableCategory(ctx, spu.categoryId, problems, ['input', 'id']);
  const defs = await effectiveDefinitionsOf(ctx, spu.categoryId);
  validateSpuAttributes(problems, spu.attributes, defs, ['input', 'id']);
  const variants = await ctx.db
    .select({ attrs: skus.salesAttributes })
    .from(skus)
    .where(and(eq(skus.spuId, spu.id), eq(skus.status, 'ACTIVE')));
  const dims = new Map<string, Set<string>>();
  for (const v of variants) for (const a of v.attrs) (dims.get(a.name) ?? dims.set(a.name, new Set()).get(a.name)!).add(a.value);
  checkSalesDimensions(
    problems,
    [...dims].map(([name, values]) => ({ name, values: [...values] })),
    defs,
    ['input', 'id'],
  );
  await checkSellable(ctx, spu, problems);
}
