import { eq } from 'drizzle-orm';
import { isUniqueViolation, ok, Problems, requestFingerprint, toMoney, type RequestContext, type Result } from '@zhongtai/kit';
import { payments, refunds, type RefundRow } from '../db/tables.ts';
import { readRefundRequest, type RefundPaymentInput, type RefundRequest } from './refundInput.ts';
import { committedAmount, refundOfPayment } from './refunds.ts';
import { scheduleSettlement, submitRefund } from './settleRefund.ts';
import { pointsShare } from './tenders.ts';

/** A refund the provider has not answered within this is sent again by a job (the process may have died). */
const SETTLE_SAFETY_NET_MS = 60_000;

/**
 * Gives money back. The transaction that inserts the refund holds the payment row FOR UPDATE,
 * so concurrent refunds of one payment are checked one after another against what is left:
 * PENDING and SUCCEEDED refunds never add up to more than the capture. The provider is called
 * after that commit, outside any transaction; then the refund is marked.
 */
export async function refundPayment(ctx: RequestContext, input: RefundPaymentInput): Promise<Result<RefundRow>> {
  const problems = new Problems();
  const request = readRefundRequest(problems, input);
  if (!request) return problems.refuse();
  const fingerprint = requestFingerprint({ ...request, idempotencyKey: undefined });
  const earlier = await byKey(ctx, request.idempotencyKey);
  if (earlier) return sameRequest(earlier, fingerprint, problems);

  let opened: Result<RefundRow>;
  try {
    opened = await openRefund(ctx, request, fingerprint, problems);
  } catch (error) {
    if (!isUniqueViolation(error, 'refunds_idempotency_key')) throw error;
    return sameRequest((await byKey(ctx, request.idempotencyKey))!, fingerprint, new Problems());
  }
  if (!opened.ok) return opened;
  const settled = await submitRefund(ctx, opened.value.id);
  // A provider error leaves the refund PENDING (it still counts against the capture); the job sends it again.
  return ok(settled.refund);
}

function openRefund(ctx: RequestContext, request: RefundRequest, fingerprint: string, problems: Problems): Promise<Result<RefundRow>> {
  return ctx.db.transaction(async (tx) => {
    const [payment] = await tx.select().from(payments).where(eq(payments.id, request.paymentId)).for('update');
    if (!payment) return problems.add(['input', 'paymentId'], 'NOT_FOUND', `Payment ${request.paymentId} not found`).refuse<RefundRow>();
    if (payment.status !== 'SUCCEEDED') {
      return problems.add(['input', 'paymentId'], 'NOT_CAPTURED', `Payment ${payment.id} is ${payment.status}: nothing was captured`).refuse<RefundRow>();
    }
    if (payment.currencyCode !== request.currencyCode) {
      return problems.add(['input', 'amount', 'currencyCode'], 'CURRENCY_MISMATCH', `Payment ${payment.id} was in ${payment.currencyCode}`).refuse<RefundRow>();
    }
    const earlier = await tx
      .select({ status: refunds.status, amount: refunds.amount, lines: refunds.lines, points: refunds.points, pointsAmount: refunds.pointsAmount })
      .from(refunds)
      .where(eq(refunds.paymentId, payment.id));
    const left = payment.amount - committedAmount(earlier);
    if (request.amount > left) {
      const what = toMoney(left, payment.currencyCode);
      return problems
        .add(['input', 'amount', 'amount'], 'EXCEEDS_CAPTURED', `At most ${what.amount} ${what.currencyCode} of payment ${payment.id} is left to refund`)
        .refuse<RefundRow>();
    }
    // A combined payment gives its points back in the same proportion as its money (under the lock: in order).
    const points = pointsShare(payment, earlier, request);
    const [refund] = await tx
      .insert(refunds)
      .values({
        points: points?.points ?? null,
        pointsAmount: points?.amount ?? null,
        // The currency is the payment's: a request in another one was refused above.
        ...refundOfPayment(payment),
        amount: request.amount,
        reason: request.reason,
        lines: request.lines,
        tax: request.tax,
        idempotencyKey: request.idempotencyKey,
        requestFingerprint: fingerprint,
      })
      .returning();
    await scheduleSettlement(ctx, tx, refund!.id, new Date(ctx.now().getTime() + SETTLE_SAFETY_NET_MS));
    return ok(refund!);
  });
}

async function byKey(ctx: RequestContext, key: string): Promise<RefundRow | undefined> {
  const [row] = await ctx.db.select().from(refunds).where(eq(refunds.idempotencyKey, key));
  return row;
}

function sameRequest(earlier: RefundRow, fingerprint: string, problems: Problems): Result<RefundRow> {
  if (earlier.requestFingerprint === fingerprint) return ok(earlier);
  return problems.add(['input', 'idempotencyKey'], 'IDEMPOTENCY_KEY_REUSED', 'This idempotency key was used for a different refund').refuse();
}
