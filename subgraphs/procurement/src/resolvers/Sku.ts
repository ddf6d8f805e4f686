import { type RequestContext } from '@zhongtai/kit';
import { visibleOfferOfSku } from '../domain/offers.ts';
import type { SkuResolvers } from '../generated/resolvers.ts';

export const Sku: SkuResolvers = {
  __resolveReference: (ref: { id: string }) => ({ id: ref.id }),
  dropShip: (sku: { id: string }, _: unknown, ctx: RequestContext) => visibleOfferOfSku(ctx, sku.id),
};
