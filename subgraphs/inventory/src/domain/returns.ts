import { and, eq } from 'drizzle-orm';
import { ok, Problems, requiredText, type RequestContext, type Result } from '@zhongtai/kit';
import { reservationAllocations } from '../db/tables.ts';
import { type InboundReceiptRow } from '../db/wmsTables.ts';
import { createInboundReceipt, receiptForSource } from './inbound.ts';
import { reservationOfOrder } from './reservations.ts';

export interface OpenReturnReceiptInput {
  key: string;
  orderId: string;
  skuId: string;
  quantity: number;
}

/**
 * 退货入库: the receipt a customer's parcel is received on, at the warehouse that shipped the
 * units (the order's allocation of the SKU). Its source reference is the after-sale request, so
 * a retried call returns the same receipt. Receiving inspects each unit GOOD or DAMAGED; put-away
 * of a RETURN receipt books GOOD units back on hand (RETURN movements) and DAMAGED ones into the
 * damaged bucket (DAMAGED movements), and announces ReturnReceived.
 */
export async function openReturnReceipt(ctx: RequestContext, input: OpenReturnReceiptInput): Promise<Result<InboundReceiptRow>> {
  const problems = new Problems();
  const key = requiredText(problems, input.key, ['input', 'key'], 'Key', 100);
  if (!key) return problems.refuse();
  const existing = await receiptForSource(ctx.db, 'RETURN', key);
  if (existing) return ok(existing);
  const reservation = await reservationOfOrder(ctx.db, input.orderId);
  const [allocation] = reservation
    ? await ctx.db
        .select()
        .from(reservationAllocations)
        .where(and(eq(reservationAllocations.reservationId, reservation.id), eq(reservationAllocations.skuId, input.skuId)))
    : [];
  if (!allocation) return problems.add(['input', 'skuId'], 'NOT_FOUND', 'No warehouse of ours shipped this SKU for the order').refuse();
  return createInboundReceipt(ctx, {
    warehouseId: allocation.warehouseId,
    source: 'RETURN',
    sourceReference: key,
    orderId: input.orderId,
    lines: [{ skuId: input.skuId, expectedQuantity: input.quantity }],
  });
}
