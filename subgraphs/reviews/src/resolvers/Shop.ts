import type { RequestContext } from '@zhongtai/kit';
import { shopRating } from '../domain/ratings.ts';
import type { ShopResolvers } from '../generated/resolvers.ts';

/** Reviews' part of the shop: its rating (public, like the shop's profile). */
export const Shop: ShopResolvers = {
  __resolveReference: (ref: { id: string }) => ({ id: ref.id }),
  rating: (shop: { id: string }, _: unknown, ctx: RequestContext) => shopRating(ctx, shop.id),
};
