import { and, asc, eq, inArray, lte, notInArray, type SQL } from 'drizzle-orm';
import { ok, Problems, requiredText, type RequestContext, type Result } from '@zhongtai/kit';
import { reservationAllocations, reservations, type ReservationRow } from '../db/tables.ts';
import { outboundOrders } from '../db/wmsTables.ts';
import { giveBackConsignedUnits, sellConsignedUnits } from './consignmentSales.ts';
import { applyStockChange } from './ledger.ts';
import { reservationOfOrder } from './reservations.ts';

/**
 * Commit and release are conditional updates of the reservation's status: of two racing calls
 * (a payment and the expiry job, or a job delivered twice) exactly one changes it, and only
 * that one moves stock. A repeated call answers with the reservation as it is.
 */
export async function commitReservation(ctx: RequestContext, input: { orderId: string }): Promise<Result<ReservationRow>> {
  const problems = new Problems();
  const orderId = requiredText(problems, input.orderId, ['input', 'orderId'], 'Order id', 100);
  if (problems.any) return problems.refuse();
  const now = new Date();
  const row = await ctx.db.transaction(async (tx) => {
    const [committed] = await tx
      .update(reservations)
      .set({ status: 'COMMITTED', committedAt: now, updatedAt: now })
      .where(and(eq(reservations.orderId, orderId!), eq(reservations.status, 'ACTIVE')))
      .returning();
    // Paid: this is the sale, so consigned units it draws on are owed to their consignors now.
    if (committed) await sellConsignedUnits(tx, ctx, committed);
    return committed;
  });
  if (row) return ok(row);
  const existing = await reservationOfOrder(ctx.db, orderId!);
  if (!existing) return problems.add(['input', 'orderId'], 'NOT_FOUND', 'No reservation for this order').refuse();
  if (existing.status === 'COMMITTED') return ok(existing);
  return problems.add(['input', 'orderId'], 'INVALID_TRANSITION', `The reservation was released (${existing.releaseReason ?? 'no reason'})`).refuse();
}

/** Cancels an order's hold: every unshipped unit becomes available again. Releasing twice is one release. */
export async function releaseReservation(ctx: RequestContext, input: { orderId: string; reason: string }): Promise<Result<ReservationRow>> {
  const problems = new Problems();
  const orderId = requiredText(problems, input.orderId, ['input', 'orderId'], 'Order id', 100);
  const reason = requiredText(problems, input.reason, ['input', 'reason'], 'Reason', 500);
  if (problems.any) return problems.refuse();
  const released = await releaseWhere(ctx, and(eq(reservations.orderId, orderId!), inArray(reservations.status, ['ACTIVE', 'COMMITTED']))!, reason!);
  if (released) return ok(released);
  const existing = await reservationOfOrder(ctx.db, orderId!);
  if (!existing) return problems.add(['input', 'orderId'], 'NOT_FOUND', 'No reservation for this order').refuse();
  return ok(existing);
}

/** The expiry job: releases the reservation if it is still ACTIVE and due. True when this call released it. */
export async function expireReservation(ctx: RequestContext, reservationId: string, now = ctx.now()): Promise<boolean> {
  const due = and(eq(reservations.id, reservationId), eq(reservations.status, 'ACTIVE'), lte(reservations.expiresAt, now))!;
  return (await releaseWhere(ctx, due, 'expired')) !== null;
}

/** The cron sweep behind the per-reservation jobs (a lost job, a clock skew): same conditional release. */
export async function sweepExpiredReservations(ctx: RequestContext, now = ctx.now(), batch = 200): Promise<number> {
  const due = await ctx.db
    .select({ id: reservations.id })
    .from(reservations)
    .where(and(eq(reservations.status, 'ACTIVE'), lte(reservations.expiresAt, now)))
    .orderBy(asc(reservations.expiresAt))
    .limit(batch);
  let released = 0;
  for (const { id } of due) if (await expireReservation(ctx, id, now)) released++;
  return released;
}

async function releaseWhere(ctx: RequestContext, condition: SQL, reason: string): Promise<ReservationRow | null> {
  return ctx.db.transaction(async (tx) => {
    const now = new Date();
    const [row] = await tx
      .update(reservations)
      .set({ status: 'RELEASED', releaseReason: reason, releasedAt: now, updatedAt: now })
      .where(condition)
      .returning();
    if (!row) return null;
    const allocations = await tx
      .select()
      .from(reservationAllocations)
      .where(eq(reservationAllocations.reservationId, row.id))
      .orderBy(asc(reservationAllocations.skuId), asc(reservationAllocations.warehouseId));
    for (const allocation of allocations) {
      const remaining = allocation.quantity - allocation.shippedQuantity - allocation.releasedQuantity;
      if (remaining === 0) continue;
      const level = await applyStockChange(tx, ctx, {
        stockLevelId: allocation.stockLevelId,
        type: 'RELEASE',
        onHandDelta: 0,
        reservedDelta: -remaining,
        reference: { type: 'ORDER', id: row.orderId },
        note: reason,
      });
      // Reserved units are only taken by this reservation's own shipments: a failure is a broken invariant.
      if (!level) throw new Error(`stock level ${allocation.stockLevelId} holds less than reservation ${row.id} reserved`);
      await giveBackConsignedUnits(tx, ctx, { allocationId: allocation.id, quantity: remaining, reason: 'RELEASED', reference: row.orderId });
    }
    // The order ended: its outbound orders leave the warehouse's queue instead of waiting to be
    // picked for nothing (they could not ship anyway: shipping needs a committed reservation).
    await tx
      .update(outboundOrders)
      .set({ status: 'CANCELLED', updatedAt: now })
      .where(and(eq(outboundOrders.orderId, row.orderId), notInArray(outboundOrders.status, ['SHIPPED', 'CANCELLED'])));
    return row;
  });
}
