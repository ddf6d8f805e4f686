import { and, eq } from 'drizzle-orm';
import { requestFingerprint, toMoney, type Db, type RequestContext } from '@zhongtai/kit';
import { payments, refunds, type PaymentRow } from '../db/tables.ts';
import type { PaymentProvider, ProviderEvent } from '../providers/provider.ts';
import { refundOfPayment } from './refunds.ts';
import { scheduleSettlement } from './settleRefund.ts';

export interface EventOutcome {
  /** Recorded on the callback row and answered to the provider. */
  result: string;
  status: number;
  paymentId?: string;
  detail?: string;
  /** Not acted on and worth delivering again (the provider retries non-2xx answers). */
  retryable?: boolean;
}

/** What a verified provider event does to its payment, inside the callback's transaction. */
export async function applyPaymentEvent(ctx: RequestContext, tx: Db, provider: PaymentProvider, event: ProviderEvent): Promise<EventOutcome> {
  const [payment] = await tx
    .select()
    .from(payments)
    .where(and(eq(payments.provider, provider.name), eq(payments.providerPaymentId, event.providerPaymentId)));
  if (!payment) return { result: 'UNKNOWN_PAYMENT', status: 404, retryable: true, detail: `no payment ${event.providerPaymentId}` };
  const paymentId = payment.id;
  if (event.amount !== payment.amount || event.currencyCode !== payment.currencyCode) {
    const said = `${event.amount} ${event.currencyCode}`;
    return {
      result: 'AMOUNT_MISMATCH',
      status: 422,
      paymentId,
      detail: `callback says ${said} (minor units), payment is ${payment.amount} ${payment.currencyCode}`,
    };
  }
  const now = ctx.now();
  if (event.type === 'payment.failed') {
    const [failed] = await tx
      .update(payments)
      .set({ status: 'FAILED', failedAt: now, updatedAt: now })
      .where(and(eq(payments.id, paymentId), eq(payments.status, 'PENDING')))
      .returning();
    return { result: failed ? 'APPLIED' : 'IGNORED_NOT_PENDING', status: 200, paymentId };
  }
  // Only a PENDING payment becomes SUCCEEDED: a racing writer makes this wait, then match nothing.
  const [paid] = await tx
    .update(payments)
    .set({ status: 'SUCCEEDED', paidAt: now, updatedAt: now })
    .where(and(eq(payments.id, paymentId), eq(payments.status, 'PENDING')))
    .returning();
  if (paid) {
    await ctx.events.publish(tx, 'PaymentSucceeded', {
      paymentId,
      orderId: paid.orderId,
      purpose: paid.purpose,
      memberId: paid.memberId,
      amount: toMoney(paid.amount, paid.currencyCode).amount,
      currencyCode: paid.currencyCode,
      paidAt: now.toISOString(),
    });
    return { result: 'APPLIED', status: 200, paymentId };
  }
  const [current] = await tx.select().from(payments).where(eq(payments.id, paymentId));
  if (current!.status === 'SUCCEEDED') return { result: 'ALREADY_SUCCEEDED', status: 200, paymentId };
  return refundLatePayment(ctx, tx, current!);
}

/**
 * The customer paid after we had closed (or failed) the payment: the order is gone, the money
 * is at the provider. It is not lost: a LATE_PAYMENT refund of all of it is opened here, in the
 * callback's transaction, and a job sends it to the provider right after the commit (and again
 * until the provider takes it). The payment stays CLOSED; its refund shows what happened.
 */
async function refundLatePayment(ctx: RequestContext, tx: Db, payment: PaymentRow): Promise<EventOutcome> {
  const [refund] = await tx
    .insert(refunds)
    .values({
      ...refundOfPayment(payment),
      kind: 'LATE_PAYMENT',
      amount: payment.amount,
      reason: `Paid after the payment was ${payment.status.toLowerCase()}: refunded in full automatically`,
      // One automatic refund per payment, however many success notices the provider sends.
      idempotencyKey: `late-payment:${payment.id}`,
      requestFingerprint: requestFingerprint({ latePayment: payment.id }),
    })
    .onConflictDoNothing({ target: refunds.idempotencyKey })
    .returning();
  if (!refund) return { result: 'LATE_PAYMENT_ALREADY_REFUNDING', status: 200, paymentId: payment.id };
  await scheduleSettlement(ctx, tx, refund.id);
  await ctx.events.publish(tx, 'LatePaymentReceived', {
    paymentId: payment.id,
    orderId: payment.orderId,
    memberId: payment.memberId,
    refundId: refund.id,
    amount: toMoney(payment.amount, payment.currencyCode).amount,
    currencyCode: payment.currencyCode,
    at: ctx.now().toISOString(),
  });
  return { result: 'LATE_PAYMENT_REFUNDING', status: 200, paymentId: payment.id, detail: `refund ${refund.id}` };
}
