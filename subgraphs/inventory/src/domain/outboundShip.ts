import { and, asc, eq, sql } from 'drizzle-orm';
import { ok, Problems, requiredText, type RequestContext, type Result, assertCan } from '@zhongtai/kit';
import { outboundOrderTenancy } from './tenancy.ts';
import { reservationAllocations, reservations } from '../db/tables.ts';
import { outboundOrderLines, outboundOrders, type OutboundOrderRow } from '../db/wmsTables.ts';
import { applyStockChange, inTransaction, Refusal } from './ledger.ts';
import { loadOutboundOrder } from './outbound.ts';

type Status = OutboundOrderRow['status'];

async function orderForChange(ctx: RequestContext, id: string, problems: Problems): Promise<OutboundOrderRow | null> {
  const row = await loadOutboundOrder(ctx, id);
  if (!row) {
    problems.add(['input', 'id'], 'NOT_FOUND', 'No such outbound order');
    return null;
  }
  assertCan(ctx, outboundOrderTenancy, row, 'write');
  return row;
}

async function advance(ctx: RequestContext, id: string, from: Status, to: Status, stamp: 'pickedAt' | 'packedAt'): Promise<Result<OutboundOrderRow>> {
  const problems = new Problems();
  const existing = await orderForChange(ctx, id, problems);
  if (!existing) return problems.refuse();
  const now = ctx.now();
  const [row] = await ctx.db
    .update(outboundOrders)
    .set({ status: to, [stamp]: now, updatedAt: now })
    .where(and(eq(outboundOrders.id, existing.id), eq(outboundOrders.status, from)))
    .returning();
  if (!row) return problems.add(['input', 'id'], 'INVALID_TRANSITION', `Only a ${from} outbound order becomes ${to}`).refuse();
  return ok(row);
}

export const pickOutbound = (ctx: RequestContext, input: { id: string }) => advance(ctx, input.id, 'CREATED', 'PICKED', 'pickedAt');
export const packOutbound = (ctx: RequestContext, input: { id: string }) => advance(ctx, input.id, 'PICKED', 'PACKED', 'packedAt');

export interface ShipOutboundInput {
  id: string;
  carrierCode: string;
  trackingNumber: string;
}

/**
 * The parcel leaves: each line consumes the order's reservation (reserved and on hand both go
 * down, one OUTBOUND movement) and OutboundShipped is published, all in one transaction. The
 * reservation row is locked first, as a release does, so a cancel and a shipment serialize.
 */
export async function shipOutbound(ctx: RequestContext, input: ShipOutboundInput): Promise<Result<OutboundOrderRow>> {
  const problems = new Problems();
  const carrierCode = requiredText(problems, input.carrierCode, ['input', 'carrierCode'], 'Carrier code', 32);
  const trackingNumber = requiredText(problems, input.trackingNumber, ['input', 'trackingNumber'], 'Tracking number', 64);
  const existing = await orderForChange(ctx, input.id, problems);
  if (!existing || problems.any) return problems.refuse();
  return inTransaction(ctx, async (tx) => {
    const [reservation] = await tx.select().from(reservations).where(eq(reservations.orderId, existing.orderId)).for('update');
    if (reservation?.status !== 'COMMITTED') {
      throw new Refusal(
        problems.add(['input', 'id'], 'INVALID_TRANSITION', "The order's reservation is no longer committed (cancelled?)").refuse<OutboundOrderRow>(),
      );
    }
    const now = ctx.now();
    const [row] = await tx
      .update(outboundOrders)
      .set({ status: 'SHIPPED', carrierCode, trackingNumber, shippedAt: now, updatedAt: now })
      .where(and(eq(outboundOrders.id, existing.id), eq(outboundOrders.status, 'PACKED')))
      .returning();
    if (!row) throw new Refusal(problems.add(['input', 'id'], 'INVALID_TRANSITION', 'Only a PACKED outbound order ships, once').refuse<OutboundOrderRow>());
    const lines = await tx.select().from(outboundOrderLines).where(eq(outboundOrderLines.outboundOrderId, row.id)).orderBy(asc(outboundOrderLines.skuId));
    for (const line of lines) {
      const [allocation] = await tx
        .update(reservationAllocations)
        .set({ shippedQuantity: sql`${reservationAllocations.shippedQuantity} + ${line.quantity}` })
        .where(
          and(
            eq(reservationAllocations.reservationId, reservation.id),
            eq(reservationAllocations.stockLevelId, line.stockLevelId),
            sql`${reservationAllocations.shippedQuantity} + ${reservationAllocations.releasedQuantity} + ${line.quantity} <= ${reservationAllocations.quantity}`,
          ),
        )
        .returning();
      if (!allocation)
        throw new Refusal(problems.add(['input', 'id'], 'OUT_OF_RANGE', `More of ${line.skuId} than the order has reserved`).refuse<OutboundOrderRow>());
      const level = await applyStockChange(tx, ctx, {
        stockLevelId: line.stockLevelId,
        type: 'OUTBOUND',
        onHandDelta: -line.quantity,
        reservedDelta: -line.quantity,
        reference: { type: 'OUTBOUND_ORDER', id: row.id },
      });
      if (!level) throw new Error(`stock level ${line.stockLevelId} holds less than the shipment`);
    }
    await ctx.events.publish(tx, 'OutboundShipped', {
      outboundOrderId: row.id,
      shippingNoticeId: row.shippingNoticeId,
      orderId: row.orderId,
      warehouseId: row.warehouseId,
      carrierCode: carrierCode!,
      trackingNumber: trackingNumber!,
      lines: lines.map((l) => ({ skuId: l.skuId, quantity: l.quantity })),
    });
    return ok(row);
  });
}
