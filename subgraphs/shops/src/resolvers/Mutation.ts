import { toPayload, type RequestContext } from '@zhongtai/kit';
import { changeShopStatus, createShop, updateShop, type CreateShopInput, type UpdateShopInput } from '../domain/shops.ts';
import { addStaff, updateStaff, type AddStaffInput, type UpdateStaffInput } from '../domain/staff.ts';
import type { ShopStatus } from '../db/tables.ts';
import {
  createPlatformStaff,
  setPlatformStaffStatus,
  updatePlatformStaff,
  type CreatePlatformStaffInput,
  type UpdatePlatformStaffInput,
} from '../domain/platformStaff.ts';
import type { MutationResolvers } from '../generated/resolvers.ts';

type Input<T> = { input: T };

export const Mutation: MutationResolvers = {
  createShop: async (_: unknown, { input }: Input<CreateShopInput>, ctx: RequestContext) => toPayload('shop', await createShop(ctx, input)),
  updateShop: async (_: unknown, { input }: Input<UpdateShopInput>, ctx: RequestContext) => toPayload('shop', await updateShop(ctx, input)),
  changeShopStatus: async (_: unknown, { input }: Input<{ id: string; status: ShopStatus; reason?: string | null }>, ctx: RequestContext) =>
    toPayload('shop', await changeShopStatus(ctx, input)),
  addShopStaff: async (_: unknown, { input }: Input<AddStaffInput>, ctx: RequestContext) => toPayload('staff', await addStaff(ctx, input)),
  updateShopStaff: async (_: unknown, { input }: Input<UpdateStaffInput>, ctx: RequestContext) => toPayload('staff', await updateStaff(ctx, input)),
  createPlatformStaff: async (_: unknown, { input }: Input<CreatePlatformStaffInput>, ctx: RequestContext) =>
    toPayload('staff', await createPlatformStaff(ctx, input)),
  updatePlatformStaff: async (_: unknown, { input }: Input<UpdatePlatformStaffInput>, ctx: RequestContext) =>
    toPayload('staff', await updatePlatformStaff(ctx, input)),
  suspendPlatformStaff: async (_: unknown, { input }: Input<{ id: string }>, ctx: RequestContext) =>
    toPayload('staff', await setPlatformStaffStatus(ctx, input, 'SUSPENDED')),
  reactivatePlatformStaff: async (_: unknown, { input }: Input<{ id: string }>, ctx: RequestContext) =>
    toPayload('staff', await setPlatformStaffStatus(ctx, input, 'ACTIVE')),
};
