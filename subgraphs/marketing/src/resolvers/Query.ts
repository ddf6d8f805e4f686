import { toPayload, type ConnectionArgs, type RequestContext } from '@zhongtai/kit';
import type { CouponStatus } from '../db/tables.ts';
import { listCoupons, myCoupons, type CouponFilter } from '../domain/coupons.ts';
import { listFlashSales } from '../domain/flashSales.ts';
import { cartPriceView, priceMemberCart, type PriceCartInput } from '../domain/priceCart.ts';
import { listCampaigns, listPromotions, type PromotionFilter } from '../domain/promotions.ts';
import { campaignStandings, couponTemplateStandings } from '../domain/standings.ts';
import { findTemplate, listClaimableTemplates, listCouponTemplates, type CouponTemplateFilter } from '../domain/templates.ts';
import type { QueryResolvers } from '../generated/resolvers.ts';

type Filtered<F> = ConnectionArgs & { filter?: F | null };

async function pricePayload(ctx: RequestContext, input: PriceCartInput) {
  const result = await priceMemberCart(ctx, input);
  return toPayload('cart', result.ok ? { ok: true as const, value: cartPriceView(result.value) } : result);
}

export const Query: QueryResolvers = {
  couponTemplates: (_: unknown, args: Filtered<CouponTemplateFilter>, ctx: RequestContext) => listCouponTemplates(ctx, args, args.filter ?? {}),
  couponTemplate: (_: unknown, { id }: { id: string }, ctx: RequestContext) => findTemplate(ctx, id),
  claimableCouponTemplates: (_: unknown, args: ConnectionArgs & { shopId?: string | null }, ctx: RequestContext) =>
    listClaimableTemplates(ctx, args, args.shopId),
  coupons: (_: unknown, args: Filtered<CouponFilter>, ctx: RequestContext) => listCoupons(ctx, args, args.filter ?? {}),
  myCoupons: (_: unknown, args: ConnectionArgs & { status?: CouponStatus | null }, ctx: RequestContext) => myCoupons(ctx, args, args.status),
  promotions: (_: unknown, args: Filtered<PromotionFilter>, ctx: RequestContext) => listPromotions(ctx, args, args.filter ?? {}),
  flashSales: (
    _: unknown,
    args: Filtered<{ shopId?: string | null; skuId?: string | null; campaignId?: string | null; activeAt?: Date | null }>,
    ctx: RequestContext,
  ) => listFlashSales(ctx, args, args.filter ?? {}),
  campaigns: (_: unknown, args: Filtered<{ shopId?: string | null; platformOnly?: boolean | null; activeAt?: Date | null }>, ctx: RequestContext) =>
    listCampaigns(ctx, args, args.filter ?? {}),
  // A customer prices its own cart: the member comes from the token, never from the input.
  previewCart: (_: unknown, { input }: { input: Omit<PriceCartInput, 'memberId' | 'heldBy'> }, ctx: RequestContext) =>
    pricePayload(ctx, { ...input, memberId: ctx.claims!.memberId!, heldBy: null }),
  priceCart: (_: unknown, { input }: { input: PriceCartInput }, ctx: RequestContext) => pricePayload(ctx, input),
  campaignStandings: (_: unknown, { ids }: { ids: string[] }, ctx: RequestContext) => campaignStandings(ctx, ids),
  couponTemplateStandings: (_: unknown, { ids }: { ids: string[] }, ctx: RequestContext) => couponTemplateStandings(ctx, ids),
};
