/** After-sales timers, read at call time from the environment so demos and tests can shorten them. */
export interface AfterSaleTimers {
  /** 无理由退货: a return or exchange is asked for within this after delivery. AFTERSALE_RETURN_WINDOW_SECONDS, default 7 days. */
  returnWindowSeconds: number;
  /** A request nobody decides is approved after this. AFTERSALE_AUTO_APPROVE_SECONDS, default 48 hours. */
  autoApproveSeconds: number;
}

export function afterSaleTimers(env: NodeJS.ProcessEnv = process.env): AfterSaleTimers {
  return {
    returnWindowSeconds: positive(env.AFTERSALE_RETURN_WINDOW_SECONDS, 7 * 24 * 3600),
    autoApproveSeconds: positive(env.AFTERSALE_AUTO_APPROVE_SECONDS, 48 * 3600),
  };
}

function positive(value: string | undefined, fallback: number): number {
  const n = Number(value);
  return value && Number.isFinite(n) && n > 0 ? n : fallback;
}
