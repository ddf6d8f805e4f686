import { eq } from 'drizzle-orm';
import { logger, paymentsService, toMoney, type CurrencyCode, type DeliveryAddress, type RequestContext, type UserError } from '@zhongtai/kit';
import { checkouts, orders, type OrderRow } from '../db/tables.ts';
import { paymentTermsFor } from './paymentTerms.ts';
import { CLOSE_UNREVIEWED_JOB, orderTimers } from './config.ts';
import { NotDueYet, releaseEnded } from './cancellation.ts';
import { balanceOf } from './presale.ts';
import { transition } from './stateMachine.ts';

/**
 * The balance window opened: a BALANCE payment for what is left; the customer pays it. Not
 * before the window (an early run throws, the queue retries it). A REVIEW from the risk center
 * puts the order ON_HOLD in the operators' queue (riskHold.ts releases or cancels it).
 */
export async function openBalance(ctx: RequestContext, orderId: string): Promise<void> {
  const [order] = await ctx.db.select().from(orders).where(eq(orders.id, orderId));
  if (!order || order.status !== 'PENDING_PAYMENT' || !order.depositPaidAt || order.balancePaymentId) return;
  if (order.balanceStartsAt && order.balanceStartsAt > ctx.now())
    throw new NotDueYet(`the balance of ${order.id} is payable from ${order.balanceStartsAt.toISOString()}`);
  const opened = await createBalancePayment(ctx, order, false);
  if ('refusal' in opened) {
    if (opened.refusal.code === 'RISK_REVIEW') return holdBalance(ctx, order, opened.refusal.message);
    // DENY: no balance payment; the order closes when its window ends (the deposit kept, as for any unpaid balance).
    logger(ctx).warn('the presale balance payment was refused by the risk center', { orderId: order.id, code: opened.refusal.code });
    return;
  }
  await ctx.db.update(orders).set({ balancePaymentId: opened.payment.id, updatedAt: ctx.now() }).where(eq(orders.id, order.id));
}

type BalancePayment = { payment: { id: string } } | { refusal: UserError };

/**
 * Asks the payment center for the order's BALANCE payment (idempotent per order). `riskAssessed`:
 * an operator released it after a REVIEW, so it is not assessed again.
 */
export async function createBalancePayment(ctx: RequestContext, order: OrderRow, riskAssessed: boolean): Promise<BalancePayment> {
  const [checkout] = await ctx.db.select().from(checkouts).where(eq(checkouts.id, order.checkoutId));
  const balance = balanceOf(order);
  const { createPayment } = await ctx.services.call(paymentsService.createPayment, {
    input: {
      orderId: order.checkoutId,
      memberId: order.memberId,
      purpose: 'BALANCE',
      amount: toMoney(balance, order.currency as CurrencyCode),
      idempotencyKey: `balance-${order.id}`,
      // Weeks after the checkout was assessed: the payment center asks the risk center (PAYMENT).
      riskAddress: riskAddressOf(order.address),
      riskAssessed,
      // 积分 of a presale: the deposit is the plan's fixed amount, so the points spent at placeOrder
      // lowered the balance and are its tender (the deposit payment has none); refunds of the paid
      // order go to this payment and give them back in its proportion (refundablePayment.ts).
      // The balance is paid the way the deposit was (the method and openid chosen at placeOrder).
      ...(checkout ? await paymentTermsFor(ctx.db, checkout, [order], balance, order.freightAmount) : {}),
    },
  });
  const risk = createPayment.userErrors.find((e) => e.code === 'RISK_DENIED' || e.code === 'RISK_REVIEW');
  if (risk) return { refusal: risk };
  if (!createPayment.payment) throw new Error(`balance payment for ${order.id} refused: ${JSON.stringify(createPayment.userErrors)}`);
  return { payment: createPayment.payment };
}

/**
 * 风控 REVIEW of the balance payment: the order waits ON_HOLD for an operator, like a held checkout
 * (same queue: orders ON_HOLD; the PAYMENT verdict in riskAssessments), and closes if nobody decides
 * within ORDER_RISK_REVIEW_SECONDS, or when its balance window ends if that is sooner: its stock is
 * reserved only until then.
 */
async function holdBalance(ctx: RequestContext, order: OrderRow, verdict: string): Promise<void> {
  const review = ctx.now().getTime() + orderTimers().riskReviewSeconds * 1000;
  const dueAt = new Date(Math.min(review, order.balanceDueAt?.getTime() ?? review));
  await ctx.db.transaction(async (tx) => {
    const held = await transition(ctx, tx, order, 'ON_HOLD', `risk review (PAYMENT) of the presale balance: ${verdict}`);
    if (!held.ok) return;
    await ctx.events.schedule(
      tx,
      CLOSE_UNREVIEWED_JOB,
      { checkoutId: order.checkoutId, orderId: order.id, dueAt: dueAt.toISOString() },
      { startAfter: dueAt, singletonKey: `unreviewed-balance-${order.id}` },
    );
  });
}

/**
 * The balance window ended unpaid: the order closes and gives back its stock, coupon and points.
 * The deposit is kept (定金不退), as presale terms say; an operator can still refund it per line.
 */
export async function expireBalance(ctx: RequestContext, orderId: string): Promise<void> {
  const [order] = await ctx.db.select().from(orders).where(eq(orders.id, orderId));
  if (!order || order.status !== 'PENDING_PAYMENT') return;
  if (order.balanceDueAt && order.balanceDueAt > ctx.now())
    throw new NotDueYet(`the balance of ${order.id} is payable until ${order.balanceDueAt.toISOString()}`);
  const closed = await ctx.db.transaction((tx) => transition(ctx, tx, order, 'CLOSED', 'presale balance not paid in its window'));
  if (closed.ok) await releaseEnded(ctx, [order.id], null);
}

/** The parts of the delivery address the risk center's blocklist reads. */
function riskAddressOf(a: DeliveryAddress) {
  return { province: a.province, city: a.city, district: a.district, detail: a.detail, phone: a.phone };
}
