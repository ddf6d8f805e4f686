import { askRisk, riskService, toMoney, type CurrencyCode, type RequestContext, type UserError } from '@zhongtai/kit';

/** What the customer is told: nothing about which rule refused (that would teach a fraudster the threshold). */
const DENIED: UserError = {
  field: null,
  code: 'RISK_DENIED',
  message: 'This request cannot be filed online. Please contact customer service if you believe this is a mistake.',
};

export type RequestRisk =
  | { refusal: UserError }
  | {
      /** REVIEW: filed, but never approved automatically: the shop's or the platform's staff decide. */
      review: boolean;
      /** No verdict in time: filed as usual, SKIPPED recorded by a job. */
      skipped: (riskService.AssessRiskInput & { reason: string }) | null;
    };

/**
 * 风控 at 申请售后: the risk center's REFUND verdict (it counts the member's refunds against their
 * orders: refund abuse; and the blocklist) within the common deadline. DENY refuses with a message
 * that names no rule; REVIEW files the request without its automatic approval, so a person
 * decides it; no verdict in time files it as usual and is recorded SKIPPED afterwards.
 */
export async function assessRequest(
  ctx: RequestContext,
  request: { id: string; memberId: string; refundAmount: bigint; currency: string },
): Promise<RequestRisk> {
  const input: riskService.AssessRiskInput = {
    kind: 'REFUND',
    memberId: request.memberId,
    orderId: request.id,
    amount: toMoney(request.refundAmount, request.currency as CurrencyCode),
    ip: ctx.clientIp ?? null,
  };
  const answer = await askRisk(ctx, input);
  if (answer.decision === 'DENY') return { refusal: DENIED };
  return { review: answer.decision === 'REVIEW', skipped: answer.decision === 'SKIPPED' ? { ...input, reason: answer.reason } : null };
}
