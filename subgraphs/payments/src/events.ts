import { type CenterMessaging, RECORD_SKIPPED_RISK_JOB, recordSkippedRisk, type EventHandlers, type JobDefinition } from '@zhongtai/kit';
import { outbox } from './db/tables.ts';
import { RECOVER_MISSED_NOTIFICATIONS_JOB, recoverMissedNotifications } from './domain/recoverPayments.ts';
import { SETTLE_REFUND_JOB, settleRefundJob } from './domain/settleRefund.ts';

/**
 * Payments publishes PaymentSucceeded (domain/paymentEvents.ts) and RefundSucceeded
 * (domain/settleRefund.ts). It reacts to no other center's event: orders calls it as SERVICE.
 */
export const handlers: EventHandlers = {};

/** Work that must happen after a commit and survive a restart. */
export const jobs: Record<string, JobDefinition> = {
  [SETTLE_REFUND_JOB]: { handler: settleRefundJob, retryLimit: 10 },
  // Every minute: payments whose provider's notification never came are asked about (掉单补偿).
  [RECOVER_MISSED_NOTIFICATIONS_JOB]: { cron: '* * * * *', retryLimit: 0, handler: async (ctx) => void (await recoverMissedNotifications(ctx)) },
  // A payment opened without the risk center's verdict: SKIPPED recorded once it answers.
  [RECORD_SKIPPED_RISK_JOB]: { retryLimit: 20, handler: (ctx, data) => recordSkippedRisk(ctx, data.input as Parameters<typeof recordSkippedRisk>[1]) },
};

/** The event wiring `defineCenter` takes: outbox, handlers and jobs. */
export const messaging: CenterMessaging = { outbox, handlers, jobs };
