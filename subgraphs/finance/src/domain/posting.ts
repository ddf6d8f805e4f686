import { and, eq, inArray, isNull } from 'drizzle-orm';
import { newId, toMinor, type CurrencyCode, type EventEnvelope, type RequestContext } from '@zhongtai/kit';
import { commissionRates, moneyMovements, settlementItems, shopOrderLines, shopOrders, type ShopOrderLineRow, type ShopOrderRow } from '../db/tables.ts';
import { commissionBpsFor } from './commissionRule.ts';
import { loadFinanceConfig } from './config.ts';
import { SETTLEMENT_ITEM_ID_PREFIX } from './ids.ts';
import { postEntry } from './journal.ts';
import {
  completionItem,
  completionPostings,
  depositAppliedPostings,
  forfeitPostings,
  paymentPostings,
  pointsPostings,
  pointsValue,
  refundPaidPostings,
  refundPostings,
  type RefundedLine,
} from './postingRules.ts';
import { present } from './rows.ts';

/**
 * What each money event posts (the rules are in postingRules.ts). Each runs in the event
 * handler's transaction (ctx.db). Every entry's source key is the event id (and the rule), so a
 * redelivered event posts nothing; the rows finance keeps beside the ledger are written with
 * guarded inserts and updates for the same reason.
 */

const SYSTEM = 'system:finance';
const minor = (amount: string, currencyCode: string) => toMinor({ amount, currencyCode: currencyCode as CurrencyCode });

/** Thrown when an event arrives before the one it depends on: the queue delivers it again later. */
export class NotKnownYet extends Error {}

export async function postPayment(ctx: RequestContext, event: EventEnvelope<'PaymentSucceeded'>): Promise<void> {
  const p = event.payload;
  const currency = p.currencyCode as CurrencyCode;
  const amount = minor(p.amount, currency);
  const paidAt = new Date(p.paidAt);
  await ctx.db
    .insert(moneyMovements)
    .values({ reference: p.paymentId, kind: 'CAPTURE', paymentId: p.paymentId, purpose: p.purpose, currency, amount, occurredAt: paidAt })
    .onConflictDoNothing();
  await postEntry(ctx.db, {
    sourceKey: `${event.id}:payment`,
    eventId: event.id,
    kind: p.purpose === 'FULL' ? 'PAYMENT' : p.purpose,
    memo: `${p.purpose.toLowerCase()} payment ${p.paymentId} captured`,
    currency,
    actor: SYSTEM,
    postedAt: paidAt,
    postings: paymentPostings(p.purpose, amount),
  });
}

/** The category path of each SKU (catalog's), for the commission. */
export type CategoryPaths = ReadonlyMap<string, readonly string[]>;

export const CATEGORIZE_ORDER_JOB = 'categorizeOrder';

/**
 * A shop order was paid: finance keeps its money facts; a presale's deposit joins its advance.
 * The lines' categories (for the commission) are asked of the catalog by a job after the commit:
 * a handler's transaction must not wait on another center. Given `categories`, they are stored at once.
 */
export async function recordPaidOrder(ctx: RequestContext, event: EventEnvelope<'OrderPaid'>, categories?: CategoryPaths): Promise<void> {
  const p = event.payload;
  const currency = p.money.currencyCode as CurrencyCode;
  const deposit = minor(p.money.deposit, currency);
  const [order] = await ctx.db
    .insert(shopOrders)
    .values({
      orderId: p.orderId,
      checkoutId: p.parentOrderId ?? p.orderId,
      shopId: p.shopId,
      currency,
      payable: minor(p.money.payable, currency),
      freight: minor(p.money.freight, currency),
      tax: minor(p.money.tax ?? '0', currency),
      paidAt: new Date(p.paidAt),
    })
    .onConflictDoNothing()
    .returning();
  if (!order) return;
  if (p.money.lines.length) {
    await ctx.db.insert(shopOrderLines).values(
      p.money.lines.map((l) => ({
        orderLineId: l.orderLineId,
        orderId: p.orderId,
        skuId: l.skuId,
        categoryPath: categories ? [...(categories.get(l.skuId) ?? [])] : null,
        finalAmount: minor(l.finalAmount, currency),
        platformDiscount: minor(l.platformDiscount, currency),
        shopDiscount: minor(l.shopDiscount, currency),
        pointsValue: minor(l.points, currency),
      })),
    );
  }
  if (!categories) await ctx.events.schedule(ctx.db, CATEGORIZE_ORDER_JOB, { orderId: p.orderId }, { singletonKey: `categorize-${p.orderId}` });
  await postEntry(ctx.db, {
    sourceKey: `${event.id}:deposit`,
    eventId: event.id,
    kind: 'BALANCE',
    memo: `presale order ${p.orderId} paid in full: its deposit joins the advance`,
    currency,
    orderId: p.orderId,
    shopId: p.shopId,
    actor: SYSTEM,
    postedAt: new Date(p.paidAt),
    postings: depositAppliedPostings(deposit, p.orderId),
  });
}

/** 确认收入: the order completed; revenue is the shop's, commission the platform's; settleable T+N later. */
export async function postCompletion(ctx: RequestContext, event: EventEnvelope<'OrderCompleted'>): Promise<void> {
  const p = event.payload;
  const [order] = await ctx.db.select().from(shopOrders).where(eq(shopOrders.orderId, p.orderId)).for('update');
  if (!order) throw new NotKnownYet(`order ${p.orderId} completed before finance heard it was paid`);
  if (order.stage === 'COMPLETED') return;
  const at = new Date(p.at);
  const lines = await ctx.db.select().from(shopOrderLines).where(eq(shopOrderLines.orderId, order.orderId));
  if (lines.some((l) => l.categoryPath === null)) throw new NotKnownYet(`order ${p.orderId}: the catalog has not said its lines' categories yet`);
  const rules = await ctx.db.select().from(commissionRates);
  const { defaultCommissionBps, settlementDays } = loadFinanceConfig();
  const rated = lines.map((l) => ({
    ...lineFacts(l),
    commissionBps: commissionBpsFor(rules, { shopId: order.shopId, categoryPath: l.categoryPath ?? [], at }, defaultCommissionBps),
  }));
  const completion = completionPostings({
    shopId: order.shopId,
    orderId: order.orderId,
    cash: order.payable - order.refundedBeforeCompletion,
    tax: order.tax - order.taxRefunded,
    lines: rated,
  });
  const entry = await postEntry(ctx.db, {
    sourceKey: `${event.id}:completion`,
    eventId: event.id,
    kind: 'COMPLETION',
    memo: `order ${order.orderId} completed: revenue to the shop, commission earned`,
    currency: order.currency,
    orderId: order.orderId,
    shopId: order.shopId,
    actor: SYSTEM,
    postedAt: at,
    postings: completion.postings,
  });
  for (const line of rated)
    await ctx.db.update(shopOrderLines).set({ commissionBps: line.commissionBps }).where(eq(shopOrderLines.orderLineId, line.orderLineId));
  await ctx.db
    .update(shopOrders)
    .set({ stage: 'COMPLETED', completedAt: at, settleableAt: new Date(at.getTime() + settlementDays * 86_400_000), updatedAt: ctx.now() })
    .where(eq(shopOrders.orderId, order.orderId));
  if (entry) await ctx.db.insert(settlementItems).values({ id: newId(SETTLEMENT_ITEM_ID_PREFIX), ...completionItem(completion, order, entry.id, at) });
}

/**
 * A refund: by the lines it names, from the order's advance before completion or from the shop's
 * payable after it. Cash beyond the lines (freight) follows the same order. A refund naming no
 * line (a late payment sent back) comes out of the advance, or of the deposits held when it
 * returns a deposit.
 *
 * Two steps, both from RefundSucceeded (payments publishes no event while a refund is PENDING,
 * nor when one fails): first the refund becomes owed to the customer (REFUNDS_PAYABLE, one entry
 * per order), then the provider's payment of it clears that (one entry). Posting the first step
 * when a refund is opened would leave a payable that nothing clears when the provider refuses.
 */
export async function postRefund(ctx: RequestContext, event: EventEnvelope<'RefundSucceeded'>): Promise<void> {
  const p = event.payload;
  const currency = p.currencyCode as CurrencyCode;
  const amount = minor(p.amount, currency);
  const at = new Date(p.succeededAt ?? event.occurredAt);
  const moved = await ctx.db
    .insert(moneyMovements)
    .values({ reference: p.refundId, kind: 'REFUND', paymentId: p.paymentId, currency, amount, occurredAt: at })
    .onConflictDoNothing()
    .returning();
  if (!moved.length) return;
  const base = { eventId: event.id, kind: 'REFUND' as const, currency, actor: SYSTEM, postedAt: at };
  // 积分 of a combined payment: the points that went back with this money, as the payment center split them.
  const points = p.pointsAmount ? { count: p.points ?? 0, value: minor(p.pointsAmount, currency) } : null;
  const withPoints = (memo: string) => (points && points.count > 0 ? `${memo}; ${points.count} points (${p.pointsAmount}) back to the member` : memo);
  const refundedLines = p.lines.map((l) => ({ orderLineId: l.orderLineId, amount: minor(l.amount, currency) }));
  if (!refundedLines.length) {
    const [capture] = await ctx.db.select().from(moneyMovements).where(eq(moneyMovements.reference, p.paymentId));
    const from = capture?.purpose === 'DEPOSIT' ? 'DEPOSIT' : 'ADVANCE';
    await postEntry(ctx.db, {
      ...base,
      sourceKey: `${event.id}:refund`,
      memo: withPoints(`refund ${p.refundId} owed`),
      postings: refundPostings({ amount, from, lines: [] }).postings,
    });
    await postRefundPaid(ctx, base, p.refundId, amount, null);
    return;
  }
  const known = await ctx.db
    .select()
    .from(shopOrderLines)
    .where(
      inArray(
        shopOrderLines.orderLineId,
        refundedLines.map((l) => l.orderLineId),
      ),
    );
  if (known.length !== new Set(refundedLines.map((l) => l.orderLineId)).size)
    throw new NotKnownYet(`refund ${p.refundId} names lines finance has not heard of yet`);
  const orderIds = [...new Set(known.map((l) => l.orderId))];
  const orderRows = await ctx.db.select().from(shopOrders).where(inArray(shopOrders.orderId, orderIds)).for('update');
  const linesTotal = refundedLines.reduce((s, l) => s + l.amount, 0n);
  const tax = p.tax ? minor(p.tax, currency) : 0n;
  for (const order of orderRows) {
    const mine = refundedLines.filter((r) => known.find((k) => k.orderLineId === r.orderLineId)?.orderId === order.orderId);
    // Cash beyond the lines (the tax, freight) goes with the refund's order; a refund spans one order in practice.
    const first = order === orderRows[0];
    const rest = first ? amount - linesTotal - tax : 0n;
    const lines: RefundedLine[] = mine.map((r) => ({
      ...lineFacts(
        present(
          known.find((k) => k.orderLineId === r.orderLineId),
          'the refunded line',
        ),
      ),
      amount: r.amount,
    }));
    // The points' worth is the payment center's when the refund is one order's (it is, in practice); else each line's share.
    await refundOrder(ctx, order, lines, rest, first ? tax : 0n, orderRows.length === 1 ? (points?.value ?? null) : null, {
      ...base,
      sourceKey: `${event.id}:refund:${order.orderId}`,
      memo: withPoints(`refund ${p.refundId} of order ${order.orderId} owed`),
    });
  }
  await postRefundPaid(ctx, base, p.refundId, amount, orderRows.length === 1 ? (orderRows[0]?.orderId ?? null) : null);
}

/** The second step of a refund: the provider returned the money, so it is no longer owed. */
async function postRefundPaid(
  ctx: RequestContext,
  base: Omit<EntryBase, 'sourceKey' | 'memo'>,
  refundId: string,
  amount: bigint,
  orderId: string | null,
): Promise<void> {
  await postEntry(ctx.db, {
    ...base,
    orderId,
    sourceKey: `${base.eventId}:refund-paid`,
    memo: `refund ${refundId} paid by the provider`,
    postings: refundPaidPostings(amount, orderId),
  });
}

type EntryBase = { eventId: string; kind: 'REFUND'; currency: CurrencyCode; actor: string; postedAt: Date; sourceKey: string; memo: string };

/**
 * `points`: the worth of the points that went back with the refund (RefundSucceeded's
 * pointsAmount), null when the event does not say. Before completion the points are no part of
 * this entry: they wait in POINTS_REDEEMED and members' PointsChanged (REFUND) takes them out
 * there. After completion the shop was paid their worth, so it gives back exactly this worth to
 * POINTS_REDEEMED, which that PointsChanged then clears to zero (the lines' share is used only
 * when the event has no points part).
 */
async function refundOrder(
  ctx: RequestContext,
  order: ShopOrderRow,
  lines: RefundedLine[],
  rest: bigint,
  tax: bigint,
  points: bigint | null,
  base: EntryBase,
): Promise<void> {
  const amount = lines.reduce((s, l) => s + l.amount, 0n) + rest + tax;
  const completed = order.stage === 'COMPLETED';
  const refund = refundPostings({ amount, from: completed ? 'PAYABLE' : 'ADVANCE', shopId: order.shopId, orderId: order.orderId, lines, points, tax });
  const entry = await postEntry(ctx.db, { ...base, orderId: order.orderId, shopId: order.shopId, postings: refund.postings });
  if (!entry) return;
  for (const line of lines)
    await ctx.db
      .update(shopOrderLines)
      .set({ refunded: line.refunded + line.amount })
      .where(eq(shopOrderLines.orderLineId, line.orderLineId));
  if (tax > 0n)
    await ctx.db
      .update(shopOrders)
      .set({ taxRefunded: order.taxRefunded + tax })
      .where(eq(shopOrders.orderId, order.orderId));
  if (!completed) {
    await ctx.db
      .update(shopOrders)
      .set({ refundedBeforeCompletion: order.refundedBeforeCompletion + amount, updatedAt: ctx.now() })
      .where(and(eq(shopOrders.orderId, order.orderId), eq(shopOrders.stage, 'PAID')));
    return;
  }
  await ctx.db.insert(settlementItems).values({
    id: newId(SETTLEMENT_ITEM_ID_PREFIX),
    shopId: order.shopId,
    orderId: order.orderId,
    currency: order.currency,
    kind: 'REFUND',
    gross: 0n,
    refund: refund.clawback,
    commission: -refund.commissionReturned,
    adjustment: 0n,
    net: refund.commissionReturned - refund.clawback,
    freight: refund.freight,
    shopDiscount: refund.shopDiscount,
    entryId: entry.id,
    occurredAt: base.postedAt,
  });
}

function lineFacts(l: ShopOrderLineRow) {
  return {
    orderLineId: l.orderLineId,
    finalAmount: l.finalAmount,
    platformDiscount: l.platformDiscount,
    shopDiscount: l.shopDiscount,
    points: l.pointsValue,
    refunded: l.refunded,
    commissionBps: l.commissionBps,
  };
}

/** The job: the catalog's category path of each line not yet known (idempotent: only null paths are set). */
export async function categorizeOrder(ctx: RequestContext, orderId: string, lookup: (skuIds: string[]) => Promise<CategoryPaths>): Promise<void> {
  const unknown = await ctx.db
    .select()
    .from(shopOrderLines)
    .where(and(eq(shopOrderLines.orderId, orderId), isNull(shopOrderLines.categoryPath)));
  if (!unknown.length) return;
  const paths = await lookup([...new Set(unknown.map((l) => l.skuId))]);
  for (const line of unknown)
    await ctx.db
      .update(shopOrderLines)
      .set({ categoryPath: [...(paths.get(line.skuId) ?? [])] })
      .where(and(eq(shopOrderLines.orderLineId, line.orderLineId), isNull(shopOrderLines.categoryPath)));
}

/** Points are valued in the platform's currency (members keeps one rate, points per currency unit). */
export const POINTS_CURRENCY: CurrencyCode = 'CNY';

/**
 * 积分: a member's points moved. Keyed by members' points entry, so an entry posts once however
 * often its event arrives; an entry worth less than one minor unit posts nothing.
 */
export async function postPointsChange(ctx: RequestContext, event: EventEnvelope<'PointsChanged'>): Promise<void> {
  const p = event.payload;
  const value = pointsValue(p.points, p.pointsPerCurrencyUnit, toMinor({ amount: '1', currencyCode: POINTS_CURRENCY }));
  await postEntry(ctx.db, {
    sourceKey: `points:${p.entryId}`,
    eventId: event.id,
    kind: 'POINTS',
    memo: `${p.points > 0 ? '+' : ''}${p.points} points (${p.kind.toLowerCase()}) for member ${p.memberId}${p.orderId ? ` on ${p.orderId}` : ''}`,
    currency: POINTS_CURRENCY,
    actor: SYSTEM,
    postedAt: new Date(p.at),
    postings: pointsPostings(p.kind, value),
  });
}

/**
 * A presale order ended with its deposit kept (orders says so in `OrderCancelled.depositKept`):
 * the deposit leaves the deposits held and becomes the shop's revenue, at the shop's commission
 * rate (finance never heard the order's lines: it was never paid in full). On the shop's next
 * statement at once: a closed order has no after-sale and nothing to wait for. Once per order.
 */
export async function postForfeitedDeposit(ctx: RequestContext, event: EventEnvelope<'OrderCancelled'>): Promise<void> {
  const p = event.payload;
  if (!p.depositKept) return;
  const currency = p.depositKept.currencyCode as CurrencyCode;
  const deposit = minor(p.depositKept.amount, currency);
  const at = new Date(p.at);
  const rules = await ctx.db.select().from(commissionRates);
  const commissionBps = commissionBpsFor(rules, { shopId: p.shopId, categoryPath: [], at }, loadFinanceConfig().defaultCommissionBps);
  const forfeit = forfeitPostings({ shopId: p.shopId, orderId: p.orderId, deposit, commissionBps });
  const entry = await postEntry(ctx.db, {
    sourceKey: `forfeit:${p.orderId}`,
    eventId: event.id,
    kind: 'DEPOSIT_FORFEITED',
    memo: `presale order ${p.orderId} ${p.status.toLowerCase()} unpaid: its deposit is kept, the shop's revenue`,
    currency,
    orderId: p.orderId,
    shopId: p.shopId,
    actor: SYSTEM,
    postedAt: at,
    postings: forfeit.postings,
  });
  if (entry)
    await ctx.db.insert(settlementItems).values({
      id: newId(SETTLEMENT_ITEM_ID_PREFIX),
      shopId: p.shopId,
      orderId: p.orderId,
      currency,
      kind: 'ORDER',
      gross: deposit,
      refund: 0n,
      commission: forfeit.commission,
      adjustment: 0n,
      net: deposit - forfeit.commission,
      entryId: entry.id,
      occurredAt: at,
    });
}
