import { verifyCallback } from '@zhongtai/kit';
import { parseTrackingEvent, TRACKING_STATUSES } from '../domain/tracking.ts';
import type { TrackingStatus } from '../db/shipmentTables.ts';
import type { TrackingAdapter } from './adapter.ts';
import { SIGNATURE_HEADER, TIMESTAMP_HEADER } from './wire.ts';

/**
 * Our own tracking callback: the carrier POSTs one event at a time, in our words, signed with the
 * secret we issued it (HMAC over `<timestamp>.<body>`, kit http/signature.ts). The sandbox carrier
 * speaks it, and so can any carrier that integrates with us directly. Nothing to subscribe: the
 * carrier knows its own parcels.
 */
export const callbackAdapter: TrackingAdapter = {
  name: 'CALLBACK',

  // Carriers with a secret are always reachable; the sandbox carrier itself is checked per call (SANDBOX code).
  enabled: () => true,

  async subscribe() {
    return { status: 'NOT_NEEDED' };
  },

  readPush({ rawBody, headers }, secret) {
    const check = verifyCallback({ secret, rawBody, signature: headers.get(SIGNATURE_HEADER), timestamp: headers.get(TIMESTAMP_HEADER) });
    if (!check.ok) return { verdict: 'BAD_SIGNATURE', problem: `signature refused: ${check.reason}` };
    const event = parseTrackingEvent(rawBody);
    if (!event) return { verdict: 'UNREADABLE', problem: 'not a tracking event' };
    return { verdict: 'VALID', events: [event], monitor: 'POLLING' };
  },

  answer({ status, message, body }) {
    return { status, body: status === 200 ? { ok: true, ...body } : { error: message } };
  },

  mapState: (state) => (TRACKING_STATUSES.includes(state as TrackingStatus) ? (state as TrackingStatus) : null),
};
