import { existing, type RequestContext } from '@zhongtai/kit';
import type { ShopStaffRow } from '../db/tables.ts';
import { loadShop } from '../domain/shops.ts';
import { loadStaff } from '../domain/staff.ts';
import type { ShopStaffResolvers } from '../generated/resolvers.ts';

export const ShopStaff: ShopStaffResolvers = {
  __resolveReference: (ref: { id: string }, ctx: RequestContext) => loadStaff(ctx, ref.id),
  shop: async (staff: ShopStaffRow, _: unknown, ctx: RequestContext) => existing(await loadShop(ctx, staff.shopId), 'Shop', staff.shopId),
};
