import { eq, inArray, sql } from 'drizzle-orm';
import { toMinor, type CurrencyCode, type EventCatalog, type RequestContext } from '@zhongtai/kit';
import { orderLines, orders } from '../db/tables.ts';

/**
 * RefundSucceeded: the money went back; the lines it was allocated to (and their orders) show
 * it. The CHECK constraints keep a line from showing more refunded than it was sold for. A refund
 * without a line allocation (a payment that arrived after its order closed) touches no order.
 */
export async function recordRefund(ctx: RequestContext, event: EventCatalog['RefundSucceeded']): Promise<void> {
  if (!event.lines.length) return;
  const lines = await ctx.db.select().from(orderLines).where(inArray(orderLines.id, event.lines.map((l) => l.orderLineId)));
  const byOrder = new Map<string, bigint>();
  for (const refunded of event.lines) {
    const line = lines.find((l) => l.id === refunded.orderLineId);
    if (!line) continue;
    const amount = toMinor({ amount: refunded.amount, currencyCode: event.currencyCode as CurrencyCode });
    await ctx.db.update(orderLines).set({ refundedAmount: sql`${orderLines.refundedAmount} + ${amount.toString()}::bigint` }).where(eq(orderLines.id, line.id));
    byOrder.set(line.orderId, (byOrder.get(line.orderId) ?? 0n) + amount);
  }
  for (const [orderId, amount] of byOrder) {
    await ctx.db.update(orders).set({ refundedAmount: sql`${orders.refundedAmount} + ${amount.toString()}::bigint`, updatedAt: new Date() }).where(eq(orders.id, orderId));
  }
}
