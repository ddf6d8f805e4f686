import { SCOPED_BY_FIELDS } from '@zhongtai/kit';
import { loadSpu } from '../domain/spus/spus.ts';
import { isPublicProduct, skuTenancy, spuTenancy } from '../domain/tenancy.ts';
import type { SkuRow } from '../db/tables.ts';

/** A SKU reached by reference (an order line) is public when its product is. */
const Sku = {
  ...skuTenancy,
  reference: {
    public: async (sku: { shopId: string }, ctx: Parameters<typeof loadSpu>[0]) => {
      const spu = await loadSpu(ctx, (sku as SkuRow).spuId);
      return spu !== null && isPublicProduct(spu.status);
    },
  },
};

export const entityScopes = { Spu: spuTenancy, Sku, Shop: SCOPED_BY_FIELDS };
