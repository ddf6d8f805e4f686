import {
  allocate,
  businessDay,
  ordersService,
  toMinor,
  type CurrencyCode,
  type EventCatalog,
  type EventEnvelope,
  type OrderPaidEvent,
  type RequestContext,
} from '@zhongtai/kit';
import type { SalesFactInsert, SalesFactRow } from '../db/tables.ts';
import { writableGenerations } from './generations.ts';
import { ORDER_ID_PREFIX } from './ids.ts';
import { salesStore, type RefundShare } from './salesStore.ts';

/** The job that fills what the events do not carry (member level, cost) once the facts are saved. */
export const ENRICH_SALE_JOB = 'enrichSale';

/** The channel of an order that did not say where it was placed (or was paid before orders kept it). */
export const UNKNOWN_CHANNEL = 'UNSPECIFIED';

/** A refund naming lines this center has not recorded yet: thrown so the queue delivers it again later. */
export class NotKnownYet extends Error {}

/** OrderPaid: one fact per line, in every writable generation, and the enrichment job. */
export async function recordPaidOrder(ctx: RequestContext, event: EventEnvelope<'OrderPaid'>): Promise<void> {
  const facts = factsOfPaidOrder(event.payload);
  const { active, building } = await writableGenerations(ctx.db);
  for (const generation of [active, ...building]) await salesStore.recordSale(ctx.db, generation, facts);
  await ctx.events.schedule(ctx.db, ENRICH_SALE_JOB, { orderId: event.payload.orderId }, { singletonKey: `enrich-${event.payload.orderId}` });
}

/** The facts of a paid order, from the event alone (replay builds the same from the orders center's answer). */
export function factsOfPaidOrder(paid: OrderPaidEvent): Omit<SalesFactInsert, 'generation'>[] {
  const currency = paid.money.currencyCode as CurrencyCode;
  const minor = (amount: string) => toMinor({ amount, currencyCode: currency });
  const moneyOf = new Map(paid.money.lines.map((l) => [l.orderLineId, l]));
  const finals = paid.lines.map((l) => minor(moneyOf.get(l.orderLineId)?.finalAmount ?? '0'));
  const freightTotal = minor(paid.money.freight);
  const weights = finals.some((f) => f > 0n) ? finals : paid.lines.map((l) => BigInt(l.quantity));
  const freight = allocate(freightTotal, weights);
  const paidDay = businessDay(paid.paidAt);
  return paid.lines.map((line, i) => {
    const money = moneyOf.get(line.orderLineId);
    const discounts = discountsBySource(money, minor);
    const finalAmount = finals[i] ?? 0n;
    const freightShare = freight[i] ?? 0n;
    const gross = money?.gross !== undefined ? minor(money.gross) : finalAmount + discounts.total;
    const categoryPath = line.categoryPath ?? [];
    return {
      orderLineId: line.orderLineId,
      orderId: paid.orderId,
      checkoutId: paid.parentOrderId,
      shopId: paid.shopId,
      memberId: paid.memberId,
      skuId: line.skuId,
      spuId: line.spuId ?? null,
      categoryId: categoryPath.at(-1) ?? null,
      categoryPath,
      brandId: line.brandId ?? null,
      memberLevelId: null,
      region: paid.address.province || null,
      couponTemplateId: discounts.coupon ? (paid.couponTemplateId ?? null) : null,
      campaignId: discounts.campaignId,
      channel: paid.channel ?? UNKNOWN_CHANNEL,
      orderType: paid.type ?? 'NORMAL',
      currency,
      paidAt: new Date(paid.paidAt),
      paidDay,
      orderStatus: 'PAID',
      unitCost: null,
      units: line.quantity,
      gross,
      platformCoupon: discounts.platformCoupon,
      shopCoupon: discounts.shopCoupon,
      promotion: discounts.promotion,
      memberLevel: discounts.memberLevel,
      points: discounts.points,
      freight: freightShare,
      paid: finalAmount + freightShare,
      refunded: 0n,
      cost: 0n,
      costedRevenue: 0n,
    };
  });
}

type LineMoney = OrderPaidEvent['money']['lines'][number];

/** A line's discounts by source; an event from before sources travelled has only the funder split (counted as promotion). */
function discountsBySource(money: LineMoney | undefined, minor: (a: string) => bigint) {
  const out = { platformCoupon: 0n, shopCoupon: 0n, promotion: 0n, memberLevel: 0n, points: 0n, total: 0n, coupon: false, campaignId: null as string | null };
  if (!money) return out;
  if (money.discounts) {
    for (const d of money.discounts) {
      const amount = minor(d.amount);
      if (d.campaignId) out.campaignId = d.campaignId;
      if (d.source === 'COUPON') {
        out[d.funder === 'PLATFORM' ? 'platformCoupon' : 'shopCoupon'] += amount;
        out.coupon = true;
      } else if (d.source === 'MEMBER_LEVEL') out.memberLevel += amount;
      else if (d.source === 'POINTS') out.points += amount;
      else out.promotion += amount;
      out.total += amount;
    }
    return out;
  }
  out.promotion = minor(money.platformDiscount) + minor(money.shopDiscount);
  out.points = minor(money.points);
  out.total = out.promotion + out.points;
  return out;
}

/**
 * RefundSucceeded: the refund's shares of the lines it names (or, naming none, of the order's
 * lines by what each paid), counted on the business day the refund succeeded. A refund of a
 * payment no sale was recorded for (money that came in after its order closed) is no sale's refund.
 */
export async function recordRefund(ctx: RequestContext, event: EventEnvelope<'RefundSucceeded'>): Promise<void> {
  const refund = event.payload;
  const { active, building } = await writableGenerations(ctx.db);
  const facts = await factsRefunded(ctx, active, refund);
  if (refund.lines.length && facts.length < new Set(refund.lines.map((l) => l.orderLineId)).size)
    throw new NotKnownYet(`refund ${refund.refundId} names lines not recorded yet`);
  await saveRefund(ctx, active, refund, facts);
  // A generation being rebuilt may not have reached the order yet: its replay brings the refund then.
  for (const generation of building) await saveRefund(ctx, generation, refund, await factsRefunded(ctx, generation, refund));
}

/** The facts a refund touches: the lines it names, else the lines of its order (or of every shop order of its checkout). */
export function factsRefunded(ctx: RequestContext, generation: number, refund: EventCatalog['RefundSucceeded']): Promise<SalesFactRow[]> {
  if (!refund.lines.length) return salesStore.factsOfOrder(ctx.db, generation, refund.orderId);
  return salesStore.factsOfLines(
    ctx.db,
    generation,
    refund.lines.map((l) => l.orderLineId),
  );
}

/** Saves a refund's shares in one generation (idempotent per refund and line). */
export async function saveRefund(ctx: RequestContext, generation: number, refund: EventCatalog['RefundSucceeded'], facts: SalesFactRow[]): Promise<void> {
  await salesStore.recordRefund(ctx.db, generation, refundShares(refund, facts));
}

/** How a refund splits over lines: as it names them, else by what each line paid. */
export function refundShares(refund: EventCatalog['RefundSucceeded'], facts: SalesFactRow[]): RefundShare[] {
  const [first] = facts;
  if (!first) return [];
  const currency = first.currency as CurrencyCode;
  const minor = (amount: string) => toMinor({ amount, currencyCode: currency });
  const refundedAt = new Date(refund.succeededAt);
  const refundDay = businessDay(refund.succeededAt);
  const total = minor(refund.amount);
  const base = { refundId: refund.refundId, refundedAt, refundDay, ...refundKind(refund.idempotencyKey) };
  if (refund.lines.length) {
    const byLine = new Map(facts.map((f) => [f.orderLineId, f]));
    const shares: RefundShare[] = refund.lines.flatMap((l) => {
      const fact = byLine.get(l.orderLineId);
      return fact ? [{ ...base, fact, amount: minor(l.amount) }] : [];
    });
    // Cash beyond the lines (freight) goes with the first line named.
    const rest = total - shares.reduce((s, l) => s + l.amount, 0n);
    if (rest > 0n && shares[0]) shares[0].amount += rest;
    return shares.filter((s) => s.amount > 0n);
  }
  const weights = facts.map((f) => f.paid);
  if (!weights.some((w) => w > 0n)) return [];
  const amounts = allocate(total, weights);
  return facts.map((fact, i) => ({ ...base, fact, amount: amounts[i] ?? 0n })).filter((s) => s.amount > 0n);
}

/**
 * Why a refund was made, read from the key the asking center sent it with: an after-sale
 * request's (`<order>:aftersale:<request>[:<attempt>]`, its reason is the request's), the freight
 * of an order refunded before shipping (`<order>:aftersale:freight`), a paid order cancelled
 * (`cancel-<order>`), a merchant's or operator's refundOrder (`<order>:<their key>`).
 */
export function refundKind(key: string): { kind: RefundKind; afterSaleId: string | null } {
  const afterSale = ordersService.afterSaleRefundOfKey(key);
  if (afterSale) return { kind: 'AFTER_SALE', afterSaleId: afterSale.requestId };
  if (/^[^:]+:aftersale:freight/.test(key)) return { kind: 'FREIGHT', afterSaleId: null };
  if (key.startsWith('cancel-')) return { kind: 'CANCELLED', afterSaleId: null };
  if (key.startsWith('late-payment:')) return { kind: 'LATE_PAYMENT', afterSaleId: null };
  if (key.startsWith(`${ORDER_ID_PREFIX}_`) && key.includes(':')) return { kind: 'MERCHANT', afterSaleId: null };
  return { kind: 'OTHER', afterSaleId: null };
}

export type RefundKind = 'AFTER_SALE' | 'FREIGHT' | 'CANCELLED' | 'LATE_PAYMENT' | 'MERCHANT' | 'OTHER';

/** An order status the funnel and the facts follow. */
export async function recordOrderStatus(ctx: RequestContext, orderId: string, status: 'SHIPPED' | 'DELIVERED' | 'COMPLETED' | 'CANCELLED'): Promise<void> {
  await salesStore.setOrderStatus(ctx.db, orderId, status);
}
