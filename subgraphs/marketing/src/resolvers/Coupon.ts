import { existing, type RequestContext } from '@zhongtai/kit';
import type { CouponRow } from '../db/tables.ts';
import { effectiveStatus, loadCoupon } from '../domain/coupons.ts';
import { loadTemplate } from '../domain/templates.ts';
import type { CouponResolvers } from '../generated/resolvers.ts';
import { money } from './refs.ts';

export const Coupon: CouponResolvers = {
  __resolveReference: (ref: { id: string }, ctx: RequestContext) => loadCoupon(ctx, ref.id),
  template: async (c: CouponRow, _: unknown, ctx: RequestContext) => existing(await loadTemplate(ctx, c.templateId), 'CouponTemplate', c.templateId),
  member: (c: CouponRow) => ({ __typename: 'Member', id: c.memberId }),
  status: (c: CouponRow) => effectiveStatus(c),
  discount: async (c: CouponRow, _: unknown, ctx: RequestContext) =>
    c.discountAmount === null ? null : money(c.discountAmount, existing(await loadTemplate(ctx, c.templateId), 'CouponTemplate', c.templateId).currency),
};
