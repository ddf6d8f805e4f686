import { and, eq, like, sql } from 'drizzle-orm';
import { escapeLike, isId, isUniqueViolation, ok, Problems, type RequestContext, type Result } from '@zhongtai/kit';
import { categories, type CategoryRow, type CategoryStatus } from '../../db/tables.ts';
import { MAX_CATEGORY_DEPTH } from './categories.ts';
import { CATEGORY_ID_PREFIX } from '../ids.ts';

async function categoryForChange(ctx: RequestContext, id: string, problems: Problems, field: string[]): Promise<CategoryRow | undefined> {
  if (!isId(CATEGORY_ID_PREFIX, id)) {
    problems.add(field, 'INVALID_ID', `"${id}" is not a category id`);
    return undefined;
  }
  const [row] = await ctx.db.select().from(categories).where(eq(categories.id, id));
  if (!row) problems.add(field, 'NOT_FOUND', `Category ${id} not found`);
  return row;
}

export interface MoveCategoryInput {
  id: string;
  /** Null makes it a root. */
  parentId?: string | null;
  position?: number | null;
}

/**
 * Moves a category (with everything below it) under another parent and/or to another position.
 * The subtree's materialized paths and depths are rewritten in one statement, so products filed
 * below follow without being touched.
 */
export async function moveCategory(ctx: RequestContext, input: MoveCategoryInput): Promise<Result<CategoryRow>> {
  const problems = new Problems();
  const row = await categoryForChange(ctx, input.id, problems, ['input', 'id']);
  const parent = input.parentId != null ? await categoryForChange(ctx, input.parentId, problems, ['input', 'parentId']) : null;
  const position = input.position ?? row?.position ?? 0;
  problems.check(Number.isInteger(position) && position >= 0, ['input', 'position'], 'OUT_OF_RANGE', 'Position is zero or more');
  if (!row || parent === undefined || problems.any) return problems.refuse();
  if (parent && parent.path.startsWith(row.path)) return problems.add(['input', 'parentId'], 'INVALID', 'A category cannot move below itself').refuse();
  const [deepest] = await ctx.db
    .select({ depth: sql<number>`max(${categories.depth})` })
    .from(categories)
    .where(like(categories.path, `${escapeLike(row.path)}%`));
  const newDepth = (parent?.depth ?? 0) + 1;
  const bottom = Number(deepest?.depth ?? row.depth) - row.depth + newDepth;
  if (!problems.check(bottom <= MAX_CATEGORY_DEPTH, ['input', 'parentId'], 'OUT_OF_RANGE', `Categories nest at most ${MAX_CATEGORY_DEPTH} levels`))
    return problems.refuse();
  const newPath = `${parent?.path ?? '/'}${row.id}/`;
  try {
    const moved = await ctx.db.transaction(async (tx) => {
      await tx
        .update(categories)
        .set({
          path: sql`${newPath} || substr(${categories.path}, ${row.path.length + 1})`,
          depth: sql`${categories.depth} + ${newDepth - row.depth}`,
          updatedAt: new Date(),
        })
        .where(like(categories.path, `${escapeLike(row.path)}%`));
      const [updated] = await tx
        .update(categories)
        .set({ parentId: parent?.id ?? null, position })
        .where(eq(categories.id, row.id))
        .returning();
      return updated!;
    });
    return ok(moved);
  } catch (error) {
    if (isUniqueViolation(error, 'categories_sibling_name_key'))
      return problems.add(['input', 'parentId'], 'TAKEN', `A category named "${row.name}" exists there`).refuse();
    throw error;
  }
}

/**
 * Disabling a category disables its subtree: no new products are filed there and only operators
 * see it. Products already filed stay as they are. Enabling needs an enabled parent.
 */
export async function setCategoryStatus(ctx: RequestContext, input: { id: string; status: CategoryStatus }): Promise<Result<CategoryRow>> {
  const problems = new Problems();
  const row = await categoryForChange(ctx, input.id, problems, ['input', 'id']);
  if (!row) return problems.refuse();
  if (input.status === 'ENABLED' && row.parentId) {
    const [parent] = await ctx.db
      .select()
      .from(categories)
      .where(and(eq(categories.id, row.parentId), eq(categories.status, 'DISABLED')));
    if (parent) return problems.add(['input', 'id'], 'INACTIVE', `Enable "${parent.name}" first`).refuse();
  }
  await ctx.db
    .update(categories)
    .set({ status: input.status, updatedAt: new Date() })
    .where(like(categories.path, `${escapeLike(row.path)}%`));
  const [updated] = await ctx.db.select().from(categories).where(eq(categories.id, row.id));
  return ok(updated!);
}
