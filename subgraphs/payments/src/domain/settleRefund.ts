import { and, eq } from 'drizzle-orm';
import { toMoney, type Db, type RequestContext, logger } from '@zhongtai/kit';
import { payments, refunds, type RefundRow } from '../db/tables.ts';
import { providerNamed } from '../providers/index.ts';
import type { ProviderRefundOutcome } from '../providers/provider.ts';
import { atProvider } from './exchangeLog.ts';

export const SETTLE_REFUND_JOB = 'settleRefund';

/** Makes sure a PENDING refund reaches the provider even if the process dies before it does (a job survives restarts). */
export async function scheduleSettlement(ctx: RequestContext, tx: Db, refundId: string, startAfter?: Date): Promise<void> {
  await ctx.events.schedule(tx, SETTLE_REFUND_JOB, { refundId }, startAfter ? { startAfter } : {});
}

/**
 * Sends a PENDING refund to the provider (outside any transaction; our refund id is the
 * provider's idempotency key, so sending twice refunds once) and records the answer.
 * A refund that is no longer PENDING is left alone: the request and the job may both get here.
 */
export async function submitRefund(ctx: RequestContext, refundId: string): Promise<{ refund: RefundRow; providerError?: unknown }> {
  const [refund] = await ctx.db.select().from(refunds).where(eq(refunds.id, refundId));
  if (!refund) throw new Error(`refund ${refundId} does not exist`);
  if (refund.status !== 'PENDING') return { refund };
  const [payment] = await ctx.db.select().from(payments).where(eq(payments.id, refund.paymentId));
  if (!payment) throw new Error(`refund ${refundId} has no payment`);
  const provider = providerNamed(payment!.provider);
  if (!provider) throw new Error(`payment ${payment!.id} names unknown provider ${payment!.provider}`);
  let outcome: ProviderRefundOutcome;
  try {
    outcome = await atProvider(ctx, () =>
      provider.refund({
        refundId: refund.id,
        providerPaymentId: payment!.providerPaymentId,
        amount: refund.amount,
        paymentAmount: payment.amount,
        currencyCode: refund.currencyCode,
      }),
    );
  } catch (providerError) {
    logger(ctx).error('provider refund failed, will retry', { provider: provider.name, refundId: refund.id, error: providerError });
    return { refund, providerError };
  }
  // Taken, confirmed later by the provider's refund notification (or found by the recovery job).
  if (outcome.status === 'PENDING') return { refund };
  return { refund: await markRefund(ctx, refund, outcome) };
}

export async function markRefund(ctx: RequestContext, refund: RefundRow, outcome: Exclude<ProviderRefundOutcome, { status: 'PENDING' }>): Promise<RefundRow> {
  return ctx.db.transaction(async (tx) => {
    const now = new Date();
    const changes =
      outcome.status === 'SUCCEEDED'
        ? { status: 'SUCCEEDED' as const, providerRefundId: outcome.providerRefundId, succeededAt: now, updatedAt: now }
        : { status: 'FAILED' as const, failureReason: outcome.reason, failedAt: now, updatedAt: now };
    const [row] = await tx
      .update(refunds)
      .set(changes)
      .where(and(eq(refunds.id, refund.id), eq(refunds.status, 'PENDING')))
      .returning();
    if (!row) return (await tx.select().from(refunds).where(eq(refunds.id, refund.id)))[0]!;
    if (row.status === 'SUCCEEDED') {
      await ctx.events.publish(tx, 'RefundSucceeded', {
        refundId: row.id,
        paymentId: row.paymentId,
        orderId: row.orderId,
        amount: toMoney(row.amount, row.currencyCode).amount,
        currencyCode: row.currencyCode,
        lines: row.lines.map((l) => ({ orderLineId: l.orderLineId, amount: toMoney(BigInt(l.amount), row.currencyCode).amount })),
        succeededAt: (row.succeededAt ?? now).toISOString(),
      });
    }
    return row;
  });
}

/** The job: send again what is still PENDING; a provider error fails the job so pg-boss retries it. */
export async function settleRefundJob(ctx: RequestContext, data: Record<string, unknown>): Promise<void> {
  const result = await submitRefund(ctx, String(data.refundId));
  if (result.providerError) throw result.providerError;
}
