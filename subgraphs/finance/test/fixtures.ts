import { sql } from 'drizzle-orm';
import { newId, toMoney, type EventCatalog, type EventEnvelope, type RequestContext, type Topic } from '@zhongtai/kit';
import { TEST_SERVICE, type TestWorld } from '@zhongtai/kit/testing';
import { postConsignedReturn, postConsignedSale } from '../src/domain/consignment.ts';
import { postCompletion, postForfeitedDeposit, postPayment, postPointsChange, postRefund, recordPaidOrder, type CategoryPaths } from '../src/domain/posting.ts';

/** Events as the bus hands them to finance, and a delivery that runs the handler in a transaction as the bus does. */
export function envelope<T extends Topic>(topic: T, payload: EventCatalog[T], occurredAt = new Date()): EventEnvelope<T> {
  return { id: newId('evt'), topic, producer: 'test', occurredAt: occurredAt.toISOString(), payload };
}

export const cnyText = (minor: bigint) => toMoney(minor, 'CNY').amount;

/**
 * Delivers straight to the domain handler, without the kit's inbox: a second delivery of the
 * same envelope must then be a no-op by the postings' own source keys.
 */
export async function deliver(world: TestWorld, event: EventEnvelope, categories: CategoryPaths = new Map()): Promise<void> {
  const ctx: RequestContext = await world.as(TEST_SERVICE);
  await ctx.db.transaction(async (tx) => {
    const inTx = { ...ctx, db: tx };
    switch (event.topic) {
      case 'PaymentSucceeded':
        return postPayment(inTx, event as EventEnvelope<'PaymentSucceeded'>);
      case 'OrderPaid':
        return recordPaidOrder(inTx, event as EventEnvelope<'OrderPaid'>, categories);
      case 'OrderCompleted':
        return postCompletion(inTx, event as EventEnvelope<'OrderCompleted'>);
      case 'RefundSucceeded':
        return postRefund(inTx, event as EventEnvelope<'RefundSucceeded'>);
      case 'PointsChanged':
        return postPointsChange(inTx, event as EventEnvelope<'PointsChanged'>);
      case 'OrderCancelled':
        return postForfeitedDeposit(inTx, event as EventEnvelope<'OrderCancelled'>);
      case 'ConsignedUnitsSold':
        return postConsignedSale(inTx, event as EventEnvelope<'ConsignedUnitsSold'>);
      case 'ConsignedUnitsReturned':
        return postConsignedReturn(inTx, event as EventEnvelope<'ConsignedUnitsReturned'>);
      default:
        throw new Error(`finance does not handle ${event.topic}`);
    }
  });
}

export interface LineSpec {
  finalAmount: bigint;
  platformDiscount?: bigint;
  shopDiscount?: bigint;
  points?: bigint;
  skuId?: string;
}

/** A paid shop order's events: its payment (one per checkout here) and OrderPaid with its money. */
export function paidOrder(spec: { shopId: string; lines: LineSpec[]; freight?: bigint; paidAt?: Date }) {
  const orderId = newId('ord');
  const checkoutId = newId('chk');
  const paymentId = newId('pay');
  const freight = spec.freight ?? 0n;
  const lines = spec.lines.map((l) => ({ orderLineId: newId('oln'), skuId: l.skuId ?? newId('sku'), ...l }));
  const payable = lines.reduce((s, l) => s + l.finalAmount, 0n) + freight;
  const paidAt = (spec.paidAt ?? new Date()).toISOString();
  const payment = envelope('PaymentSucceeded', {
    paymentId,
    orderId: checkoutId,
    purpose: 'FULL',
    memberId: 'mbr_test',
    amount: cnyText(payable),
    currencyCode: 'CNY',
    paidAt,
  });
  const paid = envelope('OrderPaid', {
    orderId,
    parentOrderId: checkoutId,
    shopId: spec.shopId,
    memberId: 'mbr_test',
    address: { receiver: 'r', phone: 'p', province: 'p', city: 'c', district: 'd', detail: 'x' },
    lines: lines.map((l) => ({ orderLineId: l.orderLineId, skuId: l.skuId, quantity: 1, productType: 'PHYSICAL' as const, source: { kind: 'NONE' as const } })),
    paidAt,
    money: {
      currencyCode: 'CNY',
      payable: cnyText(payable),
      freight: cnyText(freight),
      deposit: '0.00',
      lines: lines.map((l) => ({
        orderLineId: l.orderLineId,
        skuId: l.skuId,
        finalAmount: cnyText(l.finalAmount),
        platformDiscount: cnyText(l.platformDiscount ?? 0n),
        shopDiscount: cnyText(l.shopDiscount ?? 0n),
        points: cnyText(l.points ?? 0n),
      })),
    },
  });
  return { orderId, checkoutId, paymentId, payable, lines, freight, payment, paid };
}

export function completed(order: { orderId: string; checkoutId: string }, shopId: string, paid: bigint, at = new Date()) {
  return envelope('OrderCompleted', {
    orderId: order.orderId,
    parentOrderId: order.checkoutId,
    shopId,
    memberId: 'mbr_test',
    at: at.toISOString(),
    paid: cnyText(paid),
    currencyCode: 'CNY',
  });
}

export function refunded(order: { paymentId: string; checkoutId: string }, lines: { orderLineId: string; amount: bigint }[], extra = 0n, at = new Date()) {
  const amount = lines.reduce((s, l) => s + l.amount, 0n) + extra;
  return envelope('RefundSucceeded', {
    refundId: newId('rfd'),
    paymentId: order.paymentId,
    orderId: order.checkoutId,
    amount: cnyText(amount),
    currencyCode: 'CNY',
    lines: lines.map((l) => ({ orderLineId: l.orderLineId, amount: cnyText(l.amount) })),
    succeededAt: at.toISOString(),
    idempotencyKey: newId('key'),
  });
}

/** The ledger's invariants, read from the tables: every entry balances, and all postings sum to zero per currency. */
export async function ledgerInvariants(world: TestWorld) {
  const db = world.host.database.forCenter('finance');
  const unbalanced = await db.execute(sql`select entry_id from finance.postings group by entry_id, currency having sum(amount) <> 0 or count(*) < 2`);
  const perCurrency = await db.execute(sql`select currency, sum(amount)::text as total from finance.postings group by currency`);
  const entries = await db.execute(sql`select count(*)::int as n from finance.journal_entries`);
  const rows = (r: unknown) => ((r as { rows?: unknown[] }).rows ?? (r as unknown[])) as Record<string, unknown>[];
  return { unbalanced: rows(unbalanced), perCurrency: rows(perCurrency), entries: Number(rows(entries)[0]!.n) };
}
