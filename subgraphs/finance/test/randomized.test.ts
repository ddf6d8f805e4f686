import { describe, expect, it } from 'vitest';
import { count, eq } from 'drizzle-orm';
import { newId, Prng, type EventEnvelope } from '@zhongtai/kit';
import { mustOk, openTestWorld, TEST_ADMIN, useTestWorld } from '@zhongtai/kit/testing';
import { financeCenter } from '../src/index.ts';
import { journalEntries, postings, settlementItems } from '../src/db/tables.ts';
import { setCommissionRate } from '../src/domain/commissions.ts';
import { shopPayable } from '../src/domain/ledger.ts';
import { completed, deliver, ledgerInvariants, paidOrder, refunded } from './fixtures.ts';

const world = useTestWorld(() => openTestWorld({ centers: [financeCenter] }));
const db = () => world.host.database.forCenter('finance');

interface ModelLine {
  orderLineId: string;
  skuId: string;
  finalAmount: bigint;
  platformDiscount: bigint;
  shopDiscount: bigint;
  points: bigint;
  refunded: bigint;
  bps: number;
}

interface ModelOrder {
  shopId: string;
  orderId: string;
  checkoutId: string;
  paymentId: string;
  payable: bigint;
  freight: bigint;
  /** Freight sent back with a refund, before and after completion. */
  freightRefundedBefore: bigint;
  freightRefundedAfter: bigint;
  lines: ModelLine[];
  completed: boolean;
  /** Cash left at completion: an order refunded in full before completing posts no completion entry. */
  paidAtCompletion?: bigint;
}

const floorShare = (value: bigint, part: bigint, whole: bigint) => (whole === 0n ? value : (value * part) / whole);

/** A line's goods at the price before the shop's own discount, for `kept` of its cash: what completion credits the payable. */
const listPrice = (l: ModelLine, kept: bigint) =>
  kept + floorShare(l.platformDiscount, kept, l.finalAmount) + floorShare(l.points, kept, l.finalAmount) + floorShare(l.shopDiscount, kept, l.finalAmount);
const commissionOn = (l: ModelLine, kept: bigint) =>
  ((kept + floorShare(l.platformDiscount, kept, l.finalAmount) + floorShare(l.points, kept, l.finalAmount)) * BigInt(l.bps)) / 10_000n;

/**
 * What a completed order leaves on its shop's payable, computed from its final state alone: each
 * line's kept cash with the platform's share of discount and points on it, less the commission on
 * that, plus the freight kept. Whatever order refunds came in (before or after completion), the
 * ledger must end there: refunds after completion give back exactly what completion credited.
 */
function expectedPayable(order: ModelOrder): bigint {
  let total = order.freight - order.freightRefundedBefore - order.freightRefundedAfter;
  for (const l of order.lines) {
    const kept = l.finalAmount - l.refunded;
    const base = kept + floorShare(l.platformDiscount, kept, l.finalAmount) + floorShare(l.points, kept, l.finalAmount);
    total += base - (base * BigInt(l.bps)) / 10_000n;
  }
  return total;
}

/** The sum, per shop: orders (goods before the shop's discounts) − refunds − commission − shop-funded discounts + freight (the shop's). */
interface ShopSums {
  orders: bigint;
  refunds: bigint;
  commission: bigint;
  shopDiscounts: bigint;
  freight: bigint;
}

describe('a randomized run of 200 mixed events', () => {
  it('keeps every invariant: entries balance, postings sum to zero, payable = orders − refunds − commission − shop-funded discounts + freight, refunds owed are paid, nothing posts twice', async () => {
    const random = new Prng(20261130);
    const shops = [newId('shp'), newId('shp'), newId('shp')];
    // Category rates for some SKUs, a shop rate for one shop; the rest take the default 5 %.
    const admin = await world.as(TEST_ADMIN);
    const [electronics, phones] = [newId('cat'), newId('cat')];
    mustOk(await setCommissionRate(admin, { categoryId: phones, rateBps: 200, effectiveFrom: new Date(Date.now() - 86_400_000) }));
    mustOk(await setCommissionRate(admin, { shopId: shops[0], rateBps: 800, effectiveFrom: new Date(Date.now() - 86_400_000) }));
    const bpsFor = (shopId: string, sku: string) => (sku.startsWith('phone') ? 200 : shopId === shops[0] ? 800 : 500);
    const categories = new Map<string, string[]>();

    const orders: ModelOrder[] = [];
    const sums = new Map(shops.map((s): [string, ShopSums] => [s, { orders: 0n, refunds: 0n, commission: 0n, shopDiscounts: 0n, freight: 0n }]));
    const sumsOf = (shopId: string) => sums.get(shopId)!;
    let refundEvents = 0;
    let refundedTotal = 0n;
    const delivered: EventEnvelope[] = [];
    let deliveries = 0;
    let redeliveries = 0;
    const send = async (event: EventEnvelope) => {
      await deliver(world, event, categories);
      delivered.push(event);
      deliveries++;
    };

    while (deliveries < 200) {
      const roll = random.next();
      const open = orders.filter((o) => !o.completed);
      const done = orders.filter((o) => o.completed);
      if (roll < 0.25 || !orders.length) {
        const shopId = random.pick(shops);
        const lines = Array.from({ length: random.int(1, 3) }, () => {
          const skuId = `${random.chance(0.4) ? 'phone' : 'sku'}_${newId('x').slice(4)}`;
          if (skuId.startsWith('phone')) categories.set(skuId, [electronics, phones]);
          return {
            skuId,
            finalAmount: BigInt(random.int(1, 50_000)),
            platformDiscount: random.chance(0.4) ? BigInt(random.int(1, 3_000)) : 0n,
            shopDiscount: random.chance(0.3) ? BigInt(random.int(1, 2_000)) : 0n,
            points: random.chance(0.3) ? BigInt(random.int(1, 999)) : 0n,
          };
        });
        const order = paidOrder({ shopId, lines, freight: random.chance(0.5) ? BigInt(random.int(0, 2_000)) : 0n });
        orders.push({
          shopId,
          orderId: order.orderId,
          checkoutId: order.checkoutId,
          paymentId: order.paymentId,
          payable: order.payable,
          freight: order.freight,
          freightRefundedBefore: 0n,
          freightRefundedAfter: 0n,
          lines: order.lines.map((l) => ({
            ...l,
            platformDiscount: l.platformDiscount ?? 0n,
            shopDiscount: l.shopDiscount ?? 0n,
            points: l.points ?? 0n,
            refunded: 0n,
            bps: bpsFor(shopId, l.skuId),
          })),
          completed: false,
        });
        await send(order.payment);
        await send(order.paid);
      } else if (roll < 0.5 && (open.length || done.length)) {
        // A partial refund of one line, sometimes with freight: before completion from the advance, after it from the payable.
        const order = random.pick([...open, ...done]);
        const line = random.pick(order.lines);
        const left = line.finalAmount - line.refunded;
        if (left <= 0n) continue;
        const amount = BigInt(random.int(1, Number(left)));
        const freightLeft = order.freight - order.freightRefundedBefore - order.freightRefundedAfter;
        const freight = freightLeft > 0n && random.chance(0.3) ? BigInt(random.int(1, Number(freightLeft))) : 0n;
        if (order.completed) {
          const s = sumsOf(order.shopId);
          s.refunds += listPrice(line, left) - listPrice(line, left - amount);
          s.commission -= commissionOn(line, left) - commissionOn(line, left - amount);
          s.shopDiscounts -= floorShare(line.shopDiscount, left, line.finalAmount) - floorShare(line.shopDiscount, left - amount, line.finalAmount);
          s.freight -= freight;
          order.freightRefundedAfter += freight;
        } else order.freightRefundedBefore += freight;
        line.refunded += amount;
        refundEvents++;
        refundedTotal += amount + freight;
        await send(refunded(order, [{ orderLineId: line.orderLineId, amount }], freight));
      } else if (roll < 0.75 && open.length) {
        const order = random.pick(open);
        order.completed = true;
        const paid = order.payable - order.lines.reduce((s, l) => s + l.refunded, 0n) - order.freightRefundedBefore;
        order.paidAtCompletion = paid;
        const s = sumsOf(order.shopId);
        for (const l of order.lines) {
          const kept = l.finalAmount - l.refunded;
          s.orders += listPrice(l, kept);
          s.commission += commissionOn(l, kept);
          s.shopDiscounts += floorShare(l.shopDiscount, kept, l.finalAmount);
        }
        s.freight += order.freight - order.freightRefundedBefore;
        await send(completed(order, order.shopId, paid));
      } else if (delivered.length) {
        // At least once: an event already delivered comes again, and must post nothing.
        const [before] = await db().select({ n: count() }).from(journalEntries);
        await deliver(world, random.pick(delivered), categories);
        const [after] = await db().select({ n: count() }).from(journalEntries);
        expect(after?.n).toBe(before?.n);
        redeliveries++;
        deliveries++;
      }
    }
    expect(redeliveries).toBeGreaterThan(10);
    expect(orders.filter((o) => o.completed).length).toBeGreaterThan(5);

    const invariants = await ledgerInvariants(world);
    expect(invariants.entries).toBeGreaterThan(100);
    expect(invariants.unbalanced).toEqual([]);
    expect(invariants.perCurrency).toEqual([{ currency: 'CNY', total: '0' }]);
    // No event posted twice: one entry per (event, rule) source, and redeliveries added none.
    const entries = await db().select().from(journalEntries);
    expect(new Set(entries.map((e) => e.sourceKey)).size).toBe(entries.length);
    const postingEvents = delivered.filter((e, i) => delivered.indexOf(e) === i && e.topic !== 'OrderPaid');
    const nothingToRecognise = orders.filter((o) => o.paidAtCompletion === 0n).length;
    // Every refund posts two entries: owed to the customer (REFUNDS_PAYABLE), then paid by the provider.
    expect(entries.length).toBe(postingEvents.length + refundEvents - nothingToRecognise);
    expect(entries.filter((e) => e.kind === 'REFUND').length).toBe(2 * refundEvents);

    const posted = await db().select().from(postings);
    const turnover = (code: string, sign: 1n | -1n, where: (p: (typeof posted)[number]) => boolean = () => true) =>
      posted.filter((p) => p.code === code && p.amount * sign > 0n && where(p)).reduce((s, p) => s + p.amount * sign, 0n);
    // REFUNDS_PAYABLE: every refund owed was paid (the provider confirmed each): credited and cleared by exactly the refunds.
    expect(turnover('REFUNDS_PAYABLE', -1n)).toBe(refundedTotal);
    expect(turnover('REFUNDS_PAYABLE', 1n)).toBe(refundedTotal);
    const completionIds = new Set(entries.filter((e) => e.kind === 'COMPLETION').map((e) => e.id));
    const shopDiscountsGranted = orders
      .filter((o) => o.completed)
      .reduce((s, o) => s + o.lines.reduce((t, l) => t + floorShare(l.shopDiscount, l.finalAmount - l.refunded, l.finalAmount), 0n), 0n);
    expect(shopDiscountsGranted).toBeGreaterThan(0n);

    let freightSeen = 0n;
    let shopDiscountSeen = 0n;
    for (const shopId of shops) {
      const mine = orders.filter((o) => o.shopId === shopId && o.completed);
      const payable = await shopPayable(admin, shopId, 'CNY');
      expect(payable).toBe(mine.reduce((s, o) => s + expectedPayable(o), 0n));
      // The sum: orders − refunds − commission − shop-funded discounts + freight (the shop ships).
      const s = sumsOf(shopId);
      expect(payable).toBe(s.orders - s.refunds - s.commission - s.shopDiscounts + s.freight);
      // The shop's own accounts pass through: FREIGHT and COUPON_SUBSIDY_SHOP end at zero, and what
      // completion moved through them is the freight and the shop's discounts of its orders.
      const shop = (p: { shopId: string | null }) => p.shopId === shopId;
      expect(turnover('FREIGHT', 1n, shop) - turnover('FREIGHT', -1n, shop)).toBe(0n);
      expect(turnover('COUPON_SUBSIDY_SHOP', 1n, shop) - turnover('COUPON_SUBSIDY_SHOP', -1n, shop)).toBe(0n);
      const atCompletion = (p: (typeof posted)[number]) => shop(p) && completionIds.has(p.entryId);
      expect(turnover('FREIGHT', -1n, atCompletion)).toBe(mine.reduce((t, o) => t + o.freight - o.freightRefundedBefore, 0n));
      freightSeen += turnover('FREIGHT', -1n, atCompletion);
      const granted = mine.reduce((t, o) => t + o.lines.reduce((u, l) => u + floorShare(l.shopDiscount, l.finalAmount - l.refunded, l.finalAmount), 0n), 0n);
      expect(s.shopDiscounts).toBe(granted);
      shopDiscountSeen += turnover('COUPON_SUBSIDY_SHOP', 1n, atCompletion);
      // The same from the settlement lines: orders − refunds − commission.
      const items = await db().select().from(settlementItems).where(eq(settlementItems.shopId, shopId));
      const fromLines = items.reduce((s, i) => s + i.gross - i.refund - i.commission, 0n);
      expect(fromLines).toBe(payable);
    }
    expect(freightSeen).toBeGreaterThan(0n);
    expect(shopDiscountSeen).toBeGreaterThan(0n);
  }, 120_000);
});
