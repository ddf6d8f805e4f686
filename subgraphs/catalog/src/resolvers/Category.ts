import type { RequestContext } from '@zhongtai/kit';
import type { CategoryRow } from '../db/tables.ts';
import { effectiveDefinitions, ownDefinitions } from '../domain/attributes/attributes.ts';
import { ancestorCategories, childCategories, loadCategory } from '../domain/categories/categories.ts';
import type { CategoryResolvers } from '../generated/resolvers.ts';

export const Category: CategoryResolvers = {
  parent: (category: CategoryRow, _: unknown, ctx: RequestContext) => (category.parentId ? loadCategory(ctx, category.parentId) : null),
  children: (category: CategoryRow, _: unknown, ctx: RequestContext) => childCategories(ctx, category.id),
  ancestors: (category: CategoryRow, _: unknown, ctx: RequestContext) => ancestorCategories(ctx, category),
  attributeDefinitions: (category: CategoryRow, { inherited }: { inherited?: boolean | null }, ctx: RequestContext) =>
    inherited === false ? ownDefinitions(ctx, category.id) : effectiveDefinitions(ctx, category),
};
