import { and, eq } from 'drizzle-orm';
import { logger, ordersService, type EventCatalog, type RequestContext } from '@zhongtai/kit';
import { checkouts, orderLines, orders } from '../db/tables.ts';
import { sendRefund } from './orderRefund.ts';
import { transition } from './stateMachine.ts';

export const REFUND_EXPIRED_VOUCHERS_JOB = 'refundExpiredVouchers';

/**
 * ServiceVouchersExpired (fulfillment's expiry job), in the event's transaction: a delivered
 * order with nothing left to redeem is done (as when the last voucher is redeemed); where the
 * product's terms refund an expired voucher on its own, a job gives the money back after commit
 * (no service call inside a handler).
 */
export async function vouchersExpired(ctx: RequestContext, event: EventCatalog['ServiceVouchersExpired']): Promise<void> {
  const [order] = await ctx.db.select().from(orders).where(eq(orders.id, event.orderId));
  if (!order) return;
  if (event.allSettled && order.status === 'DELIVERED') await transition(ctx, ctx.db, order, 'COMPLETED', 'every service voucher redeemed or expired');
  const [firstVoucherId] = event.voucherIds;
  if (!event.autoRefund || !firstVoucherId) return;
  const key = ordersService.expiredVoucherRefundKey(event.orderLineId, firstVoucherId);
  await ctx.events.schedule(
    ctx.db,
    REFUND_EXPIRED_VOUCHERS_JOB,
    { orderId: order.id, orderLineId: event.orderLineId, quantity: event.voucherIds.length, key },
    { singletonKey: key },
  );
}

/**
 * 过期自动退: the paid share of `quantity` expired units of the line goes back (rounded down, never
 * more than is left on the line), through the one refund path, under a key of its own: a rerun
 * of the job finds the same refund.
 */
export async function refundExpiredVouchers(ctx: RequestContext, data: { orderId: string; orderLineId: string; quantity: number; key: string }): Promise<void> {
  const [order] = await ctx.db.select().from(orders).where(eq(orders.id, data.orderId));
  const [line] = await ctx.db
    .select()
    .from(orderLines)
    .where(and(eq(orderLines.id, data.orderLineId), eq(orderLines.orderId, data.orderId)));
  if (!order || !line) return;
  const [checkout] = await ctx.db.select().from(checkouts).where(eq(checkouts.id, order.checkoutId));
  if (!checkout?.paymentId) return;
  const share = (line.finalAmount * BigInt(data.quantity)) / BigInt(line.quantity);
  const left = line.finalAmount - line.refundedAmount;
  const amount = share < left ? share : left;
  if (amount <= 0n) return;
  const result = await sendRefund(ctx, order, checkout.paymentId, data.key, `${data.quantity} service voucher(s) expired unredeemed`, [
    { orderLineId: line.id, amount },
  ]);
  // A refusal (the line refunded meanwhile, the payment) will not change on a retry: it is logged for finance to look at.
  if (!result.ok)
    logger(ctx).warn('expired vouchers were not refunded', { orderId: order.id, orderLineId: line.id, errors: result.errors.map((e) => e.code).join(',') });
}
