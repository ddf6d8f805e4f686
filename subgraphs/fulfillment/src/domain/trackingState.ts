import type { TrackingStatus } from '../db/shipmentTables.ts';

/**
 * How a carrier event moves a shipment, as a pure function. Progress statuses are ranked and
 * `progress` only goes up, so an event that arrives late (older than one already seen) is kept
 * in the timeline but never moves the status back. EXCEPTION is not a step: the shipment shows
 * it while the newest event is an exception, and leaves it with the next newer progress event.
 * DELIVERED is final.
 */
export const PROGRESS_RANK: Record<Exclude<TrackingStatus, 'EXCEPTION'>, number> = {
  SHIPPED: 0,
  PICKED_UP: 1,
  IN_TRANSIT: 2,
  OUT_FOR_DELIVERY: 3,
  DELIVERED: 4,
};
export const PROGRESS_ORDER = Object.keys(PROGRESS_RANK) as Exclude<TrackingStatus, 'EXCEPTION'>[];

export interface TrackingState {
  status: TrackingStatus;
  progress: TrackingStatus;
  lastEventAt: Date | null;
}

export interface TrackingOutcome extends TrackingState {
  /** Whether the event changed the status or progress. */
  applied: boolean;
  /** True only for the event that first made it DELIVERED. */
  delivered: boolean;
}

const rank = (s: TrackingStatus) => (s === 'EXCEPTION' ? -1 : PROGRESS_RANK[s]);

export function nextTrackingState(current: TrackingState, event: { status: TrackingStatus; occurredAt: Date }): TrackingOutcome {
  const unchanged = { ...current, applied: false, delivered: false };
  if (current.progress === 'DELIVERED') return unchanged;
  const newest = current.lastEventAt === null || event.occurredAt >= current.lastEventAt;
  const lastEventAt = newest ? event.occurredAt : current.lastEventAt;
  if (event.status === 'EXCEPTION') {
    if (!newest) return unchanged;
    return { status: 'EXCEPTION', progress: current.progress, lastEventAt, applied: current.status !== 'EXCEPTION', delivered: false };
  }
  const progress = rank(event.status) > rank(current.progress) ? event.status : current.progress;
  const delivered = progress === 'DELIVERED';
  // An older event may still raise progress (it happened), but does not clear a newer exception.
  const status = delivered || newest || current.status !== 'EXCEPTION' ? progress : current.status;
  return { status, progress, lastEventAt, applied: status !== current.status || progress !== current.progress, delivered };
}

/** The step after `progress`, for the sandbox carrier; null once delivered. */
export function nextProgress(progress: TrackingStatus): TrackingStatus | null {
  const i = PROGRESS_ORDER.indexOf(progress as (typeof PROGRESS_ORDER)[number]);
  return PROGRESS_ORDER[i + 1] ?? null;
}
