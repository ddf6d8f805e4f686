import { and, eq, inArray, isNull } from 'drizzle-orm';
import { fulfillmentService, ordersService, toMoney, type Db, type RequestContext } from '@zhongtai/kit';
import { afterSaleRequests, REFUNDING_STATUSES, type AfterSaleRequestRow } from '../db/tables.ts';
import { move } from './decisions.ts';
import { loadRequest } from './requests.ts';

/**
 * The carryOut job: what an approved refund-only request means. Units not yet shipped leave
 * fulfillment first (the notice and the warehouse's outbound order drop them, inventory releases
 * their stock), then the order center refunds them through its refund path; units that already
 * left the warehouse are refused there and the request ends FAILED with why. Goods shipped but
 * never delivered (they had left when the customer asked) are refunded as they are. Scheduled once per request (a singleton key) in the
 * approving transaction; every step is keyed by the request id, so a rerun after a crash
 * repeats nothing. Until the paid order is dispatched the withdrawal is NOT_FOUND: the job throws
 * and pg-boss retries it.
 */
export async function carryOut(ctx: RequestContext, requestId: string): Promise<void> {
  const row = await loadRequest(ctx, requestId);
  if (!row || row.status !== 'APPROVED' || row.type !== 'REFUND_ONLY') return;
  const inTransit = row.inTransit;
  if (!inTransit) {
    const { withdrawNoticeLine } = await ctx.services.call(fulfillmentService.withdrawNoticeLine, {
      input: { key: row.id, orderId: row.orderId, orderLineId: row.orderLineId, quantity: row.quantity, reason: `after-sale ${row.id}` },
    });
    if (!withdrawNoticeLine.shippingNotice) {
      // A service ships nothing: its refunded vouchers are units it will never give (fulfillment voids them on AfterSaleRefunded).
      if (withdrawNoticeLine.userErrors.some((e) => e.code === 'NOT_FOUND') && (await isServiceLine(ctx, row))) return refund(ctx, row, 'WITHDRAWN');
      if (withdrawNoticeLine.userErrors.some((e) => e.code === 'NOT_FOUND'))
        throw new Error(`order ${row.orderId} is not dispatched yet; after-sale ${row.id} retries`);
      return void (await fail(ctx, row, `the goods already left the warehouse: ${withdrawNoticeLine.userErrors.map((e) => e.message).join('; ')}`));
    }
  }
  await refund(ctx, row, inTransit ? 'KEPT' : 'WITHDRAWN');
}

async function isServiceLine(ctx: RequestContext, row: AfterSaleRequestRow): Promise<boolean> {
  const { afterSaleOrder } = await ctx.services.call(ordersService.afterSaleOrder, { id: row.orderId });
  return afterSaleOrder?.lines.find((l) => l.id === row.orderLineId)?.productType === 'SERVICE';
}

/**
 * The money, through the order center's refund path, as the request's current attempt (the same
 * attempt sent again is the same refund). SUCCEEDED: the request ends REFUNDED with the refund's id.
 * PENDING: the provider answers later (RefundSucceeded / RefundFailed, refundOutcome.ts); the
 * request stays open meanwhile, naming the refund. Refused or FAILED: marked for an operator.
 */
export async function refund(ctx: RequestContext, row: AfterSaleRequestRow, units: ordersService.RefundAfterSaleInput['units']): Promise<void> {
  const amount = row.refundAmount - row.deductionAmount;
  const { refundAfterSale } = await ctx.services.call(ordersService.refundAfterSale, {
    input: {
      requestId: row.id,
      attempt: row.refundAttempt,
      orderId: row.orderId,
      orderLineId: row.orderLineId,
      quantity: row.quantity,
      amount: toMoney(amount, row.currency),
      reason: `after-sale ${row.id}: ${row.reasonCode}`,
      units,
    },
  });
  const refundId = refundAfterSale.refundId;
  if (!refundId)
    return refundRefused(ctx, ctx.db, row, `the refund was refused: ${refundAfterSale.userErrors.map((e) => `${e.code} ${e.message}`).join('; ')}`, null);
  // The provider answered, and said no: no money went back, so the request is not done.
  if (refundAfterSale.status === 'FAILED') return refundRefused(ctx, ctx.db, row, `the payment provider refused refund ${refundId}`, refundId);
  if (refundAfterSale.status === 'SUCCEEDED') return void (await ctx.db.transaction((tx) => refunded(ctx, tx, row, refundId)));
  await ctx.db
    .update(afterSaleRequests)
    .set({ refundId, updatedAt: ctx.now() })
    .where(and(sameAttempt(row), isNull(afterSaleRequests.refundFailedAt)));
}

/** The request's refund succeeded: REFUNDED (guarded on the status read; whoever comes second, the answer or the event, changes nothing). */
export async function refunded(ctx: RequestContext, tx: Db, row: AfterSaleRequestRow, refundId: string): Promise<void> {
  const moved = await move(ctx, tx, row, 'REFUNDED', `refund ${refundId}`, { refundId, failure: null, refundFailedAt: null });
  // Once, with the change: fulfillment voids as many of the line's unredeemed vouchers as units refunded.
  if (moved.ok)
    await ctx.events.publish(tx, 'AfterSaleRefunded', {
      requestId: row.id,
      orderId: row.orderId,
      orderLineId: row.orderLineId,
      type: row.type,
      quantity: row.quantity,
      refundedAt: ctx.now().toISOString(),
    });
}

/** Rows still on `row`'s attempt and waiting for their money. */
export const sameAttempt = (row: Pick<AfterSaleRequestRow, 'id' | 'refundAttempt'>) =>
  and(eq(afterSaleRequests.id, row.id), eq(afterSaleRequests.refundAttempt, row.refundAttempt), inArray(afterSaleRequests.status, [...REFUNDING_STATUSES]));

/**
 * A refused refund does not end the request: the goods are dealt with (withdrawn or back in the
 * warehouse) and the money is still owed. It stays open (APPROVED or RETURN_SHIPPED, so the line
 * takes no second request and finance keeps the order's settlement waiting), marked with when and
 * why, for an operator to set right and retry (retryAfterSaleRefund). Once per attempt: the answer
 * to the call and a RefundFailed event may both get here.
 */
export async function refundRefused(ctx: RequestContext, db: Db, row: AfterSaleRequestRow, why: string, refundId: string | null): Promise<void> {
  await db
    .update(afterSaleRequests)
    .set({ failure: why, refundFailedAt: ctx.now(), refundId, updatedAt: ctx.now() })
    .where(and(sameAttempt(row), isNull(afterSaleRequests.refundFailedAt)));
}

/** The units an approved request's refund gives back: returned, withdrawn before shipping, or kept (never arrived). */
export const refundUnits = (row: AfterSaleRequestRow): ordersService.RefundAfterSaleInput['units'] =>
  row.type === 'RETURN_REFUND' ? 'RETURNED' : row.inTransit ? 'KEPT' : 'WITHDRAWN';

export async function fail(ctx: RequestContext, row: AfterSaleRequestRow, why: string): Promise<void> {
  await ctx.db.transaction((tx) => move(ctx, tx, row, 'FAILED', why, { failure: why }));
}
