import { eq } from 'drizzle-orm';
import { ok, optionalText, Problems, requiredText, type RequestContext, type Result } from '@zhongtai/kit';
import { spus, type SpuRow } from '../db/tables.ts';
import { existingBrand } from './brands.ts';
import { usableCategory } from './categories.ts';
import { findSpuForChange } from './spus.ts';

/** Omitted fields stay as they are; an explicit null clears `description` and `brandId`. */
export interface UpdateSpuInput {
  id: string;
  name?: string | null;
  description?: string | null;
  categoryId?: string | null;
  brandId?: string | null;
}

export async function updateSpu(ctx: RequestContext, input: UpdateSpuInput): Promise<Result<SpuRow>> {
  const problems = new Problems();
  const existing = await findSpuForChange(ctx, input.id, problems);
  if (!existing) return problems.refuse();
  const changes: Partial<SpuRow> = {};
  if (input.name != null) changes.name = requiredText(problems, input.name, ['input', 'name'], 'Product name', 200);
  if (input.description !== undefined) changes.description = optionalText(problems, input.description, ['input', 'description'], 'Description', 5000);
  if (input.categoryId != null) changes.categoryId = (await usableCategory(ctx, input.categoryId, problems, ['input', 'categoryId']))?.id;
  if (input.brandId === null) changes.brandId = null;
  else if (input.brandId !== undefined) changes.brandId = (await existingBrand(ctx, input.brandId, problems, ['input', 'brandId']))?.id;
  if (problems.any) return problems.refuse();
  const [row] = await ctx.db
    .update(spus)
    .set({ ...changes, updatedAt: new Date() })
    .where(eq(spus.id, existing.id))
    .returning();
  return ok(row!);
}
