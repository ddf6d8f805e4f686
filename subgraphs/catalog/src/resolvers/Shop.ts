import type { ConnectionArgs, RequestContext } from '@zhongtai/kit';
import { listSpus, type SpuFilter, type SpuSort } from '../domain/spus.ts';
import type { ShopResolvers } from '../generated/resolvers.ts';

type ShopSpuArgs = ConnectionArgs & { filter?: Pick<SpuFilter, 'status' | 'keyword'> | null; sort?: SpuSort | null };

/** Catalog's part of the Shop entity: its products. Scoping is the same as `spus(filter: {shopId})`. */
export const Shop: ShopResolvers = {
  spus: (shop: { id: string }, args: ShopSpuArgs, ctx: RequestContext) =>
    listSpus(ctx, args, { status: args.filter?.status, keyword: args.filter?.keyword, shopId: shop.id }, args.sort ?? undefined),
};
