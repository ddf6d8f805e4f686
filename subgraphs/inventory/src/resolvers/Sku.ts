import { type RequestContext } from '@zhongtai/kit';
import { skuStock, type SkuStock as SkuStockValue } from '../domain/skuStock.ts';
import type { SkuResolvers, SkuStockResolvers } from '../generated/resolvers.ts';

export const Sku: SkuResolvers = {
  __resolveReference: (ref: { id: string }) => ({ id: ref.id }),
  stock: (sku: { id: string }, _: unknown, ctx: RequestContext) => skuStock(ctx, sku.id),
};

export const SkuStock: SkuStockResolvers = {
  warehouses: (stock: SkuStockValue) => stock.warehouses,
};
