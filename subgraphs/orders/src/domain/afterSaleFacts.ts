import { eq } from 'drizzle-orm';
import { isId, type CurrencyCode, type RequestContext } from '@zhongtai/kit';
import { orderLines, orders, type OrderLineRow, type OrderRow } from '../db/tables.ts';
import { ORDER_ID_PREFIX } from './ids.ts';

/** The order as after-sales reads it; its lines are the order's rows. */
export interface AfterSaleOrderRow {
  id: string;
  shopId: string;
  memberId: string;
  status: OrderRow['status'];
  currencyCode: CurrencyCode;
  deliveredAt: Date | null;
  completedAt: Date | null;
  lines: AfterSaleOrderLineRow[];
}

export type AfterSaleOrderLineRow = OrderLineRow;

/**
 * An order as the after-sales center checks a request against it (SERVICE only): its parties,
 * its status, delivery and completion times, and each line's bought, shipped and refunded
 * amounts. The reviews center reads it too, to check a review against the order it is about.
 */
export async function afterSaleOrder(ctx: RequestContext, id: string): Promise<AfterSaleOrderRow | null> {
  if (!isId(ORDER_ID_PREFIX, id)) return null;
  const [order] = await ctx.db.select().from(orders).where(eq(orders.id, id));
  if (!order) return null;
  const lines = await ctx.db.select().from(orderLines).where(eq(orderLines.orderId, id)).orderBy(orderLines.position);
  return {
    id: order.id,
    shopId: order.shopId,
    memberId: order.memberId,
    status: order.status,
    currencyCode: order.currency as CurrencyCode,
    deliveredAt: order.deliveredAt,
    completedAt: order.completedAt,
    lines,
  };
}
