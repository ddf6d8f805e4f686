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
import { DEPOSIT_PART_SUFFIX, refundablePaymentOf, refundParts, type RefundPart } from './refundablePayment.ts';
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
    if (!row) {
      problems.add([...field, 'orderLineId'], 'NOT_FOUND', 'Not a line of this order');
      return 0n;
    }
    const amount = parseMoney(line.amount, problems, [...field, 'amount']) ?? 0n;
    problems.check(line.amount.currencyCode === order.currency, [...field, 'amount', 'currencyCode'], 'CURRENCY_MISMATCH', `The order is in ${order.currency}`);
    problems.check(amount > 0n, [...field, 'amount'], 'OUT_OF_RANGE', 'A refund is more than zero');
    if (!earlier)
      problems.check(amount <= row.finalAmount - row.refundedAmount, [...field, 'amount'], 'EXCEEDS_CAPTURED', 'More than is left to refund on this line');
    return amount;
  });
  const [checkout] = await ctx.db.select().from(checkouts).where(eq(checkouts.id, order.checkoutId));
  const paymentId = refundablePaymentOf(order, checkout);
  if (problems.any || !key || !reason || !paymentId) return problems.refuse();
  const held = input.lines.map((l, i) => ({ orderLineId: l.orderLineId, amount: amounts[i] ?? 0n }));
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

/**
 * The parts a refund is sent in (refundParts): a retry's are the ones it was first sent in, read
 * back from its requests (the room they hold is already counted), and must ask for the same money
 * on the same lines; otherwise the parts of a new refund, with the cross-border lines' tax.
 */
async function plannedParts(
  ctx: RequestContext,
  order: OrderRow,
  paymentId: string,
  key: string,
  held: HeldLine[],
  orderAmount: bigint,
): Promise<RefundPart[] | 'REUSED'> {
  const earlier = await ctx.db
    .select()
    .from(orderRefundRequests)
    .where(and(eq(orderRefundRequests.orderId, order.id), inArray(orderRefundRequests.idempotencyKey, [key, key + DEPOSIT_PART_SUFFIX])));
  if (earlier.length) {
    const parts = earlier
      .sort((a, b) => a.idempotencyKey.length - b.idempotencyKey.length)
      .map((row): RefundPart => {
        const lines = row.lines.map((l) => ({ orderLineId: l.orderLineId, amount: BigInt(l.amount) }));
        const onLines = lines.reduce((sum, l) => sum + l.amount, 0n);
        return {
          paymentId: row.paymentId ?? paymentId,
          keySuffix: row.idempotencyKey === key ? '' : DEPOSIT_PART_SUFFIX,
          lines,
          orderAmount: row.amount - onLines - row.tax,
          tax: row.tax,
        };
      });
    return sameMoney(parts, held, orderAmount) ? parts : 'REUSED';
  }
  const [checkout] = order.type === 'PRESALE' ? await ctx.db.select().from(checkouts).where(eq(checkouts.id, order.checkoutId)) : [];
  const lines = held.length
    ? await ctx.db
        .select()
        .from(orderLines)
        .where(
          and(
            eq(orderLines.orderId, order.id),
            inArray(
              orderLines.id,
              held.map((l) => l.orderLineId),
            ),
          ),
        )
    : [];
  return refundParts(order, checkout, paymentId, held, { orderAmount, tax: taxOfRefund(lines, held) });
}

/** Whether the parts ask for what the caller asks: the same amount on each line and the same money beside them. */
function sameMoney(parts: RefundPart[], held: HeldLine[], orderAmount: bigint): boolean {
  const sums = (lines: HeldLine[]) => {
    const by = new Map<string, bigint>();
    for (const l of lines) by.set(l.orderLineId, (by.get(l.orderLineId) ?? 0n) + l.amount);
    return by;
  };
  const asked = sums(held);
  const sent = sums(parts.flatMap((p) => p.lines));
  const sameLines = asked.size === sent.size && [...asked].every(([id, amount]) => sent.get(id) === amount);
  return sameLines && parts.reduce((sum, p) => sum + p.orderAmount, 0n) === orderAmount;
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
  const parts = await plannedParts(ctx, order, paymentId, key, held, side.orderAmount ?? 0n);
  if (parts === 'REUSED') return new Problems().add(['input', 'idempotencyKey'], 'IDEMPOTENCY_KEY_REUSED', 'This key was used for a different refund').refuse();
  let main: Result<{ refundId: string; status: string }> | undefined;
  for (const part of parts) {
    // The main part carries the after-sale's units; the deposit part is only money.
    const sent = await sendPart(ctx, order, part, key + part.keySuffix, reason, part.keySuffix ? undefined : side.afterSale);
    if (!main) {
      // The main part refused: nothing was sent.
      if (!sent.ok) return sent;
      main = sent;
    } else if (!sent.ok)
      // The balance part went: asking again with the same key sends only what is missing.
      throw new Error(`the deposit part of refund ${key} of order ${order.id} was refused: ${sent.errors.map((e) => e.message).join('; ')}`);
  }
  if (!main) throw new Error(`refund ${key} of order ${order.id} has no part to send`);
  return main;
}

/** One payment's part of a refund: held, asked of the payment center, and settled or released by its answer. */
async function sendPart(
  ctx: RequestContext,
  order: OrderRow,
  part: RefundPart,
  key: string,
  reason: string,
  afterSale: AfterSaleUnits | undefined,
): Promise<Result<{ refundId: string; status: string }>> {
  const problems = new Problems();
  const currency = order.currency as CurrencyCode;
  const { lines: held, tax } = part;
  const total = held.reduce((a, l) => a + l.amount, 0n) + part.orderAmount + tax;
  const request = {
    orderId: order.id,
    idempotencyKey: key,
    amount: total,
    lines: held.map((l) => ({ orderLineId: l.orderLineId, amount: l.amount.toString() })),
    tax,
    paymentId: part.paymentId,
  };
  const taken = await takeRefundRequest(ctx, request, held, afterSale);
  if (taken === 'OVER')
    return problems.add(['input', 'lines'], 'EXCEEDS_CAPTURED', 'Another refund took part of these lines meanwhile; reload and retry').refuse();
  if (taken === 'REUSED') return problems.add(['input', 'idempotencyKey'], 'IDEMPOTENCY_KEY_REUSED', 'This key was used for a different refund').refuse();
  const { refundPayment } = await ctx.services.call(paymentsService.refundPayment, {
    input: {
      paymentId: part.paymentId,
      amount: toMoney(total, currency),
      reason,
      idempotencyKey: `${order.id}:${key}`,
      lines: held.map((l) => ({ orderLineId: l.orderLineId, amount: toMoney(l.amount, currency) })),
      ...(tax > 0n ? { taxAmount: toMoney(tax, currency) } : {}),
    },
  });
  const refund = refundPayment.refund;
  if (!refund) {
    if (taken === 'NEW') await dropRefundRequest(ctx, request, held, afterSale);
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

type Request = { orderId: string; idempotencyKey: string; amount: bigint; lines: { orderLineId: string; amount: string }[]; tax: bigint; paymentId: string };

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
