import { and, eq, inArray, isNull } from 'drizzle-orm';
import type { EventCatalog, RequestContext } from '@zhongtai/kit';
import { orderLines, orders, orderShipments } from '../db/tables.ts';
import { orderTimers } from './config.ts';
import { transition } from './stateMachine.ts';

/**
 * Shipping progress reported by fulfillment, handled in the event's transaction (ctx.db). The
 * first parcel makes the order SHIPPED; lines say how much of them shipped; the order is
 * DELIVERED when every parcel is delivered and nothing physical is left to ship. An exchange's
 * replacement parcel changes nothing here.
 */
export async function recordShipment(ctx: RequestContext, event: EventCatalog['ShipmentShipped']): Promise<void> {
  // An exchange's replacement parcel (after-sales follows it) is not the order's shipment: no status, no shipped quantities.
  if (event.replacementFor) return;
  const [order] = await ctx.db.select().from(orders).where(eq(orders.id, event.orderId));
  if (!order) return;
  const inserted = await ctx.db
    .insert(orderShipments)
    .values({
      shipmentId: event.shipmentId,
      orderId: order.id,
      carrierCode: event.carrierCode,
      trackingNumber: event.trackingNumber,
      lines: event.lines,
      shippedAt: new Date(event.shippedAt),
    })
    .onConflictDoNothing()
    .returning();
  if (!inserted.length) return;
  const lines = await ctx.db.select().from(orderLines).where(eq(orderLines.orderId, order.id));
  for (const shipped of event.lines) {
    const line = lines.find((l) => l.id === shipped.orderLineId);
    if (!line) continue;
    const quantity = Math.min(line.quantity, line.shippedQuantity + shipped.quantity);
    await ctx.db
      .update(orderLines)
      .set({ shippedQuantity: quantity, fulfillment: quantity >= line.quantity - line.withdrawnQuantity ? 'SHIPPED' : 'PARTIALLY_SHIPPED' })
      .where(eq(orderLines.id, line.id));
  }
  if (order.status === 'PAID') await transition(ctx, ctx.db, order, 'SHIPPED', `shipment ${event.trackingNumber}`);
}

export async function recordDelivery(ctx: RequestContext, event: EventCatalog['ShipmentDelivered']): Promise<void> {
  const delivered = await ctx.db
    .update(orderShipments)
    .set({ deliveredAt: new Date(event.deliveredAt) })
    .where(and(eq(orderShipments.shipmentId, event.shipmentId), isNull(orderShipments.deliveredAt)))
    .returning();
  if (!delivered.length) return;
  const lineIds = delivered[0]!.lines.map((l) => l.orderLineId);
  if (lineIds.length)
    await ctx.db
      .update(orderLines)
      .set({ fulfillment: 'DELIVERED' })
      .where(and(inArray(orderLines.id, lineIds), eq(orderLines.fulfillment, 'SHIPPED')));
  await deliverWhenDone(ctx, event.orderId, 'all parcels delivered');
}

export async function recordVouchers(ctx: RequestContext, event: EventCatalog['ServiceVouchersIssued']): Promise<void> {
  const lineIds = event.lines.map((l) => l.orderLineId);
  if (lineIds.length) await ctx.db.update(orderLines).set({ fulfillment: 'VOUCHERED' }).where(inArray(orderLines.id, lineIds));
  await deliverWhenDone(ctx, event.orderId, 'service vouchers issued');
}

async function deliverWhenDone(ctx: RequestContext, orderId: string, reason: string): Promise<void> {
  const [order] = await ctx.db.select().from(orders).where(eq(orders.id, orderId));
  if (!order || (order.status !== 'SHIPPED' && order.status !== 'PAID')) return;
  const lines = await ctx.db.select().from(orderLines).where(eq(orderLines.orderId, orderId));
  const parcels = await ctx.db.select().from(orderShipments).where(eq(orderShipments.orderId, orderId));
  // A line refunded in full before it shipped is done without a parcel.
  const done =
    lines.every((l) => l.fulfillment === 'DELIVERED' || l.fulfillment === 'VOUCHERED' || l.withdrawnQuantity >= l.quantity) &&
    parcels.every((p) => p.deliveredAt);
  if (!done) return;
  const moved = await transition(ctx, ctx.db, order, 'DELIVERED', reason);
  if (moved.ok) {
    const startAfter = new Date(ctx.now().getTime() + orderTimers().autoConfirmSeconds * 1000);
    await ctx.events.schedule(ctx.db, 'autoConfirm', { orderId, dueAt: startAfter.toISOString() }, { startAfter, singletonKey: `confirm-${orderId}` });
  }
}
