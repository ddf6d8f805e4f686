import type { ConnectionArgs, RequestContext } from '@zhongtai/kit';
import { checkoutAttempt } from '../domain/checkoutAttempt.ts';
import { listPresalePlans } from '../domain/presale.ts';
import { orderParties, shopBuyers } from '../domain/parties.ts';
import { afterSaleOrder } from '../domain/afterSaleFacts.ts';
import { readableCheckout } from '../domain/checkouts.ts';
import { entityScopes } from './scopes.ts';
import { soldOrders } from '../domain/soldOrders.ts';
import { listMyOrders, listOrders, readableOrder, type OrderFilter, type OrderSort } from '../domain/orderQueries.ts';
import type { QueryResolvers } from '../generated/resolvers.ts';

export const Query: QueryResolvers = {
  orders: (_: unknown, args: ConnectionArgs & { filter?: OrderFilter | null; sort?: OrderSort | null }, ctx: RequestContext) =>
    listOrders(ctx, args, args.filter ?? {}, args.sort ?? undefined),
  myOrders: (_: unknown, args: ConnectionArgs & { filter?: { status?: OrderFilter['status']; placedByStaff?: boolean | null } | null }, ctx: RequestContext) =>
    listMyOrders(ctx, args, args.filter ?? {}),
  presalePlans: (_: unknown, args: ConnectionArgs & { shopId?: string | null }, ctx: RequestContext) => listPresalePlans(ctx, args, args.shopId),
  order: (_: unknown, { id }: { id: string }, ctx: RequestContext) => readableOrder(ctx, id),
  checkout: (_: unknown, { id }: { id: string }, ctx: RequestContext) => readableCheckout(ctx, id, entityScopes.Checkout),
  checkoutByIdempotencyKey: (_: unknown, { key }: { key: string }, ctx: RequestContext) => checkoutAttempt(ctx, key),
  orderParties: (_: unknown, { ids }: { ids: string[] }, ctx: RequestContext) => orderParties(ctx, ids),
  shopBuyers: (_: unknown, { shopId, memberIds }: { shopId: string; memberIds: string[] }, ctx: RequestContext) => shopBuyers(ctx, shopId, memberIds),
  afterSaleOrder: (_: unknown, { id }: { id: string }, ctx: RequestContext) => afterSaleOrder(ctx, id),
  soldOrders: (_: unknown, args: { after?: string | null; first: number; paidFrom?: Date | null; paidTo?: Date | null }, ctx: RequestContext) =>
    soldOrders(ctx, args),
};
