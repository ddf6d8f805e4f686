import { and, eq, inArray, TransactionRollbackError } from 'drizzle-orm';
import {
  claimIdempotencyKey,
  isId,
  newId,
  ok,
  parseMoney,
  paymentsService,
  Problems,
  requestFingerprint,
  requiredText,
  toMoney,
  type CurrencyCode,
  type MoneyInput,
  type RequestContext,
  type Result,
  assertCan,
} from '@zhongtai/kit';
import { orderTenancy } from './tenancy.ts';
import { checkouts, orderLines, orderRefundRequests, orders, type AfterSaleUnits, type OrderLineRow, type OrderRow } from '../db/tables.ts';
import { ORDER_ID_PREFIX, REFUND_REQUEST_ID_PREFIX } from './ids.ts';
import { holdRefund, releaseRefundHold } from './refundHold.ts';
import { refundablePaymentOf } from './refundablePayment.ts';
import { refundFailed, refundSucceeded } from './refundOutcome.ts';
import { recordUnits, undoUnits } from './refundUnits.ts';

export interface RefundOrderInput {
  orderId: string;
  idempotencyKey: string;
  reason: string;
  lines: { orderLineId: string; amount: MoneyInput }[];
}

const REFUNDABLE = new Set(['PAID', 'SHIPPED', 'DELIVERED', 'COMPLETED']);

/**
 * A partial or full refund of a paid order, per line, through the payment provider. Each line
 * gives back at most what is left of it (held here first, race-safe); the payment center also
 * refuses anything beyond what was captured. Lines show what was refunded or is being refunded.
 */
export async function refundOrder(ctx: RequestContext, input: RefundOrderInput): Promise<Result<{ refundId: string; status: string }>> {
  const problems = new Problems();
  if (!isId(ORDER_ID_PREFIX, input.orderId)) return problems.add(['input', 'orderId'], 'INVALID_ID', `"${input.orderId}" is not an order id`).refuse();
  const key = requiredText(problems, input.idempotencyKey, ['input', 'idempotencyKey'], 'Idempotency key', 100);
  const reason = requiredText(problems, input.reason, ['input', 'reason'], 'Reason', 500);
  const [order] = await ctx.db.select().from(orders).where(eq(orders.id, input.orderId));
  if (!order) return problems.add(['input', 'orderId'], 'NOT_FOUND', `Order ${input.orderId} not found`).refuse();
  assertCan(ctx, orderTenancy, order, 'manage');
  if (!REFUNDABLE.has(order.status)) problems.add(['input', 'orderId'], 'NOT_CAPTURED', `A ${order.status} order has nothing to refund`);
  problems.check(input.lines.length > 0, ['input', 'lines'], 'REQUIRED', 'Name the lines to refund');
  // A retry of a refund already held must not be refused for the room it took itself.
  const [earlier] = key
    ? await ctx.db
        .select({ id: orderRefundRequests.id })
        .from(orderRefundRequests)
        .where(and(eq(orderRefundRequests.orderId, order.id), eq(orderRefundRequests.idempotencyKey, key)))
    : [];
  const lines = input.lines.length
    ? await ctx.db
        .select()
        .from(orderLines)
        .where(
          inArray(
            orderLines.id,
            input.lines.map((l) => l.orderLineId),
          ),
        )
    : [];
  const amounts = input.lines.map((line, i) => {
    const field = ['input', 'lines', String(i)];
    const row = lines.find((l) => l.id === line.orderLineId && l.orderId === order.id);
    if (!problems.check(Boolean(row), [...field, 'orderLineId'], 'NOT_FOUND', 'Not a line of this order')) return 0n;
    const amount = parseMoney(line.amount, problems, [...field, 'amount']) ?? 0n;
    problems.check(line.amount.currencyCode === order.currency, [...field, 'amount', 'currencyCode'], 'CURRENCY_MISMATCH', `The order is in ${order.currency}`);
    problems.check(amount > 0n, [...field, 'amount'], 'OUT_OF_RANGE', 'A refund is more than zero');
    if (!earlier)
      problems.check(amount <= row!.finalAmount - row!.refundedAmount, [...field, 'amount'], 'EXCEEDS_CAPTURED', 'More than is left to refund on this line');
    return amount;
  });
  const [checkout] = await ctx.db.select().from(checkouts).where(eq(checkouts.id, order.checkoutId));
  const paymentId = refundablePaymentOf(order, checkout);
  if (problems.any || !key || !reason || !paymentId) return problems.refuse();
  const held = input.lines.map((l, i) => ({ orderLineId: l.orderLineId, amount: amounts[i]! }));
  return sendRefund(ctx, order, paymentId, key, reason, held);
}

/**
 * A cross-border line refunded gives back its share of the line's 跨境综合税 with it (customs
 * levies the tax on what was sold, and refunds it on what came back): the line's tax in the
 * proportion of the line's money refunded, counted from what was refunded of the line before
 * (rounded down cumulatively, so the refunds of a whole line give back exactly its tax).
 */
export function taxOfRefund(lines: Pick<OrderLineRow, 'id' | 'taxAmount' | 'finalAmount' | 'refundedAmount'>[], held: HeldLine[]): bigint {
  return held.reduce((sum, h) => {
    const line = lines.find((l) => l.id === h.orderLineId);
    if (!line || line.taxAmount <= 0n || line.finalAmount <= 0n) return sum;
    const upTo = (refunded: bigint) => (line.taxAmount * refunded) / line.finalAmount;
    return sum + upTo(line.refundedAmount + h.amount) - upTo(line.refundedAmount);
  }, 0n);
}

/** The tax a refund gives back beside its lines: a retry's is the one it was first asked with (its lines' room is already taken). */
async function taxOfRequest(ctx: RequestContext, orderId: string, key: string, held: HeldLine[], orderAmount: bigint): Promise<bigint> {
  if (!held.length) return 0n;
  const [earlier] = await ctx.db
    .select({ amount: orderRefundRequests.amount })
    .from(orderRefundRequests)
    .where(and(eq(orderRefundRequests.orderId, orderId), eq(orderRefundRequests.idempotencyKey, key)));
  const onLines = held.reduce((a, l) => a + l.amount, 0n) + orderAmount;
  if (earlier) return earlier.amount > onLines ? earlier.amount - onLines : 0n;
  const lines = await ctx.db
    .select()
    .from(orderLines)
    .where(
      and(
        eq(orderLines.orderId, orderId),
        inArray(
          orderLines.id,
          held.map((l) => l.orderLineId),
        ),
      ),
    );
  return taxOfRefund(lines, held);
}

export interface HeldLine {
  orderLineId: string;
  amount: bigint;
}

/**
 * The one way money goes back to a customer from this center (refundOrder, and after-sales
 * through refundAfterSale): the request and the room it takes on the order and its lines are
 * written first, in one transaction with the units an after-sale refund gives back (`afterSale`),
 * then the payment center refunds with an idempotency key derived from ours. A retry with the same
 * key holds nothing again. A refusal by the payment center, or a refund the provider declines (at
 * once here, or later through RefundFailed: refundOutcome.ts), frees what was held and the units.
 * The order's freight, which is no line's, goes back as `orderAmount` (a whole order refunded
 * before shipping); a cross-border line's share of its tax goes with it (taxOfRefund), beside the lines.
 */
export async function sendRefund(
  ctx: RequestContext,
  order: OrderRow,
  paymentId: string,
  key: string,
  reason: string,
  held: HeldLine[],
  side: { afterSale?: AfterSaleUnits; orderAmount?: bigint } = {},
): Promise<Result<{ refundId: string; status: string }>> {
  const problems = new Problems();
  const currency = order.currency as CurrencyCode;
  // `orderAmount`: money of the order that is no line's (its freight), refunded with no line allocation.
  const tax = await taxOfRequest(ctx, order.id, key, held, side.orderAmount ?? 0n);
  const total = held.reduce((a, l) => a + l.amount, 0n) + (side.orderAmount ?? 0n) + tax;
  const request = {
    orderId: order.id,
    idempotencyKey: key,
    amount: total,
    lines: held.map((l) => ({ orderLineId: l.orderLineId, amount: l.amount.toString() })),
  };
  const taken = await takeRefundRequest(ctx, request, held, side.afterSale);
  if (taken === 'OVER')
    return problems.add(['input', 'lines'], 'EXCEEDS_CAPTURED', 'Another refund took part of these lines meanwhile; reload and retry').refuse();
  if (taken === 'REUSED') return problems.add(['input', 'idempotencyKey'], 'IDEMPOTENCY_KEY_REUSED', 'This key was used for a different refund').refuse();
  const { refundPayment } = await ctx.services.call(paymentsService.refundPayment, {
    input: {
      paymentId,
      amount: toMoney(total, currency),
      reason,
      idempotencyKey: `${order.id}:${key}`,
      lines: held.map((l) => ({ orderLineId: l.orderLineId, amount: toMoney(l.amount, currency) })),
      ...(tax > 0n ? { taxAmount: toMoney(tax, currency) } : {}),
    },
  });
  const refund = refundPayment.refund;
  if (!refund) {
    if (taken === 'NEW') await dropRefundRequest(ctx, request, held, side.afterSale);
    return problems.adopt(refundPayment.userErrors, ['input', 'lines']).refuse();
  }
  await ctx.db.transaction(async (tx) => {
    await tx
      .update(orderRefundRequests)
      // The points going back with this money, as the payment center split the checkout's tenders.
      .set({ refundId: refund.id, points: refund.pointsReturned })
      .where(and(eq(orderRefundRequests.orderId, order.id), eq(orderRefundRequests.idempotencyKey, key)));
    // The provider answered at once; a PENDING refund keeps its room until RefundSucceeded or RefundFailed.
    if (refund.status === 'FAILED') await refundFailed(ctx, tx, order.id, key);
    if (refund.status === 'SUCCEEDED') await refundSucceeded(ctx, tx, order.id, key);
  });
  return ok({ refundId: refund.id, status: refund.status });
}

type Request = { orderId: string; idempotencyKey: string; amount: bigint; lines: { orderLineId: string; amount: string }[] };

/** NEW: recorded and held now; RETRY: the same request was made before (hold nothing again). */
async function takeRefundRequest(
  ctx: RequestContext,
  request: Request,
  held: HeldLine[],
  afterSale?: AfterSaleUnits,
): Promise<'NEW' | 'RETRY' | 'REUSED' | 'OVER'> {
  const claim = await claimIdempotencyKey({
    constraint: 'order_refund_requests_key',
    lookFirst: true,
    holder: async () =>
      (
        await ctx.db
          .select()
          .from(orderRefundRequests)
          .where(and(eq(orderRefundRequests.orderId, request.orderId), eq(orderRefundRequests.idempotencyKey, request.idempotencyKey)))
      )[0],
    sameRequest: (holder) => requestFingerprint([holder.amount, holder.lines]) === requestFingerprint([request.amount, request.lines]),
    // The request, the room it takes on its lines and the units it gives back are written together, or none is.
    take: () =>
      ctx.db
        .transaction(async (tx) => {
          await tx.insert(orderRefundRequests).values({ id: newId(REFUND_REQUEST_ID_PREFIX), ...request, afterSale: afterSale ?? null });
          if (!(await holdRefund(tx, request.orderId, request.amount, held))) tx.rollback();
          if (afterSale && !(await recordUnits(tx, afterSale))) tx.rollback();
          return 'NEW' as const;
        })
        .catch((error: unknown) => {
          if (error instanceof TransactionRollbackError) return 'OVER' as const;
          throw error;
        }),
  });
  return claim.kind === 'taken' ? claim.value : claim.kind === 'repeat' ? 'RETRY' : 'REUSED';
}

/** The payment center refused the refund outright (no refund exists): as if it had never been asked. */
async function dropRefundRequest(ctx: RequestContext, request: Request, held: HeldLine[], afterSale?: AfterSaleUnits): Promise<void> {
  await ctx.db.transaction(async (tx) => {
    await releaseRefundHold(tx, request.orderId, request.amount, held);
    if (afterSale) await undoUnits(tx, afterSale);
    await tx
      .delete(orderRefundRequests)
      .where(and(eq(orderRefundRequests.orderId, request.orderId), eq(orderRefundRequests.idempotencyKey, request.idempotencyKey)));
  });
}
