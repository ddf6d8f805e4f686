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
  // PENDING: the provider answers later, in a refund callback (domain/paymentEvents.ts).
  if (outcome.status === 'PENDING') return { refund };
  const answer: RefundOutcome = outcome;
  const marked = await ctx.db.transaction((tx) => recordRefundOutcome(ctx, tx, refund.id, answer));
  return { refund: marked ?? (await ctx.db.select().from(refunds).where(eq(refunds.id, refund.id)))[0]! };
}

export type RefundOutcome = Exclude<ProviderRefundOutcome, { status: 'PENDING' }>;

/**
 * The provider's last word on a refund, inside `tx`: only a PENDING refund changes (whoever gets
 * here second, the answer to the call or a callback, changes nothing), and the change is announced
 * in the same transaction: RefundSucceeded, or RefundFailed so that what counted the refund as
 * under way gives its room back. Null when the refund was no longer PENDING.
 */
export async function recordRefundOutcome(ctx: RequestContext, tx: Db, refundId: string, outcome: RefundOutcome): Promise<RefundRow | null> {
  const now = ctx.now();
  const changes =
    outcome.status === 'SUCCEEDED'
      ? { status: 'SUCCEEDED' as const, providerRefundId: outcome.providerRefundId, succeededAt: now, updatedAt: now }
      : { status: 'FAILED' as const, failureReason: outcome.reason, failedAt: now, updatedAt: now };
  const [row] = await tx
    .update(refunds)
    .set(changes)
    .where(and(eq(refunds.id, refundId), eq(refunds.status, 'PENDING')))
    .returning();
  if (!row) return null;
  const facts = {
    refundId: row.id,
    paymentId: row.paymentId,
    orderId: row.orderId,
    amount: toMoney(row.amount, row.currencyCode).amount,
    currencyCode: row.currencyCode,
    lines: row.lines.map((l) => ({ orderLineId: l.orderLineId, amount: toMoney(BigInt(l.amount), row.currencyCode).amount })),
    idempotencyKey: row.idempotencyKey,
    ...(row.tax > 0n ? { tax: toMoney(row.tax, row.currencyCode).amount } : {}),
  };
  if (row.status === 'SUCCEEDED')
    await ctx.events.publish(tx, 'RefundSucceeded', { ...facts, succeededAt: (row.succeededAt ?? now).toISOString(), ...refundedPoints(row) });
  else
    await ctx.events.publish(tx, 'RefundFailed', {
      ...facts,
      reason: row.failureReason ?? 'refused by the provider',
      failedAt: (row.failedAt ?? now).toISOString(),
    });
  return row;
}

/** The job: send again what is still PENDING; a provider error fails the job so pg-boss retries it. */
export async function settleRefundJob(ctx: RequestContext, data: Record<string, unknown>): Promise<void> {
  const result = await submitRefund(ctx, String(data.refundId));
  if (result.providerError) throw result.providerError;
}

/** The points part of a refund for RefundSucceeded (finance posts it): only when the payment had a points tender. */
export function refundedPoints(row: Pick<RefundRow, 'points' | 'pointsAmount' | 'currencyCode'>): { points?: number; pointsAmount?: string } {
  if (row.points === null || row.pointsAmount === null) return {};
  return { points: row.points, pointsAmount: toMoney(row.pointsAmount, row.currencyCode).amount };
}
