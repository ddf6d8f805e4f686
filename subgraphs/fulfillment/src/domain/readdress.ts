import { and, eq, inArray, ne, sql } from 'drizzle-orm';
import type { DeliveryAddress, EventEnvelope, RequestContext } from '@zhongtai/kit';
import { cancelledOrders, orderAddresses, shippingNotices } from '../db/tables.ts';
import { noticeQueueKey } from './attention.ts';

/**
 * OrderAddressChanged: the order goes somewhere else. Notices not shipped yet take the new
 * address; the address is also kept for an OrderPaid that arrives after this event. An older
 * change arriving late does not overwrite a newer one.
 */
export async function readdressOrder(ctx: RequestContext, event: EventEnvelope<'OrderAddressChanged'>): Promise<void> {
  const { orderId, address, at } = event.payload;
  const changedAt = new Date(at);
  const [kept] = await ctx.db
    .insert(orderAddresses)
    .values({ orderId, address, changedAt })
    .onConflictDoUpdate({ target: orderAddresses.orderId, set: { address, changedAt }, setWhere: sql`${orderAddresses.changedAt} < excluded.changed_at` })
    .returning();
  if (!kept) return;
  await ctx.db
    .update(shippingNotices)
    .set({ address, updatedAt: new Date() })
    .where(and(eq(shippingNotices.orderId, orderId), ne(shippingNotices.status, 'SHIPPED')));
}

/** The address a paid order's notices go to: the latest change, if orders announced one. */
export async function currentAddress(ctx: RequestContext, orderId: string, fromOrder: DeliveryAddress): Promise<DeliveryAddress> {
  const [changed] = await ctx.db.select().from(orderAddresses).where(eq(orderAddresses.orderId, orderId));
  return changed?.address ?? fromOrder;
}

/**
 * OrderCancelled: what has not shipped is not sent. Notices still waiting become CANCELLED (a
 * warehouse's outbound order is cancelled by inventory when the order's stock is released), and
 * the order is remembered so an OrderPaid that arrives after this event dispatches nothing.
 */
export async function cancelOrderNotices(ctx: RequestContext, event: EventEnvelope<'OrderCancelled'>): Promise<void> {
  const { orderId, at } = event.payload;
  await ctx.db
    .insert(cancelledOrders)
    .values({ orderId, cancelledAt: new Date(at) })
    .onConflictDoNothing();
  const waiting = await ctx.db
    .select()
    .from(shippingNotices)
    .where(and(eq(shippingNotices.orderId, orderId), inArray(shippingNotices.status, ['PENDING', 'OUTBOUND_REQUESTED', 'OUTBOUND_FAILED'])));
  for (const notice of waiting) {
    await ctx.db
      .update(shippingNotices)
      .set({ status: 'CANCELLED', queueKey: noticeQueueKey('CANCELLED', notice.dueBy), updatedAt: new Date() })
      .where(and(eq(shippingNotices.id, notice.id), eq(shippingNotices.status, notice.status)));
  }
}

export async function wasCancelled(ctx: RequestContext, orderId: string): Promise<boolean> {
  const [row] = await ctx.db.select({ orderId: cancelledOrders.orderId }).from(cancelledOrders).where(eq(cancelledOrders.orderId, orderId));
  return Boolean(row);
}
