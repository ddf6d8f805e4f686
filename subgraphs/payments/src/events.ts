import type { EventHandlers, JobDefinition } from '@zhongtai/kit';
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
