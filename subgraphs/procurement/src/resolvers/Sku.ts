import { type RequestContext } from '@zhongtai/kit';
import { visibleOfferOfSku } from '../domain/offers.ts';
import { rankedSupplyOfSku } from '../domain/supplyTerms.ts';
import type { SkuResolvers } from '../generated/resolvers.ts';

export const Sku: SkuResolvers = {
  __resolveReference: (ref: { id: string }) => ({ id: ref.id }),
  dropShip: (sku: { id: string }, _: unknown, ctx: RequestContext) => visibleOfferOfSku(ctx, sku.id),
  supplyOptions: async (sku: { id: string }, _: unknown, ctx: RequestContext) =>
    (await rankedSupplyOfSku(ctx, sku.id)).map((o, i) => ({
      terms: o.candidate.terms,
      score: o.score,
      priceScore: o.priceScore,
      ratingScore: o.ratingScore,
      leadTimeScore: o.leadScore,
      preferred: i === 0,
    })),
};
