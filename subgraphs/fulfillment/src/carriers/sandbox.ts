import { randomUUID } from 'node:crypto';
import { forbidden, loadConfig, ok, Problems, sandboxEnabled, signCallback, type RequestContext, type Result } from '@zhongtai/kit';
import type { TrackingStatus } from '../db/shipmentTables.ts';
import { carrierByCode } from '../domain/shipping.ts';
import { loadShipment } from '../domain/shipments.ts';
import type { CarrierTrackingEvent } from '../domain/tracking.ts';
import { nextProgress } from '../domain/trackingState.ts';
import { SIGNATURE_HEADER, TIMESTAMP_HEADER, TRACKING_PATH } from './wire.ts';

/**
 * The sandbox carrier (code SANDBOX): a stand-in for a real carrier's tracking push, for demos and
 * tests. It signs a tracking event with the carrier's secret and POSTs it over HTTP to the hook
 * URL, exactly as a carrier would. Where it posts: CARRIER_CALLBACK_BASE_URL (e.g. the gateway,
 * http://127.0.0.1:4000), read at each call; by default the gateway on this process's PORT.
 */
export const SANDBOX_CARRIER_CODE = 'SANDBOX';

/** The sandbox carrier delivers with no parcel moving: off in production unless SANDBOX_PROVIDERS names `carrier`. */
export function sandboxCarrierEnabled(): boolean {
  return sandboxEnabled('carrier');
}

export const SANDBOX_CARRIER_OFF =
  'The sandbox carrier is off in production: it would deliver orders no parcel reached (SANDBOX_PROVIDERS=carrier turns it on)';

export function callbackBaseUrl(): string {
  return process.env.CARRIER_CALLBACK_BASE_URL || `http://127.0.0.1:${loadConfig().port}`;
}

export interface SignedCallback {
  url: string;
  body: string;
  headers: Record<string, string>;
}

/** A signed callback for one event: what a carrier sends. `timestampSeconds` defaults to now. */
export function signedTrackingCallback(
  baseUrl: string,
  carrierCode: string,
  secret: string,
  event: CarrierTrackingEvent,
  timestampSeconds = Math.floor(Date.now() / 1000),
): SignedCallback {
  const body = JSON.stringify(event);
  return {
    url: `${baseUrl.replace(/\/$/, '')}/hooks/fulfillment${TRACKING_PATH}?carrier=${encodeURIComponent(carrierCode)}`,
    body,
    headers: {
      'content-type': 'application/json',
      [TIMESTAMP_HEADER]: String(timestampSeconds),
      [SIGNATURE_HEADER]: signCallback(secret, timestampSeconds, body),
    },
  };
}

export async function postCallback(callback: SignedCallback): Promise<{ status: number; body: unknown }> {
  const response = await fetch(callback.url, { method: 'POST', headers: callback.headers, body: callback.body, signal: AbortSignal.timeout(10_000) });
  return { status: response.status, body: await response.json().catch(() => null) };
}

export interface SandboxAdvance {
  status: TrackingStatus;
  httpStatus: number;
}

/**
 * Admin demo: the sandbox carrier reports the next step of a SANDBOX shipment (picked up, in
 * transit, out for delivery, delivered) through the real, signed HTTP callback. No transaction
 * is open while it posts: the hook handler needs the database too.
 */
export async function sandboxAdvanceShipment(ctx: RequestContext, input: { shipmentId: string }): Promise<Result<SandboxAdvance>> {
  if (!sandboxCarrierEnabled()) throw forbidden(SANDBOX_CARRIER_OFF);
  const problems = new Problems();
  const shipment = await loadShipment(ctx, input.shipmentId);
  if (!shipment) return problems.add(['shipmentId'], 'NOT_FOUND', 'No such shipment').refuse();
  if (shipment.carrierCode !== SANDBOX_CARRIER_CODE)
    return problems.add(['shipmentId'], 'INVALID', 'Only sandbox carrier shipments are advanced here').refuse();
  const next = nextProgress(shipment.progress);
  if (!next) return problems.add(['shipmentId'], 'INVALID_TRANSITION', 'The shipment is already delivered').refuse();
  const carrier = await carrierByCode(ctx.db, SANDBOX_CARRIER_CODE);
  if (!carrier) return problems.add(['shipmentId'], 'NOT_FOUND', 'The sandbox carrier is not configured').refuse();
  const event: CarrierTrackingEvent = {
    eventId: `sbx-${randomUUID()}`,
    trackingNumber: shipment.trackingNumber,
    status: next,
    occurredAt: ctx.now().toISOString(),
    location: '沙箱 Sandbox',
    description: `sandbox: ${next}`,
  };
  const response = await postCallback(signedTrackingCallback(callbackBaseUrl(), carrier.code, carrier.callbackSecret, event));
  if (response.status !== 200) return problems.add(['shipmentId'], 'INVALID', `The callback was answered ${response.status}`).refuse();
  return ok({ status: (response.body as { status: TrackingStatus }).status, httpStatus: response.status });
}
