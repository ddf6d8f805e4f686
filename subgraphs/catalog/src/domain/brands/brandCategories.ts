// The categories a brand is limited to: brands.ts builds on this file, never the other way round.
import { Problems, type RequestContext, rowsByParent } from '@zhongtai/kit';
import { brandCategories, type BrandRow, type CategoryRow } from '../../db/tables.ts';
import { loadCategory } from '../categories/categories.ts';

export const MAX_BRAND_CATEGORIES = 100;

/** The categories a brand is limited to (empty: any); a page of brands loads in one query. */
export async function categoryIdsOfBrand(ctx: RequestContext, brandId: string): Promise<string[]> {
  const rows = await rowsByParent(ctx, 'catalog.categoriesByBrand', brandCategories, { parent: brandCategories.brandId }, brandId);
  return rows.map((r) => r.categoryId);
}

/**
 * A brand limited to categories fits a product only in one of them or below: 耐克 under 运动
 * fits 跑步鞋, not 手机. Records INVALID on `field` otherwise.
 */
export async function brandFitsCategory(ctx: RequestContext, brand: BrandRow, category: CategoryRow, problems: Problems, field: string[]): Promise<boolean> {
  const limited = await categoryIdsOfBrand(ctx, brand.id);
  const path = category.path.split('/');
  return problems.check(
    !limited.length || limited.some((id) => path.includes(id)),
    field,
    'INVALID',
    `${brand.name} is not sold in category "${category.name}"`,
  );
}

/** Checks a list of category ids for a brand: known, distinct. */
export async function validBrandCategoryIds(ctx: RequestContext, problems: Problems, ids: string[], field: string[]): Promise<string[] | undefined> {
  if (!problems.check(ids.length <= MAX_BRAND_CATEGORIES, field, 'TOO_MANY', `At most ${MAX_BRAND_CATEGORIES} categories`)) return undefined;
  const before = problems.errors.length;
  const found = await Promise.all(ids.map((id) => loadCategory(ctx, id)));
  ids.forEach((id, i) => {
    if (!found[i]) problems.add([...field, String(i)], 'NOT_FOUND', `Category ${id} not found`);
    else problems.check(ids.indexOf(id) === i, [...field, String(i)], 'DUPLICATE', 'This category is listed twice');
  });
  return problems.errors.length === before ? ids : undefined;
}
