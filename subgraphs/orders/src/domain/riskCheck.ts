import { askRisk, riskService, toMoney, type CurrencyCode, type RequestContext, type UserError } from '@zhongtai/kit';
import type { PricedCheckout } from './checkoutPricing.ts';
import { orderTimers } from './config.ts';

/** The job that tells the risk center a checkout went on without its verdict (the kit's, shared by every caller); retried until it answers. */
export { RECORD_SKIPPED_RISK_JOB, recordSkippedRisk } from '@zhongtai/kit';

/** What the customer is told: nothing about which rule refused (that would teach a fraudster the threshold). */
export const RISK_DENIED: UserError = {
  field: null,
  code: 'RISK_DENIED',
  message: 'This order cannot be placed. Please contact customer service if you believe this is a mistake.',
};

/**
 * Asks the risk center about a priced checkout (kit's `askRisk`, waiting at most the risk
 * deadline). ALLOW and a missing verdict (center down, slow, or refusing the request) place the
 * order; the latter marks `priced.riskSkipped` so the saved checkout schedules its SKIPPED record.
 * REVIEW marks the checkout held: its orders are placed ON_HOLD, no payment opens, stock stays
 * reserved for the review window. Checkout never fails because of this center.
 */
export async function assessCheckout(ctx: RequestContext, priced: PricedCheckout): Promise<'ALLOW' | 'REVIEW' | 'DENY' | 'SKIPPED'> {
  const input = assessmentRequest(ctx, priced);
  const answer = await askRisk(ctx, input);
  if (answer.decision === 'REVIEW') hold(ctx, priced);
  if (answer.decision === 'SKIPPED') priced.riskSkipped = { ...input, reason: answer.reason };
  return answer.decision;
}

function hold(ctx: RequestContext, priced: PricedCheckout): void {
  priced.held = true;
  for (const draft of priced.drafts) draft.order.status = 'ON_HOLD';
  const review = new Date(ctx.now().getTime() + (orderTimers().riskReviewSeconds + orderTimers().paymentTimeoutSeconds) * 1000);
  if (review > priced.holdUntil) priced.holdUntil = review;
}

/** The checkout as the risk center sees it: the whole order value, where it goes, who orders. */
function assessmentRequest(ctx: RequestContext, priced: PricedCheckout): riskService.AssessRiskInput {
  const { address } = priced.input;
  const total = priced.drafts.reduce((sum, d) => sum + d.order.payableAmount, 0n);
  return {
    kind: 'ORDER',
    memberId: priced.memberId,
    orderId: priced.checkoutId,
    orderIds: priced.drafts.map((d) => d.order.id),
    amount: toMoney(total, priced.currency as CurrencyCode),
    address: { province: address.province, city: address.city, district: address.district, detail: address.detail, phone: address.phone },
    deviceId: priced.input.deviceId ?? null,
    // The gateway's view of the client (trusted-proxy aware): the IP velocity rule counts it.
    ip: ctx.clientIp ?? null,
    // The coupon farming rule counts new members using one template from one device.
    couponTemplateId: priced.cart.couponTemplateId ?? null,
  };
}
