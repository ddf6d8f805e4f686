/**
 * 补货数量: how many units to order for a SKU in a warehouse.
 *
 *   dailySales   = sold in the last 30 days / 30
 *   leadDemand   = ceil(dailySales × lead time in days)      units sold while the order is on its way
 *   target       = leadDemand + safety stock                  what should be available when it arrives
 *   shortfall    = target − available − on order             on order: open purchase orders' units not yet received
 *   quantity     = 0 when shortfall ≤ 0, else max(shortfall, the supplier's minimum order quantity)
 *
 * The safety stock is the stock level's own (set in inventory); the lead time and minimum are the
 * preferred supplier's supply terms (or the configured default lead time and 1 without one).
 */
export const SALES_WINDOW_DAYS = 30;

export interface ReplenishmentInputs {
  soldLast30Days: number;
  leadTimeDays: number;
  safetyStock: number;
  available: number;
  onOrder: number;
  minOrderQuantity: number;
}

export function replenishmentQuantity(i: ReplenishmentInputs): number {
  const dailySales = Math.max(i.soldLast30Days, 0) / SALES_WINDOW_DAYS;
  // Rounded to 1e-9 first so 30 units over 30 days × 7 days is 7, not ceil(7.000000000000001).
  const leadDemand = Math.ceil(Math.round(dailySales * i.leadTimeDays * 1e9) / 1e9);
  const shortfall = leadDemand + i.safetyStock - i.available - i.onOrder;
  if (shortfall <= 0) return 0;
  return Math.max(shortfall, i.minOrderQuantity);
}
