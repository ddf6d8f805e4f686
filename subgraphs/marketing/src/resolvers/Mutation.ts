import { toPayload, type MoneyInput, type RequestContext, type Result } from '@zhongtai/kit';
import { claimCoupon, grantCoupons } from '../domain/claims.ts';
import { lockCoupon, redeemCoupon, releaseCoupon, returnCoupon, type CouponUse } from '../domain/couponUse.ts';
import { createFlashSale, releaseFlashSale, takeFlashSale, type CreateFlashSaleInput } from '../domain/flashSales.ts';
import { createCampaign, createPromotion, endPromotion, type CreatePromotionInput } from '../domain/promotions.ts';
import { createCouponTemplate, endCouponTemplate, type CreateCouponTemplateInput } from '../domain/templates.ts';
import type { MutationResolvers } from '../generated/resolvers.ts';

type Input<T> = { input: T };

/** Service payloads carry the result's fields beside userErrors. */
function flat<T extends object>(result: Result<T>, empty: { [K in keyof T]: null }) {
  return result.ok ? { ...result.value, userErrors: [] } : { ...empty, userErrors: result.errors };
}
const noUse = { couponId: null, status: null } as const;

export const Mutation: MutationResolvers = {
  createCouponTemplate: async (_: unknown, { input }: Input<CreateCouponTemplateInput>, ctx: RequestContext) =>
    toPayload('couponTemplate', await createCouponTemplate(ctx, input)),
  endCouponTemplate: async (_: unknown, { input }: Input<{ id: string }>, ctx: RequestContext) =>
    toPayload('couponTemplate', await endCouponTemplate(ctx, input)),
  claimCoupon: async (_: unknown, { input }: Input<{ templateId: string }>, ctx: RequestContext) => toPayload('coupon', await claimCoupon(ctx, input)),
  grantCoupons: async (_: unknown, { input }: Input<{ templateId: string; memberIds: string[] }>, ctx: RequestContext) => {
    const result = await grantCoupons(ctx, input);
    return result.ok ? { ...result.value, userErrors: [] } : { coupons: null, skippedMemberIds: [], userErrors: result.errors };
  },
  createPromotion: async (_: unknown, { input }: Input<CreatePromotionInput>, ctx: RequestContext) => toPayload('promotion', await createPromotion(ctx, input)),
  endPromotion: async (_: unknown, { input }: Input<{ id: string }>, ctx: RequestContext) => toPayload('promotion', await endPromotion(ctx, input)),
  createFlashSale: async (_: unknown, { input }: Input<CreateFlashSaleInput>, ctx: RequestContext) => toPayload('flashSale', await createFlashSale(ctx, input)),
  createCampaign: async (_: unknown, { input }: Input<{ shopId?: string | null; name: string; startsAt: Date; endsAt: Date }>, ctx: RequestContext) =>
    toPayload('campaign', await createCampaign(ctx, input)),
  lockCoupon: async (_: unknown, { input }: Input<{ couponCode: string; memberId: string; orderId: string; discount: MoneyInput }>, ctx: RequestContext) =>
    flat<CouponUse>(await lockCoupon(ctx, input), noUse),
  redeemCoupon: async (_: unknown, { input }: Input<{ orderId: string }>, ctx: RequestContext) => flat<CouponUse>(await redeemCoupon(ctx, input), noUse),
  releaseCoupon: async (_: unknown, { input }: Input<{ orderId: string }>, ctx: RequestContext) => flat<CouponUse>(await releaseCoupon(ctx, input), noUse),
  returnCoupon: async (_: unknown, { input }: Input<{ orderId: string }>, ctx: RequestContext) => flat<CouponUse>(await returnCoupon(ctx, input), noUse),
  takeFlashSale: async (_: unknown, { input }: Input<{ flashSaleId: string; memberId: string; orderId: string; quantity: number }>, ctx: RequestContext) =>
    flat(await takeFlashSale(ctx, input), { quantity: null }),
  releaseFlashSale: async (_: unknown, { input }: Input<{ orderId: string }>, ctx: RequestContext) =>
    flat(await releaseFlashSale(ctx, input), { quantity: null }),
};
