import type { PromotionRow } from '../db/tables.ts';
import type { PromotionResolvers } from '../generated/resolvers.ts';
import { money, shop, campaign } from './refs.ts';

export const Promotion: PromotionResolvers = {
  shop: (p: PromotionRow) => shop(p.shopId),
  funder: (p: PromotionRow) => (p.shopId ? 'SHOP' : 'PLATFORM'),
  campaign,
  tiers: (p: PromotionRow) => p.tiers.map((t) => ({ threshold: money(BigInt(t.threshold), p.currency), off: money(BigInt(t.off), p.currency) })),
  maxDiscount: (p: PromotionRow) => money(p.maxDiscount, p.currency),
};
