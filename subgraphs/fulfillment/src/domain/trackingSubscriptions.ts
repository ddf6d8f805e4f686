import { randomBytes } from 'node:crypto';
import { and, eq, sql } from 'drizzle-orm';
import { logger, type Db, type RequestContext } from '@zhongtai/kit';
import { trackingAdapter } from '../carriers/index.ts';
import { trackingSubscriptions } from '../db/carrierTables.ts';
import { shipments, type ShipmentRow } from '../db/shipmentTables.ts';
import { carriers, shippingNotices, type CarrierRow } from '../db/tables.ts';

export const SUBSCRIBE_TRACKING_JOB = 'subscribeTracking';

/**
 * In the shipment's transaction: a parcel of a carrier tracked through an aggregator gets a
 * PENDING subscription with its own salt, and the job that asks the aggregator after the commit
 * (no HTTP call inside a transaction). Once per shipment (the subscription's key).
 */
export async function planTrackingSubscription(tx: Db, ctx: RequestContext, shipment: ShipmentRow, carrier: CarrierRow): Promise<void> {
  if (carrier.trackingAdapter === 'CALLBACK') return;
  const [row] = await tx
    .insert(trackingSubscriptions)
    .values({ shipmentId: shipment.id, adapter: carrier.trackingAdapter, salt: randomBytes(18).toString('base64url') })
    .onConflictDoNothing()
    .returning();
  if (row) await ctx.events.schedule(tx, SUBSCRIBE_TRACKING_JOB, { shipmentId: shipment.id }, { singletonKey: `subscribe-${shipment.id}` });
}

/**
 * The `subscribeTracking` job: asks the aggregator to push the parcel's tracking to us. A
 * transient failure is counted and thrown (pg-boss retries); a refusal (unknown company, bad key)
 * leaves the subscription FAILED with the aggregator's words, for an operator to see.
 */
export async function subscribeTracking(ctx: RequestContext, shipmentId: string): Promise<void> {
  const [found] = await ctx.db
    .select({ subscription: trackingSubscriptions, shipment: shipments, carrier: carriers, address: shippingNotices.address })
    .from(trackingSubscriptions)
    .innerJoin(shipments, eq(shipments.id, trackingSubscriptions.shipmentId))
    .innerJoin(carriers, eq(carriers.id, shipments.carrierId))
    .innerJoin(shippingNotices, eq(shippingNotices.id, shipments.noticeId))
    .where(eq(trackingSubscriptions.shipmentId, shipmentId));
  if (!found || found.subscription.status !== 'PENDING') return;
  const { subscription, shipment, carrier, address } = found;
  const adapter = trackingAdapter(subscription.adapter);
  const mark = (changes: Partial<typeof trackingSubscriptions.$inferInsert>) =>
    ctx.db
      .update(trackingSubscriptions)
      .set({ ...changes, attempts: sql`${trackingSubscriptions.attempts} + 1`, updatedAt: ctx.now() })
      .where(and(eq(trackingSubscriptions.shipmentId, shipmentId), eq(trackingSubscriptions.status, 'PENDING')));
  if (!adapter.enabled()) {
    await mark({ status: 'FAILED', lastError: `${adapter.name} is not configured here` });
    return;
  }
  try {
    const outcome = await adapter.subscribe({
      carrier,
      trackingNumber: shipment.trackingNumber,
      salt: subscription.salt,
      destination: `${address.province}${address.city}${address.district}`,
      phone: address.phone,
    });
    if (outcome.status === 'REFUSED') {
      logger(ctx).warn('tracking subscription refused', { shipmentId, adapter: adapter.name, reason: outcome.reason });
      await mark({ status: 'FAILED', lastError: outcome.reason.slice(0, 500) });
      return;
    }
    await mark({ status: 'SUBSCRIBED', lastError: null, subscribedAt: ctx.now() });
  } catch (error) {
    await mark({ lastError: (error as Error).message.slice(0, 500) });
    throw error;
  }
}
