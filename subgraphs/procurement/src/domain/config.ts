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
    secondApprovalAbove: decimalToMinor(env.PROCUREMENT_SECOND_APPROVAL_ABOVE, 5_000_000n),
    overReceiptTolerancePercent: nonNegative(env.PROCUREMENT_OVER_RECEIPT_TOLERANCE_PERCENT, 0),
    defaultLeadTimeDays: nonNegative(env.PROCUREMENT_DEFAULT_LEAD_TIME_DAYS, 7),
  };
}

function nonNegative(value: string | undefined, fallback: number): number {
  const n = Number(value);
  return value !== undefined && value !== '' && Number.isFinite(n) && n >= 0 ? n : fallback;
}

/** "50000.00" -> 5000000n (two decimals, the currencies we sell in). */
function decimalToMinor(value: string | undefined, fallback: bigint): bigint {
  if (!value || !/^\d+(\.\d{1,2})?$/.test(value)) return fallback;
  const [whole = '0', frac = ''] = value.split('.');
  return BigInt(whole) * 100n + BigInt(frac.padEnd(2, '0'));
}
