import { and, asc, eq, notInArray, sql } from 'drizzle-orm';
import { ok, Problems, requiredText, type RequestContext, type Result } from '@zhongtai/kit';
import { reservationAllocations, reservations, reservationWithdrawals } from '../db/tables.ts';
import { outboundOrderLines, outboundOrders, type OutboundOrderRow } from '../db/wmsTables.ts';
import { applyStockChange, inTransaction, Refusal } from './ledger.ts';
import { checkQuantity } from './skuQuotes.ts';
import { giveBackConsignedUnits } from './consignmentSales.ts';

export interface WithdrawUnitsInput {
  /** The caller's key (an after-sale request): the same key withdraws once. */
  key: string;
  orderId: string;
  skuId: string;
  quantity: number;
  reason: string;
}

export interface Withdrawal {
  orderId: string;
  skuId: string;
  quantity: number;
  /** The outbound order the units came off, and what it is now (CANCELLED when nothing was left on it). */
  outboundOrderId: string | null;
  outboundStatus: OutboundOrderRow['status'] | null;
}

/**
 * Units of a paid order that will not ship (refunded before they left): they come off the
 * order's open outbound order (cancelled when nothing is left on it) and stop being reserved, so
 * they are available again (a RELEASE movement). The reservation row is locked first, as
 * shipping does, so a withdrawal and a shipment of the same units serialize: units that already
 * left are refused (INVALID_TRANSITION), never taken back twice.
 */
export async function withdrawUnits(ctx: RequestContext, input: WithdrawUnitsInput): Promise<Result<Withdrawal>> {
  const problems = new Problems();
  const key = requiredText(problems, input.key, ['input', 'key'], 'Key', 100);
  const reason = requiredText(problems, input.reason, ['input', 'reason'], 'Reason', 500);
  checkQuantity(problems, input.quantity, ['input', 'quantity']);
  if (problems.any || !key || !reason) return problems.refuse();
  return inTransaction(ctx, async (tx) => {
    const [reservation] = await tx.select().from(reservations).where(eq(reservations.orderId, input.orderId)).for('update');
    if (!reservation) throw new Refusal(problems.add(['input', 'orderId'], 'NOT_FOUND', 'No stock is reserved for this order').refuse<Withdrawal>());
    const result: Withdrawal = { orderId: input.orderId, skuId: input.skuId, quantity: input.quantity, outboundOrderId: null, outboundStatus: null };
    const [taken] = await tx
      .insert(reservationWithdrawals)
      .values({ key, reservationId: reservation.id, skuId: input.skuId, quantity: input.quantity })
      .onConflictDoNothing()
      .returning();
    if (!taken) return ok(result);
    if (reservation.status !== 'COMMITTED')
      throw new Refusal(problems.add(['input', 'orderId'], 'INVALID_TRANSITION', `The order's reservation is ${reservation.status}`).refuse<Withdrawal>());
    const allocations = await tx
      .select()
      .from(reservationAllocations)
      .where(and(eq(reservationAllocations.reservationId, reservation.id), eq(reservationAllocations.skuId, input.skuId)))
      .orderBy(asc(reservationAllocations.lineIndex));
    const unshipped = allocations.reduce((n, a) => n + a.quantity - a.shippedQuantity - a.releasedQuantity, 0);
    if (input.quantity > unshipped) {
      throw new Refusal(
        problems.add(['input', 'quantity'], 'INVALID_TRANSITION', `Only ${unshipped} of these units have not left the warehouse`).refuse<Withdrawal>(),
      );
    }
    let left = input.quantity;
    for (const allocation of allocations) {
      const n = Math.min(left, allocation.quantity - allocation.shippedQuantity - allocation.releasedQuantity);
      if (n <= 0) continue;
      await tx
        .update(reservationAllocations)
        .set({ releasedQuantity: sql`${reservationAllocations.releasedQuantity} + ${n}` })
        .where(eq(reservationAllocations.id, allocation.id));
      const level = await applyStockChange(tx, ctx, {
        stockLevelId: allocation.stockLevelId,
        type: 'RELEASE',
        onHandDelta: 0,
        reservedDelta: -n,
        reference: { type: 'ORDER', id: input.orderId },
        note: reason,
      });
      if (!level) throw new Error(`stock level ${allocation.stockLevelId} holds less than the order reserved`);
      await giveBackConsignedUnits(tx, ctx, { allocationId: allocation.id, quantity: n, reason: 'WITHDRAWN', reference: key });
      left -= n;
      if (left === 0) break;
    }
    // The open outbound order carrying the units, if the warehouse has one yet.
    const [line] = await tx
      .select({ id: outboundOrderLines.id, quantity: outboundOrderLines.quantity, outboundOrderId: outboundOrders.id })
      .from(outboundOrderLines)
      .innerJoin(outboundOrders, eq(outboundOrders.id, outboundOrderLines.outboundOrderId))
      .where(
        and(eq(outboundOrders.orderId, input.orderId), eq(outboundOrderLines.skuId, input.skuId), notInArray(outboundOrders.status, ['SHIPPED', 'CANCELLED'])),
      );
    if (!line) return ok(result);
    if (line.quantity > input.quantity) {
      await tx
        .update(outboundOrderLines)
        .set({ quantity: line.quantity - input.quantity })
        .where(eq(outboundOrderLines.id, line.id));
    } else {
      await tx.delete(outboundOrderLines).where(eq(outboundOrderLines.id, line.id));
    }
    const [remaining] = await tx
      .select({ id: outboundOrderLines.id })
      .from(outboundOrderLines)
      .where(eq(outboundOrderLines.outboundOrderId, line.outboundOrderId))
      .limit(1);
    const [outbound] = await tx
      .update(outboundOrders)
      .set(remaining ? { updatedAt: new Date() } : { status: 'CANCELLED', updatedAt: new Date() })
      .where(eq(outboundOrders.id, line.outboundOrderId))
      .returning();
    return ok({ ...result, outboundOrderId: line.outboundOrderId, outboundStatus: outbound?.status ?? null });
  });
}
