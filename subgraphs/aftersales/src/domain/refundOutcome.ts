import { eq } from 'drizzle-orm';
import { isId, ordersService, type EventCatalog, type RequestContext } from '@zhongtai/kit';
import { afterSaleRequests, REFUNDING_STATUSES, type AfterSaleStatus } from '../db/tables.ts';
import { refunded, refundRefused } from './carryOut.ts';
import { AFTER_SALE_ID_PREFIX } from './ids.ts';

const refunding = new Set<AfterSaleStatus>(REFUNDING_STATUSES);

/**
 * RefundSucceeded and RefundFailed (payments, in the event's transaction): the provider's last word
 * on a refund of one of our requests, found by the refund's key (`<order>:aftersale:<request>[:<attempt>]`).
 * Only the request's current attempt counts, and only while it waits for its money: a success
 * ends it REFUNDED; a failure (a refund the provider had left PENDING, then declined) marks it for
 * an operator's retry, as a refusal at once does. Both are guarded, so the answer to the call and
 * the event may arrive in either order, and a redelivery changes nothing.
 */
export async function recordRefundOutcome(
  ctx: RequestContext,
  outcome: 'SUCCEEDED' | 'FAILED',
  event: EventCatalog['RefundSucceeded'] | EventCatalog['RefundFailed'],
): Promise<void> {
  const ours = ordersService.afterSaleRefundOfKey(event.idempotencyKey);
  if (!ours || !isId(AFTER_SALE_ID_PREFIX, ours.requestId)) return;
  const [row] = await ctx.db.select().from(afterSaleRequests).where(eq(afterSaleRequests.id, ours.requestId));
  if (!row || row.refundAttempt !== ours.attempt || !refunding.has(row.status) || row.refundFailedAt) return;
  if (outcome === 'SUCCEEDED') return refunded(ctx, ctx.db, row, event.refundId);
  const reason = 'reason' in event ? `: ${event.reason}` : '';
  await refundRefused(ctx, ctx.db, row, `the payment provider refused refund ${event.refundId}${reason}`, event.refundId);
}
