import { signedSandboxCallback } from '@zhongtai/payments/sandbox';
import { waitFor } from '@zhongtai/kit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestGraph, type TestGraph } from './support/graph.ts';
import { ADDRESS, availableOf, buyableSkus, orderStatus, payCheckout, PLACE_ORDER, type BuyableSku } from './support/shopping.ts';

// Races need real row locks and parallel connections: PostgreSQL only (CI runs the suite there too).
describe.runIf(process.env.DATABASE_URL)('orders under concurrency (PostgreSQL)', () => {
  let t: TestGraph;
  let sku: BuyableSku;
  type Placed = {
    placeOrder: {
      checkout: { id: string; paymentId: string } | null;
      orders: { id: string; lines: { id: string; finalAmount: { amount: string } }[] }[] | null;
      userErrors: unknown[];
    };
  };
  const place = (key: string, quantity = 1) =>
    t.gql<Placed>(PLACE_ORDER, { input: { idempotencyKey: key, lines: [{ skuId: sku.id, quantity }], address: ADDRESS } }, t.tokens.customer);

  beforeAll(async () => {
    t = await startTestGraph();
    sku = (await buyableSkus(t, t.shopA, 1, 10))[0]!;
  });
  afterAll(async () => {
    await t?.stop();
  });

  it('ten concurrent placeOrder calls with one idempotency key make one order', async () => {
    const before = await availableOf(t, sku.id);
    const results = await Promise.all(Array.from({ length: 10 }, () => place('race-key-1', 2)));
    const checkouts = new Set(results.map((r) => r.data?.placeOrder.checkout?.id));
    expect(checkouts.size).toBe(1);
    expect([...checkouts][0]).toMatch(/^chk_/);
    const orders = await t.gql<{ myOrders: { nodes: { checkout: { id: string } }[] } }>(
      '{ myOrders(first: 100) { nodes { checkout { id } } } }',
      undefined,
      t.tokens.customer,
    );
    expect(orders.data!.myOrders.nodes.filter((o) => checkouts.has(o.checkout.id))).toHaveLength(1);
    expect(await availableOf(t, sku.id)).toBe(before - 2);
  });

  it('the payment callback delivered twelve times concurrently pays once and dispatches once', async () => {
    const placed = (await place('race-pay-1')).data!.placeOrder;
    const orderId = placed.orders![0]!.id;
    const payment = (
      await t.gql<{ payment: { providerPaymentId: string; amount: { amount: string } } }>(
        'query($id: ID!) { payment(id: $id) { providerPaymentId amount { amount } } }',
        { id: placed.checkout!.paymentId },
        t.tokens.admin,
      )
    ).data!.payment;
    const callback = signedSandboxCallback({
      type: 'payment.succeeded',
      providerPaymentId: payment.providerPaymentId,
      amount: String(Math.round(Number(payment.amount.amount) * 100)),
      currency: 'CNY',
    });
    const hook = `${new URL(t.graph.url).origin}/hooks/payments/sandbox/callback`;
    const statuses = await Promise.all(
      Array.from({ length: 12 }, () => fetch(hook, { method: 'POST', headers: callback.headers, body: callback.rawBody }).then((r) => r.status)),
    );
    expect(statuses).toEqual(Array<number>(12).fill(200));
    await waitFor(async () => (await orderStatus(t, orderId)) === 'PAID', { what: 'paid' });
    const notices = await waitFor(
      async () => {
        const res = await t.gql<{ order: { shippingNotices: { id: string }[] } }>(
          'query($id: ID!) { order(id: $id) { shippingNotices { id } } }',
          { id: orderId },
          t.tokens.admin,
        );
        return res.data?.order.shippingNotices.length ? res.data.order.shippingNotices : undefined;
      },
      { what: 'a shipping notice' },
    );
    await t.graph.host!.bus!.relayNow();
    const history = await t.gql<{ order: { statusHistory: { to: string }[]; shippingNotices: unknown[] } }>(
      'query($id: ID!) { order(id: $id) { statusHistory { to } shippingNotices { id } } }',
      { id: orderId },
      t.tokens.admin,
    );
    expect(history.data!.order.statusHistory.filter((h) => h.to === 'PAID')).toHaveLength(1);
    expect(history.data!.order.shippingNotices).toHaveLength(notices.length);
    expect(notices).toHaveLength(1);
  });

  // Guards against refunds that read what the line has left without a lock: twelve refunds of a
  // tenth of the line, all started before any is awaited, must refund at most the line.
  it('twelve concurrent partial refunds of a tenth of a line: exactly ten succeed', async () => {
    const placed = (await place('race-refund-10', 2)).data!.placeOrder;
    const order = placed.orders![0]!;
    await payCheckout(t, placed.checkout!.paymentId, [order.id]);
    const line = order.lines[0]!;
    const lineMinor = Math.round(Number(line.finalAmount.amount) * 100);
    const tenth = Math.floor(lineMinor / 10);
    expect(tenth * 11).toBeGreaterThan(lineMinor);
    const requests = Array.from({ length: 12 }, (_, i) =>
      t.gql<{ refundOrder: { refundId: string | null; userErrors: { code: string }[] } }>(
        'mutation($input: RefundOrderInput!) { refundOrder(input: $input) { refundId status userErrors { field code message } } }',
        {
          input: {
            orderId: order.id,
            idempotencyKey: `r10-${i}`,
            reason: '质量问题 partial refund',
            lines: [{ orderLineId: line.id, amount: { amount: (tenth / 100).toFixed(2), currencyCode: 'CNY' } }],
          },
        },
        t.tokens.admin,
      ),
    );
    const outcomes = (await Promise.all(requests)).map((r) => r.data!.refundOrder);
    expect(outcomes.filter((o) => o.refundId)).toHaveLength(10);
    expect(outcomes.filter((o) => !o.refundId).flatMap((o) => o.userErrors.map((e) => e.code))).toEqual(['EXCEEDS_CAPTURED', 'EXCEEDS_CAPTURED']);
    const refunded = await t.gql<{ order: { lines: { id: string; refunded: { amount: string } }[] } }>(
      'query($id: ID!) { order(id: $id) { lines { id refunded { amount } } } }',
      { id: order.id },
      t.tokens.admin,
    );
    expect(refunded.errors).toBeUndefined();
    expect(Math.round(Number(refunded.data!.order.lines.find((l) => l.id === line.id)!.refunded.amount) * 100)).toBe(tenth * 10);
  });

  it('two concurrent partial refunds of 60% each: one succeeds, one is refused', async () => {
    const placed = (await place('race-refund-1', 2)).data!.placeOrder;
    const order = placed.orders![0]!;
    await payCheckout(t, placed.checkout!.paymentId, [order.id]);
    const line = order.lines[0]!;
    const sixty = (Math.floor(Number(line.finalAmount.amount) * 60) / 100).toFixed(2);
    const refund = (key: string) =>
      t.gql<{ refundOrder: { refundId: string | null; userErrors: { code: string }[] } }>(
        'mutation($input: RefundOrderInput!) { refundOrder(input: $input) { refundId status userErrors { field code message } } }',
        {
          input: {
            orderId: order.id,
            idempotencyKey: key,
            reason: '质量问题 partial refund',
            lines: [{ orderLineId: line.id, amount: { amount: sixty, currencyCode: 'CNY' } }],
          },
        },
        t.tokens.admin,
      );
    const [a, b] = await Promise.all([refund('r-a'), refund('r-b')]);
    const outcomes = [a, b].map((r) => r.data!.refundOrder);
    expect(outcomes.filter((o) => o.refundId)).toHaveLength(1);
    expect(outcomes.filter((o) => !o.refundId).flatMap((o) => o.userErrors.map((e) => e.code))).toEqual(['EXCEEDS_CAPTURED']);
  });
});
