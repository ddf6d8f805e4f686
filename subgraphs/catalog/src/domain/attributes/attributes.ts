import { asc, eq } from 'drizzle-orm';
import { isId, isUniqueViolation, newId, ok, Problems, requiredText, type RequestContext, type Result, rowsByParent } from '@zhongtai/kit';
import { attributeDefinitions, type AttributeDefinitionRow, type AttributeKind, type CategoryRow } from '../../db/tables.ts';
import { loadCategory, usableCategory } from '../categories/categories.ts';
import { ATTRIBUTE_ID_PREFIX } from '../ids.ts';

export const MAX_ALLOWED_VALUES = 200;

/** Definitions declared on the category itself, by position; a page of categories loads in one query. */
export function ownDefinitions(ctx: RequestContext, categoryId: string): Promise<AttributeDefinitionRow[]> {
  return rowsByParent(
    ctx,
    'catalog.attributesByCategory',
    attributeDefinitions,
    { parent: attributeDefinitions.categoryId, orderBy: [asc(attributeDefinitions.position), asc(attributeDefinitions.id)] },
    categoryId,
  );
}

/**
 * What products of `category` must and may say: the definitions of every category on its path,
 * root first. A category below redefining a name overrides the one above (手机 narrows 颜色's values).
 */
export async function effectiveDefinitions(ctx: RequestContext, category: CategoryRow): Promise<AttributeDefinitionRow[]> {
  const path = category.path.split('/').filter(Boolean);
  const levels = await Promise.all(path.map((id) => ownDefinitions(ctx, id)));
  const byName = new Map<string, AttributeDefinitionRow>();
  for (const level of levels) for (const def of level) byName.set(def.name.toLowerCase(), def);
  return [...byName.values()];
}

export async function effectiveDefinitionsOf(ctx: RequestContext, categoryId: string): Promise<AttributeDefinitionRow[]> {
  const category = await loadCategory(ctx, categoryId);
  return category ? effectiveDefinitions(ctx, category) : [];
}

export interface AttributeDefinitionInput {
  categoryId: string;
  name: string;
  kind: AttributeKind;
  required?: boolean | null;
  allowedValues?: string[] | null;
  position?: number | null;
}

function validAllowedValues(problems: Problems, values: string[], field: string[]): string[] {
  problems.check(values.length <= MAX_ALLOWED_VALUES, field, 'TOO_MANY', `At most ${MAX_ALLOWED_VALUES} values`);
  const seen = new Set<string>();
  const out: string[] = [];
  values.forEach((v, i) => {
    const value = requiredText(problems, v, [...field, String(i)], 'Value', 50);
    if (!value) return;
    if (problems.check(!seen.has(value.toLowerCase()), [...field, String(i)], 'DUPLICATE', `"${value}" is listed twice`)) out.push(value);
    seen.add(value.toLowerCase());
  });
  return out;
}

export async function createAttributeDefinition(ctx: RequestContext, input: AttributeDefinitionInput): Promise<Result<AttributeDefinitionRow>> {
  const problems = new Problems();
  const name = requiredText(problems, input.name, ['input', 'name'], 'Attribute name', 30);
  const category = await usableCategory(ctx, input.categoryId, problems, ['input', 'categoryId']);
  const allowedValues = validAllowedValues(problems, input.allowedValues ?? [], ['input', 'allowedValues']);
  const position = input.position ?? 0;
  problems.check(Number.isInteger(position) && position >= 0, ['input', 'position'], 'OUT_OF_RANGE', 'Position is zero or more');
  if (problems.any || !name || !category) return problems.refuse();
  try {
    const [row] = await ctx.db
      .insert(attributeDefinitions)
      .values({ id: newId(ATTRIBUTE_ID_PREFIX), categoryId: category.id, name, kind: input.kind, required: input.required ?? false, allowedValues, position })
      .returning();
    return ok(row!);
  } catch (error) {
    if (isUniqueViolation(error, 'attribute_definitions_category_name_key'))
      return problems.add(['input', 'name'], 'TAKEN', `"${name}" is already defined here`).refuse();
    throw error;
  }
}

export interface UpdateAttributeDefinitionInput {
  id: string;
  required?: boolean | null;
  allowedValues?: string[] | null;
  position?: number | null;
}

/** Name and kind stay: products already store values under them. Requirements and values may change. */
export async function updateAttributeDefinition(ctx: RequestContext, input: UpdateAttributeDefinitionInput): Promise<Result<AttributeDefinitionRow>> {
  const problems = new Problems();
  if (!isId(ATTRIBUTE_ID_PREFIX, input.id)) return problems.add(['input', 'id'], 'INVALID_ID', `"${input.id}" is not an attribute id`).refuse();
  const changes: Partial<AttributeDefinitionRow> = {};
  if (input.required != null) changes.required = input.required;
  if (input.allowedValues != null) changes.allowedValues = validAllowedValues(problems, input.allowedValues, ['input', 'allowedValues']);
  if (input.position != null) {
    if (problems.check(Number.isInteger(input.position) && input.position >= 0, ['input', 'position'], 'OUT_OF_RANGE', 'Position is zero or more'))
      changes.position = input.position;
  }
  if (problems.any) return problems.refuse();
  const [row] = await ctx.db
    .update(attributeDefinitions)
    .set({ ...changes, updatedAt: new Date() })
    .where(eq(attributeDefinitions.id, input.id))
    .returning();
  return row ? ok(row) : problems.add(['input', 'id'], 'NOT_FOUND', `Attribute ${input.id} not found`).refuse();
}
