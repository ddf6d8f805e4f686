import { eq, inArray } from 'drizzle-orm';
import {
  inventoryService,
  toMinor,
  toMoney,
  type CurrencyCode,
  type EventCatalog,
  type OrderPaidEvent,
  type OrderPaidMoney,
  type RequestContext,
} from '@zhongtai/kit';
import { orderLines, orders, type LineDiscount, type OrderLineRow, type OrderRow } from '../db/tables.ts';
import { holdWholeRefund } from './cancellation.ts';
import { ordersPaidFor } from './checkoutReprice.ts';
import { ordersHoldingStock } from './holds.ts';
import { lineSource } from './lineSource.ts';
import { openDeclaration } from './customs/declarations.ts';
import { transition } from './stateMachine.ts';

/**
 * PaymentSucceeded for a checkout: its unpaid shop orders become PAID, each announces OrderPaid
 * (dispatch starts there; marketing spends the coupon), and a job commits the stock. Runs in the
 * handler's transaction (ctx.db), once per event. A payment for a checkout that closed meanwhile
 * changes nothing here: the payment center refunds a payment that succeeds after its close.
 */
export async function markCheckoutPaid(ctx: RequestContext, event: EventCatalog['PaymentSucceeded']): Promise<number> {
  const siblings = await ctx.db.select().from(orders).where(eq(orders.checkoutId, event.orderId));
  if (event.purpose === 'DEPOSIT') return depositPaid(ctx, siblings, event);
  const shopOrders = siblings.filter((o) => o.status === 'PENDING_PAYMENT');
  if (!shopOrders.length) return 0;
  // A shop order the customer cancelled before paying was paid for all the same (one payment
  // covers the checkout): its share goes back.
  // A payment repriced after a cancellation no longer covers the cancelled order: nothing to give back for it.
  const paidFor = await ordersPaidFor(ctx.db, event.paymentId, siblings);
  for (const ended of siblings.filter((o) => o.status === 'CANCELLED' && !o.paidAt && paidFor.has(o.id))) {
    const refund = await holdWholeRefund(ctx.db, ended);
    if (refund) await ctx.events.schedule(ctx.db, 'releaseEnded', { orderId: ended.id, refund }, { singletonKey: `release-paid-${ended.id}` });
  }
  const lines = await ctx.db
    .select()
    .from(orderLines)
    .where(
      inArray(
        orderLines.orderId,
        shopOrders.map((o) => o.id),
      ),
    );
  let paid = 0;
  for (const order of shopOrders) {
    const moved = await transition(ctx, ctx.db, order, 'PAID', `payment ${event.paymentId}`, undefined, new Date(event.paidAt));
    if (!moved.ok) continue;
    paid++;
    await ctx.events.publish(
      ctx.db,
      'OrderPaid',
      orderPaid(
        moved.value,
        lines.filter((l) => l.orderId === order.id),
        event.paidAt,
      ),
    );
    // 跨境: declared to customs before anything ships (OrderPaid says customsHold).
    if (moved.value.crossBorderMode) await openDeclaration(ctx, ctx.db, moved.value, { paymentId: event.paymentId, paidAt: event.paidAt });
  }
  if (paid) await ctx.events.schedule(ctx.db, 'settlePaid', { checkoutId: event.orderId }, { singletonKey: `settle-${event.orderId}` });
  return paid;
}

/** A presale deposit came in: the order waits for its balance window; jobs open and end it. */
async function depositPaid(ctx: RequestContext, siblings: OrderRow[], event: EventCatalog['PaymentSucceeded']): Promise<number> {
  let count = 0;
  for (const order of siblings.filter((o) => o.type === 'PRESALE' && o.status === 'PENDING_PAYMENT' && !o.depositPaidAt)) {
    await ctx.db
      .update(orders)
      .set({ depositPaidAt: new Date(event.paidAt), updatedAt: ctx.now() })
      .where(eq(orders.id, order.id));
    await ctx.events.schedule(
      ctx.db,
      'openBalance',
      { orderId: order.id },
      { startAfter: order.balanceStartsAt ?? ctx.now(), singletonKey: `balance-open-${order.id}` },
    );
    await ctx.events.schedule(
      ctx.db,
      'expireBalance',
      { orderId: order.id },
      { startAfter: order.balanceDueAt ?? ctx.now(), singletonKey: `balance-end-${order.id}` },
    );
    count++;
  }
  return count;
}

/** The OrderPaid payload of a paid order (also what analytics replays: domain/soldOrders.ts). */
export function orderPaid(order: OrderRow, lines: OrderLineRow[], paidAt: string): OrderPaidEvent {
  return {
    orderId: order.id,
    parentOrderId: order.checkoutId,
    shopId: order.shopId,
    memberId: order.memberId,
    address: order.address,
    lines: lines
      .sort((a, b) => a.position - b.position)
      .map((l) => ({
        orderLineId: l.id,
        skuId: l.skuId,
        quantity: l.quantity,
        productType: l.productType,
        voucherTerms: l.voucherTerms,
        serviceDate: l.serviceDate,
        source: lineSource(l),
        spuId: l.spuId,
        categoryPath: l.categoryPath,
        brandId: l.brandId,
      })),
    paidAt,
    type: order.type,
    couponTemplateId: order.couponTemplateId,
    channel: order.channel,
    money: orderPaidMoney(order, lines),
    ...(order.crossBorderMode ? { customsHold: true } : {}),
  };
}

/** The order's money for finance: each line's discounts split by who bears them, points apart. */
function orderPaidMoney(order: OrderRow, lines: OrderLineRow[]): OrderPaidMoney {
  const currencyCode = order.currency as CurrencyCode;
  const text = (minor: bigint) => toMoney(minor, currencyCode).amount;
  const sum = (l: OrderLineRow, keep: (d: LineDiscount) => boolean) =>
    l.discounts.filter(keep).reduce((s, d) => s + toMinor({ amount: d.amount, currencyCode }), 0n);
  return {
    currencyCode,
    payable: text(order.payableAmount),
    freight: text(order.freightAmount),
    deposit: text(order.depositAmount),
    ...(order.taxAmount > 0n ? { tax: text(order.taxAmount) } : {}),
    lines: lines
      .sort((a, b) => a.position - b.position)
      .map((l) => ({
        orderLineId: l.id,
        skuId: l.skuId,
        finalAmount: text(l.finalAmount),
        platformDiscount: text(sum(l, (d) => d.source !== 'POINTS' && funderOf(d) === 'PLATFORM')),
        shopDiscount: text(sum(l, (d) => d.source !== 'POINTS' && funderOf(d) === 'SHOP')),
        points: text(sum(l, (d) => d.source === 'POINTS')),
        gross: text(l.unitPrice * BigInt(l.quantity)),
        discounts: l.discounts.map((d) => ({
          source: d.source,
          funder: funderOf(d),
          amount: d.amount,
          sourceId: d.sourceId,
          campaignId: d.campaignId ?? null,
        })),
      })),
  };
}

/** Lines sold before marketing named the funder: member levels and points were always the platform's, the rest the shop's. */
const funderOf = (d: LineDiscount): 'PLATFORM' | 'SHOP' => d.funder ?? (d.source === 'MEMBER_LEVEL' || d.source === 'POINTS' ? 'PLATFORM' : 'SHOP');

/**
 * After payment the reservations stop expiring. Idempotent, retried by the queue. (The coupon is
 * spent by marketing when it hears OrderPaid.)
 */
export async function settlePaid(ctx: RequestContext, checkoutId: string): Promise<void> {
  const paidOrders = await ctx.db.select({ id: orders.id, status: orders.status }).from(orders).where(eq(orders.checkoutId, checkoutId));
  const settled = paidOrders.filter((o) => o.status !== 'CLOSED' && o.status !== 'PENDING_PAYMENT').map((o) => o.id);
  for (const orderId of await ordersHoldingStock(ctx.db, settled)) {
    await ctx.services.call(inventoryService.commitReservation, { input: { orderId } });
  }
}
