import { CUSTOMS_HOLD_MESSAGE } from './customsHold.ts';
import { eq } from 'drizzle-orm';
import { isUniqueViolation, ok, Problems, requiredText, type RequestContext, type Result, assertCan } from '@zhongtai/kit';
import { shippingNoticeTenancy } from './tenancy.ts';
import { shippingNoticeLines, shippingNotices, type ShippingNoticeLineRow } from '../db/tables.ts';
import type { ShipmentRow } from '../db/shipmentTables.ts';
import { loadNotice } from './notices.ts';
import { carrierByCode, recordShipment, type PackageLine } from './shipping.ts';

export interface ShipDropShipInput {
  shippingNoticeId: string;
  carrierCode: string;
  trackingNumber: string;
  /** Optional split into packages; one package with every line when absent. */
  packages?: { lines: { orderLineId: string; quantity: number }[] }[] | null;
}

/** Packages must hold exactly the notice's lines, each unit once. */
function checkPackages(problems: Problems, input: ShipDropShipInput, lines: ShippingNoticeLineRow[]): PackageLine[][] {
  if (!input.packages?.length) return [lines.map((l) => ({ orderLineId: l.orderLineId, skuId: l.skuId, quantity: l.quantity }))];
  const left = new Map(lines.map((l) => [l.orderLineId, l.quantity]));
  const packages = input.packages.map((pkg, p) =>
    pkg.lines.flatMap((l, i) => {
      const field = ['input', 'packages', String(p), 'lines', String(i)];
      const line = lines.find((n) => n.orderLineId === l.orderLineId);
      if (!problems.check(!!line, [...field, 'orderLineId'], 'NOT_FOUND', 'This order line is not on the notice')) return [];
      if (!problems.check(Number.isInteger(l.quantity) && l.quantity > 0, [...field, 'quantity'], 'OUT_OF_RANGE', 'Quantity must be at least 1')) return [];
      left.set(l.orderLineId, left.get(l.orderLineId)! - l.quantity);
      return [{ orderLineId: l.orderLineId, skuId: line!.skuId, quantity: l.quantity }];
    }),
  );
  input.packages.forEach((pkg, p) =>
    problems.check(pkg.lines.length > 0, ['input', 'packages', String(p), 'lines'], 'REQUIRED', 'A package holds at least one line'),
  );
  for (const [orderLineId, n] of left)
    problems.check(n === 0, ['input', 'packages'], 'INVALID', `Order line ${orderLineId}: the packages hold ${n > 0 ? 'fewer' : 'more'} units than the notice`);
  return packages;
}

/**
 * 代发: the supplier shipped a drop-ship notice; an operator or the shop's merchant records the
 * carrier and tracking number, and the shipment exists from then on, as if a warehouse shipped.
 */
export async function shipDropShipNotice(ctx: RequestContext, input: ShipDropShipInput): Promise<Result<ShipmentRow>> {
  const problems = new Problems();
  const notice = await loadNotice(ctx, input.shippingNoticeId);
  if (!notice) return problems.add(['input', 'shippingNoticeId'], 'NOT_FOUND', 'No such shipping notice').refuse();
  assertCan(ctx, shippingNoticeTenancy, notice, 'manage');
  if (notice.kind !== 'SUPPLIER')
    return problems.add(['input', 'shippingNoticeId'], 'INVALID', 'Warehouse notices ship through the warehouse (WMS), not here').refuse();
  const trackingNumber = requiredText(problems, input.trackingNumber, ['input', 'trackingNumber'], 'Tracking number', 64);
  const code = requiredText(problems, input.carrierCode, ['input', 'carrierCode'], 'Carrier code', 32);
  const carrier = code ? await carrierByCode(ctx.db, code) : null;
  if (code)
    problems.check(
      !!carrier?.active,
      ['input', 'carrierCode'],
      carrier ? 'INACTIVE' : 'NOT_FOUND',
      carrier ? 'This carrier is not active' : 'No carrier has this code',
    );
  const lines = await ctx.db.select().from(shippingNoticeLines).where(eq(shippingNoticeLines.noticeId, notice.id));
  const packages = checkPackages(problems, input, lines);
  if (problems.any) return problems.refuse();
  try {
    return await ctx.db.transaction(async (tx) => {
      const [locked] = await tx.select().from(shippingNotices).where(eq(shippingNotices.id, notice.id)).for('update');
      if (locked!.status === 'SHIPPED')
        return problems.add(['input', 'shippingNoticeId'], 'INVALID_TRANSITION', 'This notice has already shipped').refuse<ShipmentRow>();
      if (locked!.status === 'CANCELLED')
        return problems.add(['input', 'shippingNoticeId'], 'INVALID_TRANSITION', 'The order was cancelled: nothing to ship').refuse<ShipmentRow>();
      if (locked!.customsHold) return problems.add(['input', 'shippingNoticeId'], 'INVALID_TRANSITION', CUSTOMS_HOLD_MESSAGE).refuse<ShipmentRow>();
      return ok(await recordShipment(tx, ctx, { notice: locked!, carrier: carrier!, trackingNumber: trackingNumber!, packages, shippedAt: new Date() }));
    });
  } catch (error) {
    if (!isUniqueViolation(error, 'shipments_tracking_key')) throw error;
    return problems.add(['input', 'trackingNumber'], 'TAKEN', 'This carrier already has a shipment with this tracking number').refuse();
  }
}
