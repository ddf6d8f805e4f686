import type { JobDefinition } from '@zhongtai/kit';
import { SETTLE_REFUND_JOB, settleRefundJob } from './domain/settleRefund.ts';

/** Work that must happen after a commit and survive a restart. */
export const jobs: Record<string, JobDefinition> = {
  [SETTLE_REFUND_JOB]: { handler: settleRefundJob, retryLimit: 10 },
};
