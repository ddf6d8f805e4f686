import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '@zhongtai/kit';
import { orderLines, type AfterSaleUnits } from '../db/tables.ts';

/**
 * The units an after-sale refund gives back, counted on the line in the transaction that holds its
 * money: refunded, and returned or withdrawn. False when they do not fit (more than was bought).
 */
export async function recordUnits(tx: Db, u: AfterSaleUnits): Promise<boolean> {
  const q = u.quantity;
  const [row] = await tx
    .update(orderLines)
    .set({
      refundedQuantity: sql`${orderLines.refundedQuantity} + ${q}`,
      returnedQuantity: u.units === 'RETURNED' ? sql`${orderLines.returnedQuantity} + ${q}` : orderLines.returnedQuantity,
      withdrawnQuantity: u.units === 'WITHDRAWN' ? sql`${orderLines.withdrawnQuantity} + ${q}` : orderLines.withdrawnQuantity,
    })
    .where(and(eq(orderLines.id, u.orderLineId), sql`${orderLines.refundedQuantity} + ${q} <= ${orderLines.quantity}`))
    .returning({ id: orderLines.id });
  return Boolean(row);
}

/** The refund was refused or failed: its units are no longer refunded (nor counted returned or withdrawn), so a retry counts them again. */
export async function undoUnits(tx: Db, u: AfterSaleUnits): Promise<void> {
  const q = u.quantity;
  await tx
    .update(orderLines)
    .set({
      refundedQuantity: sql`${orderLines.refundedQuantity} - ${q}`,
      returnedQuantity: u.units === 'RETURNED' ? sql`${orderLines.returnedQuantity} - ${q}` : orderLines.returnedQuantity,
      withdrawnQuantity: u.units === 'WITHDRAWN' ? sql`${orderLines.withdrawnQuantity} - ${q}` : orderLines.withdrawnQuantity,
    })
    .where(eq(orderLines.id, u.orderLineId));
}
