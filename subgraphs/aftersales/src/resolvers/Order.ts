import type { RequestContext } from '@zhongtai/kit';
import { canRead } from '../domain/access.ts';
import { requestsOfOrder } from '../domain/requests.ts';
import type { OrderResolvers } from '../generated/resolvers.ts';

/** Order.afterSales, batched by order id; requests the caller may not read are left out. */
export const Order: OrderResolvers = {
  __resolveReference: (ref: { id: string }) => ({ id: ref.id }),
  afterSales: async (order: { id: string }, _: unknown, ctx: RequestContext) => (await requestsOfOrder(ctx, order.id)).filter((r) => canRead(ctx, r)),
};
