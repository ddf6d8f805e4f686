import type { ConnectionArgs, RequestContext } from '@zhongtai/kit';
import { spusOfShop, type SpuFilter, type SpuSort } from '../domain/spus/spus.ts';
import type { ShopResolvers } from '../generated/resolvers.ts';

type ShopSpuArgs = ConnectionArgs & { filter?: Pick<SpuFilter, 'status' | 'keyword'> | null; sort?: SpuSort | null };

/** Catalog's part of the Shop entity: its products. Scoping is the same as `spus(filter: {shopId})`. */
export const Shop: ShopResolvers = {
  spus: (shop: { id: string }, args: ShopSpuArgs, ctx: RequestContext) =>
    spusOfShop(ctx, shop.id, { first: args.first, after: args.after, last: args.last, before: args.before }, args.filter ?? {}, args.sort ?? undefined),
};
