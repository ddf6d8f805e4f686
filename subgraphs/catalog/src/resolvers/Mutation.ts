import { toMoney, toPayload, type CurrencyCode, type RequestContext } from '@zhongtai/kit';
import {
  createAttributeDefinition,
  updateAttributeDefinition,
  type AttributeDefinitionInput,
  type UpdateAttributeDefinitionInput,
} from '../domain/attributes/attributes.ts';
import { createBrand, setBrandCategories, type CreateBrandInput } from '../domain/brands/brands.ts';
import { bulkUpdatePrices, type BulkUpdatePricesInput } from '../domain/prices/bulkPrices.ts';
import { createCategory, type CreateCategoryInput } from '../domain/categories/categories.ts';
import { moveCategory, setCategoryStatus, type MoveCategoryInput } from '../domain/categories/categoryTree.ts';
import { recordPurchaseCost, type RecordPurchaseCostInput } from '../domain/prices/purchaseCost.ts';
import { cancelPriceChange, schedulePriceChange, type SchedulePriceChangeInput } from '../domain/prices/priceSchedule.ts';
import { approveSpu, publishSpu, rejectSpu, submitSpuForReview, unpublishSpu } from '../domain/spus/review.ts';
import { setSkuMatrix, type SetSkuMatrixInput } from '../domain/skus/skuMatrixApply.ts';
import { updateSku, type UpdateSkuInput } from '../domain/skus/skuUpdate.ts';
import { createSpu, type CreateSpuInput } from '../domain/spus/spuCreate.ts';
import type { ChangeSpuStatusInput } from '../domain/spus/spuStatus.ts';
import { updateSpu, type UpdateSpuInput } from '../domain/spus/spuUpdate.ts';
import type { CategoryStatus } from '../db/tables.ts';
import type { MutationResolvers } from '../generated/resolvers.ts';

type Input<T> = { input: T };
type Ctx = RequestContext;

export const Mutation: MutationResolvers = {
  createCategory: async (_: unknown, { input }: Input<CreateCategoryInput>, ctx: Ctx) => toPayload('category', await createCategory(ctx, input)),
  moveCategory: async (_: unknown, { input }: Input<MoveCategoryInput>, ctx: Ctx) => toPayload('category', await moveCategory(ctx, input)),
  setCategoryStatus: async (_: unknown, { input }: Input<{ id: string; status: CategoryStatus }>, ctx: Ctx) =>
    toPayload('category', await setCategoryStatus(ctx, input)),
  createAttributeDefinition: async (_: unknown, { input }: Input<AttributeDefinitionInput>, ctx: Ctx) =>
    toPayload('attributeDefinition', await createAttributeDefinition(ctx, input)),
  updateAttributeDefinition: async (_: unknown, { input }: Input<UpdateAttributeDefinitionInput>, ctx: Ctx) =>
    toPayload('attributeDefinition', await updateAttributeDefinition(ctx, input)),
  createBrand: async (_: unknown, { input }: Input<CreateBrandInput>, ctx: Ctx) => toPayload('brand', await createBrand(ctx, input)),
  setBrandCategories: async (_: unknown, { input }: Input<{ brandId: string; categoryIds: string[] }>, ctx: Ctx) =>
    toPayload('brand', await setBrandCategories(ctx, input)),
  createSpu: async (_: unknown, { input }: Input<CreateSpuInput>, ctx: Ctx) => toPayload('spu', await createSpu(ctx, input)),
  updateSpu: async (_: unknown, { input }: Input<UpdateSpuInput>, ctx: Ctx) => toPayload('spu', await updateSpu(ctx, input)),
  setSkuMatrix: async (_: unknown, { input }: Input<SetSkuMatrixInput>, ctx: Ctx) => toPayload('spu', await setSkuMatrix(ctx, input)),
  submitSpuForReview: async (_: unknown, { input }: Input<ChangeSpuStatusInput>, ctx: Ctx) => toPayload('spu', await submitSpuForReview(ctx, input)),
  approveSpu: async (_: unknown, { input }: Input<ChangeSpuStatusInput>, ctx: Ctx) => toPayload('spu', await approveSpu(ctx, input)),
  rejectSpu: async (_: unknown, { input }: Input<ChangeSpuStatusInput>, ctx: Ctx) => toPayload('spu', await rejectSpu(ctx, input)),
  publishSpu: async (_: unknown, { input }: Input<ChangeSpuStatusInput>, ctx: Ctx) => toPayload('spu', await publishSpu(ctx, input)),
  unpublishSpu: async (_: unknown, { input }: Input<ChangeSpuStatusInput>, ctx: Ctx) => toPayload('spu', await unpublishSpu(ctx, input)),
  updateSku: async (_: unknown, { input }: Input<UpdateSkuInput>, ctx: Ctx) => toPayload('sku', await updateSku(ctx, input)),
  schedulePriceChange: async (_: unknown, { input }: Input<SchedulePriceChangeInput>, ctx: Ctx) =>
    toPayload('priceChange', await schedulePriceChange(ctx, input)),
  cancelPriceChange: async (_: unknown, { input }: Input<{ id: string }>, ctx: Ctx) => toPayload('priceChange', await cancelPriceChange(ctx, input)),
  bulkUpdatePrices: async (_: unknown, { input }: Input<BulkUpdatePricesInput>, ctx: Ctx) => toPayload('skus', await bulkUpdatePrices(ctx, input)),
  recordPurchaseCost: async (_: unknown, { input }: Input<RecordPurchaseCostInput>, ctx: Ctx) => {
    const result = await recordPurchaseCost(ctx, input);
    if (!result.ok) return { skuId: null, costPrice: null, userErrors: result.errors };
    const currency = input.unitCost.currencyCode as CurrencyCode;
    return { skuId: result.value.skuId, costPrice: toMoney(result.value.costPrice, currency), userErrors: [] };
  },
};
