import { eq } from 'drizzle-orm';
import { newId, type Db, type EventEnvelope, type RequestContext, logger } from '@zhongtai/kit';
import { carriers, shippingNoticeLines, shippingNotices, type CarrierRow, type ShippingNoticeRow } from '../db/tables.ts';
import { shipmentLines, shipments, type ShipmentRow } from '../db/shipmentTables.ts';
import { noticeQueueKey, shipmentDueBy, shipmentQueueKey } from './attention.ts';
import { SHIPMENT_ID_PREFIX, SHIPMENT_LINE_ID_PREFIX } from './ids.ts';
import { WEIGH_SHIPMENT_JOB } from './packedWeight.ts';
import { planTrackingSubscription } from './trackingSubscriptions.ts';

export interface PackageLine {
  orderLineId: string;
  skuId: string;
  quantity: number;
}

export interface NewShipment {
  notice: ShippingNoticeRow;
  carrier: CarrierRow;
  trackingNumber: string;
  /** Package n+1 holds packages[n]. */
  packages: PackageLine[][];
  shippedAt: Date;
  outboundOrderId?: string;
}

/**
 * A shipment comes to exist, in the caller's transaction `tx`: the notice is SHIPPED and
 * ShipmentShipped goes to the order center with the order line ids of the notice. One shipment
 * per notice: a second call (a redelivered event) returns the first and publishes nothing. After
 * the commit, jobs weigh the parcel and subscribe its tracking where the carrier needs that.
 */
export async function recordShipment(tx: Db, ctx: RequestContext, input: NewShipment): Promise<ShipmentRow> {
  const { notice, carrier } = input;
  const dueBy = shipmentDueBy(input.shippedAt, carrier.promisedDays);
  const [row] = await tx
    .insert(shipments)
    .values({
      id: newId(SHIPMENT_ID_PREFIX),
      noticeId: notice.id,
      orderId: notice.orderId,
      shopId: notice.shopId,
      memberId: notice.memberId,
      warehouseId: notice.warehouseId,
      supplierId: notice.supplierId,
      carrierId: carrier.id,
      carrierCode: carrier.code,
      trackingNumber: input.trackingNumber,
      shippedAt: input.shippedAt,
      dueBy,
      queueKey: shipmentQueueKey('SHIPPED', dueBy),
      freightChargedAmount: notice.freightChargedAmount,
      currencyCode: notice.currencyCode,
    })
    .onConflictDoNothing({ target: shipments.noticeId })
    .returning();
  if (!row) return (await tx.select().from(shipments).where(eq(shipments.noticeId, notice.id)))[0]!;
  const lines = input.packages.flatMap((pkg, i) => pkg.map((l) => ({ id: newId(SHIPMENT_LINE_ID_PREFIX), shipmentId: row.id, packageNumber: i + 1, ...l })));
  await tx.insert(shipmentLines).values(lines);
  await planTrackingSubscription(tx, ctx, row, carrier);
  await ctx.events.schedule(tx, WEIGH_SHIPMENT_JOB, { shipmentId: row.id }, { singletonKey: `weigh-${row.id}` });
  await tx
    .update(shippingNotices)
    .set({
      status: 'SHIPPED',
      shippedAt: input.shippedAt,
      outboundOrderId: input.outboundOrderId ?? notice.outboundOrderId,
      queueKey: noticeQueueKey('SHIPPED', notice.dueBy),
      updatedAt: new Date(),
    })
    .where(eq(shippingNotices.id, notice.id));
  const shipped = new Map<string, number>();
  for (const l of lines) shipped.set(l.orderLineId, (shipped.get(l.orderLineId) ?? 0) + l.quantity);
  await ctx.events.publish(tx, 'ShipmentShipped', {
    orderId: notice.orderId,
    shipmentId: row.id,
    shippingNoticeId: notice.id,
    carrierCode: carrier.code,
    trackingNumber: input.trackingNumber,
    lines: [...shipped].map(([orderLineId, quantity]) => ({ orderLineId, quantity })),
    shippedAt: input.shippedAt.toISOString(),
    ...(notice.replacementFor ? { replacementFor: notice.replacementFor } : {}),
  });
  return row;
}

export async function carrierByCode(db: Db, code: string): Promise<CarrierRow | null> {
  const [row] = await db.select().from(carriers).where(eq(carriers.code, code.trim().toUpperCase()));
  return row ?? null;
}

/**
 * The OutboundShipped handler (inside the event's transaction): the warehouse shipped the whole
 * notice as one package. A carrier code nobody configured is a data error worth a retry after an
 * operator adds the carrier, so it throws (pg-boss retries; the inbox row rolls back with it).
 */
export async function shipmentFromOutbound(ctx: RequestContext, event: EventEnvelope<'OutboundShipped'>): Promise<void> {
  const tx = ctx.db;
  const shipped = event.payload;
  const [notice] = await tx.select().from(shippingNotices).where(eq(shippingNotices.id, shipped.shippingNoticeId)).for('update');
  if (!notice) {
    logger(ctx).error('OutboundShipped for an unknown shipping notice: ignored', { shippingNoticeId: shipped.shippingNoticeId });
    return;
  }
  const carrier = await carrierByCode(tx, shipped.carrierCode);
  if (!carrier) throw new Error(`OutboundShipped names carrier ${shipped.carrierCode}, which is not configured`);
  const lines = await tx.select().from(shippingNoticeLines).where(eq(shippingNoticeLines.noticeId, notice.id));
  await recordShipment(tx, ctx, {
    notice,
    carrier,
    trackingNumber: shipped.trackingNumber,
    packages: [lines.map((l) => ({ orderLineId: l.orderLineId, skuId: l.skuId, quantity: l.quantity }))],
    shippedAt: new Date(event.occurredAt),
    outboundOrderId: shipped.outboundOrderId,
  });
}
