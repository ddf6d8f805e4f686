import type { Money, MoneyInput } from '../money.ts';
import type { UserError } from '../userErrors.ts';
import { serviceMutation, serviceOperation } from '../serviceClient.ts';

/** The marketing center's internal API, as the order center calls it at checkout. */
export type DiscountSource = 'PROMOTION' | 'FLASH_SALE' | 'COUPON' | 'POINTS' | 'MEMBER_LEVEL';
export type CouponStatus = 'AVAILABLE' | 'LOCKED' | 'REDEEMED' | 'EXPIRED';

export interface LineDiscount {
  source: DiscountSource;
  /** The promotion, flash sale, coupon, level or member (points) the discount comes from. */
  id: string;
  name: string;
  amount: Money;
  funder: 'PLATFORM' | 'SHOP';
  /** The campaign of the promotion or flash sale it came from. */
  campaignId?: string | null;
}

export interface PricedLine {
  skuId: string;
  shopId: string;
  quantity: number;
  unitPrice: Money;
  listAmount: Money;
  discounts: LineDiscount[];
  finalAmount: Money;
  flashSaleId: string | null;
}

export interface CartPrice {
  currencyCode: string;
  lines: PricedLine[];
  subtotal: Money;
  discountTotal: Money;
  total: Money;
  couponId: string | null;
  couponTemplateId: string | null;
  couponDiscount: Money;
  pointsUsed: number;
  pointsDeduction: Money;
  freeShipping: boolean;
}

export interface CartPricePayload {
  cart: CartPrice | null;
  userErrors: UserError[];
}

export interface PriceCartInput {
  memberId: string;
  lines: { skuId: string; quantity: number }[];
  couponCode?: string | null;
  pointsToUse?: number | null;
  /** Repricing an unpaid order (an order edit): the coupon locked for it is usable, the points it spent count as the member's. */
  heldBy?: { orderId: string; points: number } | null;
}

const MONEY = 'amount currencyCode';
export const CART_PRICE_FIELDS = `currencyCode couponId couponTemplateId pointsUsed freeShipping
  subtotal { ${MONEY} } discountTotal { ${MONEY} } total { ${MONEY} } couponDiscount { ${MONEY} } pointsDeduction { ${MONEY} }
  lines { skuId shopId quantity flashSaleId unitPrice { ${MONEY} } listAmount { ${MONEY} } finalAmount { ${MONEY} }
    discounts { source id name funder campaignId amount { ${MONEY} } } }`;

/** Prices a cart as checkout will charge it: promotions, one coupon, points; nothing is locked. */
export const priceCart = serviceOperation<{ input: PriceCartInput }, { priceCart: CartPricePayload }>(
  'marketing',
  `query PriceCart($input: PriceCartInput!) { priceCart(input: $input) { cart { ${CART_PRICE_FIELDS} } userErrors { field code message } } }`,
);

export interface CouponUse {
  couponId: string | null;
  status: CouponStatus | null;
  userErrors: UserError[];
}

const COUPON_USE = 'couponId status userErrors { field code message }';

/** AVAILABLE -> LOCKED for an order; a repeat for the same order is a no-op. EXPIRED / IN_USE / NOT_FOUND otherwise. */
export const lockCoupon = serviceOperation<
  { input: { couponCode: string; memberId: string; orderId: string; discount: MoneyInput } },
  { lockCoupon: CouponUse }
>('marketing', `mutation LockCoupon($input: LockCouponInput!) { lockCoupon(input: $input) { ${COUPON_USE} } }`);

/** LOCKED -> REDEEMED when the order is paid; idempotent; couponId null when the order used none. */
export const redeemCoupon = serviceOperation<{ input: { orderId: string } }, { redeemCoupon: CouponUse }>(
  'marketing',
  `mutation RedeemCoupon($input: OrderRefInput!) { redeemCoupon(input: $input) { ${COUPON_USE} } }`,
);

/** LOCKED -> AVAILABLE (or EXPIRED when past its validity) when the order is cancelled; idempotent. */
export const releaseCoupon = serviceOperation<{ input: { orderId: string } }, { releaseCoupon: CouponUse }>(
  'marketing',
  `mutation ReleaseCoupon($input: OrderRefInput!) { releaseCoupon(input: $input) { ${COUPON_USE} } }`,
);

/** Takes flash-sale quantity for an order (never beyond the sale's quantity or the member's limit); once per order. */
export const takeFlashSale = serviceMutation<
  'takeFlashSale',
  { flashSaleId: string; memberId: string; orderId: string; quantity: number },
  { quantity: number | null }
>('marketing', 'takeFlashSale', 'quantity');

/** Gives an order's flash-sale quantity back (order cancelled); idempotent. */
export const releaseFlashSale = serviceMutation<'releaseFlashSale', { orderId: string }, { quantity: number | null }>(
  'marketing',
  'releaseFlashSale',
  'quantity',
  'OrderRefInput',
);

/** REDEEMED -> AVAILABLE when the whole order was refunded after sale and the coupon is still valid (an expired one stays used); idempotent. */
export const returnCoupon = serviceOperation<{ input: { orderId: string } }, { returnCoupon: CouponUse }>(
  'marketing',
  `mutation ReturnCoupon($input: OrderRefInput!) { returnCoupon(input: $input) { ${COUPON_USE} } }`,
);

export interface CampaignStanding {
  id: string;
  /** Null for a platform campaign. */
  shopId: string | null;
  startsAt: string;
  endsAt: string;
  /** Shops with a promotion or flash sale in it, its own shop included. */
  participantShopIds: string[];
}

export interface CouponTemplateStanding {
  id: string;
  shopId: string | null;
  status: 'ACTIVE' | 'ENDED';
}

/** Whether campaigns and coupon templates exist, in one call (the content center's links). Unknown ids are left out. */
export const linkStandings = serviceOperation<
  { campaignIds: string[]; couponTemplateIds: string[] },
  { campaignStandings: CampaignStanding[]; couponTemplateStandings: CouponTemplateStanding[] }
>(
  'marketing',
  `query MarketingLinkStandings($campaignIds: [ID!]!, $couponTemplateIds: [ID!]!) {
    campaignStandings(ids: $campaignIds) { id shopId startsAt endsAt participantShopIds }
    couponTemplateStandings(ids: $couponTemplateIds) { id shopId status }
  }`,
);
