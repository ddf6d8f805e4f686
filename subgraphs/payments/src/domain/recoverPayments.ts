import { and, asc, eq, inArray, lt } from 'drizzle-orm';
import { logger, numberSetting, type RequestContext } from '@zhongtai/kit';
import { payments, refunds } from '../db/tables.ts';
import { allProviders } from '../providers/index.ts';
import type { ProviderEvent } from '../providers/provider.ts';
import { actOnEvent } from './callbacks.ts';
import { atProvider } from './exchangeLog.ts';
import { submitRefund } from './settleRefund.ts';

export const RECOVER_MISSED_NOTIFICATIONS_JOB = 'recoverMissedNotifications';

/** How many payments (and refunds) one run asks about: the next run takes the rest. */
const BATCH = 200;

/**
 * 掉单补偿: a notification that never came. Payments still PENDING after
 * PAYMENT_QUERY_AFTER_MINUTES (default 10) are asked of their provider; its (signed) answer is
 * acted on exactly as a notification would be (`actOnEvent`, recorded in provider_callbacks with
 * the event id `query:<payment>:<state>`), so a late notification afterwards is a DUPLICATE or
 * ALREADY_SUCCEEDED, and a payment our order closed meanwhile is refunded by the same rule.
 * PENDING refunds as old are sent again (our refund id is the provider's key: it answers how the
 * refund stands, moving no more money).
 */
export async function recoverMissedNotifications(ctx: RequestContext): Promise<{ asked: number; applied: string[]; refunds: number }> {
  const minutes = numberSetting(process.env, 'PAYMENT_QUERY_AFTER_MINUTES', 10, 'positive');
  const before = new Date(ctx.now().getTime() - minutes * 60_000);
  const queryable = allProviders().filter((p) => p.queryPayment && p.enabled());
  const applied: string[] = [];
  if (!queryable.length) return { asked: 0, applied, refunds: 0 };
  const pending = await ctx.db
    .select()
    .from(payments)
    .where(
      and(
        eq(payments.status, 'PENDING'),
        inArray(
          payments.provider,
          queryable.map((p) => p.name),
        ),
        lt(payments.createdAt, before),
      ),
    )
    .orderBy(asc(payments.createdAt))
    .limit(BATCH);
  for (const payment of pending) {
    const provider = queryable.find((p) => p.name === payment.provider);
    const query = provider?.queryPayment?.bind(provider);
    if (!provider || !query) continue;
    try {
      const state = await atProvider(ctx, () => query({ providerPaymentId: payment.providerPaymentId }));
      if (state.status !== 'SUCCEEDED' && state.status !== 'CLOSED') continue;
      const event: ProviderEvent = {
        eventId: `query:${payment.id}:${state.status}`,
        type: state.status === 'SUCCEEDED' ? 'payment.succeeded' : 'payment.failed',
        providerPaymentId: payment.providerPaymentId,
        amount: state.amount,
        currencyCode: state.currencyCode,
      };
      const outcome = await actOnEvent(ctx, provider, event, JSON.stringify({ queried: payment.providerPaymentId, ...state, amount: state.amount.toString() }));
      applied.push(`${payment.id}:${outcome.result}`);
    } catch (error) {
      logger(ctx).warn('could not ask the provider about a pending payment', { provider: provider.name, paymentId: payment.id, error });
    }
  }
  const stuck = await ctx.db
    .select({ id: refunds.id })
    .from(refunds)
    .innerJoin(payments, eq(payments.id, refunds.paymentId))
    .where(
      and(
        eq(refunds.status, 'PENDING'),
        inArray(
          payments.provider,
          queryable.map((p) => p.name),
        ),
        lt(refunds.createdAt, before),
      ),
    )
    .orderBy(asc(refunds.createdAt))
    .limit(BATCH);
  for (const { id } of stuck) await submitRefund(ctx, id);
  return { asked: pending.length, applied, refunds: stuck.length };
}
