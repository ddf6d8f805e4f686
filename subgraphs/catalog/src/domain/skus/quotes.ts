import { eq, inArray } from 'drizzle-orm';
import { badUserInput, isId, type Money, type RequestContext, type VoucherTerms } from '@zhongtai/kit';
import { categories, skus, spus, type AttributeValue, type ProductType, type SkuStatus, type SpuStatus } from '../../db/tables.ts';
import { SKU_ID_PREFIX } from '../ids.ts';
import { skuPrice } from './skus.ts';

export const MAX_QUOTE_IDS = 500;

export interface SkuQuote {
  id: string;
  spuId: string;
  shopId: string;
  price: Money;
  status: SkuStatus;
  spuStatus: SpuStatus;
  productType: ProductType;
  /** What an order snapshots, so it keeps its words when the product changes later. */
  spuName: string;
  code: string;
  salesAttributes: AttributeValue[];
  brandId: string | null;
  categoryId: string;
  /** The category and its ancestors, root first: category-scoped promotions match any of them. */
  categoryPath: string[];
  /** One unit's shipping weight (grams) and volume (cm³), for freight. */
  weightGrams: number;
  volumeCm3: number;
  /** Slots a day for a service the merchant limits (installation); null: no limit. */
  dailyCapacity: number | null;
  /** The product's voucher terms (a service): the order keeps them on its line. */
  voucherTerms: VoucherTerms | null;
  /** 跨境: how a cross-border SKU reaches the buyer; null for a domestic one. */
  crossBorderMode: 'BONDED' | 'DIRECT_MAIL' | null;
  /** Its consumption tax rate in basis points; null: the default. */
  consumptionTaxRateBps: number | null;
}

/**
 * Current price and sellability of SKUs for the center that prices an order, in one query.
 * In the order asked; unknown ids are left out; whether a status is sellable is the caller's rule to apply.
 */
export async function quoteSkus(ctx: RequestContext, ids: string[]): Promise<SkuQuote[]> {
  if (ids.length > MAX_QUOTE_IDS) throw badUserInput(`Quote at most ${MAX_QUOTE_IDS} SKUs at once`, ['ids']);
  const wanted = [...new Set(ids.filter((id) => isId(SKU_ID_PREFIX, id)))];
  if (!wanted.length) return [];
  const rows = await ctx.db
    .select({
      id: skus.id,
      spuId: skus.spuId,
      shopId: skus.shopId,
      priceAmount: skus.priceAmount,
      priceCurrency: skus.priceCurrency,
      status: skus.status,
      spuStatus: spus.status,
      productType: spus.productType,
      spuName: spus.name,
      code: skus.code,
      salesAttributes: skus.salesAttributes,
      brandId: spus.brandId,
      categoryId: spus.categoryId,
      path: categories.path,
      weightGrams: skus.weightGrams,
      volumeCm3: skus.volumeCm3,
      dailyCapacity: skus.dailyCapacity,
      voucherTerms: spus.voucherTerms,
      crossBorderMode: skus.crossBorderMode,
      consumptionTaxRateBps: skus.consumptionTaxRateBps,
    })
    .from(skus)
    .innerJoin(spus, eq(spus.id, skus.spuId))
    .innerJoin(categories, eq(categories.id, spus.categoryId))
    .where(inArray(skus.id, wanted));
  const order = new Map(wanted.map((id, i) => [id, i]));
  rows.sort((a, b) => order.get(a.id)! - order.get(b.id)!);
  return rows.map(({ priceAmount, priceCurrency, path, ...rest }) => ({
    ...rest,
    price: skuPrice({ priceAmount, priceCurrency }),
    categoryPath: path.split('/').filter(Boolean),
  }));
}
