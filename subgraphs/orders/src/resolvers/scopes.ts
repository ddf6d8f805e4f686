import { SCOPED_BY_FIELDS, type RequestContext } from '@zhongtai/kit';
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

/** Payments, refunds and coupons are their centers'; the fields added here scope what they reach. */
export const entityScopes = { Order: orderTenancy, Checkout, Payment: SCOPED_BY_FIELDS, Refund: SCOPED_BY_FIELDS, Coupon: SCOPED_BY_FIELDS };
