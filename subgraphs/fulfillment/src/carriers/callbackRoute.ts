import { verifyCallback, type CenterRoute } from '@zhongtai/kit';
import { carrierByCode } from '../domain/shipping.ts';
import { applyTrackingEvent, parseTrackingEvent } from '../domain/tracking.ts';
import { SANDBOX_CARRIER_CODE, sandboxCarrierEnabled } from './sandbox.ts';
import { SIGNATURE_HEADER, TIMESTAMP_HEADER, TRACKING_PATH } from './wire.ts';

/**
 * POST /hooks/fulfillment/carrier/tracking?carrier=<CODE>: one tracking event, signed by the
 * carrier with its own secret (HMAC over `<timestamp>.<raw body>`, kit http/signature.ts). An
 * unknown carrier, a bad signature or a stale timestamp answers 401 before anything is read or
 * written; a replay answers 200 with `duplicate: true` and changes nothing.
 */
export const trackingCallback: CenterRoute = {
  method: 'POST',
  path: TRACKING_PATH,
  async handle(ctx, request) {
    const code = request.query.get('carrier') ?? '';
    const carrier = code ? await carrierByCode(ctx.db, code) : null;
    if (!carrier?.active) return { status: 401, body: { error: 'unknown carrier' } };
    // The sandbox carrier's secret is in the seed: its callbacks count only where the sandbox is on.
    if (carrier.code === SANDBOX_CARRIER_CODE && !sandboxCarrierEnabled()) return { status: 401, body: { error: 'unknown carrier' } };
    const check = verifyCallback({
      secret: carrier.callbackSecret,
      rawBody: request.rawBody,
      signature: request.headers.get(SIGNATURE_HEADER),
      timestamp: request.headers.get(TIMESTAMP_HEADER),
    });
    if (!check.ok) return { status: 401, body: { error: `signature refused: ${check.reason}` } };
    const event = parseTrackingEvent(request.rawBody);
    if (!event) return { status: 400, body: { error: 'not a tracking event' } };
    const result = await applyTrackingEvent(ctx, carrier, event);
    if (result.outcome === 'UNKNOWN_SHIPMENT') return { status: 404, body: { error: 'no shipment with this tracking number' } };
    return { status: 200, body: { ok: true, duplicate: result.outcome === 'DUPLICATE', applied: result.applied, status: result.status } };
  },
};
