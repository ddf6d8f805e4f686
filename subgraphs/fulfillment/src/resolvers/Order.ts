import { can, type RequestContext } from '@zhongtai/kit';
import { noticesOfOrder } from '../domain/notices.ts';
import { shipmentsOfOrder } from '../domain/shipments.ts';
import { shipmentTenancy, shippingNoticeTenancy } from '../domain/tenancy.ts';
import type { OrderResolvers } from '../generated/resolvers.ts';

/**
 * Order's fulfillment side, batched by order id for a page of orders. Rows the caller may not
 * read (another shop's, another customer's) are left out, never an error in the middle of a list.
 */
export const Order: OrderResolvers = {
  __resolveReference: (ref: { id: string }) => ({ id: ref.id }),
  shipments: async (order: { id: string }, _: unknown, ctx: RequestContext) =>
    (await shipmentsOfOrder(ctx, order.id)).filter((r) => can(ctx, shipmentTenancy, r, 'read')),
  shippingNotices: async (order: { id: string }, _: unknown, ctx: RequestContext) =>
    (await noticesOfOrder(ctx, order.id)).filter((r) => can(ctx, shippingNoticeTenancy, r, 'read')),
};
