import type { RequestContext } from '@zhongtai/kit';
import type { SkuRow } from '../db/tables.ts';
import { resolveSkuReference, skuPrice } from '../domain/skus.ts';
import { loadSpu } from '../domain/spus.ts';

export const Sku = {
  __resolveReference: (ref: { id: string }, ctx: RequestContext) => resolveSkuReference(ctx, ref.id),
  spu: (sku: SkuRow, _: unknown, ctx: RequestContext) => loadSpu(ctx, sku.spuId),
  shop: (sku: SkuRow) => ({ __typename: 'Shop', id: sku.shopId }),
  price: (sku: SkuRow) => skuPrice(sku),
};
