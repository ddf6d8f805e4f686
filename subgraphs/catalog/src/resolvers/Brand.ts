import { type RequestContext } from '@zhongtai/kit';
import type { BrandRow, CategoryRow } from '../db/tables.ts';
import { categoryIdsOfBrand } from '../domain/brands/brandCategories.ts';
import { loadCategory } from '../domain/categories/categories.ts';
import type { BrandResolvers } from '../generated/resolvers.ts';

export const Brand: BrandResolvers = {
  categories: async (brand: BrandRow, _: unknown, ctx: RequestContext) => {
    const found = await Promise.all((await categoryIdsOfBrand(ctx, brand.id)).map((id) => loadCategory(ctx, id)));
    return found.filter((c): c is CategoryRow => c !== null);
  },
};
