import type { RequestContext } from '@zhongtai/kit';
import { reviewsOfSpu, type SpuReviewArgs } from '../domain/queries.ts';
import { productRating } from '../domain/ratings.ts';
import type { SpuResolvers } from '../generated/resolvers.ts';

/** Reviews' part of catalog's SPU: its rating and its published reviews (catalog decides who sees the SPU). */
export const Spu: SpuResolvers = {
  __resolveReference: (ref: { id: string }) => ({ id: ref.id }),
  rating: (spu: { id: string }, _: unknown, ctx: RequestContext) => productRating(ctx, spu.id),
  reviews: (spu: { id: string }, args: SpuReviewArgs, ctx: RequestContext) => reviewsOfSpu(ctx, spu.id, args),
};
