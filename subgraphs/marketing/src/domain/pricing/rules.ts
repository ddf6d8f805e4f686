import type { CartLine, CouponRule, PromotionRule, Scope } from './types.ts';

/** Whether a rule's scope covers a line. A shop's own rule covers only its shop's lines. */
export function covers(scope: Scope, line: CartLine): boolean {
  if (scope.ownerShopId && line.shopId !== scope.ownerShopId) return false;
  switch (scope.kind) {
    case 'PLATFORM':
      return true;
    case 'SHOP':
      return scope.ids.length === 0 ? scope.ownerShopId !== null : scope.ids.includes(line.shopId);
    case 'CATEGORIES':
      return line.categoryPath.some((id) => scope.ids.includes(id));
    case 'SKUS':
      return scope.ids.includes(line.skuId);
  }
}

/** amount × percent / 100, rounded half up, in minor units. */
export function percentOf(amount: bigint, percent: number): bigint {
  return (amount * BigInt(percent) + 50n) / 100n;
}

const atMost = (value: bigint, cap: bigint | null) => (cap !== null && value > cap ? cap : value);
const min = (a: bigint, b: bigint) => (a < b ? a : b);

/**
 * What a promotion takes off `base` (the covered lines' amount). 满减 tiers are not cumulative:
 * the highest tier reached applies once (满300减30, 满500减60: 600 gets 60 off).
 */
export function promotionDiscount(rule: PromotionRule, base: bigint): bigint {
  if (base <= 0n) return 0n;
  if (rule.kind === 'PERCENT_OFF') return min(atMost(percentOf(base, rule.percentOff ?? 0), rule.maxDiscount), base);
  let best = 0n;
  for (const tier of rule.tiers) if (base >= tier.threshold && tier.off > best) best = tier.off;
  return min(best, base);
}

export type CouponRefusal = 'BELOW_THRESHOLD';

/** What a coupon takes off `base` (its covered lines' amount after promotions), or why it cannot. */
export function couponDiscount(rule: CouponRule, base: bigint): bigint | CouponRefusal {
  if (base < rule.minSpend) return 'BELOW_THRESHOLD';
  if (rule.kind === 'PERCENT_OFF') return min(atMost(percentOf(base, rule.percentOff ?? 0), rule.maxDiscount), base);
  return min(rule.amountOff ?? 0n, base);
}
