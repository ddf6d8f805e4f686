import { and, eq, ne, sql } from 'drizzle-orm';
import type { DeliveryAddress, EventEnvelope, RequestContext } from '@zhongtai/kit';
import { orderAddresses, shippingNotices } from '../db/tables.ts';

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
