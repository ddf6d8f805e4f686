import { and, eq, inArray, or } from 'drizzle-orm';
import type { RequestContext } from '@zhongtai/kit';
import { orders } from '../db/tables.ts';

export interface OrderParties {
  id: string;
  memberId: string;
  shopIds: string[];
}

/**
 * The member and shops of each checkout or order named (payments keep either id): what other
 * centers need to scope a payment or refund to the shops it touches. Unknown ids are left out.
 */
export async function orderParties(ctx: RequestContext, ids: string[]): Promise<OrderParties[]> {
  if (!ids.length) return [];
  const rows = await ctx.db
    .select({ id: orders.id, checkoutId: orders.checkoutId, shopId: orders.shopId, memberId: orders.memberId })
    .from(orders)
    .where(or(inArray(orders.id, ids), inArray(orders.checkoutId, ids)));
  const byId = new Map<string, OrderParties>();
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
