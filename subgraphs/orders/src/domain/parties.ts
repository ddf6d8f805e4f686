import { and, eq, inArray, or } from 'drizzle-orm';
import type { RequestContext } from '@zhongtai/kit';
import { orderLines, orders } from '../db/tables.ts';

export interface OrderParties {
  id: string;
  memberId: string;
  shopIds: string[];
}

/**
 * The member and shops of each checkout, order or order line named (payments keep a checkout's id,
 * refunds their lines'): what other centers need to scope a payment or refund to the shops it
 * touches. Unknown ids are left out.
 */
export async function orderParties(ctx: RequestContext, ids: string[]): Promise<OrderParties[]> {
  if (!ids.length) return [];
  const [rows, lines] = await Promise.all([
    ctx.db
      .select({ id: orders.id, checkoutId: orders.checkoutId, shopId: orders.shopId, memberId: orders.memberId })
      .from(orders)
      .where(or(inArray(orders.id, ids), inArray(orders.checkoutId, ids))),
    ctx.db
      .select({ lineId: orderLines.id, shopId: orders.shopId, memberId: orders.memberId })
      .from(orderLines)
      .innerJoin(orders, eq(orders.id, orderLines.orderId))
      .where(inArray(orderLines.id, ids)),
  ]);
  const byId = new Map<string, OrderParties>();
  for (const line of lines) byId.set(line.lineId, { id: line.lineId, memberId: line.memberId, shopIds: [line.shopId] });
  for (const row of rows) {
    for (const id of [row.id, row.checkoutId]) {
      if (!ids.includes(id)) continue;
      const parties = byId.get(id) ?? { id, memberId: row.memberId, shopIds: [] };
      if (!parties.shopIds.includes(row.shopId)) parties.shopIds.push(row.shopId);
      byId.set(id, parties);
    }
  }
  return [...byId.values()];
}

/** Which of `memberIds` have an order in the shop. */
export async function shopBuyers(ctx: RequestContext, shopId: string, memberIds: string[]): Promise<string[]> {
  if (!memberIds.length) return [];
  const rows = await ctx.db
    .selectDistinct({ memberId: orders.memberId })
    .from(orders)
    .where(and(eq(orders.shopId, shopId), inArray(orders.memberId, memberIds)));
  return rows.map((r) => r.memberId);
}
