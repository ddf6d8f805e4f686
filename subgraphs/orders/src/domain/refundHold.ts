import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '@zhongtai/kit';
import { orderLines, orders } from '../db/tables.ts';

class OverRefund extends Error {}

/**
 * Counts a refund against its order and lines before the provider is asked, with conditional
 * updates: two refunds racing for the same line cannot both fit, whatever the payment's total
 * (which also covers freight and other shops' orders). Returns false when it does not fit.
 */
export async function holdRefund(db: Db, orderId: string, orderAmount: bigint, lines: { orderLineId: string; amount: bigint }[]): Promise<boolean> {
  try {
    await db.transaction(async (tx) => {
      const [order] = await tx
        .update(orders)
        .set({ refundedAmount: sql`${orders.refundedAmount} + ${orderAmount.toString()}::bigint`, updatedAt: new Date() })
        .where(and(eq(orders.id, orderId), sql`${orders.refundedAmount} + ${orderAmount.toString()}::bigint <= ${orders.payableAmount}`))
        .returning({ id: orders.id });
      if (!order) throw new OverRefund();
      for (const line of lines) {
        const [row] = await tx
          .update(orderLines)
          .set({ refundedAmount: sql`${orderLines.refundedAmount} + ${line.amount.toString()}::bigint` })
          .where(
            and(
              eq(orderLines.id, line.orderLineId),
              eq(orderLines.orderId, orderId),
              sql`${orderLines.refundedAmount} + ${line.amount.toString()}::bigint <= ${orderLines.finalAmount}`,
            ),
          )
          .returning({ id: orderLines.id });
        if (!row) throw new OverRefund();
      }
    });
    return true;
  } catch (error) {
    if (error instanceof OverRefund) return false;
    throw error;
  }
}

/** The refund was refused or failed: the amounts it held are free again (inside the caller's transaction). */
export async function releaseRefundHold(db: Db, orderId: string, orderAmount: bigint, lines: { orderLineId: string; amount: bigint }[]): Promise<void> {
  await db
    .update(orders)
    .set({ refundedAmount: sql`${orders.refundedAmount} - ${orderAmount.toString()}::bigint` })
    .where(eq(orders.id, orderId));
  for (const line of lines) {
    await db
      .update(orderLines)
      .set({ refundedAmount: sql`${orderLines.refundedAmount} - ${line.amount.toString()}::bigint` })
      .where(eq(orderLines.id, line.orderLineId));
  }
}
