import { and, eq } from 'drizzle-orm';
import { newId, type RequestContext } from '@zhongtai/kit';
import type { CarrierRow } from '../db/tables.ts';
import { shipments, trackingEvents, type TrackingStatus } from '../db/shipmentTables.ts';
import { shipmentQueueKey } from './attention.ts';
import { TRACKING_EVENT_ID_PREFIX } from './ids.ts';
import { nextTrackingState } from './trackingState.ts';

export const TRACKING_STATUSES: TrackingStatus[] = ['PICKED_UP', 'IN_TRANSIT', 'OUT_FOR_DELIVERY', 'DELIVERED', 'EXCEPTION'];

/** One carrier tracking event, as the callback body carries it. */
export interface CarrierTrackingEvent {
  eventId: string;
  trackingNumber: string;
  status: TrackingStatus;
  occurredAt: string;
  location?: string | null;
  description?: string | null;
}

export type TrackingResult = { outcome: 'UNKNOWN_SHIPMENT' } | { outcome: 'DUPLICATE' | 'RECORDED'; status: TrackingStatus; applied: boolean };

/** Parses a callback body; undefined when it is not a tracking event. */
export function parseTrackingEvent(rawBody: string): CarrierTrackingEvent | undefined {
  let body: Partial<CarrierTrackingEvent>;
  try {
    body = JSON.parse(rawBody);
  } catch {
    return undefined;
  }
  const text = (v: unknown, max: number) => typeof v === 'string' && v.trim().length > 0 && v.length <= max;
  if (!text(body.eventId, 100) || !text(body.trackingNumber, 64) || !TRACKING_STATUSES.includes(body.status as TrackingStatus)) return undefined;
  if (typeof body.occurredAt !== 'string' || Number.isNaN(new Date(body.occurredAt).getTime())) return undefined;
  return {
    eventId: body.eventId!,
    trackingNumber: body.trackingNumber!,
    status: body.status!,
    occurredAt: body.occurredAt,
    location: typeof body.location === 'string' ? body.location.slice(0, 200) : null,
    description: typeof body.description === 'string' ? body.description.slice(0, 2000) : null,
  };
}

/**
 * Records one verified carrier event. The (carrier, carrier event id) key makes a replay a
 * no-op; the shipment row is locked so two events of one parcel apply one after the other; the
 * first DELIVERED publishes ShipmentDelivered in the same transaction, so exactly once.
 */
export async function applyTrackingEvent(ctx: RequestContext, carrier: CarrierRow, event: CarrierTrackingEvent): Promise<TrackingResult> {
  return ctx.db.transaction(async (tx) => {
    const [shipment] = await tx
      .select()
      .from(shipments)
      .where(and(eq(shipments.carrierId, carrier.id), eq(shipments.trackingNumber, event.trackingNumber)))
      .for('update');
    if (!shipment) return { outcome: 'UNKNOWN_SHIPMENT' } as const;
    const occurredAt = new Date(event.occurredAt);
    const outcome = nextTrackingState(shipment, { status: event.status, occurredAt });
    const [stored] = await tx
      .insert(trackingEvents)
      .values({
        id: newId(TRACKING_EVENT_ID_PREFIX),
        shipmentId: shipment.id,
        carrierId: carrier.id,
        carrierEventId: event.eventId,
        status: event.status,
        occurredAt,
        location: event.location ?? null,
        description: event.description ?? null,
        applied: outcome.applied,
      })
      .onConflictDoNothing({ target: [trackingEvents.carrierId, trackingEvents.carrierEventId] })
      .returning();
    if (!stored) return { outcome: 'DUPLICATE', status: shipment.status, applied: false } as const;
    const deliveredAt = outcome.delivered ? (shipment.deliveredAt ?? occurredAt) : null;
    await tx
      .update(shipments)
      .set({
        status: outcome.status,
        progress: outcome.progress,
        lastEventAt: outcome.lastEventAt,
        deliveredAt,
        queueKey: shipmentQueueKey(outcome.status, shipment.dueBy),
        updatedAt: new Date(),
      })
      .where(eq(shipments.id, shipment.id));
    if (event.status === 'EXCEPTION') {
      await ctx.events.publish(tx, 'ShipmentException', {
        shipmentId: shipment.id,
        orderId: shipment.orderId,
        shopId: shipment.shopId,
        memberId: shipment.memberId,
        trackingNumber: shipment.trackingNumber,
        trackingEventId: stored.id,
        description: stored.description,
        occurredAt: occurredAt.toISOString(),
      });
    }
    if (outcome.delivered && !shipment.deliveredAt) {
      await ctx.events.publish(tx, 'ShipmentDelivered', { orderId: shipment.orderId, shipmentId: shipment.id, deliveredAt: deliveredAt!.toISOString() });
    }
    return { outcome: 'RECORDED', status: outcome.status, applied: outcome.applied } as const;
  });
}
