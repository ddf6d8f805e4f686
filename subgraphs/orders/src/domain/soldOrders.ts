import { and, asc, gt, gte, inArray, isNotNull, lt, type SQL } from 'drizzle-orm';
import { badUserInput, type RequestContext } from '@zhongtai/kit';
import { orderLines, orders } from '../db/tables.ts';
import { orderPaid } from './payment.ts';

/** A page is what the analytics rebuild asks at a time: large, so a million orders are a few hundred pages. */
const MAX_PAGE = 2000;

/**
 * Paid shop orders, each as the OrderPaid it announced (rebuilt from the order now, so the same
 * code that published it) and its current status: the analytics center replays them into a fresh
 * read model. Keyset by id, SERVICE only (the SDL).
 */
export async function soldOrders(
  ctx: RequestContext,
  args: { after?: string | null; first: number; paidFrom?: Date | string | null; paidTo?: Date | string | null },
) {
  if (args.first < 1 || args.first > MAX_PAGE) throw badUserInput(`first must be between 1 and ${MAX_PAGE}`, ['first']);
  const conditions: (SQL | undefined)[] = [isNotNull(orders.paidAt)];
  if (args.after) conditions.push(gt(orders.id, args.after));
  if (args.paidFrom) conditions.push(gte(orders.paidAt, new Date(args.paidFrom)));
  if (args.paidTo) conditions.push(lt(orders.paidAt, new Date(args.paidTo)));
  const page = await ctx.db
    .select()
    .from(orders)
    .where(and(...conditions))
    .orderBy(asc(orders.id))
    .limit(args.first);
  if (!page.length) return [];
  const lines = await ctx.db
    .select()
    .from(orderLines)
    .where(
      inArray(
        orderLines.orderId,
        page.map((o) => o.id),
      ),
    );
  // Grouped once: a page of thousands of orders is not searched once per order.
  const linesOf = new Map<string, typeof lines>();
  for (const line of lines) {
    const ofOrder = linesOf.get(line.orderId);
    if (ofOrder) ofOrder.push(line);
    else linesOf.set(line.orderId, [line]);
  }
  return page.map((order) => ({
    id: order.id,
    status: order.status,
    paid: JSON.stringify(orderPaid(order, linesOf.get(order.id) ?? [], (order.paidAt ?? order.createdAt).toISOString())),
  }));
}
