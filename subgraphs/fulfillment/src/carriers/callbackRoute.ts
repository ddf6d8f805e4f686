import type { CenterRoute } from '@zhongtai/kit';
import { carrierByCode } from '../domain/shipping.ts';
import { applyTrackingEvent } from '../domain/tracking.ts';
import { callbackAdapter } from './callback.ts';
import { SANDBOX_CARRIER_CODE, sandboxCarrierEnabled } from './sandbox.ts';
import { TRACKING_PATH } from './wire.ts';

/**
 * POST /hooks/fulfillment/carrier/tracking?carrier=<CODE>: one tracking event, signed by the
 * carrier with its own secret (the CALLBACK adapter). An unknown carrier, a bad signature or a
 * stale timestamp answers 401 before anything is read or written; a replay answers 200 with
 * `duplicate: true` and changes nothing.
 */
export const trackingCallback: CenterRoute = {
  method: 'POST',
  path: TRACKING_PATH,
  async handle(ctx, request) {
    const answer = callbackAdapter.answer;
    const code = request.query.get('carrier') ?? '';
    const carrier = code ? await carrierByCode(ctx.db, code) : null;
    if (!carrier?.active) return answer({ ok: false, status: 401, message: 'unknown carrier' });
    // The sandbox carrier's secret is in the seed: its callbacks count only where the sandbox is on.
    if (carrier.code === SANDBOX_CARRIER_CODE && !sandboxCarrierEnabled()) return answer({ ok: false, status: 401, message: 'unknown carrier' });
    const reading = callbackAdapter.readPush(request, carrier.callbackSecret);
    if (reading.verdict !== 'VALID') return answer({ ok: false, status: reading.verdict === 'BAD_SIGNATURE' ? 401 : 400, message: reading.problem });
    const [event] = reading.events;
    if (!event) return answer({ ok: false, status: 400, message: 'not a tracking event' });
    const result = await applyTrackingEvent(ctx, carrier, event);
    if (result.outcome === 'UNKNOWN_SHIPMENT') return answer({ ok: false, status: 404, message: 'no shipment with this tracking number' });
    return answer({
      ok: true,
      status: 200,
      message: 'ok',
      body: { duplicate: result.outcome === 'DUPLICATE', applied: result.applied, status: result.status },
    });
  },
};
