import { and, eq, inArray, isNotNull, isNull } from 'drizzle-orm';
import {
  isId,
  marketingService,
  membersService,
  ordersService,
  parseMoney,
  toMinor,
  type CurrencyCode,
  Problems,
  requiredText,
  type MoneyInput,
  type RequestContext,
  type Result,
} from '@zhongtai/kit';
import { checkouts, orderLines, orderRefundRequests, orders, type CheckoutRow, type OrderLineRow, type OrderRow } from '../db/tables.ts';
import { ORDER_ID_PREFIX } from './ids.ts';
import { linesOfCheckout } from './orderQueries.ts';
import { DEPOSIT_PART_SUFFIX, refundablePaymentOf } from './refundablePayment.ts';
import { sendRefund } from './orderRefund.ts';
import { transition } from './stateMachine.ts';

export interface RefundAfterSaleInput {
  /** The after-sale request: with the attempt, the refund's idempotency key. */
  requestId: string;
  /** Which sending of the request's refund (1 first): a declined refund is sent again as a new attempt, a new refund. */
  attempt?: number | null;
  orderId: string;
  orderLineId: string;
  quantity: number;
  amount: MoneyInput;
  reason: string;
  /** WITHDRAWN: refunded before shipping (it never will); RETURNED: the units came back; KEPT: refunded, goods not returned. */
  units: 'WITHDRAWN' | 'RETURNED' | 'KEPT';
}

const REFUNDABLE = new Set(['PAID', 'SHIPPED', 'DELIVERED', 'COMPLETED']);

/**
 * An approved after-sale request's money (SERVICE only, called by after-sales once the goods are
 * dealt with): the same path as refundOrder (sendRefund), and in the transaction that holds the
 * amount the line records the units refunded and returned or withdrawn. Each attempt is a refund
 * of its own (`aftersale:<request>[:<attempt>]`); the same attempt sent again is the same refund.
 * What the refund undoes elsewhere waits for it to succeed (afterSaleRefunded); a refund that
 * fails gives back what it held.
 */
export async function refundAfterSale(ctx: RequestContext, input: RefundAfterSaleInput): Promise<Result<{ refundId: string; status: string }>> {
  const problems = new Problems();
  const reason = requiredText(problems, input.reason, ['input', 'reason'], 'Reason', 500);
  const requestId = requiredText(problems, input.requestId, ['input', 'requestId'], 'Request id', 40);
  const attempt = input.attempt ?? 1;
  const amount = parseMoney(input.amount, problems, ['input', 'amount']) ?? 0n;
  problems.check(Number.isInteger(attempt) && attempt > 0 && attempt < 10_000, ['input', 'attempt'], 'OUT_OF_RANGE', 'Attempts count from 1');
  problems.check(Number.isInteger(input.quantity) && input.quantity > 0, ['input', 'quantity'], 'OUT_OF_RANGE', 'Refund at least one unit');
  problems.check(amount > 0n, ['input', 'amount'], 'OUT_OF_RANGE', 'A refund is more than zero');
  if (!isId(ORDER_ID_PREFIX, input.orderId)) problems.add(['input', 'orderId'], 'INVALID_ID', `"${input.orderId}" is not an order id`);
  if (problems.any || !reason || !requestId) return problems.refuse();
  const [order] = await ctx.db.select().from(orders).where(eq(orders.id, input.orderId));
  if (!order) return problems.add(['input', 'orderId'], 'NOT_FOUND', `Order ${input.orderId} not found`).refuse();
  const [line] = await ctx.db
    .select()
    .from(orderLines)
    .where(and(eq(orderLines.id, input.orderLineId), eq(orderLines.orderId, order.id)));
  if (!line) return problems.add(['input', 'orderLineId'], 'NOT_FOUND', 'Not a line of this order').refuse();
  if (!REFUNDABLE.has(order.status)) return problems.add(['input', 'orderId'], 'NOT_CAPTURED', `A ${order.status} order has nothing to refund`).refuse();
  const [checkout] = await ctx.db.select().from(checkouts).where(eq(checkouts.id, order.checkoutId));
  const paymentId = refundablePaymentOf(order, checkout);
  if (!paymentId) return problems.add(['input', 'orderId'], 'NOT_CAPTURED', 'The order has no payment').refuse();
  const afterSale = { requestId, orderLineId: line.id, quantity: input.quantity, units: input.units };
  return sendRefund(ctx, order, paymentId, ordersService.afterSaleRefundKey(requestId, attempt), reason, [{ orderLineId: line.id, amount }], {
    afterSale,
  });
}

/**
 * The afterSaleRefunded job (scheduled when an after-sale refund succeeded, refundOutcome.ts): the
 * points its units earned and spent are reversed, the coupon comes back once the checkout is refunded
 * whole, and a paid order whose every unit was withdrawn closes and gets its freight back. Each step
 * is idempotent (members keys by the request), so a rerun repeats nothing.
 */
export async function afterSaleRefunded(ctx: RequestContext, orderId: string, key: string): Promise<void> {
  const [request] = await ctx.db
    .select()
    .from(orderRefundRequests)
    .where(and(eq(orderRefundRequests.orderId, orderId), eq(orderRefundRequests.idempotencyKey, key)));
  const units = request?.afterSale;
  if (!request?.succeededAt || !units) return;
  const [order] = await ctx.db.select().from(orders).where(eq(orders.id, orderId));
  const [line] = await ctx.db.select().from(orderLines).where(eq(orderLines.id, units.orderLineId));
  const [checkout] = order ? await ctx.db.select().from(checkouts).where(eq(checkouts.id, order.checkoutId)) : [];
  const paymentId = order ? refundablePaymentOf(order, checkout) : null;
  if (!order || !line || !checkout || !paymentId) return;
  // A presale's refund beyond its balance sent the rest through the deposit payment: the money refunded is both parts.
  const [depositPart] = await ctx.db
    .select({ amount: orderRefundRequests.amount })
    .from(orderRefundRequests)
    .where(and(eq(orderRefundRequests.orderId, orderId), eq(orderRefundRequests.idempotencyKey, key + DEPOSIT_PART_SUFFIX)));
  const refunded = request.amount + (depositPart?.amount ?? 0n);
  await reversePoints(ctx, units.requestId, order, checkout, line, units.quantity, refunded, request.points);
  await returnCouponWhenAllRefunded(ctx, checkout);
  if (units.units === 'WITHDRAWN' && (await closeWhenAllWithdrawn(ctx, order.id))) await refundFreight(ctx, order, paymentId);
}

/**
 * An order refunded whole before shipping never cost its freight: it goes back too, as one more
 * refund of the order (no lines), once (keyed by the order). A refusal throws, so the caller's
 * job retries; the line refunds before it are idempotent and are not repeated.
 */
async function refundFreight(ctx: RequestContext, order: OrderRow, paymentId: string): Promise<void> {
  if (order.freightAmount <= 0n) return;
  const refunded = await sendRefund(ctx, order, paymentId, 'aftersale:freight', 'freight of an order refunded before shipping', [], {
    orderAmount: order.freightAmount,
  });
  if (!refunded.ok) throw new Error(`the freight refund of order ${order.id} was refused: ${refunded.errors.map((e) => e.message).join('; ')}`);
}

/**
 * Every succeeded refund undoes what its units earned and used in points: members takes back the order's
 * earned points in the refund's proportion of what was paid (before this refund), and gives back
 * the points that went with this money: the payment's split of its tenders (refundPoints.ts), or,
 * for a payment that recorded none, these units' share of the line's POINTS discount, of the checkout's.
 */
async function reversePoints(
  ctx: RequestContext,
  key: string,
  order: OrderRow,
  checkout: CheckoutRow,
  line: OrderLineRow,
  quantity: number,
  amount: bigint,
  // The payment center's split of a combined payment, when it recorded one: the points that go back with this money.
  split: number | null,
): Promise<void> {
  const pointsOf = (l: OrderLineRow) =>
    l.discounts.filter((d) => d.source === 'POINTS').reduce((sum, d) => sum + toMinor({ amount: d.amount, currencyCode: l.currency as CurrencyCode }), 0n);
  let returnPoints = split ?? 0;
  if (split === null && checkout.pointsUsed > 0) {
    const all = await linesOfCheckout(ctx.db, checkout.id);
    const total = all.reduce((sum, l) => sum + pointsOf(l), 0n);
    const units = (pointsOf(line) * BigInt(quantity)) / BigInt(line.quantity);
    if (total > 0n) returnPoints = Number((BigInt(checkout.pointsUsed) * units) / total);
  }
  const { reverseAfterSalePoints } = await ctx.services.call(membersService.reverseAfterSalePoints, {
    input: {
      key,
      memberId: order.memberId,
      orderId: order.id,
      refundedPart: amount.toString(),
      // What was paid and not refunded before this refund (the order already counts it).
      paidWhole: (order.payableAmount - order.refundedAmount + amount).toString(),
      returnPoints,
    },
  });
  if (!reverseAfterSalePoints.points)
    throw new Error(`members refused the points of after-sale ${key}: ${reverseAfterSalePoints.userErrors.map((e) => e.message).join('; ')}`);
}

/**
 * Every unit of a paid order refunded before shipping: CLOSED, and nothing of it ships. True once
 * every unit was withdrawn and every such refund succeeded (also on a rerun): one still under way
 * may fail, and its retry needs the order open.
 */
async function closeWhenAllWithdrawn(ctx: RequestContext, orderId: string): Promise<boolean> {
  const [order] = await ctx.db.select().from(orders).where(eq(orders.id, orderId));
  const lines = await ctx.db.select().from(orderLines).where(eq(orderLines.orderId, orderId));
  if (!order || !lines.every((l) => l.withdrawnQuantity >= l.quantity) || (await afterSaleRefundsUnderWay(ctx, [orderId]))) return false;
  if (order.status === 'PAID') await ctx.db.transaction((tx) => transition(ctx, tx, order, 'CLOSED', 'every line refunded before shipping'));
  return true;
}

/** A coupon belongs to the checkout: it comes back (if still valid) once every unit of every order of it was refunded, and every such refund succeeded. */
async function returnCouponWhenAllRefunded(ctx: RequestContext, checkout: CheckoutRow): Promise<void> {
  if (!checkout.couponCode) return;
  const lines = await linesOfCheckout(ctx.db, checkout.id);
  if (!lines.every((l) => l.refundedQuantity >= l.quantity)) return;
  if (await afterSaleRefundsUnderWay(ctx, [...new Set(lines.map((l) => l.orderId))])) return;
  await ctx.services.call(marketingService.returnCoupon, { input: { orderId: checkout.id } });
}

/** Whether an after-sale refund of these orders still waits for the provider's answer (its units count as refunded meanwhile). */
async function afterSaleRefundsUnderWay(ctx: RequestContext, orderIds: string[]): Promise<boolean> {
  const [row] = await ctx.db
    .select({ id: orderRefundRequests.id })
    .from(orderRefundRequests)
    .where(
      and(
        inArray(orderRefundRequests.orderId, orderIds),
        isNotNull(orderRefundRequests.afterSale),
        isNull(orderRefundRequests.succeededAt),
        isNull(orderRefundRequests.failedAt),
      ),
    )
    .limit(1);
  return Boolean(row);
}
