import { and, count, eq, gt, lte, or, type SQL } from 'drizzle-orm';
import { anyOf, forbidden, paginate, type ConnectionArgs, type RequestContext, scopedWhere } from '@zhongtai/kit';
import { couponTemplateTenancy } from './tenancy.ts';
import { coupons, couponTemplates, type CouponRow, type CouponStatus } from '../db/tables.ts';

export interface CouponFilter {
  templateId?: string | null;
  status?: CouponStatus | null;
  memberId?: string | null;
  shopId?: string | null;
}

/** An AVAILABLE coupon past its date is EXPIRED, whether or not the sweep has marked it yet. */
export function effectiveStatus(coupon: CouponRow, now = new Date()): CouponStatus {
  return coupon.status === 'AVAILABLE' && coupon.validUntil <= now ? 'EXPIRED' : coupon.status;
}

function statusCondition(status: CouponStatus, now: Date): SQL | undefined {
  if (status === 'AVAILABLE') return and(eq(coupons.status, 'AVAILABLE'), gt(coupons.validUntil, now));
  if (status === 'EXPIRED') return or(eq(coupons.status, 'EXPIRED'), and(eq(coupons.status, 'AVAILABLE'), lte(coupons.validUntil, now)));
  return eq(coupons.status, status);
}

function page(ctx: RequestContext, args: ConnectionArgs, conditions: (SQL | undefined)[], joinTemplates: boolean) {
  return paginate<CouponRow>({
    args,
    idColumn: coupons.id,
    sort: { column: coupons.claimedAt, direction: 'DESC', value: (row) => row.claimedAt },
    where: and(...conditions),
    fetch: async (where, orderBy, limit) => {
      if (!joinTemplates)
        return ctx.db
          .select()
          .from(coupons)
          .where(where)
          .orderBy(...orderBy)
          .limit(limit);
      const rows = await ctx.db
        .select({ coupon: coupons })
        .from(coupons)
        .innerJoin(couponTemplates, eq(couponTemplates.id, coupons.templateId))
        .where(where)
        .orderBy(...orderBy)
        .limit(limit);
      return rows.map((r) => r.coupon);
    },
    count: async (where) => {
      const query = ctx.db.select({ n: count() }).from(coupons);
      const rows = joinTemplates ? await query.innerJoin(couponTemplates, eq(couponTemplates.id, coupons.templateId)).where(where) : await query.where(where);
      return rows[0]?.n ?? 0;
    },
  });
}

/** For operators and analysts every coupon; for a merchant those of its shop's templates. */
export function listCoupons(ctx: RequestContext, args: ConnectionArgs, filter: CouponFilter = {}) {
  const now = new Date();
  const conditions: (SQL | undefined)[] = [scopedWhere(ctx, couponTemplateTenancy, { shopId: filter.shopId })];
  if (filter.templateId) conditions.push(eq(coupons.templateId, filter.templateId));
  if (filter.memberId) conditions.push(eq(coupons.memberId, filter.memberId));
  if (filter.status) conditions.push(statusCondition(filter.status, now));
  return page(ctx, args, conditions, true);
}

export function myCoupons(ctx: RequestContext, args: ConnectionArgs, status?: CouponStatus | null) {
  const memberId = ctx.claims?.memberId;
  if (!memberId) throw forbidden('Only customers have coupons');
  return page(ctx, args, [eq(coupons.memberId, memberId), status ? statusCondition(status, new Date()) : undefined], false);
}

/** The expiry sweep: marks AVAILABLE coupons past their date EXPIRED (lists already show them so). */
export async function expireCoupons(ctx: RequestContext, now = new Date()): Promise<number> {
  const rows = await ctx.db
    .update(coupons)
    .set({ status: 'EXPIRED', updatedAt: now })
    .where(and(eq(coupons.status, 'AVAILABLE'), lte(coupons.validUntil, now)))
    .returning({ id: coupons.id });
  return rows.length;
}

/** Batched by id; no access check (a reference is checked by its entity scope). */
export function loadCoupon(ctx: RequestContext, id: string): Promise<CouponRow | null> {
  return ctx.loaders.byId<CouponRow>('marketing.couponById', (ids) => ctx.db.select().from(coupons).where(anyOf(coupons.id, ids))).load(id);
}
