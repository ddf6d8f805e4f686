import { and, eq } from 'drizzle-orm';
import { existing, type RequestContext } from '@zhongtai/kit';
import { orderEdits, type OrderEditRow } from '../../db/editTables.ts';
import { checkouts, orderLines, orders, type CheckoutRow } from '../../db/tables.ts';
import { RETURN_EDIT_POINTS_JOB } from './points.ts';
import type { RepricedCheckout } from './pricing.ts';

/** An order of the checkout stopped waiting for payment (cancelled, closed) while the edit ran: nothing is written. */
export class EditLost extends Error {}

/**
 * Writes the repriced checkout in one transaction: every unpaid order's amounts and lines (a
 * removed line is deleted; the edit row keeps what it was), the checkout's payable and points, and
 * the edit APPLIED. Each order is updated only while it is still PENDING_PAYMENT. Points the
 * smaller cart can no longer use go back to the member by a job after the commit.
 */
export function writeEdit(ctx: RequestContext, edit: OrderEditRow, checkout: CheckoutRow, priced: RepricedCheckout): Promise<CheckoutRow> {
  return ctx.db.transaction(async (tx) => {
    const now = new Date();
    for (const o of priced.orders) {
      const [moved] = await tx
        .update(orders)
        .set({
          itemsAmount: o.itemsAmount,
          discountAmount: o.discountAmount,
          freightAmount: o.freightAmount,
          payableAmount: o.payableAmount,
          updatedAt: now,
        })
        .where(and(eq(orders.id, o.order.id), eq(orders.status, 'PENDING_PAYMENT')))
        .returning({ id: orders.id });
      if (!moved) throw new EditLost();
      for (const l of o.lines) {
        if (l.quantity === 0) {
          await tx.delete(orderLines).where(eq(orderLines.id, l.line.id));
          continue;
        }
        await tx
          .update(orderLines)
          .set({ quantity: l.quantity, unitPrice: l.unitPrice, discounts: l.discounts, finalAmount: l.finalAmount })
          .where(eq(orderLines.id, l.line.id));
      }
    }
    const returned = checkout.pointsUsed - priced.pointsUsed;
    const [updated] = await tx
      .update(checkouts)
      .set({ payableAmount: priced.payable, pointsUsed: priced.pointsUsed, updatedAt: now })
      .where(eq(checkouts.id, checkout.id))
      .returning();
    await tx
      .update(orderEdits)
      .set({
        status: 'APPLIED',
        payableBefore: checkout.payableAmount,
        payableAfter: priced.payable,
        pointsAfter: returned > 0 ? priced.pointsUsed : null,
        updatedAt: now,
      })
      .where(eq(orderEdits.id, edit.id));
    if (returned > 0)
      await ctx.events.schedule(
        tx,
        RETURN_EDIT_POINTS_JOB,
        { editId: edit.id, memberId: checkout.memberId, checkoutId: checkout.id, points: returned },
        { singletonKey: `edit-points-${edit.id}` },
      );
    return existing(updated, 'Checkout', checkout.id);
  });
}
