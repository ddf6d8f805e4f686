import { numberSetting } from '@zhongtai/kit';

/** After-sales timers, read at call time from the environment so demos and tests can shorten them. */
export interface AfterSaleTimers {
  /** 无理由退货: a return or exchange is asked for within this after delivery. AFTERSALE_RETURN_WINDOW_SECONDS, default 7 days. */
  returnWindowSeconds: number;
  /** A request nobody decides is approved after this. AFTERSALE_AUTO_APPROVE_SECONDS, default 48 hours. */
  autoApproveSeconds: number;
}

/** Service-ticket clocks, for a NORMAL ticket: URGENT gets a quarter, HIGH half, LOW twice (domain/tickets/rules.ts). */
export interface TicketTimers {
  /** An agent or the shop answers within this. TICKET_FIRST_RESPONSE_SECONDS, default 4 hours. */
  firstResponseSeconds: number;
  /** Resolved within this. TICKET_RESOLUTION_SECONDS, default 48 hours. */
  resolutionSeconds: number;
  /** A resolved ticket closes after this unless its customer reopens it. TICKET_REOPEN_SECONDS, default 7 days. */
  reopenSeconds: number;
}

export function ticketTimers(env: NodeJS.ProcessEnv = process.env): TicketTimers {
  return {
    firstResponseSeconds: numberSetting(env, 'TICKET_FIRST_RESPONSE_SECONDS', 4 * 3600, 'positive'),
    resolutionSeconds: numberSetting(env, 'TICKET_RESOLUTION_SECONDS', 48 * 3600, 'positive'),
    reopenSeconds: numberSetting(env, 'TICKET_REOPEN_SECONDS', 7 * 24 * 3600, 'positive'),
  };
}

export function afterSaleTimers(env: NodeJS.ProcessEnv = process.env): AfterSaleTimers {
  return {
    returnWindowSeconds: numberSetting(env, 'AFTERSALE_RETURN_WINDOW_SECONDS', 7 * 24 * 3600, 'positive'),
    autoApproveSeconds: numberSetting(env, 'AFTERSALE_AUTO_APPROVE_SECONDS', 48 * 3600, 'positive'),
  };
}
