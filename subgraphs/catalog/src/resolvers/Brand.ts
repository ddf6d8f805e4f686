import { existing, type RequestContext } from '@zhongtai/kit';
import type { AttributeDefinitionRow, BrandRow, CategoryRow } from '../db/tables.ts';
import { categoryIdsOfBrand } from '../domain/brandCategories.ts';
import { loadCategory } from '../domain/categories.ts';
import type { AttributeDefinitionResolvers, BrandResolvers } from '../generated/resolvers.ts';

export const Brand: BrandResolvers = {
  categories: async (brand: BrandRow, _: unknown, ctx: RequestContext) => {
    const found = await Promise.all((await categoryIdsOfBrand(ctx, brand.id)).map((id) => loadCategory(ctx, id)));
    return found.filter((c): c is CategoryRow => c !== null);
  },
};

export const AttributeDefinition: AttributeDefinitionResolvers = {
  category: async (def: AttributeDefinitionRow, _: unknown, ctx: RequestContext) => existing(await loadCategory(ctx, def.categoryId), 'Category', def.categoryId),
};
