/**
 * Plain inputs and outputs of the price calculation: no database, no context, money in bigint
 * minor units. The order center's checkout and the customer's preview run the same function.
 */
import type { CurrencyCode } from '@zhongtai/kit';

export type ScopeKind = 'PLATFORM' | 'SHOP' | 'CATEGORIES' | 'SKUS';
export type DiscountSource = 'PROMOTION' | 'FLASH_SALE' | 'COUPON' | 'POINTS' | 'MEMBER_LEVEL';

export interface CartLine {
  skuId: string;
  shopId: string;
  /** The SKU's category and its ancestors, root first. */
  categoryPath: string[];
  unitPrice: bigint;
  quantity: number;
}

/** `ownerShopId` set: a shop's own rule, which never covers another shop's lines. */
export interface Scope {
  ownerShopId: string | null;
  kind: ScopeKind;
  /** Shop ids (SHOP; empty = the owner shop), category ids (CATEGORIES) or SKU ids (SKUS). */
  ids: string[];
}

export interface Tier {
  threshold: bigint;
  off: bigint;
}

export interface PromotionRule {
  id: string;
  name: string;
  kind: 'FULL_REDUCTION' | 'PERCENT_OFF';
  tiers: Tier[];
  percentOff: number | null;
  maxDiscount: bigint | null;
  scope: Scope;
  campaignId?: string | null;
}

export interface FlashSaleRule {
  id: string;
  name: string;
  campaignId?: string | null;
  skuId: string;
  price: bigint;
  /** Quantity not yet sold. */
  remaining: number;
  /** How many more this member may buy at this price. */
  memberAllowance: number;
}

export interface CouponRule {
  id: string;
  /** Its template: the risk center counts new members using one template from one device (coupon farming). */
  templateId?: string;
  name: string;
  kind: 'FIXED_AMOUNT' | 'PERCENT_OFF' | 'THRESHOLD';
  amountOff: bigint | null;
  percentOff: number | null;
  maxDiscount: bigint | null;
  minSpend: bigint;
  scope: Scope;
}

export interface MemberTerms {
  memberId: string;
  levelId: string | null;
  levelName: string | null;
  discountPercent: number;
  freeShipping: boolean;
  pointsBalance: number;
  pointsPerCurrencyUnit: number;
  maxPointsDeductionPercent: number;
}

export interface PricingInput {
  currencyCode: CurrencyCode;
  lines: CartLine[];
  promotions: PromotionRule[];
  flashSales: FlashSaleRule[];
  coupon: CouponRule | null;
  member: MemberTerms;
  pointsToUse: number;
}

export interface Discount {
  source: DiscountSource;
  id: string;
  name: string;
  /** Who bears it: a shop's own promotion, coupon or flash sale is the shop's; the platform's rules, member levels and points are the platform's. */
  funder: 'PLATFORM' | 'SHOP';
  amount: bigint;
  /** The campaign (专场) of the promotion or flash sale it came from: analytics reports campaigns by the discounts given under them. */
  campaignId?: string | null;
}

export interface PricedLine extends CartLine {
  listAmount: bigint;
  flashSaleId: string | null;
  discounts: Discount[];
  finalAmount: bigint;
}

export interface PricedCart {
  lines: PricedLine[];
  subtotal: bigint;
  discountTotal: bigint;
  total: bigint;
  couponId: string | null;
  couponTemplateId: string | null;
  couponDiscount: bigint;
  pointsUsed: number;
  pointsDeduction: bigint;
  freeShipping: boolean;
}
