/** Order timers, from the environment so demos and tests can shorten them. */
export interface OrderTimers {
  /** An unpaid order closes after this. ORDER_PAYMENT_TIMEOUT_SECONDS, default 30 minutes. */
  paymentTimeoutSeconds: number;
  /** A delivered order is confirmed automatically after this. ORDER_AUTO_CONFIRM_SECONDS, default 7 days. */
  autoConfirmSeconds: number;
}

export function orderTimers(env: NodeJS.ProcessEnv = process.env): OrderTimers {
  return {
    paymentTimeoutSeconds: positive(env.ORDER_PAYMENT_TIMEOUT_SECONDS, 30 * 60),
    autoConfirmSeconds: positive(env.ORDER_AUTO_CONFIRM_SECONDS, 7 * 24 * 3600),
  };
}

function positive(value: string | undefined, fallback: number): number {
  const n = Number(value);
  return value && Number.isFinite(n) && n > 0 ? n : fallback;
}

