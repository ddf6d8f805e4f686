import type { JobDefinition } from '@zhongtai/kit';
import { expireReservation, sweepExpiredReservations } from './domain/reservationStatus.ts';
import { EXPIRE_RESERVATION_JOB } from './domain/reservations.ts';

/**
 * Inventory's delayed work. Each reservation schedules its own expiry (startAfter = expiresAt);
 * the minutely sweep catches any whose job was lost. Both release through the same conditional
 * update, so a reservation is released once however many of them run.
 * Inventory publishes StockBelowThreshold and OutboundShipped and handles no event yet.
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
