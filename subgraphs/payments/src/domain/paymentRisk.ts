import { askRisk, riskService, type RequestContext, type UserError } from '@zhongtai/kit';

/** What the customer is told: nothing about which rule refused (that would teach a fraudster the threshold). */
const REFUSALS: Record<'DENY' | 'REVIEW', UserError> = {
  DENY: {
    field: null,
    code: 'RISK_DENIED',
    message: 'This payment cannot be made. Please contact customer service if you believe this is a mistake.',
  },
  REVIEW: {
    field: null,
    code: 'RISK_REVIEW',
    message: 'This payment needs a review before it can be made. Customer service will contact you.',
  },
};

export type PaymentRisk = { refusal: UserError } | { skipped: (riskService.AssessRiskInput & { reason: string }) | null };

/**
 * 风控 for a payment its caller did not assess in the same request (a presale balance opened by a
 * job): the risk center's PAYMENT verdict within the common deadline. DENY and REVIEW open no
 * payment (REVIEW: orders holds the order ON_HOLD for an operator to release or cancel); no verdict in
 * time lets the payment open and is recorded SKIPPED afterwards, never an outage of paying.
 */
export async function assessPayment(
  ctx: RequestContext,
  payment: { id: string; memberId: string; amount: { amount: string; currencyCode: string }; address?: riskService.AssessRiskInput['address'] },
): Promise<PaymentRisk> {
  const input: riskService.AssessRiskInput = {
    kind: 'PAYMENT',
    memberId: payment.memberId,
    orderId: payment.id,
    amount: payment.amount as riskService.AssessRiskInput['amount'],
    address: payment.address ?? null,
    ip: ctx.clientIp ?? null,
  };
  const answer = await askRisk(ctx, input);
  if (answer.decision === 'DENY' || answer.decision === 'REVIEW') return { refusal: REFUSALS[answer.decision] };
  return { skipped: answer.decision === 'SKIPPED' ? { ...input, reason: answer.reason } : null };
}
