import { can, type ConnectionArgs, type RequestContext } from '@zhongtai/kit';
import type { ShopRow } from '../db/tables.ts';
import { loadShop, statusHistory } from '../domain/shops.ts';
import { listStaff } from '../domain/staff.ts';
import type { ShopResolvers } from '../generated/resolvers.ts';
import { shopTenancy } from '../domain/tenancy.ts';

export const Shop: ShopResolvers = {
  __resolveReference: (ref: { id: string }, ctx: RequestContext) => loadShop(ctx, ref.id),

  contact: (shop: ShopRow, _: unknown, ctx: RequestContext) =>
    can(ctx, shopTenancy, shop, 'read') ? { name: shop.contactName, phone: shop.contactPhone, email: shop.contactEmail } : null,

  staff: (shop: ShopRow, args: ConnectionArgs, ctx: RequestContext) => listStaff(ctx, shop.id, args),

  statusHistory: async (shop: ShopRow, _: unknown, ctx: RequestContext) =>
    (await statusHistory(ctx, shop.id)).map((c) => ({ from: c.fromStatus, to: c.toStatus, reason: c.reason, actor: c.actor, at: c.createdAt })),
};
