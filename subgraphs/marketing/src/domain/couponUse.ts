import { and, eq, gt } from 'drizzle-orm';
import {
  isUniqueViolation,
  ok,
  parsePrice,
  Problems,
  requiredText,
  toMoney,
  type CurrencyCode,
  type MoneyInput,
  type RequestContext,
  type Result,
} from '@zhongtai/kit';
import { coupons, couponTemplates, type CouponRow } from '../db/tables.ts';

/**
 * A coupon's life with an order: AVAILABLE -> LOCKED (the order uses it) -> REDEEMED (paid), or
 * back to AVAILABLE when the order is cancelled (EXPIRED if its date passed meanwhile). Each
 * step is idempotent per order: the order center may retry any of them.
 */
export interface CouponUse {
  couponId: string | null;
  status: CouponRow['status'] | null;
}

const none: CouponUse = { couponId: null, status: null };
const use = (row: CouponRow): CouponUse => ({ couponId: row.id, status: row.status });

/** Why a coupon the member holds cannot be used now, if it cannot. */
export function unusableReason(coupon: CouponRow, now: Date): { code: 'EXPIRED' | 'NOT_STARTED' | 'IN_USE'; message: string } | null {
  if (coupon.status === 'LOCKED' || coupon.status === 'REDEEMED')
    return { code: 'IN_USE', message: `Coupon ${coupon.code} is ${coupon.status === 'LOCKED' ? 'held by another order' : 'used'}` };
  if (coupon.status === 'EXPIRED' || coupon.validUntil <= now)
    return { code: 'EXPIRED', message: `Coupon ${coupon.code} expired at ${coupon.validUntil.toISOString()}` };
  if (coupon.validFrom > now) return { code: 'NOT_STARTED', message: `Coupon ${coupon.code} is valid from ${coupon.validFrom.toISOString()}` };
  return null;
}

export async function lockCoupon(
  ctx: RequestContext,
  input: { couponCode: string; memberId: string; orderId: string; discount: MoneyInput },
): Promise<Result<CouponUse>> {
  const problems = new Problems();
  const orderId = requiredText(problems, input.orderId, ['input', 'orderId'], 'Order id', 40);
  const discount = parsePrice(input.discount, problems, ['input', 'discount']);
  if (problems.any || !orderId || discount === undefined) return problems.refuse();
  const code = input.couponCode.trim().toUpperCase();
  try {
    return await ctx.db.transaction(async (tx) => {
      const now = new Date();
      const [coupon] = await tx
        .select()
        .from(coupons)
        .where(and(eq(coupons.code, code), eq(coupons.memberId, input.memberId)))
        .for('update');
      // Another member's code reads as unknown: codes are not to be probed.
      if (!coupon) return problems.add(['input', 'couponCode'], 'NOT_FOUND', `No coupon ${code} for this member`).refuse<CouponUse>();
      const [{ currency }] = (await tx
        .select({ currency: couponTemplates.currency })
        .from(couponTemplates)
        .where(eq(couponTemplates.id, coupon.templateId))) as [{ currency: string }];
      if (coupon.orderId === orderId) return ok(use(coupon));
      const reason = unusableReason(coupon, now);
      if (reason) return problems.add(['input', 'couponCode'], reason.code, reason.message).refuse<CouponUse>();
      if (input.discount.currencyCode !== currency)
        return problems.add(['input', 'discount', 'currencyCode'], 'CURRENCY_MISMATCH', `The coupon is in ${currency}`).refuse<CouponUse>();
      const [row] = await tx
        .update(coupons)
        .set({ status: 'LOCKED', orderId, discountAmount: discount, lockedAt: now, updatedAt: now })
        .where(eq(coupons.id, coupon.id))
        .returning();
      return ok(use(row!));
    });
  } catch (error) {
    if (isUniqueViolation(error, 'coupons_order_key'))
      return problems.add(['input', 'orderId'], 'DUPLICATE', `Order ${orderId} already uses a coupon`).refuse();
    throw error;
  }
}

export async function redeemCoupon(ctx: RequestContext, input: { orderId: string }): Promise<Result<CouponUse>> {
  const now = ctx.now();
  // The coupon is spent, and CouponRedeemed published, together or not at all (analytics counts uses per template).
  const redeemed = await ctx.db.transaction(async (tx) => {
    const [row] = await tx
      .update(coupons)
      .set({ status: 'REDEEMED', redeemedAt: now, updatedAt: now })
      .where(and(eq(coupons.orderId, input.orderId), eq(coupons.status, 'LOCKED')))
      .returning();
    if (!row) return null;
    const [template] = await tx.select().from(couponTemplates).where(eq(couponTemplates.id, row.templateId));
    const currency = (template?.currency ?? 'CNY') as CurrencyCode;
    await ctx.events.publish(tx, 'CouponRedeemed', {
      couponId: row.id,
      templateId: row.templateId,
      shopId: template?.shopId ?? null,
      memberId: row.memberId,
      orderId: input.orderId,
      discount: toMoney(row.discountAmount ?? 0n, currency).amount,
      currencyCode: currency,
      redeemedAt: now.toISOString(),
    });
    return row;
  });
  if (redeemed) return ok(use(redeemed));
  const [already] = await ctx.db.select().from(coupons).where(eq(coupons.orderId, input.orderId));
  return ok(already ? use(already) : none);
}

/** Gives the order's coupon back. A redeemed coupon stays redeemed: a paid order's refund does not re-issue it. */
export async function releaseCoupon(ctx: RequestContext, input: { orderId: string }): Promise<Result<CouponUse>> {
  return ctx.db.transaction(async (tx) => {
    const now = new Date();
    const [coupon] = await tx.select().from(coupons).where(eq(coupons.orderId, input.orderId)).for('update');
    if (!coupon) return ok(none);
    if (coupon.status !== 'LOCKED') return ok(use(coupon));
    const [row] = await tx
      .update(coupons)
      .set({ status: coupon.validUntil <= now ? 'EXPIRED' : 'AVAILABLE', orderId: null, discountAmount: null, lockedAt: null, updatedAt: now })
      .where(eq(coupons.id, coupon.id))
      .returning();
    return ok({ couponId: row!.id, status: row!.status });
  });
}

/**
 * The whole order was refunded after sale: a redeemed coupon still inside its validity goes back
 * to the member (AVAILABLE, free of the order); past its validity it stays used. Idempotent: a
 * second call finds nothing redeemed for the order.
 */
export async function returnCoupon(ctx: RequestContext, input: { orderId: string }): Promise<Result<CouponUse>> {
  const now = new Date();
  const [row] = await ctx.db
    .update(coupons)
    .set({ status: 'AVAILABLE', orderId: null, discountAmount: null, lockedAt: null, redeemedAt: null, updatedAt: now })
    .where(and(eq(coupons.orderId, input.orderId), eq(coupons.status, 'REDEEMED'), gt(coupons.validUntil, now)))
    .returning();
  if (row) return ok(use(row));
  const [still] = await ctx.db.select().from(coupons).where(eq(coupons.orderId, input.orderId));
  return ok(still ? use(still) : none);
}
