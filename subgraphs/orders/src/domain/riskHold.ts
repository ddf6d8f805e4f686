import { and, eq } from 'drizzle-orm';
import { assertCan, isId, ok, paymentsService, Problems, requiredText, toMoney, type CurrencyCode, type RequestContext, type Result } from '@zhongtai/kit';
import { paymentRepricings } from '../db/editTables.ts';
import { checkouts, orders, type CheckoutRow, type OrderRow } from '../db/tables.ts';
import { paymentTermsFor } from './paymentTerms.ts';
import { cancelOrder, NotDueYet, releaseEnded } from './cancellation.ts';
import { orderTimers } from './config.ts';
import { ORDER_ID_PREFIX } from './ids.ts';
import { transition } from './stateMachine.ts';
import { createBalancePayment } from './presaleBalance.ts';
import { orderTenancy } from './tenancy.ts';

export { CLOSE_UNREVIEWED_JOB } from './config.ts';

/**
 * The review window ended with nobody deciding: the checkout's held orders close and give back
 * what they hold (their reservations last only a little longer). Before its time it throws, so the
 * queue runs it again; an order released or cancelled meanwhile is not held any more and stays as it is.
 * `orderId`: only that order (a presale balance held on its own, weeks after its checkout).
 */
export async function closeUnreviewed(ctx: RequestContext, checkoutId: string, dueAt: Date, orderId?: string): Promise<number> {
  if (ctx.now() < dueAt) throw new NotDueYet(`checkout ${checkoutId} is reviewable until ${dueAt.toISOString()}`);
  const held = await ctx.db
    .select()
    .from(orders)
    .where(and(eq(orders.checkoutId, checkoutId), eq(orders.status, 'ON_HOLD'), orderId ? eq(orders.id, orderId) : undefined));
  const closed: string[] = [];
  await ctx.db.transaction(async (tx) => {
    for (const order of held) if ((await transition(ctx, tx, order, 'CLOSED', 'not reviewed in time')).ok) closed.push(order.id);
  });
  if (closed.length) await releaseEnded(ctx, closed, null);
  return closed.length;
}

/** A held order of the checkout `orderId` belongs to, or the refusal saying why there is none. */
async function heldOrder(ctx: RequestContext, input: { orderId: string; reason: string }, problems: Problems): Promise<OrderRow | undefined> {
  requiredText(problems, input.reason, ['input', 'reason'], 'Reason', 500);
  if (!isId(ORDER_ID_PREFIX, input.orderId)) problems.add(['input', 'orderId'], 'INVALID_ID', `"${input.orderId}" is not an order id`);
  if (problems.any) return undefined;
  const [order] = await ctx.db.select().from(orders).where(eq(orders.id, input.orderId));
  if (!order) return void problems.add(['input', 'orderId'], 'NOT_FOUND', `Order ${input.orderId} not found`);
  assertCan(ctx, orderTenancy, order, 'write');
  if (order.status !== 'ON_HOLD') return void problems.add(['input', 'orderId'], 'INVALID_TRANSITION', `A ${order.status} order is not held`);
  return order;
}

/**
 * An operator releases a checkout held for risk review: its payment opens now (none was opened
 * while it was held), its orders go back to PENDING_PAYMENT with a fresh payment window, and the
 * close-unpaid timer starts. The payment is per checkout, so every held order of it is released.
 */
export async function releaseHeldOrder(ctx: RequestContext, input: { orderId: string; reason: string }): Promise<Result<OrderRow>> {
  const problems = new Problems();
  const order = await heldOrder(ctx, input, problems);
  if (!order) return problems.refuse();
  if (order.depositPaidAt) return releaseHeldBalance(ctx, order, input.reason, problems);
  const [checkout] = await ctx.db.select().from(checkouts).where(eq(checkouts.id, order.checkoutId));
  if (!checkout) return problems.add(['input', 'orderId'], 'NOT_FOUND', `The checkout of order ${order.id} is gone`).refuse();
  const held = await ctx.db
    .select()
    .from(orders)
    .where(and(eq(orders.checkoutId, order.checkoutId), eq(orders.status, 'ON_HOLD')));
  const presale = order.type === 'PRESALE';
  // A shop order cancelled while held is not paid for: the payment is for the held ones (a presale checkout is one order, its deposit).
  const amount = presale ? checkout.payableAmount : held.reduce((sum, o) => sum + o.payableAmount, 0n);
  // Idempotent on the checkout id (the key placeOrder would have used): a retried release opens one payment.
  const { createPayment } = await ctx.services.call(paymentsService.createPayment, {
    input: {
      orderId: checkout.id,
      memberId: checkout.memberId,
      purpose: presale ? 'DEPOSIT' : 'FULL',
      amount: toMoney(amount, checkout.currency as CurrencyCode),
      idempotencyKey: checkout.id,
      // An operator just released it after the checkout's own assessment: not assessed again.
      riskAssessed: true,
      // What the customer chose at placeOrder: method, openid and points (a deposit carries no points: the balance does).
      ...(await releasedTerms(ctx, checkout, held, amount, presale)),
    },
  });
  const payment = createPayment.payment;
  if (!payment) return problems.adopt(createPayment.userErrors, null).refuse();
  const dueAt = new Date(ctx.now().getTime() + orderTimers().paymentTimeoutSeconds * 1000);
  return ctx.db.transaction(async (tx) => {
    let released: OrderRow = order;
    for (const sibling of held) {
      const moved = await transition(ctx, tx, sibling, 'PENDING_PAYMENT', `released from risk review: ${input.reason}`);
      if (!moved.ok) return moved;
      await tx.update(orders).set({ paymentDueAt: dueAt }).where(eq(orders.id, sibling.id));
      if (sibling.id === order.id) released = { ...moved.value, paymentDueAt: dueAt };
    }
    // The orders this payment is for: a shop order cancelled while held is not, so when the payment
    // succeeds nothing of it is "paid for" and refunded out of the others' money (payment.ts).
    await tx
      .insert(paymentRepricings)
      .values({
        paymentId: payment.id,
        checkoutId: checkout.id,
        repriceKey: `release:${checkout.id}`,
        previousPaymentId: null,
        orderIds: held.map((o) => o.id),
        amount,
        currency: checkout.currency,
        reason: `released from risk review: ${input.reason}`,
      })
      .onConflictDoNothing();
    await tx
      .update(checkouts)
      .set({ paymentId: payment.id, payUrl: payment.action?.url ?? null, payableAmount: amount, updatedAt: ctx.now() })
      .where(eq(checkouts.id, checkout.id));
    await ctx.events.schedule(tx, 'closeUnpaid', { checkoutId: checkout.id }, { startAfter: dueAt, singletonKey: `${checkout.id}:released` });
    return ok(released);
  });
}

/** The payment terms of a released checkout (paymentTerms.ts); a deposit keeps the method and openid only. */
async function releasedTerms(ctx: RequestContext, checkout: CheckoutRow, held: OrderRow[], amount: bigint, presale: boolean) {
  const terms = await paymentTermsFor(
    ctx.db,
    checkout,
    held,
    amount,
    held.reduce((sum, o) => sum + o.freightAmount, 0n),
  );
  if (!presale) return terms;
  const { points: _balanceCarriesThem, ...choice } = terms;
  return choice;
}

/**
 * A presale order held at its balance (the PAYMENT verdict was REVIEW): the balance payment opens
 * without a second assessment and the order is payable again until its balance window ends (the
 * window's own expireBalance closes it then; scheduled again in case it ran while the order was held).
 */
async function releaseHeldBalance(ctx: RequestContext, order: OrderRow, reason: string, problems: Problems): Promise<Result<OrderRow>> {
  const opened = await createBalancePayment(ctx, order, true);
  if ('refusal' in opened) return problems.adopt([opened.refusal], null).refuse();
  return ctx.db.transaction(async (tx) => {
    const moved = await transition(ctx, tx, order, 'PENDING_PAYMENT', `released from risk review: ${reason}`);
    if (!moved.ok) return moved;
    await tx.update(orders).set({ balancePaymentId: opened.payment.id }).where(eq(orders.id, order.id));
    const dueAt = order.balanceDueAt ?? ctx.now();
    await ctx.events.schedule(tx, 'expireBalance', { orderId: order.id }, { startAfter: dueAt, singletonKey: `balance-end-${order.id}:released` });
    return ok({ ...moved.value, balancePaymentId: opened.payment.id });
  });
}

/** An operator cancels a held order: the ordinary cancellation, so its stock, coupon and points come back. */
export async function cancelHeldOrder(ctx: RequestContext, input: { orderId: string; reason: string }): Promise<Result<OrderRow>> {
  const problems = new Problems();
  const order = await heldOrder(ctx, input, problems);
  if (!order) return problems.refuse();
  return cancelOrder(ctx, { orderId: order.id, reason: `risk review: ${input.reason}` });
}
