import { and, eq, inArray } from 'drizzle-orm';
import { existing, logger, paymentsService, toMoney, type CurrencyCode, type Db, type RequestContext } from '@zhongtai/kit';
import { paymentRepricings } from '../db/editTables.ts';
import { checkouts, orders, type CheckoutRow, type OrderRow } from '../db/tables.ts';
import { paymentTermsFor } from './paymentTerms.ts';

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
  if (!checkout.paymentId) return; // held for risk review: no payment open yet, the release opens one for what is left
  const unpaid = await unpaidOrdersOf(ctx.db, checkout.id);
  if (!unpaid.length) return;
  const amount = unpaid.reduce((sum, o) => sum + o.payableAmount, 0n);
  if (amount === checkout.payableAmount) return;
  if ((await closeCheckoutPayment(ctx, checkout.id)) === 'paid') {
    // Paid just before: the payment center's PaymentSucceeded makes the others PAID and refunds this one's share.
    logger(ctx).info('checkout paid before its cancelled order could be repriced out', { checkoutId: checkout.id, cancelledOrderId });
    return;
  }
  await openRepricedPayment(ctx, checkout, `reprice:${cancelledOrderId}`, `order ${cancelledOrderId} cancelled before payment`);
}

/** The orders a payment pays for: those its repricing names, or (the payment placeOrder opened) all of them. */
export async function ordersPaidFor(db: Db, paymentId: string, siblings: OrderRow[]): Promise<Set<string>> {
  const [repriced] = await db
    .select()
    .from(paymentRepricings)
    .where(inArray(paymentRepricings.paymentId, [paymentId]));
  return new Set(repriced ? repriced.orderIds : siblings.map((o) => o.id));
}
