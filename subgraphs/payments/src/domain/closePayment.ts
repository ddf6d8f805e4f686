import { and, eq, inArray } from 'drizzle-orm';
import { ok, Problems, requiredText, type RequestContext, type Result, logger } from '@zhongtai/kit';
import { payments, type PaymentPurpose, type PaymentRow } from '../db/tables.ts';
import { providerNamed } from '../providers/index.ts';
import { atProvider } from './exchangeLog.ts';

/**
 * The order timed out unpaid: close its PENDING payment for the purpose, at the provider first
 * (so it stops taking money), then here. Nothing to close is not an error (a retried job), a
 * paid one is: the order must not be closed. A customer who pays anyway after this is refunded
 * automatically when the provider's success callback arrives (see callbacks.ts).
 */
export async function closePayment(ctx: RequestContext, input: { orderId: string; purpose: PaymentPurpose }): Promise<Result<PaymentRow | null>> {
  const problems = new Problems();
  const orderId = requiredText(problems, input.orderId, ['input', 'orderId'], 'Order id', 40);
  if (!orderId) return problems.refuse();
  const [live] = await ctx.db
    .select()
    .from(payments)
    .where(and(eq(payments.orderId, orderId), eq(payments.purpose, input.purpose), inArray(payments.status, ['PENDING', 'SUCCEEDED'])));
  if (!live) return ok(null);
  if (live.status === 'SUCCEEDED') return paidAlready(problems, live);

  const provider = providerNamed(live.provider);
  try {
    if (provider) await atProvider(ctx, () => provider.closePayment({ providerPaymentId: live.providerPaymentId }));
  } catch (error) {
    logger(ctx).error('provider closePayment failed', { provider: live.provider, error });
    return problems.add(null, 'PROVIDER_ERROR', `The payment provider ${live.provider} is not available; try again`).refuse();
  }
  const now = new Date();
  const [closed] = await ctx.db
    .update(payments)
    .set({ status: 'CLOSED', closedAt: now, updatedAt: now })
    .where(and(eq(payments.id, live.id), eq(payments.status, 'PENDING')))
    .returning();
  if (closed) return ok(closed);
  // The success callback got there first.
  const [current] = await ctx.db.select().from(payments).where(eq(payments.id, live.id));
  return current!.status === 'SUCCEEDED' ? paidAlready(problems, current!) : ok(current!);
}

function paidAlready(problems: Problems, payment: PaymentRow): Result<PaymentRow | null> {
  return problems.add(['input', 'orderId'], 'INVALID_TRANSITION', `Payment ${payment.id} of order ${payment.orderId} is paid: it cannot be closed`).refuse();
}
