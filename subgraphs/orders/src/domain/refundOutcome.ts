import { and, eq, isNull } from 'drizzle-orm';
import { isId, type Db, type EventCatalog, type RequestContext } from '@zhongtai/kit';
import { orderRefundRequests } from '../db/tables.ts';
import { ORDER_ID_PREFIX } from './ids.ts';
import { releaseRefundHold } from './refundHold.ts';
import { undoUnits } from './refundUnits.ts';

/** The job that does what a succeeded after-sale refund undoes elsewhere: points, coupon, a withdrawn order's close and freight (afterSaleRefund.ts). */
export const AFTER_SALE_REFUNDED_JOB = 'afterSaleRefunded';

/** The job that gives back the points of a succeeded refund that is no after-sale's (refundPoints.ts). */
export const RETURN_REFUND_POINTS_JOB = 'returnRefundPoints';

/**
 * Which of our refund requests a payment refund's key names: sendRefund asks payments with
 * `<order id>:<our key>`. Null for a refund this center did not ask for that way (a cancellation's,
 * a late payment's).
 */
export function requestOfPaymentKey(paymentKey: string): { orderId: string; key: string } | null {
  const colon = paymentKey.indexOf(':');
  if (colon < 0) return null;
  const orderId = paymentKey.slice(0, colon);
  return isId(ORDER_ID_PREFIX, orderId) ? { orderId, key: paymentKey.slice(colon + 1) } : null;
}

const unsettled = (orderId: string, key: string) =>
  and(
    eq(orderRefundRequests.orderId, orderId),
    eq(orderRefundRequests.idempotencyKey, key),
    isNull(orderRefundRequests.succeededAt),
    isNull(orderRefundRequests.failedAt),
  );

/**
 * The refund failed (the provider's answer to the call, or RefundFailed later): no money moved, so
 * the order and its lines give back the amounts it held and its units, and a retry (another
 * attempt, another key) can refund them again. Once per request, whoever gets here first.
 */
export async function refundFailed(ctx: RequestContext, tx: Db, orderId: string, key: string): Promise<boolean> {
  const [row] = await tx.update(orderRefundRequests).set({ failedAt: ctx.now() }).where(unsettled(orderId, key)).returning();
  if (!row) return false;
  await releaseRefundHold(
    tx,
    row.orderId,
    row.amount,
    row.lines.map((l) => ({ orderLineId: l.orderLineId, amount: BigInt(l.amount) })),
  );
  if (row.afterSale) await undoUnits(tx, row.afterSale);
  return true;
}

/**
 * The refund succeeded: its money is gone for good. What an after-sale refund undoes elsewhere
 * (points, the coupon, a withdrawn order's close and freight) runs now, in a job scheduled in the
 * same transaction: never for a refund that did not succeed. Once per request.
 */
export async function refundSucceeded(ctx: RequestContext, tx: Db, orderId: string, key: string): Promise<boolean> {
  const [row] = await tx.update(orderRefundRequests).set({ succeededAt: ctx.now() }).where(unsettled(orderId, key)).returning();
  if (!row) return false;
  if (row.afterSale) await ctx.events.schedule(tx, AFTER_SALE_REFUNDED_JOB, { orderId, key }, { singletonKey: `refunded-${row.id}` });
  // Any other refund of a checkout paid partly with points gives back its share of them (the after-sale job does that for its own).
  else if (row.points !== 0) await ctx.events.schedule(tx, RETURN_REFUND_POINTS_JOB, { orderId, key }, { singletonKey: `refund-points-${row.id}` });
  return true;
}

/** RefundSucceeded and RefundFailed (payments, in the event's transaction): the provider's last word on a refund we asked for. */
export async function recordRefundOutcome(
  ctx: RequestContext,
  outcome: 'SUCCEEDED' | 'FAILED',
  event: EventCatalog['RefundSucceeded'] | EventCatalog['RefundFailed'],
): Promise<void> {
  const ours = requestOfPaymentKey(event.idempotencyKey);
  if (!ours) return;
  if (outcome === 'SUCCEEDED') await refundSucceeded(ctx, ctx.db, ours.orderId, ours.key);
  else await refundFailed(ctx, ctx.db, ours.orderId, ours.key);
}
