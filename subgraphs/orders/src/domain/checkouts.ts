import { anyOf, canReadEntity, forbidden, isId, type RequestContext, type Tenancy } from '@zhongtai/kit';
import { orderRefundRequests, type CheckoutRow, type OrderRow } from '../db/tables.ts';
import { CHECKOUT_ID_PREFIX } from './ids.ts';
import { linesOf, loadCheckout, ordersOfCheckout, readableOrder } from './orderQueries.ts';

/**
 * A checkout is the customer's; operators and analysts read any; a merchant reads one that holds
 * its shop's order: `scope` is the checkout's entity scope (resolvers/scopes.ts), so a lookup by
 * id and a reference follow one rule.
 */
export async function readableCheckout(ctx: RequestContext, id: string, scope: Tenancy<CheckoutRow>): Promise<CheckoutRow | null> {
  const row = isId(CHECKOUT_ID_PREFIX, id) ? await loadCheckout(ctx, id) : null;
  if (row && !(await canReadEntity(ctx, scope, row))) throw forbidden(`This checkout is not yours`);
  return row;
}

export interface CheckoutTotals {
  items: bigint;
  discount: bigint;
  freight: bigint;
  refunded: bigint;
  paidAt: Date | null;
}

/** Sums over every shop order of the checkout (what it was, not what the caller may see of it). */
export async function checkoutTotals(ctx: RequestContext, checkoutId: string): Promise<CheckoutTotals> {
  const orders = await ordersOfCheckout(ctx, checkoutId);
  const sum = (pick: (o: OrderRow) => bigint) => orders.reduce((total, o) => total + pick(o), 0n);
  const paid = orders.map((o) => o.depositPaidAt ?? o.paidAt).filter((d): d is Date => d !== null);
  return {
    items: sum((o) => o.itemsAmount),
    discount: sum((o) => o.discountAmount),
    freight: sum((o) => o.freightAmount),
    refunded: sum((o) => o.refundedAmount),
    paidAt: paid.length ? new Date(Math.min(...paid.map((d) => d.getTime()))) : null,
  };
}

/** The shop order that asked the payment center for this refund (null for a late payment's automatic refund). */
export async function orderOfRefund(ctx: RequestContext, refundId: string): Promise<OrderRow | null> {
  const [request] = await ctx.loaders
    .groupedBy<{ orderId: string; refundId: string | null }>(
      'orders.requestOfRefund',
      (r) => r.refundId ?? '',
      (ids) =>
        ctx.db
          .select({ orderId: orderRefundRequests.orderId, refundId: orderRefundRequests.refundId })
          .from(orderRefundRequests)
          .where(anyOf(orderRefundRequests.refundId, ids)),
    )
    .load(refundId);
  return request ? readableOrder(ctx, request.orderId) : null;
}

/** The shop orders of a checkout whose lines a coupon discounted (a checkout uses one coupon at most). */
export async function ordersDiscountedByCoupon(ctx: RequestContext, checkoutId: string | null | undefined): Promise<OrderRow[]> {
  if (!checkoutId || !isId(CHECKOUT_ID_PREFIX, checkoutId)) return [];
  const orders = await ordersOfCheckout(ctx, checkoutId);
  const discounted = await Promise.all(orders.map(async (o) => (await linesOf(ctx, o.id)).some((l) => l.discounts.some((d) => d.source === 'COUPON'))));
  return orders.filter((_, i) => discounted[i]);
}
