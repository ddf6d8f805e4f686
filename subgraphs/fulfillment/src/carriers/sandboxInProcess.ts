import { randomUUID } from 'node:crypto';
import type { RequestContext } from '@zhongtai/kit';
import type { TrackingStatus } from '../db/shipmentTables.ts';
import { carrierByCode } from '../domain/shipping.ts';
import { loadShipment } from '../domain/shipments.ts';
import { applyTrackingEvent } from '../domain/tracking.ts';
import { nextProgress } from '../domain/trackingState.ts';
import { SANDBOX_CARRIER_CODE, sandboxCarrierEnabled } from './sandbox.ts';

/**
 * The demo seeder's sandbox carrier: the next tracking step of a SANDBOX shipment applied by the
 * same code the signed callback runs, but in the caller's process and time scope (an HTTP
 * callback would arrive in real time, so a parcel shipped "60 days ago" would be delivered today).
 * Returns the shipment's status after the step, or null when there is nothing to advance.
 */
export async function advanceSandboxShipmentInProcess(ctx: RequestContext, shipmentId: string): Promise<TrackingStatus | null> {
  if (!sandboxCarrierEnabled()) return null;
  const shipment = await loadShipment(ctx, shipmentId);
  if (!shipment || shipment.carrierCode !== SANDBOX_CARRIER_CODE) return null;
  const next = nextProgress(shipment.progress);
  const carrier = await carrierByCode(ctx.db, SANDBOX_CARRIER_CODE);
  if (!next || !carrier) return null;
  const result = await applyTrackingEvent(ctx, carrier, {
    eventId: `sbx-${randomUUID()}`,
    trackingNumber: shipment.trackingNumber,
    status: next,
    occurredAt: ctx.now().toISOString(),
    location: '沙箱 Sandbox',
    description: `sandbox: ${next}`,
  });
  return result.outcome === 'UNKNOWN_SHIPMENT' ? null : result.status;
}
