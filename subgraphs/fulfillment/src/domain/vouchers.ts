import { and, asc, eq, gt, inArray, isNull, or } from 'drizzle-orm';
import { forbidden, ok, ordersService, type EventCatalog, Problems, requiredText, type RequestContext, type Result, assertCan, can } from '@zhongtai/kit';
import { serviceVoucherTenancy } from './tenancy.ts';
import { serviceVouchers, type ServiceVoucherRow } from '../db/tables.ts';
import { shipmentLines, shipments } from '../db/shipmentTables.ts';
import { vouchersOfOrder } from './notices.ts';
import { isPastEnd } from './voucherTerms.ts';

/** The vouchers of an order: its customer, its shop's merchants and operators see them. */
export async function orderVouchers(ctx: RequestContext, orderId: string): Promise<ServiceVoucherRow[]> {
  const rows = await vouchersOfOrder(ctx, orderId);
  if (rows.some((r) => !can(ctx, serviceVoucherTenancy, r, 'read'))) throw forbidden('These vouchers belong to another customer or shop');
  return rows;
}

/** Whether a parcel holding the line's goods has been delivered. */
async function goodsDelivered(ctx: RequestContext, orderLineId: string): Promise<boolean> {
  const [delivered] = await ctx.db
    .select({ id: shipments.id })
    .from(shipmentLines)
    .innerJoin(shipments, eq(shipments.id, shipmentLines.shipmentId))
    .where(and(eq(shipmentLines.orderLineId, orderLineId), eq(shipments.progress, 'DELIVERED')))
    .limit(1);
  return delivered !== undefined;
}

/**
 * The shop honours a voucher: the customer shows the code, the merchant redeems it, once
 * (a conditional update, so two redemptions of one code cannot both succeed).
 */
export async function redeemVoucher(ctx: RequestContext, input: { code: string }): Promise<Result<ServiceVoucherRow>> {
  const problems = new Problems();
  const code = requiredText(problems, input.code, ['input', 'code'], 'Code', 32)?.toUpperCase();
  if (!code) return problems.refuse();
  const [voucher] = await ctx.db.select().from(serviceVouchers).where(eq(serviceVouchers.code, code));
  if (!voucher) return problems.add(['input', 'code'], 'NOT_FOUND', 'No voucher has this code').refuse();
  assertCan(ctx, serviceVoucherTenancy, voucher, 'manage');
  const now = ctx.now();
  // Past its end it is not honoured, even before the expiry job has marked it.
  if (voucher.status === 'EXPIRED' || (voucher.status === 'ISSUED' && isPastEnd(voucher, now)))
    return problems.add(['input', 'code'], 'EXPIRED', `This voucher expired at ${voucher.expiresAt?.toISOString()}`).refuse();
  if (voucher.redeemableAfterDelivery && voucher.status === 'ISSUED' && !(await goodsDelivered(ctx, voucher.orderLineId)))
    return problems.add(['input', 'code'], 'NOT_DELIVERED', 'The goods this service installs are not delivered yet').refuse();
  const row = await ctx.db.transaction(async (tx) => {
    // The order's vouchers are locked so that the last two redeemed at once still see each other.
    const ofOrder = await tx
      .select({ id: serviceVouchers.id, status: serviceVouchers.status })
      .from(serviceVouchers)
      .where(eq(serviceVouchers.orderId, voucher.orderId))
      .for('update');
    const [redeemed] = await tx
      .update(serviceVouchers)
      .set({ status: 'REDEEMED', redeemedAt: now, redeemedBy: ctx.claims?.subject ?? null, updatedAt: now })
      .where(
        and(
          eq(serviceVouchers.id, voucher.id),
          eq(serviceVouchers.status, 'ISSUED'),
          or(isNull(serviceVouchers.expiresAt), gt(serviceVouchers.expiresAt, now)),
        ),
      )
      .returning();
    if (!redeemed) return undefined;
    const allRedeemed = ofOrder.every((v) => v.id === redeemed.id || v.status !== 'ISSUED');
    await ctx.events.publish(tx, 'ServiceVoucherRedeemed', {
      orderId: redeemed.orderId,
      orderLineId: redeemed.orderLineId,
      voucherId: redeemed.id,
      allRedeemed,
      redeemedAt: now.toISOString(),
    });
    return redeemed;
  });
  if (!row) return problems.add(['input', 'code'], 'INVALID_TRANSITION', 'This voucher was already redeemed, voided or expired').refuse();
  return ok(row);
}

/**
 * A refund that is no after-sale's (a cancellation, a merchant's refund of a line) voids the
 * line's vouchers not yet redeemed. After-sale refunds void by units (voidForAfterSale) and the
 * automatic refund of expired vouchers voids nothing (they are EXPIRED already). In the event's
 * transaction; a redeemed voucher stays redeemed.
 */
export async function voidRefundedVouchers(ctx: RequestContext, event: EventCatalog['RefundSucceeded']): Promise<void> {
  if (ordersService.afterSaleRefundOfKey(event.idempotencyKey) || ordersService.isExpiredVoucherRefundKey(event.idempotencyKey)) return;
  const lineIds = event.lines.map((l) => l.orderLineId);
  if (!lineIds.length) return;
  await ctx.db
    .update(serviceVouchers)
    .set({ status: 'VOIDED', updatedAt: ctx.now() })
    .where(and(inArray(serviceVouchers.orderLineId, lineIds), eq(serviceVouchers.status, 'ISSUED')));
}

/**
 * An after-sale refunded `quantity` units of a line: exactly that many of its unredeemed vouchers
 * are voided (still valid ones first, then expired ones, oldest first), the others stay usable.
 * Marked with the request, so a second delivery of the event voids none beyond the first.
 */
export async function voidForAfterSale(ctx: RequestContext, event: EventCatalog['AfterSaleRefunded']): Promise<void> {
  const ofLine = await ctx.db
    .select()
    .from(serviceVouchers)
    .where(eq(serviceVouchers.orderLineId, event.orderLineId))
    .orderBy(asc(serviceVouchers.createdAt), asc(serviceVouchers.id))
    .for('update');
  const already = ofLine.filter((v) => v.voidedFor === event.requestId).length;
  const wanted = Math.max(0, event.quantity - already);
  const candidates = [...ofLine.filter((v) => v.status === 'ISSUED'), ...ofLine.filter((v) => v.status === 'EXPIRED')].slice(0, wanted);
  if (!candidates.length) return;
  await ctx.db
    .update(serviceVouchers)
    .set({ status: 'VOIDED', voidedFor: event.requestId, updatedAt: ctx.now() })
    .where(
      and(
        inArray(
          serviceVouchers.id,
          candidates.map((v) => v.id),
        ),
        inArray(serviceVouchers.status, ['ISSUED', 'EXPIRED']),
      ),
    );
}
