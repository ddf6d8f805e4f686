import { eq } from 'drizzle-orm';
import type { ConnectionArgs, RequestContext } from '@zhongtai/kit';
import { spus, type SpuRow } from '../../db/tables.ts';
import { filterConditions, loadSpu, pageOfSpus, type SpuFilter, type SpuSort } from '../spus/spus.ts';

/** What a shopper may filter on: no status (always on sale), any shop. */
export type ProductFilter = Omit<SpuFilter, 'status'>;

/**
 * The storefront's product list: only ON_SALE products of every shop. Their SKUs show only when
 * active and never with a cost price (the Sku resolvers see to that for any outsider).
 */
export async function listProducts(ctx: RequestContext, args: ConnectionArgs, filter: ProductFilter = {}, sort?: SpuSort) {
  const conditions = [
    eq(spus.status, 'ON_SALE'),
    filter.shopId ? eq(spus.shopId, filter.shopId) : undefined,
    ...(await filterConditions(ctx, { ...filter, status: null })),
  ];
  return pageOfSpus(ctx, args, conditions, sort);
}

/** One product for a shopper: null unless it is on sale now. */
export async function findProduct(ctx: RequestContext, id: string): Promise<SpuRow | null> {
  const row = await loadSpu(ctx, id);
  return row?.status === 'ON_SALE' ? row : null;
}
