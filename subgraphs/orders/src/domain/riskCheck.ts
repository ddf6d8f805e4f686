import { logger, riskService, toMoney, type CurrencyCode, type RequestContext, type UserError } from '@zhongtai/kit';
import type { PricedCheckout } from './checkoutPricing.ts';
import { orderTimers } from './config.ts';

/** The job that tells the risk center a checkout went on without its verdict; retried until it answers. */
export const RECORD_SKIPPED_RISK_JOB = 'recordSkippedRisk';

/** What the customer is told: nothing about which rule refused (that would teach a fraudster the threshold). */
export const RISK_DENIED: UserError = {
  field: null,
  code: 'RISK_DENIED',
  message: 'This order cannot be placed. Please contact customer service if you believe this is a mistake.',
};

class RiskLate extends Error {}

/**
 * Asks the risk center about a priced checkout, waiting at most `riskDeadlineMs`. ALLOW and a
 * missing verdict (center down, slow, or refusing the request) place the order; the latter marks
 * `priced.riskSkipped` so the saved checkout schedules its SKIPPED record. REVIEW marks the
 * checkout held: its orders are placed ON_HOLD, no payment opens, stock stays reserved for the
 * review window. Checkout never fails because of this center.
 */
export async function assessCheckout(ctx: RequestContext, priced: PricedCheckout): Promise<'ALLOW' | 'REVIEW' | 'DENY' | 'SKIPPED'> {
  const input = assessmentRequest(priced);
  const deadlineMs = orderTimers().riskDeadlineMs;
  const call = ctx.services.call(riskService.assessRisk, { input });
  // The in-process call cannot be aborted; a late answer must not become an unhandled rejection.
  call.catch(() => {});
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new RiskLate(`no verdict within ${deadlineMs} ms`)), deadlineMs);
  });
  let reason: string;
  try {
    const { assessRisk } = await Promise.race([call, late]);
    const verdict = assessRisk.assessment;
    if (verdict?.decision === 'DENY' || verdict?.decision === 'ALLOW') return verdict.decision;
    if (verdict?.decision === 'REVIEW') {
      hold(ctx, priced);
      return 'REVIEW';
    }
    reason = `risk center refused the request: ${assessRisk.userErrors.map((e) => e.message).join('; ') || 'no verdict'}`;
  } catch (error) {
    reason = error instanceof RiskLate ? `risk center late: ${error.message}` : `risk center unreachable: ${(error as Error).message}`;
  } finally {
    clearTimeout(timer);
  }
  logger(ctx).warn('placing the order without a risk verdict', { checkoutId: priced.checkoutId, reason });
  priced.riskSkipped = { ...input, reason: reason.slice(0, 500) };
  return 'SKIPPED';
}

function hold(ctx: RequestContext, priced: PricedCheckout): void {
  priced.held = true;
  for (const draft of priced.drafts) draft.order.status = 'ON_HOLD';
  const review = new Date(ctx.now().getTime() + (orderTimers().riskReviewSeconds + orderTimers().paymentTimeoutSeconds) * 1000);
  if (review > priced.holdUntil) priced.holdUntil = review;
}

/** The checkout as the risk center sees it: the whole order value, where it goes, who orders. */
function assessmentRequest(priced: PricedCheckout): riskService.AssessRiskInput {
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
  };
}

/** The job: SKIPPED recorded once (the risk center dedupes per checkout); throws while it is still down, so the queue retries. */
export async function recordSkippedRisk(ctx: RequestContext, input: riskService.AssessRiskInput & { reason: string }): Promise<void> {
  const { recordSkippedAssessment } = await ctx.services.call(riskService.recordSkippedAssessment, { input });
  if (!recordSkippedAssessment.assessment)
    logger(ctx).error('the risk center refused a SKIPPED record', { checkoutId: input.orderId, errors: recordSkippedAssessment.userErrors });
}
