import { and, eq, sql } from 'drizzle-orm';
import { ok, Problems, requiredText, type RequestContext, type Result, type UserErrorCode } from '@zhongtai/kit';
import { reservationAllocations, reservationResizes, reservations } from '../db/tables.ts';
import { applyStockChange, inTransaction, Refusal } from './ledger.ts';

export interface ResizeReservationInput {
  /** The caller's key (an order edit and its line): the same key resizes once. */
  key: string;
  orderId: string;
  skuId: string;
  /** Units held after the change; 0 gives them all back (the line was removed). */
  quantity: number;
  reason: string;
}

export interface ReservationResize {
  orderId: string;
  skuId: string;
  warehouseId: string;
  from: number;
  to: number;
}

const MAX_QUANTITY = 100_000;

/**
 * An unpaid order's line changes quantity. More units are reserved in the warehouse already
 * serving the line (a line ships whole from one warehouse), through the same conditional update
 * as every reservation, so racing resizes never oversell: when that warehouse has not enough
 * available, OUT_OF_STOCK and nothing changes. Fewer units are given back (a RELEASE movement).
 * Only an ACTIVE reservation changes: once the order is paid (COMMITTED) its lines go through
 * after-sales. The reservation row is locked first, so two resizes of one order take turns.
 */
export async function resizeReservation(ctx: RequestContext, input: ResizeReservationInput): Promise<Result<ReservationResize>> {
  const problems = new Problems();
  const key = requiredText(problems, input.key, ['input', 'key'], 'Key', 100);
  const reason = requiredText(problems, input.reason, ['input', 'reason'], 'Reason', 500);
  problems.check(
    Number.isInteger(input.quantity) && input.quantity >= 0 && input.quantity <= MAX_QUANTITY,
    ['input', 'quantity'],
    'OUT_OF_RANGE',
    `Quantity is 0 to ${MAX_QUANTITY}`,
  );
  if (problems.any || !key || !reason) return problems.refuse();
  return inTransaction(ctx, async (tx) => {
    const refuse = (field: string, code: UserErrorCode, message: string) =>
      new Refusal(problems.add(['input', field], code, message).refuse<ReservationResize>());
    const [reservation] = await tx.select().from(reservations).where(eq(reservations.orderId, input.orderId)).for('update');
    if (!reservation) throw refuse('orderId', 'NOT_FOUND', 'No stock is reserved for this order');
    const [allocation] = await tx
      .select()
      .from(reservationAllocations)
      .where(and(eq(reservationAllocations.reservationId, reservation.id), eq(reservationAllocations.skuId, input.skuId)));
    if (!allocation) throw refuse('skuId', 'NOT_FOUND', `The order holds no ${input.skuId}`);
    const held = allocation.quantity - allocation.shippedQuantity - allocation.releasedQuantity;
    const answer = (from: number, to: number): ReservationResize => ({
      orderId: input.orderId,
      skuId: input.skuId,
      warehouseId: allocation.warehouseId,
      from,
      to,
    });
    const [done] = await tx.select().from(reservationResizes).where(eq(reservationResizes.key, key));
    if (done) return ok(answer(done.fromQuantity, done.toQuantity));
    if (reservation.status !== 'ACTIVE') throw refuse('orderId', 'INVALID_TRANSITION', `The order's reservation is ${reservation.status}`);
    const delta = input.quantity - held;
    if (delta > 0) {
      const level = await applyStockChange(tx, ctx, {
        stockLevelId: allocation.stockLevelId,
        type: 'RESERVE',
        onHandDelta: 0,
        reservedDelta: delta,
        reference: { type: 'ORDER', id: input.orderId },
        note: reason,
      });
      if (!level) throw refuse('quantity', 'OUT_OF_STOCK', `Not enough stock of ${input.skuId} in the warehouse serving the line`);
      await tx
        .update(reservationAllocations)
        .set({ quantity: sql`${reservationAllocations.quantity} + ${delta}` })
        .where(eq(reservationAllocations.id, allocation.id));
    } else if (delta < 0) {
      const level = await applyStockChange(tx, ctx, {
        stockLevelId: allocation.stockLevelId,
        type: 'RELEASE',
        onHandDelta: 0,
        reservedDelta: delta,
        reference: { type: 'ORDER', id: input.orderId },
        note: reason,
      });
      if (!level) throw new Error(`stock level ${allocation.stockLevelId} holds less than the order reserved`);
      await tx
        .update(reservationAllocations)
        .set({ releasedQuantity: sql`${reservationAllocations.releasedQuantity} - ${delta}` })
        .where(eq(reservationAllocations.id, allocation.id));
    }
    await tx.insert(reservationResizes).values({ key, reservationId: reservation.id, skuId: input.skuId, fromQuantity: held, toQuantity: input.quantity });
    return ok(answer(held, input.quantity));
  });
}
