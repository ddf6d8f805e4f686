import { eq } from 'drizzle-orm';
import { fulfillmentService, inventoryService, isId, type EventCatalog, type RequestContext } from '@zhongtai/kit';
import { afterSaleRequests, type AfterSaleRequestRow } from '../db/tables.ts';
import { fail } from './carryOut.ts';
import { move } from './decisions.ts';
import { AFTER_SALE_ID_PREFIX } from './ids.ts';
import { loadRequest } from './requests.ts';

/** How long the replacement's reservation may stay uncommitted (it is committed right after it is made). */
const RESERVATION_HOLD_MS = 3600_000;

/**
 * The exchange's second half, once the return was received (the settleReturn job): the
 * replacement is reserved and committed in inventory under the request's id, then fulfillment
 * makes its notice (keyed by the request) and the warehouse ships it; no money moves. Each call
 * is keyed by the request, so a rerun repeats nothing. No stock left by now: FAILED, with why,
 * for an operator to settle (the goods are back in the warehouse).
 */
export async function sendReplacement(ctx: RequestContext, row: AfterSaleRequestRow): Promise<void> {
  if (row.replacementNoticeId) return;
  const skuId = row.replacementSkuId ?? row.skuId;
  const { reserveStock } = await ctx.services.call(inventoryService.reserveStock, {
    input: { orderId: row.id, lines: [{ skuId, quantity: row.quantity }], expiresAt: new Date(ctx.now().getTime() + RESERVATION_HOLD_MS).toISOString() },
  });
  const allocation = reserveStock.reservation?.allocations[0];
  if (!allocation) return fail(ctx, row, `no warehouse has the replacement: ${reserveStock.userErrors.map((e) => `${e.code} ${e.message}`).join('; ')}`);
  const { commitReservation } = await ctx.services.call(inventoryService.commitReservation, { input: { orderId: row.id } });
  if (commitReservation.reservation?.status !== 'COMMITTED')
    return fail(
      ctx,
      row,
      `the replacement's reservation could not be kept: ${commitReservation.userErrors.map((e) => e.message).join('; ') || commitReservation.reservation?.status}`,
    );
  const { dispatchReplacement } = await ctx.services.call(fulfillmentService.dispatchReplacement, {
    input: { key: row.id, orderId: row.orderId, orderLineId: row.orderLineId, skuId, quantity: row.quantity, warehouseId: allocation.warehouseId },
  });
  if (!dispatchReplacement.shippingNotice)
    throw new Error(`fulfillment refused the replacement of ${row.id}: ${dispatchReplacement.userErrors.map((e) => e.message).join('; ')}`);
  await ctx.db
    .update(afterSaleRequests)
    .set({ replacementNoticeId: dispatchReplacement.shippingNotice.id, updatedAt: ctx.now() })
    .where(eq(afterSaleRequests.id, row.id));
}

/** ShipmentShipped of a replacement parcel (in the event's transaction): the exchange is done. */
export async function recordReplacementShipped(ctx: RequestContext, event: EventCatalog['ShipmentShipped']): Promise<void> {
  if (!event.replacementFor || !isId(AFTER_SALE_ID_PREFIX, event.replacementFor)) return;
  const row = await loadRequest(ctx, event.replacementFor);
  if (!row || row.status !== 'RETURN_SHIPPED' || row.type !== 'EXCHANGE') return;
  await move(ctx, ctx.db, row, 'EXCHANGED', `replacement shipped: ${event.carrierCode} ${event.trackingNumber}`, {
    replacementShipmentId: event.shipmentId,
    replacementNoticeId: event.shippingNoticeId,
  });
}
