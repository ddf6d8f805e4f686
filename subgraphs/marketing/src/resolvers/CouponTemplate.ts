import { type RequestContext } from '@zhongtai/kit';
import type { CouponTemplateRow } from '../db/tables.ts';
import { templateUsage } from '../domain/templates.ts';
import type { CouponTemplateResolvers } from '../generated/resolvers.ts';
import { money, shop } from './refs.ts';

export const CouponTemplate: CouponTemplateResolvers = {
  shop: (t: CouponTemplateRow) => shop(t.shopId),
  amountOff: (t: CouponTemplateRow) => money(t.amountOff, t.currency),
  maxDiscount: (t: CouponTemplateRow) => money(t.maxDiscount, t.currency),
  minSpend: (t: CouponTemplateRow) => money(t.minSpend, t.currency),
  usage: async (t: CouponTemplateRow, _: unknown, ctx: RequestContext) => {
    const usage = await templateUsage(ctx, t);
    return { ...usage, discountGiven: money(usage.discountGiven, t.currency) };
  },
};
