import type { CenterMessaging, EventHandlers, JobDefinition } from '@zhongtai/kit';
import { outbox } from './db/tables.ts';
import { expireReservation, sweepExpiredReservations } from './domain/reservationStatus.ts';
import { EXPIRE_RESERVATION_JOB } from './domain/reservations.ts';

/**
 * Inventory publishes StockBelowThreshold (domain/ledger.ts) and OutboundShipped
 * (domain/outboundShip.ts) and reacts to no other center's event: orders and fulfillment call it
 * as SERVICE (reserve, release, outbound orders).
 */
export const handlers: EventHandlers = {};

/**
 * Inventory's delayed work. Each reservation schedules its own expiry (startAfter = expiresAt);
 * the minutely sweep catches any whose job was lost. Both release through the same conditional
 * update, so a reservation is released once however many of them run.
 */
export const jobs: Record<string, JobDefinition> = {
  [EXPIRE_RESERVATION_JOB]: {
    async handler(ctx, data) {
      await expireReservation(ctx, String(data.reservationId));
    },
  },
  sweepExpiredReservations: {
    cron: '* * * * *',
    async handler(ctx) {
      await sweepExpiredReservations(ctx);
    },
  },
};

/** The event wiring `defineCenter` takes: outbox, handlers and jobs. */
export const messaging: CenterMessaging = { outbox, handlers, jobs };
