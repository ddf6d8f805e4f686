import { CURRENCY_CODES, existing, toMoney, type ConnectionArgs, type CurrencyCode, type Money, type RequestContext } from '@zhongtai/kit';
import type { CampaignRow, CouponRow, CouponTemplateRow, FlashSaleRow, PromotionRow } from '../db/tables.ts';
import { effectiveStatus } from '../domain/coupons.ts';
import { listPromotions, loadCampaign } from '../domain/promotions.ts';
import { loadTemplate, templateUsage } from '../domain/templates.ts';
import type { CampaignResolvers, CouponResolvers, CouponTemplateResolvers, FlashSaleResolvers, PromotionResolvers } from '../generated/resolvers.ts';

const currencyOf = (code: string): CurrencyCode => (CURRENCY_CODES.includes(code as CurrencyCode) ? (code as CurrencyCode) : 'CNY');
function money(minor: bigint, currency: string): Money;
function money(minor: bigint | null, currency: string): Money | null;
function money(minor: bigint | null, currency: string): Money | null {
  return minor === null ? null : toMoney(minor, currencyOf(currency));
}
const shop = (shopId: string | null) => (shopId ? { __typename: 'Shop', id: shopId } : null);
const campaign = (row: { campaignId: string | null }, _: unknown, ctx: RequestContext) => (row.campaignId ? loadCampaign(ctx, row.campaignId) : null);

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

export const Coupon: CouponResolvers = {
  template: async (c: CouponRow, _: unknown, ctx: RequestContext) => existing(await loadTemplate(ctx, c.templateId), 'CouponTemplate', c.templateId),
  member: (c: CouponRow) => ({ __typename: 'Member', id: c.memberId }),
  status: (c: CouponRow) => effectiveStatus(c),
  discount: async (c: CouponRow, _: unknown, ctx: RequestContext) => (c.discountAmount === null ? null : money(c.discountAmount, existing(await loadTemplate(ctx, c.templateId), 'CouponTemplate', c.templateId).currency)),
};

export const Promotion: PromotionResolvers = {
  shop: (p: PromotionRow) => shop(p.shopId),
  funder: (p: PromotionRow) => (p.shopId ? 'SHOP' : 'PLATFORM'),
  campaign,
  tiers: (p: PromotionRow) => p.tiers.map((t) => ({ threshold: money(BigInt(t.threshold), p.currency), off: money(BigInt(t.off), p.currency) })),
  maxDiscount: (p: PromotionRow) => money(p.maxDiscount, p.currency),
};

export const FlashSale: FlashSaleResolvers = {
  shop: (f: FlashSaleRow) => ({ __typename: 'Shop', id: f.shopId }),
  sku: (f: FlashSaleRow) => ({ __typename: 'Sku', id: f.skuId }),
  campaign,
  price: (f: FlashSaleRow) => money(f.price, f.currency),
};

export const Campaign: CampaignResolvers = {
  shop: (c: CampaignRow) => shop(c.shopId),
  promotions: (c: CampaignRow, args: ConnectionArgs, ctx: RequestContext) => listPromotions(ctx, args, { campaignId: c.id }),
};
