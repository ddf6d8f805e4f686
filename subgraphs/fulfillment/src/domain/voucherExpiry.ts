import { and, asc, eq, inArray, isNotNull, lte } from 'drizzle-orm';
import type { RequestContext } from '@zhongtai/kit';
import { serviceVouchers } from '../db/tables.ts';

export const EXPIRE_VOUCHERS_JOB = 'expireVouchers';
/** Orders handled per run; the next run (a minute later) takes the rest. */
const BATCH_ORDERS = 200;

/**
 * The expiry job: every voucher still to redeem whose end of validity is at or before `ctx.now()`
 * becomes EXPIRED, one order at a time. Per line, one ServiceVouchersExpired says which, whether
 * the order has nothing left to redeem (orders completes it) and whether their money goes back on
 * its own. The order's vouchers are locked and the update guarded on ISSUED, so a redemption or a
 * second run at the same time cannot make a voucher both redeemed and expired, or expire it twice.
 * Returns how many vouchers expired.
 */
export async function expireVouchers(ctx: RequestContext): Promise<number> {
  const now = ctx.now();
  const due = await ctx.db
    .selectDistinct({ orderId: serviceVouchers.orderId })
    .from(serviceVouchers)
    .where(and(eq(serviceVouchers.status, 'ISSUED'), isNotNull(serviceVouchers.expiresAt), lte(serviceVouchers.expiresAt, now)))
    .limit(BATCH_ORDERS);
  let expired = 0;
  for (const { orderId } of due) expired += await expireOrderVouchers(ctx, orderId, now);
  return expired;
}

async function expireOrderVouchers(ctx: RequestContext, orderId: string, now: Date): Promise<number> {
  return ctx.db.transaction(async (tx) => {
    const ofOrder = await tx
      .select()
      .from(serviceVouchers)
      .where(eq(serviceVouchers.orderId, orderId))
      .orderBy(asc(serviceVouchers.createdAt), asc(serviceVouchers.id))
      .for('update');
    const ending = ofOrder.filter((v) => v.status === 'ISSUED' && v.expiresAt !== null && v.expiresAt <= now);
    if (!ending.length) return 0;
    await tx
      .update(serviceVouchers)
      .set({ status: 'EXPIRED', expiredAt: now, updatedAt: now })
      .where(
        and(
          inArray(
            serviceVouchers.id,
            ending.map((v) => v.id),
          ),
          eq(serviceVouchers.status, 'ISSUED'),
        ),
      );
    const endingIds = new Set(ending.map((v) => v.id));
    const allSettled = ofOrder.every((v) => v.status !== 'ISSUED' || endingIds.has(v.id));
    const byLine = new Map<string, typeof ending>();
    for (const v of ending) byLine.set(v.orderLineId, [...(byLine.get(v.orderLineId) ?? []), v]);
    for (const [orderLineId, vouchers] of byLine)
      await ctx.events.publish(tx, 'ServiceVouchersExpired', {
        orderId,
        orderLineId,
        voucherIds: vouchers.map((v) => v.id),
        allSettled,
        autoRefund: vouchers.some((v) => v.autoRefundOnExpiry),
        expiredAt: now.toISOString(),
      });
    return ending.length;
  });
}
