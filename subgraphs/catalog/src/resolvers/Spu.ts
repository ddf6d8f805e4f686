import { toMoney, type CurrencyCode, type RequestContext, existing } from '@zhongtai/kit';
import type { SpuRow } from '../db/tables.ts';
import { loadBrand } from '../domain/brands/brands.ts';
import { loadCategory } from '../domain/categories/categories.ts';
import { skusOfSpu } from '../domain/skus/skus.ts';
import { resolveSpuReference, spuStatusHistory } from '../domain/spus/spus.ts';
import type { SpuResolvers } from '../generated/resolvers.ts';

export const Spu: SpuResolvers = {
  __resolveReference: (ref: { id: string }, ctx: RequestContext) => resolveSpuReference(ctx, ref.id),
  // The shops center resolves the rest of the shop.
  shop: (spu: SpuRow) => ({ __typename: 'Shop', id: spu.shopId }),
  category: async (spu: SpuRow, _: unknown, ctx: RequestContext) => existing(await loadCategory(ctx, spu.categoryId), 'Category', spu.categoryId),
  brand: (spu: SpuRow, _: unknown, ctx: RequestContext) => (spu.brandId ? loadBrand(ctx, spu.brandId) : null),
  minSalePrice: (spu: SpuRow) => toMoney(spu.minSalePriceAmount, spu.priceCurrency as CurrencyCode),
  skus: (spu: SpuRow, _: unknown, ctx: RequestContext) => skusOfSpu(ctx, spu),
  statusHistory: async (spu: SpuRow, _: unknown, ctx: RequestContext) =>
    (await spuStatusHistory(ctx, spu)).map((c) => ({ from: c.fromStatus, to: c.toStatus, reason: c.reason, actor: c.actor, at: c.createdAt })),
};
