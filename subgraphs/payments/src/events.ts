import type { CenterMessaging, EventHandlers, JobDefinition } from '@zhongtai/kit';
import { outbox } from './db/tables.ts';
import { SETTLE_REFUND_JOB, settleRefundJob } from './domain/settleRefund.ts';

/**
 * Payments publishes PaymentSucceeded (domain/paymentEvents.ts) and RefundSucceeded
 * (domain/settleRefund.ts). It reacts to no other center's event: orders calls it as SERVICE.
 */
export const handlers: EventHandlers = {};

/** Work that must happen after a commit and survive a restart. */
export const jobs: Record<string, JobDefinition> = {
  [SETTLE_REFUND_JOB]: { handler: settleRefundJob, retryLimit: 10 },
};

/** The event wiring `defineCenter` takes: outbox, handlers and jobs. */
export const messaging: CenterMessaging = { outbox, handlers, jobs };
