import { and, eq, inArray, isNotNull, sql } from 'drizzle-orm';
import { membersService, type Db, type RequestContext } from '@zhongtai/kit';
import { orderRefundRequests, orders, type OrderRefundRequestRow, type OrderRow } from '../db/tables.ts';

/**
 * 积分 of a combined payment: a checkout paid partly with points gets back, with each refund that
 * succeeded, the points the payment center split off for it (its share of the payment's points
 * tender: refundPayment's `pointsReturned`). Through the members center's keyed partial return,
 * once per refund request; like an after-sale's, it also takes back the refund's share of points
 * the order earned.
 */
export async function returnRefundPoints(ctx: RequestContext, orderId: string, key: string): Promise<void> {
  const [request] = await ctx.db
    .select()
    .from(orderRefundRequests)
    .where(and(eq(orderRefundRequests.orderId, orderId), eq(orderRefundRequests.idempotencyKey, key)));
  if (!request?.succeededAt) return;
  // Succeeded before sendRefund wrote down the payment center's answer (the event came first): the job runs again.
  if (request.refundId === null) throw new Error(`refund request ${request.id} succeeded before its answer was recorded`);
  if (!request.points) return;
  const [order] = await ctx.db.select().from(orders).where(eq(orders.id, orderId));
  if (order) await giveBackPoints(ctx, order, request, request.points);
}

/** The members center's keyed return of `points` for one refund request (and its share of what the order earned). */
export async function giveBackPoints(ctx: RequestContext, order: OrderRow, request: OrderRefundRequestRow, points: number): Promise<void> {
  const { reverseAfterSalePoints } = await ctx.services.call(membersService.reverseAfterSalePoints, {
    input: {
      key: `refund:${request.id}`,
      memberId: order.memberId,
      orderId: order.id,
      refundedPart: request.amount.toString(),
      // What was paid and not refunded before this refund (the order already counts it).
      paidWhole: (order.payableAmount - order.refundedAmount + request.amount).toString(),
      returnPoints: points,
    },
  });
  if (!reverseAfterSalePoints.points)
    throw new Error(`members refused the points of refund request ${request.id}: ${reverseAfterSalePoints.userErrors.map((e) => e.message).join('; ')}`);
}

/** Points the checkout's succeeded refunds gave back by the payment's split (a cancellation then returns only the rest). */
export async function pointsReturnedByRefunds(db: Db, checkoutId: string): Promise<number> {
  const [row] = await db
    .select({ points: sql<string>`coalesce(sum(${orderRefundRequests.points}), 0)` })
    .from(orderRefundRequests)
    .where(
      and(
        inArray(orderRefundRequests.orderId, db.select({ id: orders.id }).from(orders).where(eq(orders.checkoutId, checkoutId))),
        isNotNull(orderRefundRequests.succeededAt),
      ),
    );
  return Number(row?.points ?? 0);
}
