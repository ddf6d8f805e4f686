import { asc, eq, inArray, isNull, like, sql, type SQL } from 'drizzle-orm';
import type { PgColumn } from 'drizzle-orm/pg-core';
import { anyOf, escapeLike, isId, isUniqueViolation, newId, ok, Problems, requiredText, type RequestContext, type Result, rowsByParent } from '@zhongtai/kit';
import { categories, type CategoryRow } from '../../db/tables.ts';
import { CATEGORY_ID_PREFIX } from '../ids.ts';

/** Deep enough for 数码 > 手机 > 智能手机 > ...; deeper trees are a merchandising smell. */
export const MAX_CATEGORY_DEPTH = 5;

export function loadCategory(ctx: RequestContext, id: string): Promise<CategoryRow | null> {
  if (!isId(CATEGORY_ID_PREFIX, id)) return Promise.resolve(null);
  return ctx.loaders.byId<CategoryRow>('catalog.categoryById', (ids) => ctx.db.select().from(categories).where(anyOf(categories.id, ids))).load(id);
}

/** Disabled categories are the platform's work in progress: only operators see them in the tree. */
function visible(ctx: RequestContext, row: CategoryRow): boolean {
  return row.status === 'ENABLED' || ctx.claims?.role === 'ADMIN';
}

export async function findCategory(ctx: RequestContext, id: string): Promise<CategoryRow | null> {
  const row = await loadCategory(ctx, id);
  return row && visible(ctx, row) ? row : null;
}

/** Children of `parentId` (roots when null), ordered by position; children of many parents batch into one query. */
export async function childCategories(ctx: RequestContext, parentId: string | null): Promise<CategoryRow[]> {
  let rows: CategoryRow[];
  if (parentId === null) {
    rows = await ctx.db.select().from(categories).where(isNull(categories.parentId)).orderBy(asc(categories.position), asc(categories.id));
  } else {
    if (!isId(CATEGORY_ID_PREFIX, parentId)) return [];
    rows = await rowsByParent(
      ctx,
      'catalog.categoriesByParent',
      categories,
      { parent: categories.parentId, orderBy: [asc(categories.position), asc(categories.id)] },
      parentId,
    );
  }
  return rows.filter((row) => visible(ctx, row));
}

/** The categories above `row`, root first, read from its materialized path. */
export async function ancestorCategories(ctx: RequestContext, row: CategoryRow): Promise<CategoryRow[]> {
  const ids = row.path.split('/').filter((id) => id && id !== row.id);
  const found = await Promise.all(ids.map((id) => loadCategory(ctx, id)));
  return found.filter((c): c is CategoryRow => c !== null);
}

/** `column IN (the category and everything below it)`; false for an unknown category. */
export async function inCategorySubtree(ctx: RequestContext, column: PgColumn, categoryId: string): Promise<SQL> {
  const root = await loadCategory(ctx, categoryId);
  if (!root) return sql`false`;
  return inArray(
    column,
    ctx.db
      .select({ id: categories.id })
      .from(categories)
      .where(like(categories.path, `${escapeLike(root.path)}%`)),
  );
}

/** Checks that products may be filed under `id`: it exists and is enabled. */
export async function usableCategory(ctx: RequestContext, id: string, problems: Problems, field: string[]): Promise<CategoryRow | undefined> {
  if (!isId(CATEGORY_ID_PREFIX, id)) {
    problems.add(field, 'INVALID_ID', `"${id}" is not a category id`);
    return undefined;
  }
  const row = await loadCategory(ctx, id);
  if (!row) problems.add(field, 'NOT_FOUND', `Category ${id} not found`);
  else if (row.status !== 'ENABLED') problems.add(field, 'INACTIVE', `Category "${row.name}" is disabled`);
  return row ?? undefined;
}

export interface CreateCategoryInput {
  parentId?: string | null;
  name: string;
  position?: number | null;
}

export async function createCategory(ctx: RequestContext, input: CreateCategoryInput): Promise<Result<CategoryRow>> {
  const problems = new Problems();
  const name = requiredText(problems, input.name, ['input', 'name'], 'Category name', 100);
  const position = input.position ?? 0;
  problems.check(Number.isInteger(position) && position >= 0, ['input', 'position'], 'OUT_OF_RANGE', 'Position is zero or more');
  let parent: CategoryRow | null = null;
  if (input.parentId != null) {
    if (!isId(CATEGORY_ID_PREFIX, input.parentId)) {
      problems.add(['input', 'parentId'], 'INVALID_ID', `"${input.parentId}" is not a category id`);
    } else {
      [parent = null] = await ctx.db.select().from(categories).where(eq(categories.id, input.parentId));
      if (!parent) problems.add(['input', 'parentId'], 'NOT_FOUND', `Category ${input.parentId} not found`);
      else problems.check(parent.depth < MAX_CATEGORY_DEPTH, ['input', 'parentId'], 'OUT_OF_RANGE', `Categories nest at most ${MAX_CATEGORY_DEPTH} levels`);
    }
  }
  if (problems.any || !name) return problems.refuse();
  const id = newId(CATEGORY_ID_PREFIX);
  try {
    const [row] = await ctx.db
      .insert(categories)
      .values({ id, parentId: parent?.id ?? null, name, position, path: `${parent?.path ?? '/'}${id}/`, depth: (parent?.depth ?? 0) + 1 })
      .returning();
    return ok(row!);
  } catch (error) {
    if (isUniqueViolation(error, 'categories_sibling_name_key')) {
      return problems.add(['input', 'name'], 'TAKEN', `"${name}" already exists at this level`).refuse();
    }
    throw error;
  }
}
