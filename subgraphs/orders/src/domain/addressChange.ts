import { asc, eq, inArray } from 'drizzle-orm';
import {
  catalogService,
  fulfillmentService,
  isId,
  newId,
  ok,
  optionalText,
  Problems,
  toMinor,
  toMoney,
  type CurrencyCode,
  type DeliveryAddress,
  type RequestContext,
  type Result,
  assertCan,
  rowsByParent,
} from '@zhongtai/kit';
import { orderTenancy } from './tenancy.ts';
import { orderAddressChanges, orderLines, orders, type OrderAddressChangeRow, type OrderLineRow, type OrderRow } from '../db/tables.ts';
import { validateAddress } from './checkoutInput.ts';
import { ADDRESS_CHANGE_ID_PREFIX, ORDER_ID_PREFIX } from './ids.ts';

const CHANGEABLE = new Set<OrderRow['status']>(['PENDING_PAYMENT', 'PAID']);

/**
 * 改地址: the customer, the shop's merchant or an operator changes where an order goes, until its
 * first parcel leaves. The freight was paid for the old address, so a new address that costs a
 * different freight (or is not delivered to) is refused: cancel and order again instead. An order
 * that shipped free stays free wherever the shop delivers.
 * Fulfillment hears OrderAddressChanged and re-addresses the notices it has not shipped.
 */
export async function changeOrderAddress(
  ctx: RequestContext,
  input: { orderId: string; address: DeliveryAddress; reason?: string | null },
): Promise<Result<OrderRow>> {
  const problems = new Problems();
  const address = validateAddress(input.address, problems, ['input', 'address']);
  const reason = optionalText(problems, input.reason, ['input', 'reason'], 'Reason', 500);
  if (!isId(ORDER_ID_PREFIX, input.orderId)) problems.add(['input', 'orderId'], 'INVALID_ID', `"${input.orderId}" is not an order id`);
  if (problems.any || !address) return problems.refuse();
  const [order] = await ctx.db.select().from(orders).where(eq(orders.id, input.orderId));
  if (!order) return problems.add(['input', 'orderId'], 'NOT_FOUND', `Order ${input.orderId} not found`).refuse();
  assertCan(ctx, orderTenancy, order, 'write');
  if (ctx.claims!.role !== 'CUSTOMER' && !reason) return problems.add(['input', 'reason'], 'REQUIRED', 'Say why the address changes').refuse();
  const lines = await ctx.db.select().from(orderLines).where(eq(orderLines.orderId, order.id)).orderBy(asc(orderLines.position));
  const unchangeable = whyUnchangeable(order, lines);
  if (unchangeable) return problems.add(['input', 'orderId'], 'INVALID_TRANSITION', unchangeable).refuse();

  const freightProblem = await compareFreight(ctx, order, lines, address);
  if (freightProblem) return problems.add(['input', 'address'], freightProblem.code, freightProblem.message).refuse();

  return ctx.db.transaction(async (tx) => {
    // Locked, then checked again: a parcel may have left while freight was being quoted.
    const [current] = await tx.select().from(orders).where(eq(orders.id, order.id)).for('update');
    const currentLines = await tx
      .select()
      .from(orderLines)
      .where(inArray(orderLines.orderId, [order.id]));
    const late = whyUnchangeable(current!, currentLines);
    if (late) return problems.add(['input', 'orderId'], 'INVALID_TRANSITION', late).refuse<OrderRow>();
    const [row] = await tx.update(orders).set({ address, updatedAt: new Date() }).where(eq(orders.id, order.id)).returning();
    await tx
      .insert(orderAddressChanges)
      .values({ id: newId(ADDRESS_CHANGE_ID_PREFIX), orderId: order.id, previous: current!.address, address, reason, actor: ctx.claims!.subject });
    await ctx.events.publish(tx, 'OrderAddressChanged', {
      orderId: order.id,
      shopId: order.shopId,
      memberId: order.memberId,
      address,
      at: row!.updatedAt.toISOString(),
    });
    return ok(row!);
  });
}

function whyUnchangeable(order: OrderRow, lines: OrderLineRow[]): string | null {
  if (!CHANGEABLE.has(order.status)) return `A ${order.status} order's address can no longer change`;
  if (lines.some((l) => l.shippedQuantity > 0)) return 'Part of the order has shipped: its address can no longer change';
  return null;
}

/** The same parcel to the new address must cost what was paid for the old one. */
async function compareFreight(
  ctx: RequestContext,
  order: OrderRow,
  lines: OrderLineRow[],
  address: DeliveryAddress,
): Promise<{ code: 'UNDELIVERABLE' | 'FREIGHT_CHANGED'; message: string } | null> {
  const shippable = lines.filter((l) => l.productType !== 'SERVICE');
  if (!shippable.length) return null;
  const { quoteSkus } = await ctx.services.call(catalogService.quoteSkus, { ids: shippable.map((l) => l.skuId) });
  const sizes = new Map(quoteSkus.map((q) => [q.id, q]));
  const currency = order.currency as CurrencyCode;
  const quote = async (to: DeliveryAddress) =>
    (
      await ctx.services.call(fulfillmentService.quoteFreight, {
        input: {
          shopId: order.shopId,
          address: { province: to.province, city: to.city, district: to.district },
          lines: shippable.map((l) => ({
            skuId: l.skuId,
            quantity: l.quantity,
            productType: l.productType,
            weightGrams: sizes.get(l.skuId)?.weightGrams ?? 0,
            volumeCm3: sizes.get(l.skuId)?.volumeCm3 ?? 0,
            amount: toMoney(l.finalAmount, currency),
          })),
        },
      })
    ).quoteFreight;
  const [before, after] = await Promise.all([quote(order.address), quote(address)]);
  if (!after.deliverable) return { code: 'UNDELIVERABLE', message: after.reason ?? 'The shop does not deliver to this address' };
  // Shipped free (a member level or a promotion): free to anywhere the shop delivers.
  if (order.freightAmount === 0n) return null;
  if (before.deliverable && toMinor(after.freight) !== toMinor(before.freight)) {
    return { code: 'FREIGHT_CHANGED', message: `Shipping there costs ${after.freight.amount} instead of ${before.freight.amount}: cancel and order again` };
  }
  return null;
}

export function addressChangesOf(ctx: RequestContext, orderId: string): Promise<OrderAddressChangeRow[]> {
  return rowsByParent(
    ctx,
    'orders.addressChanges',
    orderAddressChanges,
    { parent: orderAddressChanges.orderId, orderBy: [asc(orderAddressChanges.createdAt), asc(orderAddressChanges.id)] },
    orderId,
  );
}
