import { readableRows, type RequestContext } from '@zhongtai/kit';
import type { CheckoutRow } from '../db/tables.ts';
import { orderOfRefund, ordersDiscountedByCoupon } from '../domain/checkouts.ts';
import { loadCheckout } from '../domain/orderQueries.ts';
import type { CouponResolvers, PaymentResolvers, RefundResolvers } from '../generated/resolvers.ts';
import { entityScopes } from './scopes.ts';

/**
 * Payments, refunds and coupons of the other centers name a checkout by id (their `orderId`):
 * the checkout, if the caller may see it (any of its orders readable, or its customer).
 */
async function checkoutNamed(ctx: RequestContext, id: string | null | undefined): Promise<CheckoutRow | null> {
  const row = id ? await loadCheckout(ctx, id) : null;
  if (!row) return null;
  return (await readableRows(ctx, entityScopes.Checkout, [row])).length ? row : null;
}

type Named = { id: string; orderId?: string | null };

export const Payment: PaymentResolvers = {
  checkout: (payment: Named, _: unknown, ctx: RequestContext) => checkoutNamed(ctx, payment.orderId),
};

export const Refund: RefundResolvers = {
  checkout: (refund: Named, _: unknown, ctx: RequestContext) => checkoutNamed(ctx, refund.orderId),
  order: (refund: Named, _: unknown, ctx: RequestContext) => orderOfRefund(ctx, refund.id),
};

const couponOrders = async (coupon: Named, ctx: RequestContext) => readableRows(ctx, entityScopes.Order, await ordersDiscountedByCoupon(ctx, coupon.orderId));

export const Coupon: CouponResolvers = {
  checkout: (coupon: Named, _: unknown, ctx: RequestContext) => checkoutNamed(ctx, coupon.orderId),
  order: async (coupon: Named, _: unknown, ctx: RequestContext) => {
    const [only, ...more] = await couponOrders(coupon, ctx);
    return only && more.length === 0 ? only : null;
  },
  orders: (coupon: Named, _: unknown, ctx: RequestContext) => couponOrders(coupon, ctx),
};
