import { eq, ilike } from 'drizzle-orm';
import {
  containsPattern,
  isId,
  isUniqueViolation,
  newId,
  ok,
  optionalText,
  Problems,
  requiredText,
  type ConnectionArgs,
  type RequestContext,
  type Result,
  listTable,
  rowById,
} from '@zhongtai/kit';
import { brandCategories, brands, type BrandRow } from '../../db/tables.ts';
import { validBrandCategoryIds } from './brandCategories.ts';
import { BRAND_ID_PREFIX } from '../ids.ts';

export interface BrandFilter {
  keyword?: string | null;
}

/** Brands in name order: what a brand picker shows. */
export function listBrands(ctx: RequestContext, args: ConnectionArgs, filter: BrandFilter = {}) {
  const pattern = containsPattern(filter.keyword);
  return listTable(ctx.db, brands, args, { where: pattern ? ilike(brands.name, pattern) : undefined, sort: { column: brands.name, direction: 'ASC' } });
}

export function loadBrand(ctx: RequestContext, id: string): Promise<BrandRow | null> {
  return rowById(ctx, 'catalog.brandById', brands, BRAND_ID_PREFIX, id);
}

/** Checks that a product may name brand `id`. */
export async function existingBrand(ctx: RequestContext, id: string, problems: Problems, field: string[]): Promise<BrandRow | undefined> {
  if (!isId(BRAND_ID_PREFIX, id)) {
    problems.add(field, 'INVALID_ID', `"${id}" is not a brand id`);
    return undefined;
  }
  const row = await loadBrand(ctx, id);
  if (!row) problems.add(field, 'NOT_FOUND', `Brand ${id} not found`);
  return row ?? undefined;
}

const HTTP_URL = /^https?:\/\/\S+$/i;

export interface CreateBrandInput {
  name: string;
  logoUrl?: string | null;
  /** Limits the brand to these categories and their subtrees; none: any category. */
  categoryIds?: string[] | null;
}

export async function createBrand(ctx: RequestContext, input: CreateBrandInput): Promise<Result<BrandRow>> {
  const problems = new Problems();
  const name = requiredText(problems, input.name, ['input', 'name'], 'Brand name', 100);
  const logoUrl = optionalText(problems, input.logoUrl, ['input', 'logoUrl'], 'Logo URL', 500);
  if (logoUrl) problems.check(HTTP_URL.test(logoUrl), ['input', 'logoUrl'], 'INVALID', 'Logo URL must be an http(s) address');
  const categoryIds = await validBrandCategoryIds(ctx, problems, input.categoryIds ?? [], ['input', 'categoryIds']);
  if (problems.any || !name || !categoryIds) return problems.refuse();
  try {
    const id = newId(BRAND_ID_PREFIX);
    const row = await ctx.db.transaction(async (tx) => {
      const [brand] = await tx.insert(brands).values({ id, name, logoUrl }).returning();
      if (categoryIds.length) await tx.insert(brandCategories).values(categoryIds.map((categoryId) => ({ brandId: id, categoryId })));
      return brand!;
    });
    return ok(row);
  } catch (error) {
    if (isUniqueViolation(error, 'brands_name_key')) return problems.add(['input', 'name'], 'TAKEN', `Brand "${name}" exists`).refuse();
    throw error;
  }
}

/** Replaces the categories a brand is limited to; an empty list lifts the limit. Products already filed stay. */
export async function setBrandCategories(ctx: RequestContext, input: { brandId: string; categoryIds: string[] }): Promise<Result<BrandRow>> {
  const problems = new Problems();
  if (!isId(BRAND_ID_PREFIX, input.brandId)) return problems.add(['input', 'brandId'], 'INVALID_ID', `"${input.brandId}" is not a brand id`).refuse();
  const brand = await loadBrand(ctx, input.brandId);
  if (!brand) return problems.add(['input', 'brandId'], 'NOT_FOUND', `Brand ${input.brandId} not found`).refuse();
  const ids = await validBrandCategoryIds(ctx, problems, input.categoryIds, ['input', 'categoryIds']);
  if (!ids) return problems.refuse();
  const row = await ctx.db.transaction(async (tx) => {
    await tx.delete(brandCategories).where(eq(brandCategories.brandId, brand.id));
    if (ids.length) await tx.insert(brandCategories).values(ids.map((categoryId) => ({ brandId: brand.id, categoryId })));
    const [updated] = await tx.update(brands).set({ updatedAt: new Date() }).where(eq(brands.id, brand.id)).returning();
    return updated!;
  });
  return ok(row);
}
