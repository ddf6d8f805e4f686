import { DEMO_MEMBER_ID, newId } from '@zhongtai/kit';
import { waitFor } from '@zhongtai/kit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestGraph, type TestGraph } from './support/graph.ts';
import { deliveredOrder } from './support/aftersales.ts';
import { ADDRESS, buyableSkus, orderStatus, payCheckout, PLACE_ORDER } from './support/shopping.ts';

/**
 * Combined payments through the gateway (issue 23, item 5): a checkout paid half with the member's
 * points (积分抵现, at most 50 % of the goods at the demo rate of 100 points a yuan) and half
 * through the provider. The payment records both tenders; each refund gives back money and points
 * in the payment's proportion (rounded down cumulatively), and a full refund returns every point
 * and every fen.
 */
let t: TestGraph;
beforeAll(async () => {
  t = await startTestGraph();
});
afterAll(async () => {
  await t?.stop();
});

interface Tender {
  kind: string;
  amount: { amount: string };
  points: number | null;
}
const TENDERS = `query($id: ID!) { payment(id: $id) { amount { amount } tenders { kind amount { amount } points } refunds { status amount { amount } pointsReturned tenders { kind amount { amount } points } } } }`;
const tendersOf = async (paymentId: string) =>
  (
    await t.gql<{
      payment: {
        amount: { amount: string };
        tenders: Tender[];
        refunds: { status: string; amount: { amount: string }; pointsReturned: number; tenders: Tender[] }[];
      };
    }>(TENDERS, { id: paymentId }, t.tokens.admin)
  ).data!.payment;
const balance = async () => (await t.gql<{ me: { pointsBalance: number } }>('{ me { pointsBalance } }', undefined, t.tokens.customer)).data!.me.pointsBalance;
const cents = (yuan: string) => Math.round(Number(yuan) * 100);

describe('an order paid half with points and half through the provider', () => {
  it('records both tenders; a partial refund returns its proportion of each, and the rest of the order, refunded, returns every point and fen', async () => {
    const [sku] = await buyableSkus(t, t.shopA, 1, 5);
    const goods = cents(sku!.price) * 2;
    expect(goods).toBeGreaterThan(0);
    // Enough points for half the goods, whatever the SKU costs: the 50 % cap decides how many are spent.
    const adjusted = await t.gql(
      'mutation($i: AdjustPointsInput!) { adjustPoints(input: $i) { entry { points } userErrors { code } } }',
      { i: { memberId: DEMO_MEMBER_ID, points: goods, reason: 'combined payment test' } },
      t.tokens.admin,
    );
    expect(adjusted.data?.adjustPoints.userErrors).toEqual([]);
    const before = await balance();

    const placed = await t.gql<{
      placeOrder: {
        checkout: { paymentId: string; pointsUsed: number; payable: { amount: string } };
        orders: { id: string; freight: { amount: string }; lines: { id: string; finalAmount: { amount: string } }[] }[];
        userErrors: unknown[];
      };
    }>(
      PLACE_ORDER,
      { input: { idempotencyKey: newId('key'), lines: [{ skuId: sku!.id, quantity: 2 }], address: ADDRESS, pointsToUse: goods } },
      t.tokens.customer,
    );
    expect(placed.data?.placeOrder.userErrors).toEqual([]);
    const { checkout, orders } = placed.data!.placeOrder;
    const order = orders[0]!;
    const line = order.lines[0]!;
    // Half the goods (after the member's discount) in points, one point a fen; the other half and the freight through the provider.
    const pointsWorth = checkout.pointsUsed;
    const left = cents(line.finalAmount.amount);
    expect(pointsWorth).toBe(Math.floor((left + pointsWorth) / 2));
    expect(cents(checkout.payable.amount)).toBe(left + cents(order.freight.amount));
    expect(await balance()).toBe(before - checkout.pointsUsed);

    const paid = await tendersOf(checkout.paymentId);
    expect(paid.tenders).toEqual([
      { kind: 'PROVIDER', amount: { amount: checkout.payable.amount }, points: null },
      { kind: 'POINTS', amount: { amount: (pointsWorth / 100).toFixed(2) }, points: pointsWorth },
    ]);
    await payCheckout(t, checkout.paymentId, [order.id]);

    // The merchant refunds one of the two units' money; the points follow in the payment's proportion.
    const part = cents(line.finalAmount.amount) / 2;
    const refunded = await t.gql<{ refundOrder: { userErrors: unknown[] } }>(
      'mutation($i: RefundOrderInput!) { refundOrder(input: $i) { userErrors { code message } } }',
      {
        i: {
          orderId: order.id,
          idempotencyKey: newId('key'),
          reason: 'one unit damaged',
          lines: [{ orderLineId: line.id, amount: { amount: (part / 100).toFixed(2), currencyCode: 'CNY' } }],
        },
      },
      t.tokens.merchantA,
    );
    expect(refunded.data?.refundOrder.userErrors).toEqual([]);
    const payable = cents(checkout.payable.amount);
    // Rounded down: floor(points × refunded money / money paid).
    const partPoints = Math.floor((checkout.pointsUsed * part) / payable);
    const first = (await tendersOf(checkout.paymentId)).refunds[0]!;
    expect(first).toEqual({
      status: 'SUCCEEDED',
      amount: { amount: (part / 100).toFixed(2) },
      pointsReturned: partPoints,
      tenders: [
        { kind: 'PROVIDER', amount: { amount: (part / 100).toFixed(2) }, points: null },
        { kind: 'POINTS', amount: { amount: (Math.floor((pointsWorth * part) / payable) / 100).toFixed(2) }, points: partPoints },
      ],
    });
    await waitFor(async () => (await balance()) === before - checkout.pointsUsed + partPoints, { what: 'the partial refund’s points back' });

    // The customer cancels what is left of the paid order: everything else goes back, money and points.
    const cancelled = await t.gql<{ cancelOrder: { userErrors: unknown[] } }>(
      'mutation($i: CancelOrderInput!) { cancelOrder(input: $i) { userErrors { code message } } }',
      { i: { orderId: order.id, reason: 'changed my mind' } },
      t.tokens.customer,
    );
    expect(cancelled.data?.cancelOrder.userErrors).toEqual([]);
    await waitFor(async () => (await orderStatus(t, order.id)) === 'CANCELLED', { what: 'cancelled' });
    await waitFor(async () => (await tendersOf(checkout.paymentId)).refunds.filter((r) => r.status === 'SUCCEEDED').length === 2, {
      what: 'the rest refunded',
    });
    const all = await tendersOf(checkout.paymentId);
    const sum = (kind: string) => all.refunds.flatMap((r) => r.tenders.filter((x) => x.kind === kind)).reduce((s, x) => s + cents(x.amount.amount), 0);
    const points = all.refunds.reduce((s, r) => s + r.pointsReturned, 0);
    // Every fen through the provider and every point, in the halves they were paid in.
    expect([sum('PROVIDER'), sum('POINTS'), points]).toEqual([payable, pointsWorth, checkout.pointsUsed]);
    expect(all.refunds[1]!.pointsReturned).toBe(checkout.pointsUsed - partPoints);
    await waitFor(async () => (await balance()) === before, { what: 'every point back' });
    // Nothing comes back twice: once every event and job has run, the balance is still what it was before the order.
    await t.graph.host!.bus!.drain();
    expect(await balance()).toBe(before);
  });
});

/**
 * A checkout over two shops paid partly with points, one shop order cancelled before payment: the
 * payment is repriced to the other order with its share of the points, and the cancelled order's
 * share goes back to the member at once (not only when the whole checkout ends, which it never
 * does if the other order completes).
 */
describe('a two-shop checkout with points, one shop order cancelled before payment', () => {
  interface Placed {
    checkout: { id: string; paymentId: string; pointsUsed: number };
    orders: { id: string; shop: { id: string }; lines: { discounts: { source: string; amount: { amount: string } }[] }[] }[];
  }
  const cancel = async (orderId: string) => {
    const res = await t.gql<{ cancelOrder: { userErrors: unknown[] } }>(
      'mutation($i: CancelOrderInput!) { cancelOrder(input: $i) { userErrors { code message } } }',
      { i: { orderId, reason: 'changed my mind' } },
      t.tokens.customer,
    );
    expect(res.data?.cancelOrder.userErrors).toEqual([]);
  };
  const pointsWorthOf = (order: Placed['orders'][number]) =>
    order.lines.flatMap((l) => l.discounts.filter((d) => d.source === 'POINTS')).reduce((s, d) => s + cents(d.amount.amount), 0);
  const earnedOn = async (orderId: string) =>
    (
      await t.gql<{ me: { pointsEntries: { nodes: { orderId: string | null; points: number }[] } } }>(
        '{ me { pointsEntries(first: 100, filter: { kind: EARN }) { nodes { orderId points } } } }',
        undefined,
        t.tokens.customer,
      )
    ).data!.me.pointsEntries.nodes.filter((e) => e.orderId === orderId);

  /** Places the checkout, cancels shop A's order and waits for the repriced payment; returns what the test needs. */
  async function cancelOneBeforePayment() {
    const [skuA] = await buyableSkus(t, t.shopA, 1, 3);
    const [skuB] = await buyableSkus(t, t.shopB, 1, 3);
    const goods = cents(skuA!.price) + cents(skuB!.price);
    const adjusted = await t.gql(
      'mutation($i: AdjustPointsInput!) { adjustPoints(input: $i) { entry { points } userErrors { code } } }',
      { i: { memberId: DEMO_MEMBER_ID, points: goods, reason: 'combined payment test' } },
      t.tokens.admin,
    );
    expect(adjusted.data?.adjustPoints.userErrors).toEqual([]);
    const start = await balance();
    const placed = await t.gql<{ placeOrder: Placed & { userErrors: unknown[] } }>(
      PLACE_ORDER,
      {
        input: {
          idempotencyKey: newId('key'),
          lines: [
            { skuId: skuA!.id, quantity: 1 },
            { skuId: skuB!.id, quantity: 1 },
          ],
          address: ADDRESS,
          pointsToUse: goods,
        },
      },
      t.tokens.customer,
    );
    expect(placed.data?.placeOrder.userErrors).toEqual([]);
    const { checkout, orders } = placed.data!.placeOrder;
    expect(orders).toHaveLength(2);
    const cancelled = orders.find((o) => o.shop.id === t.shopA)!;
    const kept = orders.find((o) => o.shop.id === t.shopB)!;
    const spent = checkout.pointsUsed;
    expect(spent).toBeGreaterThan(0);
    expect(await balance()).toBe(start - spent);
    // The kept order's share, as the repriced payment carries it: floor(points x its points worth / the checkout's).
    const keptShare = Math.floor((spent * pointsWorthOf(kept)) / (pointsWorthOf(kept) + pointsWorthOf(cancelled)));
    expect(keptShare).toBeGreaterThan(0);
    expect(keptShare).toBeLessThan(spent);

    await cancel(cancelled.id);
    const repriced = await waitFor(
      async () => {
        const res = await t.gql<{ order: { checkout: { paymentId: string; pointsUsed: number } } }>(
          'query($id: ID!) { order(id: $id) { checkout { paymentId pointsUsed } } }',
          { id: kept.id },
          t.tokens.customer,
        );
        const now = res.data?.order.checkout;
        return now && now.paymentId !== checkout.paymentId ? now : undefined;
      },
      { what: 'the payment repriced to the kept order' },
    );
    // The cancelled order's share is back at once; the checkout and its new payment hold the rest.
    await waitFor(async () => (await balance()) === start - keptShare, { what: 'the cancelled order’s points back' });
    expect(repriced.pointsUsed).toBe(keptShare);
    const tenders = (await tendersOf(repriced.paymentId)).tenders;
    expect(tenders.find((x) => x.kind === 'POINTS')?.points).toBe(keptShare);
    return { start, keptShare, kept, paymentId: repriced.paymentId };
  }

  it('the member gets the cancelled share back at once; the other order paid and completed keeps only its own share spent', async () => {
    const { start, keptShare, kept, paymentId } = await cancelOneBeforePayment();
    await payCheckout(t, paymentId, [kept.id]);
    await t.graph.host!.bus!.drain();
    expect(await balance()).toBe(start - keptShare);

    await deliveredOrder(t, kept.id);
    const confirmed = await t.gql(
      'mutation($i: ConfirmReceiptInput!) { confirmReceipt(input: $i) { userErrors { code } } }',
      { i: { orderId: kept.id } },
      t.tokens.customer,
    );
    expect(confirmed.errors).toBeUndefined();
    await waitFor(async () => (await orderStatus(t, kept.id)) === 'COMPLETED', { what: 'completed' });
    const [earned] = await waitFor(
      async () => {
        const entries = await earnedOn(kept.id);
        return entries.length ? entries : undefined;
      },
      { what: 'points earned' },
    );
    await t.graph.host!.bus!.drain();
    // Spent: only the kept order's share; earned: what the ledger credited for the completed order, nothing else.
    expect(await balance()).toBe(start - keptShare + earned!.points);
  });

  it('the other order paid and then cancelled too: the member is back where they started, nothing returned twice', async () => {
    const { start, kept, paymentId } = await cancelOneBeforePayment();
    await payCheckout(t, paymentId, [kept.id]);
    await cancel(kept.id);
    await waitFor(async () => (await orderStatus(t, kept.id)) === 'CANCELLED', { what: 'cancelled' });
    await waitFor(async () => (await balance()) === start, { what: 'every point back' });
    await t.graph.host!.bus!.drain();
    expect(await balance()).toBe(start);
  });

  it('the other order cancelled before payment too: the member is back where they started, nothing returned twice', async () => {
    const { start, kept } = await cancelOneBeforePayment();
    await cancel(kept.id);
    await waitFor(async () => (await balance()) === start, { what: 'every point back' });
    await t.graph.host!.bus!.drain();
    expect(await balance()).toBe(start);
  });
});
