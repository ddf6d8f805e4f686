import { existing, type RequestContext } from '@zhongtai/kit';
import type { AttributeDefinitionRow } from '../db/tables.ts';
import { loadCategory } from '../domain/categories/categories.ts';
import type { AttributeDefinitionResolvers } from '../generated/resolvers.ts';

export const AttributeDefinition: AttributeDefinitionResolvers = {
  category: async (def: AttributeDefinitionRow, _: unknown, ctx: RequestContext) =>
    existing(await loadCategory(ctx, def.categoryId), 'Category', def.categoryId),
};
