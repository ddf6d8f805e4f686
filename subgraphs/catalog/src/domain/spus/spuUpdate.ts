import { eq } from 'drizzle-orm';
import { ok, optionalText, Problems, requiredText, type RequestContext, type Result } from '@zhongtai/kit';
import { spus, type SpuRow } from '../../db/tables.ts';
import { effectiveDefinitionsOf } from '../attributes/attributes.ts';
import { keyAttributes, validateSpuAttributes } from '../attributes/attributeRules.ts';
import { brandFitsCategory } from '../brands/brandCategories.ts';
import { existingBrand, loadBrand } from '../brands/brands.ts';
import { loadCategory, usableCategory } from '../categories/categories.ts';
import type { AttributeValueInput } from '../skus/skuRules.ts';
import { validateMediaUrls } from './spuFields.ts';
import { findSpuForChange } from './spus.ts';
import { returnToReview } from './spuStatus.ts';
import { validateVoucherTerms, type VoucherTermsInput } from './voucherTerms.ts';

/** Omitted fields stay as they are; an explicit null clears `description` and `brandId`. */
export interface UpdateSpuInput {
  id: string;
  name?: string | null;
  description?: string | null;
  categoryId?: string | null;
  brandId?: string | null;
  /** Replaces all key and descriptive attribute values. */
  attributes?: AttributeValueInput[] | null;
  mediaUrls?: string[] | null;
  /** A service's voucher terms; an explicit null clears them. */
  voucherTerms?: VoucherTermsInput | null;
}

/** What identifies a product to a reviewer: changing any of these re-opens review of a listed product. */
function keyFieldsChanged(before: SpuRow, after: SpuRow): string[] {
  const changed: string[] = [];
  if (before.name !== after.name) changed.push('name');
  if (before.categoryId !== after.categoryId) changed.push('category');
  if (before.brandId !== after.brandId) changed.push('brand');
  if (keyAttributes(before.attributes) !== keyAttributes(after.attributes)) changed.push('key attributes');
  return changed;
}

export async function updateSpu(ctx: RequestContext, input: UpdateSpuInput): Promise<Result<SpuRow>> {
  const problems = new Problems();
  const existing = await findSpuForChange(ctx, input.id, problems);
  if (!existing) return problems.refuse();
  const changes: Partial<SpuRow> = {};
  if (input.name != null) changes.name = requiredText(problems, input.name, ['input', 'name'], 'Product name', 200);
  if (input.description !== undefined) changes.description = optionalText(problems, input.description, ['input', 'description'], 'Description', 5000);
  if (input.mediaUrls != null) changes.mediaUrls = validateMediaUrls(problems, input.mediaUrls, ['input', 'mediaUrls']);
  // Not a key field: new terms apply to vouchers issued from now on, without a new review.
  if (input.voucherTerms === null) changes.voucherTerms = null;
  else if (input.voucherTerms !== undefined)
    changes.voucherTerms = validateVoucherTerms(problems, input.voucherTerms, existing.productType, ctx.now(), ['input', 'voucherTerms']);
  if (input.categoryId != null) changes.categoryId = (await usableCategory(ctx, input.categoryId, problems, ['input', 'categoryId']))?.id;
  if (input.brandId === null) changes.brandId = null;
  else if (input.brandId !== undefined) changes.brandId = (await existingBrand(ctx, input.brandId, problems, ['input', 'brandId']))?.id;
  const categoryId = changes.categoryId ?? existing.categoryId;
  const brandId = changes.brandId === undefined ? existing.brandId : changes.brandId;
  if ((changes.brandId || changes.categoryId) && brandId && !problems.any) {
    const [brand, category] = await Promise.all([loadBrand(ctx, brandId), loadCategory(ctx, categoryId)]);
    if (brand && category) await brandFitsCategory(ctx, brand, category, problems, ['input', changes.brandId ? 'brandId' : 'categoryId']);
  }
  // A new category brings new definitions: the values must fit them (given now or kept).
  if (input.attributes != null || changes.categoryId) {
    const defs = await effectiveDefinitionsOf(ctx, categoryId);
    changes.attributes = validateSpuAttributes(problems, input.attributes ?? existing.attributes, defs, ['input', 'attributes']);
  }
  if (problems.any) return problems.refuse();
  return ctx.db.transaction(async (tx) => {
    const [row] = await tx
      .update(spus)
      .set({ ...changes, updatedAt: new Date() })
      .where(eq(spus.id, existing.id))
      .returning();
    const changed = keyFieldsChanged(existing, row!);
    if (!changed.length) return ok(row!);
    return ok({ ...row!, status: await returnToReview(tx, ctx, row!, changed.join(', ')) });
  });
}
