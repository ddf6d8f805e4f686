import type { ConnectionArgs, RequestContext } from '@zhongtai/kit';
import { findRequest, listMyRequests, listRequests, openRequestOrders, type RequestFilter } from '../domain/requests.ts';
import type { QueryResolvers } from '../generated/resolvers.ts';

type List = ConnectionArgs & { filter?: RequestFilter | null };

export const Query: QueryResolvers = {
  afterSaleRequests: (_: unknown, args: List, ctx: RequestContext) => listRequests(ctx, args, args.filter ?? {}),
  myAfterSaleRequests: (_: unknown, args: List, ctx: RequestContext) => listMyRequests(ctx, args, args.filter ?? {}),
  afterSaleRequest: (_: unknown, { id }: { id: string }, ctx: RequestContext) => findRequest(ctx, id),
  openAfterSaleOrders: (_: unknown, { orderIds }: { orderIds: string[] }, ctx: RequestContext) => openRequestOrders(ctx, orderIds),
};
