import type { RequestContext } from '@zhongtai/kit';
import { methodsOfShop } from '../domain/paymentMethods.ts';
import type { ShopResolvers } from '../generated/resolvers.ts';

/** Payments' part of the shop: the methods its customers may pay with (public, like the shop's profile). */
export const Shop: ShopResolvers = {
  __resolveReference: (ref: { id: string }) => ({ id: ref.id }),
  paymentMethods: (shop: { id: string }, _: unknown, ctx: RequestContext) => methodsOfShop(ctx, shop.id),
};
