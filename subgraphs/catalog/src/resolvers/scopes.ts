import { SCOPED_BY_FIELDS, type EntityScope } from '@zhongtai/kit';
import type { SkuRow, SpuRow } from '../db/tables.ts';
import { loadSpu } from '../domain/spus.ts';
import { isPublicProduct } from '../domain/visibility.ts';

/** A product is its shop's until it has been on sale; then anyone signed in may see it. */
const Spu: EntityScope<SpuRow> = { shop: (spu) => spu.shopId, public: (spu) => isPublicProduct(spu.status) };
const Sku: EntityScope<SkuRow> = {
  shop: (sku) => sku.shopId,
  public: async (sku, ctx) => {
    const spu = await loadSpu(ctx, sku.spuId);
    return spu !== null && isPublicProduct(spu.status);
  },
};

export const entityScopes = { Spu, Sku, Shop: SCOPED_BY_FIELDS };
