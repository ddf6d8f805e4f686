import { DEMO_MEMBER_ID, newId } from '@zhongtai/kit';
import { waitFor } from '@zhongtai/kit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestGraph, type TestGraph } from './support/graph.ts';
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
