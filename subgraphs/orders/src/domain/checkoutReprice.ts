import { and, eq, inArray, notInArray } from 'drizzle-orm';
import { existing, logger, paymentsService, toMoney, type CurrencyCode, type Db, type RequestContext } from '@zhongtai/kit';
import { checkoutPointReturns, paymentRepricings } from '../db/editTables.ts';
import { checkouts, orders, type CheckoutRow, type OrderRow } from '../db/tables.ts';
import { RETURN_EDIT_POINTS_JOB } from './edits/points.ts';
import { paymentTermsFor, pointsShare } from './paymentTerms.ts';

/**
 * 改价 Repricing a checkout's pending payment (a shop order cancelled, an order edited before
 * payment). A payment row at the provider is written once with its amount, and the QR code or
 * link handed out for it captures that amount: so the old payment is CLOSED at the provider and
 * a new one is opened for what is left, never changed in place. Money paid on the old code after
 * the close is refunded by the payment center as a late payment. Which orders each repriced
 * payment pays for is recorded (payment_repricings), so a successful payment refunds only the
 * cancelled orders it covered.
 */

/** The checkout's orders still waiting for their (first) payment: what a repriced payment pays for. */
export async function unpaidOrdersOf(db: Db, checkoutId: string): Promise<OrderRow[]> {
  const rows = await db
    .select()
    .from(orders)
    .where(and(eq(orders.checkoutId, checkoutId), eq(orders.status, 'PENDING_PAYMENT')));
  return rows.filter((o) => o.type === 'NORMAL' && !o.depositPaidAt).sort((a, b) => a.id.localeCompare(b.id));
}

/**
 * Closes the checkout's pending payment. 'paid' when the provider had already captured it (the
 * order is paid: nothing may be repriced); 'closed' when it is closed now or nothing was open.
 */
export async function closeCheckoutPayment(ctx: RequestContext, checkoutId: string): Promise<'closed' | 'paid'> {
  const { closePayment } = await ctx.services.call(paymentsService.closePayment, { input: { orderId: checkoutId, purpose: 'FULL' } });
  if (closePayment.userErrors.some((e) => e.code === 'INVALID_TRANSITION')) return 'paid';
  if (closePayment.userErrors.length) throw new Error(`closing the payment of ${checkoutId} failed: ${JSON.stringify(closePayment.userErrors)}`);
  return 'closed';
}

/**
 * Opens the payment for the checkout's unpaid orders as they are now, under `key` (a retry opens
 * the same payment), and points the checkout at it. Call after closeCheckoutPayment. Throws when
 * the payment center refuses, so a job retries it.
 */
export async function openRepricedPayment(ctx: RequestContext, checkout: CheckoutRow, key: string, reason: string): Promise<CheckoutRow> {
  const unpaid = await unpaidOrdersOf(ctx.db, checkout.id);
  const amount = unpaid.reduce((sum, o) => sum + o.payableAmount, 0n);
  const [memberOrder] = unpaid;
  if (!memberOrder) return checkout;
  const currency = memberOrder.currency as CurrencyCode;
  const { createPayment } = await ctx.services.call(paymentsService.createPayment, {
    input: {
      orderId: checkout.id,
      memberId: checkout.memberId,
      purpose: 'FULL',
      amount: toMoney(amount, currency),
      idempotencyKey: key,
      // The checkout was assessed when it was placed; a smaller or edited amount is not a new order.
      riskAssessed: true,
      // The same method, openid and (re-split) points as the customer chose at placeOrder (paymentTerms.ts).
      ...(await paymentTermsFor(
        ctx.db,
        checkout,
        unpaid,
        amount,
        unpaid.reduce((sum, o) => sum + o.freightAmount, 0n),
      )),
    },
  });
  if (!createPayment.payment) throw new Error(`reopening the payment of ${checkout.id} failed: ${JSON.stringify(createPayment.userErrors)}`);
  const payment = createPayment.payment;
  return ctx.db.transaction(async (tx) => {
    await tx
      .insert(paymentRepricings)
      .values({
        paymentId: payment.id,
        checkoutId: checkout.id,
        repriceKey: key,
        previousPaymentId: checkout.paymentId,
        orderIds: unpaid.map((o) => o.id),
        amount,
        currency,
        reason,
      })
      .onConflictDoNothing();
    const [updated] = await tx
      .update(checkouts)
      .set({ paymentId: payment.id, payUrl: payment.action?.url ?? null, payableAmount: amount, updatedAt: new Date() })
      .where(eq(checkouts.id, checkout.id))
      .returning();
    return existing(updated, 'Checkout', checkout.id);
  });
}

/**
 * A shop order of a multi-shop checkout was cancelled before payment (the releaseEnded job, after
 * the cancel committed): the customer now pays only for the others. Idempotent: once the checkout's
 * payable is what its unpaid orders add up to, there is nothing left to do.
 */
export async function repriceAfterCancel(ctx: RequestContext, checkout: CheckoutRow, cancelledOrderId: string): Promise<void> {
  if (!checkout.paymentId) {
    // Held for risk review: no payment is open yet (the release opens one for what is left), but the
    // cancelled order's points are the member's again now, not when the review ends.
    await returnCancelledPoints(ctx, checkout.id, cancelledOrderId);
    return;
  }
  const unpaid = await unpaidOrdersOf(ctx.db, checkout.id);
  if (!unpaid.length) return;
  const amount = unpaid.reduce((sum, o) => sum + o.payableAmount, 0n);
  if (amount === checkout.payableAmount) return;
  if ((await closeCheckoutPayment(ctx, checkout.id)) === 'paid') {
    // Paid just before: the payment center's PaymentSucceeded makes the others PAID and refunds this one's share.
    logger(ctx).info('checkout paid before its cancelled order could be repriced out', { checkoutId: checkout.id, cancelledOrderId });
    return;
  }
  const holding = await returnCancelledPoints(ctx, checkout.id, cancelledOrderId);
  await openRepricedPayment(ctx, holding, `reprice:${cancelledOrderId}`, `order ${cancelledOrderId} cancelled before payment`);
}

/**
 * 积分 The points the cancelled order's lines had go back to the member now, not when the whole
 * checkout ends (if the others are paid and complete, it never does): the checkout keeps only the
 * share of its orders still going, which the repriced payment then carries. The checkout row is
 * locked so that two orders cancelled at once each take their own share; the return is recorded
 * (checkout_point_returns) and sent by a job scheduled in the same transaction, keyed by the order,
 * so a retried reprice neither lowers the count again nor returns the points twice.
 */
async function returnCancelledPoints(ctx: RequestContext, checkoutId: string, cancelledOrderId: string): Promise<CheckoutRow> {
  return ctx.db.transaction(async (tx) => {
    const [locked] = await tx.select().from(checkouts).where(eq(checkouts.id, checkoutId)).for('update');
    const checkout = existing(locked, 'Checkout', checkoutId);
    if (checkout.pointsUsed <= 0) return checkout;
    const [done] = await tx.select().from(checkoutPointReturns).where(eq(checkoutPointReturns.orderId, cancelledOrderId));
    if (done) return checkout;
    const going = await tx
      .select({ id: orders.id })
      .from(orders)
      .where(and(eq(orders.checkoutId, checkoutId), notInArray(orders.status, ['CANCELLED', 'CLOSED'])));
    const kept = (await pointsShare(tx, checkout, new Set(going.map((o) => o.id)))).points;
    const returned = checkout.pointsUsed - kept;
    if (returned <= 0) return checkout;
    await tx.insert(checkoutPointReturns).values({ orderId: cancelledOrderId, checkoutId, points: returned });
    const [updated] = await tx.update(checkouts).set({ pointsUsed: kept, updatedAt: ctx.now() }).where(eq(checkouts.id, checkoutId)).returning();
    await ctx.events.schedule(
      tx,
      RETURN_EDIT_POINTS_JOB,
      { editId: `reprice:${cancelledOrderId}`, memberId: checkout.memberId, checkoutId, points: returned },
      { singletonKey: `reprice-points-${cancelledOrderId}` },
    );
    return existing(updated, 'Checkout', checkoutId);
  });
}

/** Whether a reprice gave back the points of a cancelled order: then the checkout's end returns only the rest. */
export async function repriceReturnedPoints(db: Db, checkoutId: string): Promise<boolean> {
  const [row] = await db
    .select({ orderId: checkoutPointReturns.orderId })
    .from(checkoutPointReturns)
    .where(eq(checkoutPointReturns.checkoutId, checkoutId))
    .limit(1);
  return Boolean(row);
}

/** The orders a payment pays for: those its repricing names, or (the payment placeOrder opened) all of them. */
export async function ordersPaidFor(db: Db, paymentId: string, siblings: OrderRow[]): Promise<Set<string>> {
  const [repriced] = await db
    .select()
    .from(paymentRepricings)
    .where(inArray(paymentRepricings.paymentId, [paymentId]));
  return new Set(repriced ? repriced.orderIds : siblings.map((o) => o.id));
}
