import { businessDay, toMinor, type CurrencyCode, type EventCatalog, type OrderLifecycleEvent, type RequestContext } from '@zhongtai/kit';
import { aggregateStore, type FunnelStep } from './aggregateStore.ts';

/**
 * The events behind refund reasons, coupon performance and the order funnel. Each writes a row
 * keyed by what it records (request, coupon, coupon and checkout, order) and sets a funnel time
 * only once, so a redelivery changes nothing.
 */
export async function recordAfterSaleFiled(ctx: RequestContext, filed: EventCatalog['AfterSaleFiled']): Promise<void> {
  await aggregateStore.recordAfterSale(ctx.db, {
    requestId: filed.requestId,
    orderId: filed.orderId,
    orderLineId: filed.orderLineId,
    shopId: filed.shopId,
    type: filed.type,
    reasonCode: filed.reasonCode,
    quantity: filed.quantity,
    filedAt: new Date(filed.filedAt),
    filedDay: businessDay(filed.filedAt),
  });
}

export async function recordCouponClaimed(ctx: RequestContext, claim: EventCatalog['CouponClaimed']): Promise<void> {
  await aggregateStore.recordCouponClaim(ctx.db, {
    couponId: claim.couponId,
    templateId: claim.templateId,
    shopId: claim.shopId,
    memberId: claim.memberId,
    source: claim.source,
    claimedDay: businessDay(claim.claimedAt),
  });
}

export async function recordCouponRedeemed(ctx: RequestContext, use: EventCatalog['CouponRedeemed']): Promise<void> {
  const currency = use.currencyCode as CurrencyCode;
  await aggregateStore.recordCouponRedemption(ctx.db, {
    couponId: use.couponId,
    checkoutId: use.orderId,
    templateId: use.templateId,
    shopId: use.shopId,
    memberId: use.memberId,
    discount: toMinor({ amount: use.discount, currencyCode: currency }),
    currency,
    redeemedDay: businessDay(use.redeemedAt),
  });
}

/** A step of an order through placed -> paid -> shipped -> completed, or its end. */
export async function recordFunnelStep(
  ctx: RequestContext,
  order: Pick<OrderLifecycleEvent, 'orderId' | 'shopId' | 'memberId'>,
  step: FunnelStep,
): Promise<void> {
  await aggregateStore.recordFunnelStep(ctx.db, { orderId: order.orderId, shopId: order.shopId, memberId: order.memberId }, step);
}
