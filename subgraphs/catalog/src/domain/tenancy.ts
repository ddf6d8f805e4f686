import { inArray } from 'drizzle-orm';
import { tenancy } from '@zhongtai/kit';
import { priceChanges, skus, spus, type SpuStatus } from '../db/tables.ts';

/** Statuses in which a product has been public: later orders, reviews and carts may still point at it. */
const PUBLIC_STATUSES: readonly SpuStatus[] = ['ON_SALE', 'OFF_SHELF'];

export const isPublicProduct = (status: SpuStatus): boolean => PUBLIC_STATUSES.includes(status);

/** A product is its shop's; once it has been on sale anyone signed in may see it (drafts stay inside). */
export const spuTenancy = tenancy('product', spus, {
  shop: 'shopId',
  public: { row: (spu) => isPublicProduct(spu.status), where: inArray(spus.status, [...PUBLIC_STATUSES]) },
});

/** A SKU is its shop's; whether it is public is its product's (see resolvers/scopes.ts). Cost prices are private. */
export const skuTenancy = tenancy<typeof skus, { shopId: string }>('SKU', skus, { shop: 'shopId' });

export const priceChangeTenancy = tenancy('price change', priceChanges, { shop: 'shopId' });
