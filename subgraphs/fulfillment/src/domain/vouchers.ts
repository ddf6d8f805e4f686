import { and, eq, inArray } from 'drizzle-orm';
import { forbidden, ok, type EventCatalog, Problems, requiredText, type RequestContext, type Result, assertCan, can } from '@zhongtai/kit';
import { serviceVoucherTenancy } from './tenancy.ts';
import { serviceVouchers, type ServiceVoucherRow } from '../db/tables.ts';
import { shipmentLines, shipments } from '../db/shipmentTables.ts';
import { vouchersOfOrder } from './notices.ts';

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
  if (voucher.redeemableAfterDelivery && voucher.status === 'ISSUED' && !(await goodsDelivered(ctx, voucher.orderLineId)))
    return problems.add(['input', 'code'], 'NOT_DELIVERED', 'The goods this service installs are not delivered yet').refuse();
  const now = new Date();
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
      .where(and(eq(serviceVouchers.id, voucher.id), eq(serviceVouchers.status, 'ISSUED')))
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
  if (!row) return problems.add(['input', 'code'], 'INVALID_TRANSITION', 'This voucher was already redeemed or voided').refuse();
  return ok(row);
}

/**
 * A refund of a line (an after-sale on the goods, or on the service itself) voids its vouchers
 * not yet redeemed: the installation of returned furniture is not owed. In the event's transaction;
 * a redeemed voucher stays redeemed.
 */
export async function voidRefundedVouchers(ctx: RequestContext, event: EventCatalog['RefundSucceeded']): Promise<void> {
  const lineIds = event.lines.map((l) => l.orderLineId);
  if (!lineIds.length) return;
  await ctx.db
    .update(serviceVouchers)
    .set({ status: 'VOIDED', updatedAt: new Date() })
    .where(and(inArray(serviceVouchers.orderLineId, lineIds), eq(serviceVouchers.status, 'ISSUED')));
}
