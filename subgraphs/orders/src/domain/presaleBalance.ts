import { eq } from 'drizzle-orm';
import { logger, paymentsService, toMoney, type CurrencyCode, type DeliveryAddress, type RequestContext } from '@zhongtai/kit';
import { orders } from '../db/tables.ts';
import { NotDueYet, releaseEnded } from './cancellation.ts';
import { balanceOf } from './presale.ts';
import { transition } from './stateMachine.ts';

/**
 * The balance window opened: a BALANCE payment for what is left; the customer pays it. Not
 * before the window (an early run throws, the queue retries it).
 */
export async function openBalance(ctx: RequestContext, orderId: string): Promise<void> {
  const [order] = await ctx.db.select().from(orders).where(eq(orders.id, orderId));
  if (!order || order.status !== 'PENDING_PAYMENT' || !order.depositPaidAt || order.balancePaymentId) return;
  if (order.balanceStartsAt && order.balanceStartsAt > ctx.now())
    throw new NotDueYet(`the balance of ${order.id} is payable from ${order.balanceStartsAt.toISOString()}`);
  const { createPayment } = await ctx.services.call(paymentsService.createPayment, {
    input: {
      orderId: order.checkoutId,
      memberId: order.memberId,
      purpose: 'BALANCE',
      amount: toMoney(balanceOf(order), order.currency as CurrencyCode),
      idempotencyKey: `balance-${order.id}`,
      // Weeks after the checkout was assessed: the payment center asks the risk center (PAYMENT).
      riskAddress: riskAddressOf(order.address),
    },
  });
  const risk = createPayment.userErrors.find((e) => e.code === 'RISK_DENIED' || e.code === 'RISK_REVIEW');
  if (risk) {
    // No balance payment: the order waits for an operator (riskAssessments of kind PAYMENT), or closes when its window ends.
    logger(ctx).warn('the presale balance payment was refused by the risk center', { orderId: order.id, code: risk.code });
    return;
  }
  if (!createPayment.payment) throw new Error(`balance payment for ${order.id} refused: ${JSON.stringify(createPayment.userErrors)}`);
  await ctx.db.update(orders).set({ balancePaymentId: createPayment.payment.id, updatedAt: ctx.now() }).where(eq(orders.id, order.id));
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
