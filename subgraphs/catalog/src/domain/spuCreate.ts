import { isId, isUniqueViolation, newId, ok, optionalText, Problems, requiredText, shopForWrite, shopsService, type RequestContext, type Result } from '@zhongtai/kit';
import { skus, spus, type ProductType, type SpuRow } from '../db/tables.ts';
import { existingBrand } from './brands.ts';
import { usableCategory } from './categories.ts';
import { SKU_ID_PREFIX, SPU_ID_PREFIX } from './ids.ts';
import { checkShopCurrency, checkShopStanding } from './shopStanding.ts';
import { validateSkus, type SkuInput } from './skuRules.ts';
import { takenCodes } from './skus.ts';
import { recordStatusChange } from './spuStatus.ts';

export interface CreateSpuInput {
  shopId?: string | null;
  categoryId: string;
  brandId?: string | null;
  name: string;
  description?: string | null;
  productType?: ProductType | null;
  skus: SkuInput[];
}

/** Creates a DRAFT product with its SKUs, all or nothing; every problem of the input is reported at once. */
export async function createSpu(ctx: RequestContext, input: CreateSpuInput): Promise<Result<SpuRow>> {
  const problems = new Problems();
  const shopId = shopToWrite(ctx, input.shopId, problems);
  const name = requiredText(problems, input.name, ['input', 'name'], 'Product name', 200);
  const description = optionalText(problems, input.description, ['input', 'description'], 'Description', 5000);
  const category = await usableCategory(ctx, input.categoryId, problems, ['input', 'categoryId']);
  const brand = input.brandId != null ? await existingBrand(ctx, input.brandId, problems, ['input', 'brandId']) : null;
  const variants = validateSkus(problems, input.skus, ['input', 'skus']);
  if (shopId) {
    const standing = await checkShopStanding(ctx, shopId, problems, ['input', 'shopId']);
    if (standing) {
      input.skus.forEach((sku, i) => checkShopCurrency(problems, standing, sku.price.currencyCode, ['input', 'skus', String(i), 'price', 'currencyCode']));
    }
    if (variants) {
      const taken = await takenCodes(ctx, shopId, variants.map((v) => v.code));
      variants.forEach((v, i) => problems.check(!taken.has(v.code), ['input', 'skus', String(i), 'code'], 'TAKEN', `Code ${v.code} is used by another SKU of the shop`));
    }
  }
  if (problems.any || !shopId || !name || !category || brand === undefined || !variants) return problems.refuse();

  const spuId = newId(SPU_ID_PREFIX);
  try {
    const row = await ctx.db.transaction(async (tx) => {
      const [spu] = await tx
        .insert(spus)
        .values({ id: spuId, shopId, categoryId: category.id, brandId: brand?.id ?? null, name, description, productType: input.productType ?? 'PHYSICAL' })
        .returning();
      await tx.insert(skus).values(variants.map((v, position) => ({ id: newId(SKU_ID_PREFIX), spuId, shopId, position, ...v })));
      await recordStatusChange(tx, ctx, { spuId, from: null, to: 'DRAFT', reason: null });
      return spu!;
    });
    return ok(row);
  } catch (error) {
    // The pre-check above misses a code taken by a concurrent write: the unique index catches it.
    if (isUniqueViolation(error, 'skus_shop_code_key')) {
      return problems.add(['input', 'skus'], 'TAKEN', 'Another product of the shop took one of these codes meanwhile').refuse();
    }
    throw error;
  }
}

/** The shop the product goes into: the merchant's own, or the one an operator names. */
function shopToWrite(ctx: RequestContext, requested: string | null | undefined, problems: Problems): string | undefined {
  if (requested != null && !isId(shopsService.SHOP_ID_PREFIX, requested)) {
    problems.add(['input', 'shopId'], 'INVALID_ID', `"${requested}" is not a shop id`);
    return undefined;
  }
  const shopId = shopForWrite(ctx, requested);
  if (!shopId) problems.add(['input', 'shopId'], 'REQUIRED', 'Name the shop the product belongs to');
  return shopId ?? undefined;
}
