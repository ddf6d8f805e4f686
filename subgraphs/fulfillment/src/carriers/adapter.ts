import type { RouteResponse } from '@zhongtai/kit';
import type { TrackingStatus } from '../db/shipmentTables.ts';
import type { CarrierRow, TrackingAdapterName } from '../db/tables.ts';
import type { CarrierTrackingEvent } from '../domain/tracking.ts';

/**
 * How a carrier's tracking reaches us (a carrier names its adapter in `carriers.tracking_adapter`):
 * CALLBACK is our own signed callback, which the sandbox carrier speaks; KUAIDI100 is 快递100's
 * subscribe-and-push. Like payments' providers: every call is made outside any transaction and is
 * safe to repeat, and a push is believed only once its signature checked out.
 */
export interface TrackingAdapter {
  readonly name: TrackingAdapterName;
  /** Whether parcels can be tracked through it here (configured; the sandbox only outside production). */
  enabled(): boolean;
  /** Asks the service to push this parcel's tracking to us. A transient failure throws (the job retries). */
  subscribe(request: SubscribeRequest): Promise<SubscribeOutcome>;
  /** Checks a push's signature with `secret` (the carrier's, or the parcel's salt) and reads its events, oldest first. */
  readPush(request: { rawBody: string; headers: Headers }, secret: string): PushReading;
  /** The service's own words for our answer: it delivers again unless it reads its success. */
  answer(outcome: PushAnswer): RouteResponse;
  /** One of the service's states in our words; null for one we do not act on. */
  mapState(state: string): TrackingStatus | null;
}

export interface SubscribeRequest {
  carrier: CarrierRow;
  trackingNumber: string;
  /** Ours, per parcel: the service signs its pushes about the parcel with it. */
  salt: string;
  /** Where the parcel goes (province-city-district), and the receiver's phone some carriers require (顺丰). */
  destination?: string;
  phone?: string;
}

export type SubscribeOutcome = { status: 'SUBSCRIBED' | 'NOT_NEEDED' } | { status: 'REFUSED'; reason: string };

export type PushReading =
  { verdict: 'VALID'; events: CarrierTrackingEvent[]; monitor: 'POLLING' | 'ENDED' } | { verdict: 'BAD_SIGNATURE' | 'UNREADABLE'; problem: string };

export interface PushAnswer {
  ok: boolean;
  /** Our HTTP status: 200 when settled, 4xx/5xx when the service should deliver again. */
  status: number;
  message: string;
  body?: Record<string, unknown>;
}
