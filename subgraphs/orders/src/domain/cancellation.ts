import { eq } from 'drizzle-orm';
import {
  isId,
  newId,
  optionalText,
  paymentsService,
  Problems,
  toMoney,
  type CurrencyCode,
  type Db,
  type RequestContext,
  type Result,
  assertCan,
} from '@zhongtai/kit';
import { orderTenancy } from './tenancy.ts';
import { checkouts, orderLines, orderRefundRequests, orders, type OrderRow } from '../db/tables.ts';
import { ordersHoldingStock, releaseCheckoutHolds, releaseOrderHolds } from './holds.ts';
import { repriceAfterCancel, repriceReturnedPoints } from './checkoutReprice.ts';
import { cancelRefundParts, type CancelRefundPart } from './refundablePayment.ts';
import { editsReturnedPoints, returnRemainingPoints } from './edits/points.ts';
import { pointsReturnedByRefunds } from './refundPoints.ts';
import { holdRefund } from './refundHold.ts';
import { releaseOrderSlots } from './serviceSlots.ts';
import { ORDER_ID_PREFIX, REFUND_REQUEST_ID_PREFIX } from './ids.ts';
import { transition } from './stateMachine.ts';

const ENDED = new Set(['CANCELLED', 'CLOSED']);

/**
 * Cancels an order before it ships: the customer their own, the shop's merchant or an operator
 * (they must say why). A paid order is refunded in full. What it held is given back by a job,
 * after the status change has committed.
 */
export async function cancelOrder(ctx: RequestContext, input: { orderId: string; reason?: string | null }): Promise<Result<OrderRow>> {
  const problems = new Problems();
  const reason = optionalText(problems, input.reason, ['input', 'reason'], 'Reason', 500);
  if (!isId(ORDER_ID_PREFIX, input.orderId)) return problems.add(['input', 'orderId'], 'INVALID_ID', `"${input.orderId}" is not an order id`).refuse();
  const [order] = await ctx.db.select().from(orders).where(eq(orders.id, input.orderId));
  if (!order) return problems.add(['input', 'orderId'], 'NOT_FOUND', `Order ${input.orderId} not found`).refuse();
  assertCan(ctx, orderTenancy, order, 'write');
  if (ctx.claims!.role !== 'CUSTOMER') problems.check(Boolean(reason), ['input', 'reason'], 'REQUIRED', 'Say why the order is cancelled');
  if (problems.any) return problems.refuse();
  return ctx.db.transaction((tx) => cancelAndRefund(ctx, tx, order, reason ?? 'cancelled by the customer'));
}

/**
 * In `tx`: the order becomes CANCELLED and, paid, has what is left of it held for a full refund;
 * a job gives back what it held and sends the refund after the commit. Also how customs'
 * rejection of a cross-border order ends it (customs/declarations.ts).
 */
export async function cancelAndRefund(ctx: RequestContext, tx: Db, order: OrderRow, reason: string): Promise<Result<OrderRow>> {
  const moved = await transition(ctx, tx, order, 'CANCELLED', reason);
  if (!moved.ok) return moved;
  const refund = order.status === 'PAID' ? await holdWholeRefund(tx, order) : null;
  await ctx.events.schedule(tx, 'releaseEnded', { orderId: order.id, refund }, { singletonKey: `release-${order.id}` });
  return moved;
}

export interface HeldRefund {
  amount: string;
  lines: { orderLineId: string; amount: string }[];
}

/** What is left of a paid order, held for its refund in the cancelling transaction. */
export async function holdWholeRefund(tx: Db, order: OrderRow): Promise<HeldRefund | null> {
  const lines = await tx.select().from(orderLines).where(eq(orderLines.orderId, order.id));
  const remaining = lines.map((l) => ({ orderLineId: l.id, amount: l.finalAmount - l.refundedAmount })).filter((l) => l.amount > 0n);
  const amount = order.payableAmount - order.refundedAmount;
  if (amount <= 0n || !(await holdRefund(tx, order.id, amount, remaining))) return null;
  return { amount: amount.toString(), lines: remaining.map((l) => ({ orderLineId: l.orderLineId, amount: l.amount.toString() })) };
}

/**
 * The payment window ended: the checkout's unpaid orders close and give back what they held.
 * Run before their deadline (the queue's clock ahead of ours) it throws, so the queue retries.
 */
export async function closeUnpaid(ctx: RequestContext, checkoutId: string): Promise<number> {
  const unpaid = await ctx.db.select().from(orders).where(eq(orders.checkoutId, checkoutId));
  const now = ctx.now();
  const early = unpaid
    .filter(awaitingFirstPayment)
    .map((o) => o.paymentDueAt)
    .find((due) => due && due > now);
  if (early) throw new NotDueYet(`checkout ${checkoutId} is payable until ${early.toISOString()}`);
  let closed = 0;
  await ctx.db.transaction(async (tx) => {
    // A presale order whose deposit is paid waits for its balance window instead.
    for (const order of unpaid.filter(awaitingFirstPayment)) {
      if ((await transition(ctx, tx, order, 'CLOSED', 'not paid in time')).ok) closed++;
    }
  });
  if (closed)
    await releaseEnded(
      ctx,
      unpaid.filter(awaitingFirstPayment).map((o) => o.id),
      null,
    );
  return closed;
}

/** A timer's job ran before its time: thrown so that the queue runs it again later. */
export class NotDueYet extends Error {
  override name = 'NotDueYet';
}

const awaitingFirstPayment = (o: OrderRow) => o.status === 'PENDING_PAYMENT' && !o.depositPaidAt;

/**
 * Gives back what ended orders held: their warehouse stock (drop-shipped lines hold none) and
 * flash-sale quantity; and, once every order of the checkout has ended, the coupon, the points
 * and the open payment (while others are still unpaid, the payment is repriced to them instead:
 * checkoutReprice.ts). A paid order that was cancelled gets its payable refunded, allocated to
 * its lines.
 */
export async function releaseEnded(ctx: RequestContext, orderIds: string[], refund: HeldRefund | null): Promise<void> {
  await releaseOrderHolds(ctx, await ordersHoldingStock(ctx.db, orderIds), orderIds, 'order ended');
  await releaseOrderSlots(ctx.db, orderIds);
  const [first] = orderIds.length ? await ctx.db.select().from(orders).where(eq(orders.id, orderIds[0]!)) : [];
  if (!first) return;
  const [checkout] = await ctx.db.select().from(checkouts).where(eq(checkouts.id, first.checkoutId));
  if (!checkout) return;
  if (refund && checkout.paymentId) {
    const currency = first.currency as CurrencyCode;
    const held = refund.lines.map((l) => ({ orderLineId: l.orderLineId, amount: BigInt(l.amount) }));
    for (const part of cancelRefundParts(first, checkout, BigInt(refund.amount), held)) {
      const key = `cancel-${first.id}${part.keySuffix}`;
      const { refundPayment } = await ctx.services.call(paymentsService.refundPayment, {
        input: {
          paymentId: part.paymentId,
          amount: toMoney(part.amount, currency),
          reason: 'order cancelled',
          idempotencyKey: key,
          // The payment center wants lines that add up to the amount: money beyond the lines (a cross-border
          // order's tax, freight) makes them not, and then the refund names no line rather than being refused.
          lines: addsUp(part) ? part.lines.map((l) => ({ orderLineId: l.orderLineId, amount: toMoney(l.amount, currency) })) : [],
        },
      });
      // Refused, the job fails and runs again (same keys: a part already refunded is not refunded twice).
      if (!refundPayment.refund) throw new Error(`refunding cancelled order ${first.id} (${key}) was refused: ${JSON.stringify(refundPayment.userErrors)}`);
      // Recorded like a merchant's refund, so the order lists every refund it had.
      await ctx.db
        .insert(orderRefundRequests)
        .values({
          id: newId(REFUND_REQUEST_ID_PREFIX),
          orderId: first.id,
          idempotencyKey: key,
          amount: part.amount,
          lines: part.lines.map((l) => ({ orderLineId: l.orderLineId, amount: l.amount.toString() })),
          refundId: refundPayment.refund.id,
          points: refundPayment.refund.pointsReturned,
        })
        .onConflictDoNothing();
    }
  }
  const siblings = await ctx.db.select({ status: orders.status }).from(orders).where(eq(orders.checkoutId, checkout.id));
  if (siblings.every((o) => ENDED.has(o.status))) {
    // An edit that lowered the points, a reprice that gave back a cancelled order's, or refunds of a
    // combined payment, gave part of them back already (the first two lowered pointsUsed): only the rest comes back.
    const byRefunds = checkout.pointsUsed > 0 && first.paidAt ? await pointsReturnedByRefunds(ctx.db, checkout.id) : 0;
    const partlyReturned =
      checkout.pointsUsed > 0 && (byRefunds > 0 || (await editsReturnedPoints(ctx.db, checkout.id)) || (await repriceReturnedPoints(ctx.db, checkout.id)));
    await releaseCheckoutHolds(ctx, checkout.id, {
      coupon: Boolean(checkout.couponCode),
      points: checkout.pointsUsed > 0 && !partlyReturned,
      payment: !first.paidAt,
    });
    if (partlyReturned) await returnRemainingPoints(ctx, { ...checkout, pointsUsed: checkout.pointsUsed - byRefunds });
  } else if (!refund && !first.paidAt) {
    // One shop order of several ended unpaid: the customer pays only for the others.
    await repriceAfterCancel(ctx, checkout, first.id);
  }
}

const addsUp = (part: CancelRefundPart) => part.lines.reduce((sum, l) => sum + l.amount, 0n) === part.amount;
