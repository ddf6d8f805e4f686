import { amountSetting, numberSetting } from '@zhongtai/kit';

/** Procurement's settings, read at call time from the environment (see the root README's table). */
export interface ProcurementConfig {
  /**
   * A purchase order whose total is above this (minor units, in its currency) needs a second,
   * different approver. PROCUREMENT_SECOND_APPROVAL_ABOVE, a decimal amount; default 50000.00.
   */
  secondApprovalAbove: bigint;
  /**
   * How far above the ordered quantity a delivery may go, in percent of each line (rounded down
   * to whole units). PROCUREMENT_OVER_RECEIPT_TOLERANCE_PERCENT; default 0: not one unit more.
   */
  overReceiptTolerancePercent: number;
  /** Lead time assumed for a SKU no supplier offers yet. PROCUREMENT_DEFAULT_LEAD_TIME_DAYS; default 7. */
  defaultLeadTimeDays: number;
}

export function procurementConfig(env: NodeJS.ProcessEnv = process.env): ProcurementConfig {
  return {
    secondApprovalAbove: amountSetting(env, 'PROCUREMENT_SECOND_APPROVAL_ABOVE', 5_000_000n),
    overReceiptTolerancePercent: numberSetting(env, 'PROCUREMENT_OVER_RECEIPT_TOLERANCE_PERCENT', 0, 'non-negative'),
    defaultLeadTimeDays: numberSetting(env, 'PROCUREMENT_DEFAULT_LEAD_TIME_DAYS', 7, 'non-negative'),
  };
}
