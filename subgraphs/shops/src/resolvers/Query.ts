import { anyOf, notFound, type ConnectionArgs, type RequestContext } from '@zhongtai/kit';
import { shops } from '../db/tables.ts';
import { listShops, loadShop, type ShopFilter, type ShopSort } from '../domain/shops.ts';
import { listPlatformStaff, loadPlatformStaff, staffStandings } from '../domain/platformStaff.ts';
import { listAuditEntries, type AuditEntryFilter } from '../domain/audit.ts';
import type { QueryResolvers } from '../generated/resolvers.ts';

export const Query: QueryResolvers = {
  shops: (_: unknown, args: ConnectionArgs & { filter?: ShopFilter | null; sort?: ShopSort | null }, ctx: RequestContext) =>
    listShops(ctx, args, args.filter ?? {}, args.sort ?? undefined),

  shop: async (_: unknown, { id }: { id: string }, ctx: RequestContext) => {
    const shop = await loadShop(ctx, id);
    // Customers see a shop only while it trades.
    if (shop && ctx.claims?.role === 'CUSTOMER' && shop.status !== 'ACTIVE') return null;
    return shop;
  },

  myShop: async (_: unknown, __: unknown, ctx: RequestContext) => {
    const shopId = ctx.claims!.shopId!;
    return (await loadShop(ctx, shopId)) ?? Promise.reject(notFound('Shop', shopId));
  },

  shopStandings: (_: unknown, { ids }: { ids: string[] }, ctx: RequestContext) =>
    ids.length ? ctx.db.select({ id: shops.id, status: shops.status, currencyCode: shops.currencyCode }).from(shops).where(anyOf(shops.id, ids)) : [],

  staffStandings: (_: unknown, { ids }: { ids: string[] }, ctx: RequestContext) => staffStandings(ctx, ids),

  platformStaffMembers: (_: unknown, args: ConnectionArgs & { filter?: Parameters<typeof listPlatformStaff>[2] | null }, ctx: RequestContext) =>
    listPlatformStaff(ctx, args, args.filter ?? {}),

  platformStaff: (_: unknown, { id }: { id: string }, ctx: RequestContext) => loadPlatformStaff(ctx, id),

  auditEntries: (_: unknown, args: ConnectionArgs & { filter?: AuditEntryFilter | null }, ctx: RequestContext) =>
    listAuditEntries(ctx, args, args.filter ?? {}),
};
