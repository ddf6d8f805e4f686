import type { EntityScope, RequestContext } from '@zhongtai/kit';
import type { CheckoutRow, OrderRow } from '../db/tables.ts';
import { ordersOfCheckout } from '../domain/orderQueries.ts';

const Order: EntityScope<OrderRow> = { shop: (o) => o.shopId, member: (o) => o.memberId };

/** A checkout is its customer's; a merchant reaches it through its shop's order in it. */
const Checkout: EntityScope<CheckoutRow> = {
  member: (c) => c.memberId,
  reachedByShop: async (ctx: RequestContext, c, shopId) => (await ordersOfCheckout(ctx, c.id)).some((o) => o.shopId === shopId),
};

export const entityScopes = { Order, Checkout };
