import { and, eq, inArray, isNull } from 'drizzle-orm';
import { inventoryService, ok, Problems, requiredText, type RequestContext, type Result } from '@zhongtai/kit';
import { noticeWithdrawals, shippingNoticeLines, shippingNotices, type ShippingNoticeRow } from '../db/tables.ts';
import { noticeQueueKey } from './attention.ts';

export interface WithdrawNoticeLineInput {
  /** The caller's key (an after-sale request): the same key withdraws once. */
  key: string;
  orderId: string;
  orderLineId: string;
  quantity: number;
  reason: string;
}

const UNSHIPPED = ['PENDING', 'OUTBOUND_REQUESTED', 'OUTBOUND_FAILED'] as const;

/**
 * Units of an order line that will not be sent (refunded before shipping): the warehouse first
 * (inventory takes them off the outbound order and releases them, and refuses units that already
 * left), then the notice drops them, and is CANCELLED when nothing is left on it. A notice not
 * yet made (the order's OrderPaid still in the queue) is NOT_FOUND: the caller retries later.
 */
export async function withdrawNoticeLine(ctx: RequestContext, input: WithdrawNoticeLineInput): Promise<Result<ShippingNoticeRow>> {
  const problems = new Problems();
  const key = requiredText(problems, input.key, ['input', 'key'], 'Key', 100);
  const reason = requiredText(problems, input.reason, ['input', 'reason'], 'Reason', 500);
  problems.check(Number.isInteger(input.quantity) && input.quantity > 0, ['input', 'quantity'], 'OUT_OF_RANGE', 'Withdraw at least one unit');
  if (problems.any || !key || !reason) return problems.refuse();
  const [found] = await ctx.db
    .select({ notice: shippingNotices, line: shippingNoticeLines })
    .from(shippingNoticeLines)
    .innerJoin(shippingNotices, eq(shippingNotices.id, shippingNoticeLines.noticeId))
    .where(and(eq(shippingNotices.orderId, input.orderId), eq(shippingNoticeLines.orderLineId, input.orderLineId), isNull(shippingNotices.replacementFor)));
  const [done] = await ctx.db.select().from(noticeWithdrawals).where(eq(noticeWithdrawals.key, key));
  if (done) {
    const [notice] = await ctx.db.select().from(shippingNotices).where(eq(shippingNotices.id, done.noticeId));
    if (notice) return ok(notice);
  }
  if (!found) return problems.add(['input', 'orderLineId'], 'NOT_FOUND', 'This line is on no shipping notice (yet)').refuse();
  const { notice, line } = found;
  if (!(UNSHIPPED as readonly string[]).includes(notice.status))
    return problems.add(['input', 'orderLineId'], 'INVALID_TRANSITION', `The line's notice is ${notice.status}`).refuse();
  if (!problems.check(input.quantity <= line.quantity, ['input', 'quantity'], 'TOO_MANY', `The notice sends ${line.quantity} of this line`))
    return problems.refuse();
  if (notice.kind === 'WAREHOUSE') {
    const { withdrawReservedUnits } = await ctx.services.call(inventoryService.withdrawReservedUnits, {
      input: { key, orderId: input.orderId, skuId: line.skuId, quantity: input.quantity, reason },
    });
    if (!withdrawReservedUnits.withdrawal) return problems.adopt(withdrawReservedUnits.userErrors, ['input', 'quantity']).refuse();
  }
  return ctx.db.transaction(async (tx) => {
    const [taken] = await tx
      .insert(noticeWithdrawals)
      .values({ key, noticeId: notice.id, orderLineId: line.orderLineId, quantity: input.quantity })
      .onConflictDoNothing()
      .returning();
    if (taken) {
      if (line.quantity > input.quantity)
        await tx
          .update(shippingNoticeLines)
          .set({ quantity: line.quantity - input.quantity })
          .where(eq(shippingNoticeLines.id, line.id));
      else await tx.delete(shippingNoticeLines).where(eq(shippingNoticeLines.id, line.id));
      const [left] = await tx.select({ id: shippingNoticeLines.id }).from(shippingNoticeLines).where(eq(shippingNoticeLines.noticeId, notice.id)).limit(1);
      if (!left) {
        await tx
          .update(shippingNotices)
          .set({ status: 'CANCELLED', queueKey: noticeQueueKey('CANCELLED', notice.dueBy), updatedAt: new Date() })
          .where(and(eq(shippingNotices.id, notice.id), inArray(shippingNotices.status, [...UNSHIPPED])));
      }
    }
    const [now] = await tx.select().from(shippingNotices).where(eq(shippingNotices.id, notice.id));
    return ok(now ?? notice);
  });
}
