import { and, eq, inArray } from 'drizzle-orm';
import { inventoryService, type RequestContext } from '@zhongtai/kit';
import { shippingNoticeLines, shippingNotices } from '../db/tables.ts';
import { noticeQueueKey } from './attention.ts';

/**
 * The `requestOutbound` job: asks inventory for the warehouse job of one notice. It runs outside
 * any transaction (a service call must never hold one open). createOutboundOrder is idempotent
 * per notice, so a retry after a crash gets the same outbound order. A refusal is recorded on the
 * notice (it goes to the top of the work lists) and thrown, so pg-boss retries with backoff: the
 * usual cause is a reservation not committed yet.
 */
export async function requestOutbound(ctx: RequestContext, shippingNoticeId: string): Promise<void> {
  const [notice] = await ctx.db.select().from(shippingNotices).where(eq(shippingNotices.id, shippingNoticeId));
  if (!notice || notice.kind !== 'WAREHOUSE' || notice.outboundOrderId || notice.status === 'SHIPPED' || notice.status === 'CANCELLED') return;
  // 跨境: not before customs clears it; the clearance asks again (customsHold.ts).
  if (notice.customsHold) return;
  const lines = await ctx.db.select().from(shippingNoticeLines).where(eq(shippingNoticeLines.noticeId, notice.id));
  // Inventory takes each SKU once per outbound order: two order lines of one SKU ship together.
  const bySku = new Map<string, number>();
  for (const line of lines) bySku.set(line.skuId, (bySku.get(line.skuId) ?? 0) + line.quantity);
  const { createOutboundOrder } = await ctx.services.call(inventoryService.createOutboundOrder, {
    input: {
      shippingNoticeId: notice.id,
      // A replacement's stock is reserved under its after-sale request, not the order.
      orderId: notice.replacementFor ?? notice.orderId,
      warehouseId: notice.warehouseId!,
      lines: [...bySku].map(([skuId, quantity]) => ({ skuId, quantity })),
    },
  });
  const now = ctx.now();
  if (createOutboundOrder.outboundOrder) {
    await ctx.db
      .update(shippingNotices)
      .set({
        status: 'OUTBOUND_REQUESTED',
        outboundOrderId: createOutboundOrder.outboundOrder.id,
        failureReason: null,
        queueKey: noticeQueueKey('OUTBOUND_REQUESTED', notice.dueBy),
        updatedAt: now,
      })
      .where(and(eq(shippingNotices.id, notice.id), inArray(shippingNotices.status, ['PENDING', 'OUTBOUND_FAILED'])));
    return;
  }
  const reason = createOutboundOrder.userErrors.map((e) => `${e.code}: ${e.message}`).join('; ');
  await ctx.db
    .update(shippingNotices)
    .set({ status: 'OUTBOUND_FAILED', failureReason: reason, queueKey: noticeQueueKey('OUTBOUND_FAILED', notice.dueBy), updatedAt: now })
    .where(and(eq(shippingNotices.id, notice.id), inArray(shippingNotices.status, ['PENDING', 'OUTBOUND_FAILED'])));
  throw new Error(`inventory refused the outbound order of notice ${notice.id}: ${reason}`);
}
