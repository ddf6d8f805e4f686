import { catalogService, type RequestContext } from '@zhongtai/kit';
import type { ContentSlotRow } from '../domain/document.ts';
import type { ContentSlotResolvers } from '../generated/resolvers.ts';

/** A floor filled by a catalog query shows what the catalog's storefront list has now: one call per such floor. */
export const ContentSlot: ContentSlotResolvers = {
  products: async (slot: ContentSlotRow, _: unknown, ctx: RequestContext) => {
    if (!slot.productQuery) return [];
    const { categoryId, keyword, first } = slot.productQuery;
    const { products } = await ctx.services.call(catalogService.floorProducts, { first, filter: { categoryId, keyword } });
    return products.nodes.map((p) => ({ __typename: 'Spu' as const, id: p.id }));
  },
};
