import { eq } from 'drizzle-orm';
import {
  isId,
  isUniqueViolation,
  newId,
  ok,
  optionalText,
  Problems,
  requiredText,
  shopForWrite,
  shopsService,
  type RequestContext,
  type Result,
} from '@zhongtai/kit';
import { spuTenancy } from '../tenancy.ts';
import { spus, type ProductType, type SpuRow } from '../../db/tables.ts';
import { effectiveDefinitions } from '../attributes/attributes.ts';
import { checkSalesDimensions, validateSpuAttributes } from '../attributes/attributeRules.ts';
import { brandFitsCategory } from '../brands/brandCategories.ts';
import { existingBrand } from '../brands/brands.ts';
import { usableCategory } from '../categories/categories.ts';
import { SPU_ID_PREFIX } from '../ids.ts';
import { refreshMinSalePrice } from '../prices/prices.ts';
import { checkShopCurrency, checkShopStanding } from '../shopStanding.ts';
import { planMatrix, type SkuMatrixInput } from '../skus/skuMatrix.ts';
import { validateSkus, type AttributeValueInput, type SkuInput, type ValidSku } from '../skus/skuRules.ts';
import { insertSkus } from '../skus/skuWrite.ts';
import { takenCodes } from '../skus/skus.ts';
import { validateMediaUrls } from './spuFields.ts';
import { recordStatusChange } from './spuStatus.ts';

export interface CreateSpuInput {
  shopId?: string | null;
  categoryId: string;
  brandId?: string | null;
  name: string;
  description?: string | null;
  productType?: ProductType | null;
  attributes?: AttributeValueInput[] | null;
  mediaUrls?: string[] | null;
  /** The SKUs one by one, or… */
  skus?: SkuInput[] | null;
  /** …generated from the sales attribute values (one SKU per combination). */
  matrix?: SkuMatrixInput | null;
}

/** Creates a DRAFT product with its SKUs, all or nothing; every problem of the input is reported at once. */
export async function createSpu(ctx: RequestContext, input: CreateSpuInput): Promise<Result<SpuRow>> {
  const problems = new Problems();
  const shopId = shopToWrite(ctx, input.shopId, problems);
  const name = requiredText(problems, input.name, ['input', 'name'], 'Product name', 200);
  const description = optionalText(problems, input.description, ['input', 'description'], 'Description', 5000);
  const mediaUrls = validateMediaUrls(problems, input.mediaUrls ?? [], ['input', 'mediaUrls']);
  const category = await usableCategory(ctx, input.categoryId, problems, ['input', 'categoryId']);
  const brand = input.brandId != null ? await existingBrand(ctx, input.brandId, problems, ['input', 'brandId']) : null;
  if (brand && category) await brandFitsCategory(ctx, brand, category, problems, ['input', 'brandId']);
  const defs = category ? await effectiveDefinitions(ctx, category) : [];
  const attributes = validateSpuAttributes(problems, input.attributes ?? [], defs, ['input', 'attributes']);
  const standing = shopId ? await checkShopStanding(ctx, shopId, problems, ['input', 'shopId']) : undefined;
  const variants = variantsOf(problems, input, standing?.currencyCode);
  if (standing && input.skus) {
    input.skus.forEach((sku, i) => checkShopCurrency(problems, standing, sku.price.currencyCode, ['input', 'skus', String(i), 'price', 'currencyCode']));
  }
  if (input.matrix && category) checkSalesDimensions(problems, input.matrix.dimensions, defs, ['input', 'matrix', 'dimensions']);
  else if (variants && category) checkSalesDimensions(problems, dimensionsOf(variants), defs, ['input', 'skus']);
  if (shopId && variants) {
    const taken = await takenCodes(
      ctx,
      shopId,
      variants.map((v) => v.code),
    );
    const field = (i: number) => (input.matrix ? ['input', 'matrix', 'skus'] : ['input', 'skus', String(i), 'code']);
    variants.forEach((v, i) => problems.check(!taken.has(v.code), field(i), 'TAKEN', `Code ${v.code} is used by another SKU of the shop`));
  }
  if (problems.any || !shopId || !name || !category || brand === undefined || !variants || !attributes || !mediaUrls) return problems.refuse();

  const spuId = newId(SPU_ID_PREFIX);
  try {
    const row = await ctx.db.transaction(async (tx) => {
      const values = { id: spuId, shopId, categoryId: category.id, brandId: brand?.id ?? null, name, description, attributes, mediaUrls };
      await tx.insert(spus).values({ ...values, productType: input.productType ?? 'PHYSICAL', priceCurrency: variants[0]!.priceCurrency });
      await insertSkus(tx, ctx, { id: spuId, shopId }, variants);
      await refreshMinSalePrice(tx, [spuId]);
      await recordStatusChange(tx, ctx, { spuId, from: null, to: 'DRAFT', reason: null });
      const [spu] = await tx.select().from(spus).where(eqId(spuId));
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

const eqId = (id: string) => eq(spus.id, id);

/** The SKUs to create, listed or generated; exactly one of the two ways. */
function variantsOf(problems: Problems, input: CreateSpuInput, currency: string | undefined): (ValidSku & { position: number })[] | undefined {
  if (input.matrix) {
    if (!problems.check(!input.skus?.length, ['input', 'skus'], 'INVALID', 'Give the SKUs or a matrix, not both')) return undefined;
    if (!currency) return undefined;
    return planMatrix(problems, input.matrix, [], currency, ['input', 'matrix'])?.add;
  }
  return validateSkus(problems, input.skus ?? [], ['input', 'skus'])?.map((v, position) => ({ ...v, position }));
}

function dimensionsOf(variants: ValidSku[]): { name: string; values: string[] }[] {
  const dims = new Map<string, Set<string>>();
  for (const v of variants) for (const a of v.salesAttributes) (dims.get(a.name) ?? dims.set(a.name, new Set()).get(a.name)!).add(a.value);
  return [...dims].map(([name, values]) => ({ name, values: [...values] }));
}

/** The shop the product goes into: the merchant's own, or the one an operator names. */
function shopToWrite(ctx: RequestContext, requested: string | null | undefined, problems: Problems): string | undefined {
  if (requested != null && !isId(shopsService.SHOP_ID_PREFIX, requested)) {
    problems.add(['input', 'shopId'], 'INVALID_ID', `"${requested}" is not a shop id`);
    return undefined;
  }
  const shopId = shopForWrite(ctx, spuTenancy, requested);
  if (!shopId) problems.add(['input', 'shopId'], 'REQUIRED', 'Name the shop the product belongs to');
  return shopId ?? undefined;
}
