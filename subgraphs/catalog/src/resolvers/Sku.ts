import { existing, type ConnectionArgs, type RequestContext } from '@zhongtai/kit';
import type { SkuRow } from '../db/tables.ts';
import { priceHistory, scheduledPriceChanges } from '../domain/prices/priceHistory.ts';
import { costPrice, listPrice, salePrice } from '../domain/prices/prices.ts';
import { resolveSkuReference } from '../domain/skus/skus.ts';
import { loadSpu } from '../domain/spus/spus.ts';
import type { SkuResolvers } from '../generated/resolvers.ts';

export const Sku: SkuResolvers = {
  __resolveReference: (ref: { id: string }, ctx: RequestContext) => resolveSkuReference(ctx, ref.id),
  spu: async (sku: SkuRow, _: unknown, ctx: RequestContext) => existing(await loadSpu(ctx, sku.spuId), 'Spu', sku.spuId),
  shop: (sku: SkuRow) => ({ __typename: 'Shop', id: sku.shopId }),
  price: (sku: SkuRow) => salePrice(sku),
  salePrice: (sku: SkuRow) => salePrice(sku),
  listPrice: (sku: SkuRow) => listPrice(sku),
  costPrice: (sku: SkuRow, _: unknown, ctx: RequestContext) => costPrice(ctx, { shopId: sku.shopId, currency: sku.priceCurrency, amount: sku.costPriceAmount }),
  priceHistory: (sku: SkuRow, args: ConnectionArgs, ctx: RequestContext) => priceHistory(ctx, sku, args),
  scheduledPriceChanges: (sku: SkuRow, _: unknown, ctx: RequestContext) => scheduledPriceChanges(ctx, sku),
};
