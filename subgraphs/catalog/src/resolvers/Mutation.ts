import { toPayload, type RequestContext } from '@zhongtai/kit';
import { createBrand } from '../domain/brands.ts';
import { createCategory, type CreateCategoryInput } from '../domain/categories.ts';
import { updateSku, type UpdateSkuInput } from '../domain/skuUpdate.ts';
import { createSpu, type CreateSpuInput } from '../domain/spuCreate.ts';
import { publishSpu, unpublishSpu, type ChangeSpuStatusInput } from '../domain/spuStatus.ts';
import { updateSpu, type UpdateSpuInput } from '../domain/spuUpdate.ts';

type Input<T> = { input: T };

export const Mutation = {
  createCategory: async (_: unknown, { input }: Input<CreateCategoryInput>, ctx: RequestContext) => toPayload('category', await createCategory(ctx, input)),
  createBrand: async (_: unknown, { input }: Input<{ name: string; logoUrl?: string | null }>, ctx: RequestContext) =>
    toPayload('brand', await createBrand(ctx, input)),
  createSpu: async (_: unknown, { input }: Input<CreateSpuInput>, ctx: RequestContext) => toPayload('spu', await createSpu(ctx, input)),
  updateSpu: async (_: unknown, { input }: Input<UpdateSpuInput>, ctx: RequestContext) => toPayload('spu', await updateSpu(ctx, input)),
  publishSpu: async (_: unknown, { input }: Input<ChangeSpuStatusInput>, ctx: RequestContext) => toPayload('spu', await publishSpu(ctx, input)),
  unpublishSpu: async (_: unknown, { input }: Input<ChangeSpuStatusInput>, ctx: RequestContext) => toPayload('spu', await unpublishSpu(ctx, input)),
  updateSku: async (_: unknown, { input }: Input<UpdateSkuInput>, ctx: RequestContext) => toPayload('sku', await updateSku(ctx, input)),
};
