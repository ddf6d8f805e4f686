import type { RequestContext } from '@zhongtai/kit';
import type { CheckoutRow } from '../db/tables.ts';
import { ordersOfCheckout } from '../domain/orderQueries.ts';
import { checkoutTenancy, orderTenancy } from '../domain/tenancy.ts';

/** A merchant reaches a checkout through its shop's order in it. */
const Checkout = {
  ...checkoutTenancy,
  reference: {
    reachedByShop: async (ctx: RequestContext, c: CheckoutRow, shopId: string) => (await ordersOfCheckout(ctx, c.id)).some((o) => o.shopId === shopId),
  },
};

export const entityScopes = { Order: orderTenancy, Checkout };
