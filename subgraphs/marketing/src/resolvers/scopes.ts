import type { RequestContext } from '@zhongtai/kit';
import type { CouponRow } from '../db/tables.ts';
import { loadTemplate } from '../domain/templates.ts';
import { couponTenancy } from '../domain/tenancy.ts';

/**
 * Marketing's types are reached through its queries; a coupon is an entity only so that the order
 * center can add its checkout and shop orders. A merchant reaches its own shop's coupons.
 */
const Coupon = {
  ...couponTenancy,
  reference: {
    reachedByShop: async (ctx: RequestContext, c: CouponRow, shopId: string) => (await loadTemplate(ctx, c.templateId))?.shopId === shopId,
  },
};

export const entityScopes = { Coupon };
