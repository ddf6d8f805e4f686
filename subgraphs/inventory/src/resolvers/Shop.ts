import { type ConnectionArgs, type RequestContext } from '@zhongtai/kit';
import { listWarehouses } from '../domain/warehouses.ts';
import type { ShopResolvers } from '../generated/resolvers.ts';

export const Shop: ShopResolvers = {
  warehouses: (shop: { id: string }, args: ConnectionArgs, ctx: RequestContext) => listWarehouses(ctx, args, { shopId: shop.id }),
};
