import { numberSetting } from '@zhongtai/kit';

/** Order timers, from the environment so demos and tests can shorten them. */
export interface OrderTimers {
  /** An unpaid order closes after this. ORDER_PAYMENT_TIMEOUT_SECONDS, default 30 minutes. */
  paymentTimeoutSeconds: number;
  /** A delivered order is confirmed automatically after this. ORDER_AUTO_CONFIRM_SECONDS, default 7 days. */
  autoConfirmSeconds: number;
  /**
   * A checkout still PLACING this long after it was claimed is ended by the recovery job: its
   * request is past the deadline (SUBGRAPH_TIMEOUT_MS) or its process died.
   * ORDER_PLACING_RECOVERY_SECONDS, default the request deadline plus 10 s.
   */
  placingRecoverySeconds: number;
  /** How long a held order's stock stays reserved while it waits for an operator. ORDER_RISK_REVIEW_SECONDS, default 3 days. */
  riskReviewSeconds: number;
}

export function orderTimers(env: NodeJS.ProcessEnv = process.env): OrderTimers {
  const deadlineSeconds = Math.ceil(requestDeadlineMs(env) / 1000);
  return {
    paymentTimeoutSeconds: numberSetting(env, 'ORDER_PAYMENT_TIMEOUT_SECONDS', 30 * 60, 'positive'),
    autoConfirmSeconds: numberSetting(env, 'ORDER_AUTO_CONFIRM_SECONDS', 7 * 24 * 3600, 'positive'),
    placingRecoverySeconds: numberSetting(env, 'ORDER_PLACING_RECOVERY_SECONDS', deadlineSeconds + 10, 'positive'),
    riskReviewSeconds: numberSetting(env, 'ORDER_RISK_REVIEW_SECONDS', 3 * 24 * 3600, 'positive'),
  };
}

/** The deadline of one request as the gateway enforces it (SUBGRAPH_TIMEOUT_MS, default 10 s). */
export function requestDeadlineMs(env: NodeJS.ProcessEnv = process.env): number {
  return numberSetting(env, 'SUBGRAPH_TIMEOUT_MS', 10_000, 'positive');
}

/** The job that closes a held checkout (or held presale balance) nobody decided within ORDER_RISK_REVIEW_SECONDS. */
export const CLOSE_UNREVIEWED_JOB = 'closeUnreviewed';
