import { demoMemberId } from '@zhongtai/kit';
import { waitFor } from '@zhongtai/kit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decide, dispatchOf, fileRequest, orderState, outboundReady, paidOrder, settled } from './support/aftersales.ts';
import { startTestGraph, type TestGraph } from './support/graph.ts';
import { ADDRESS, availableOf, buyableSkus, claimPlatformCoupon, orderStatus, PLACE_ORDER, shipOrder, type BuyableSku } from './support/shopping.ts';

/** 仅退款 through the gateway: goods that have not left stay home, stock comes back, money goes back once. */
describe('refund only of unshipped lines', () => {
  let t: TestGraph;
  let skus: BuyableSku[];

  beforeAll(async () => {
    t = await startTestGraph();
    skus = await buyableSkus(t, t.shopA, 5, 10);
  }, 120_000);
  afterAll(async () => {
    await t?.stop();
  });

  const refundOnly = async (orderId: string, orderLineId: string, quantity: number) => {
    const filed = await fileRequest(t, { orderId, orderLineId, type: 'REFUND_ONLY', quantity, reasonCode: 'NO_REASON' });
    expect(filed.data!.fileAfterSaleRequest.userErrors).toEqual([]);
    const id = filed.data!.fileAfterSaleRequest.request!.id;
    const approved = await decide(t, 'approve', { id, reason: '同意 agreed' }, t.tokens.merchantA);
    expect(approved.data!.result.request!.status).toBe('APPROVED');
    return id;
  };

  const closedOrder = (orderId: string) =>
    waitFor(
      async () => {
        const o = await orderState(t, orderId);
        return o.status === 'CLOSED' ? o : undefined;
      },
      { what: `order ${orderId} closed` },
    );

  it('removes the line from the notice and the outbound order, releases its stock, refunds it, and the order never ships it', async () => {
    const [a, b] = skus;
    const before = { a: await availableOf(t, a!.id), b: await availableOf(t, b!.id) };
    const order = await paidOrder(t, 'as-refund-line', [
      { skuId: a!.id, quantity: 2 },
      { skuId: b!.id, quantity: 1 },
    ]);
    const lineA = order.lines.find((l) => l.sku.id === a!.id)!;
    const lineB = order.lines.find((l) => l.sku.id === b!.id)!;
    const dispatched = await outboundReady(t, order.id);
    expect(dispatched.outbound[0]!.lines.map((l) => l.skuId).sort()).toEqual([a!.id, b!.id].sort());
    expect(await availableOf(t, a!.id)).toBe(before.a - 2);

    const id = await refundOnly(order.id, lineA.id, 2);
    const done = await settled(t, id);
    expect(done.status).toBe('REFUNDED');
    expect(done.refundId).toMatch(/^rfd_/);
    expect(done.history.map((h) => h.to)).toEqual(['PENDING', 'APPROVED', 'REFUNDED']);

    const after = await dispatchOf(t, order.id);
    expect(after.notices[0]!.lines.map((l) => l.orderLineId)).toEqual([lineB.id]);
    expect(after.outbound[0]!.lines).toEqual([{ skuId: b!.id, quantity: 1 }]);
    expect(after.outbound[0]!.status).toBe('CREATED');
    expect(await availableOf(t, a!.id)).toBe(before.a);
    expect(await availableOf(t, b!.id)).toBe(before.b - 1);
    const state = await orderState(t, order.id);
    expect(state.status).toBe('PAID');
    const a1 = state.lines.find((l) => l.id === lineA.id)!;
    expect(a1).toMatchObject({ refundedQuantity: 2, shippedQuantity: 0 });
    expect(a1.refunded.amount).toBe(a1.finalAmount.amount);

    await shipOrder(t, order.id);
    const shipped = await orderState(t, order.id);
    expect(shipped.status).toBe('SHIPPED');
    expect(shipped.lines.find((l) => l.id === lineA.id)!.shippedQuantity).toBe(0);
    expect(shipped.lines.find((l) => l.id === lineB.id)!.shippedQuantity).toBe(1);
    expect(await availableOf(t, a!.id)).toBe(before.a);
  });

  it('a full refund-only of an unshipped order closes it with nothing shipped', async () => {
    const c = skus[2]!;
    const before = await availableOf(t, c.id);
    const order = await paidOrder(t, 'as-refund-all', [{ skuId: c.id, quantity: 1 }]);
    await outboundReady(t, order.id);
    const id = await refundOnly(order.id, order.lines[0]!.id, 1);
    expect((await settled(t, id)).status).toBe('REFUNDED');
    // The order closes once the refund succeeded (orders' afterSaleRefunded job).
    const state = await closedOrder(order.id);
    expect(state.lines[0]!.shippedQuantity).toBe(0);
    const after = await dispatchOf(t, order.id);
    expect(after.notices.map((n) => n.status)).toEqual(['CANCELLED']);
    expect(after.outbound.map((o) => o.status)).toEqual(['CANCELLED']);
    expect(await availableOf(t, c.id)).toBe(before);
  });

  it('an order refunded whole before shipping gets its freight back too', async () => {
    // A regular member (no free shipping by level) under the shop's free-shipping threshold pays freight.
    const regular = await t.graph.tokens.sign({ role: 'CUSTOMER', memberId: demoMemberId(2), subject: 'customer:regular' });
    const cheap = (await buyableSkus(t, t.shopA, 6, 3))[5]!;
    const repriced = await t.gql<{ bulkUpdatePrices: { userErrors: unknown[] } }>(
      'mutation($input: BulkUpdatePricesInput!) { bulkUpdatePrices(input: $input) { userErrors { code message } } }',
      {
        input: {
          rows: [{ skuId: cheap.id, salePrice: { amount: '50.00', currencyCode: 'CNY' }, listPrice: { amount: '60.00', currencyCode: 'CNY' } }],
          reason: 'under the free-shipping threshold',
        },
      },
      t.tokens.admin,
    );
    expect(repriced.data!.bulkUpdatePrices.userErrors).toEqual([]);
    const placed = await t.gql<{
      placeOrder: {
        checkout: { paymentId: string };
        orders: { id: string; payable: { amount: string }; freight: { amount: string }; lines: { id: string; finalAmount: { amount: string } }[] }[];
      };
    }>(PLACE_ORDER, { input: { idempotencyKey: 'as-refund-freight', lines: [{ skuId: cheap.id, quantity: 1 }], address: ADDRESS } }, regular);
    const order = placed.data!.placeOrder.orders[0]!;
    expect(Number(order.freight.amount)).toBeGreaterThan(0);
    await t.gql(
      'mutation($id: ID!) { sandboxPay(input: { paymentId: $id }) { userErrors { code } } }',
      { id: placed.data!.placeOrder.checkout.paymentId },
      regular,
    );
    await waitFor(async () => (await orderStatus(t, order.id)) === 'PAID', { what: 'paid' });
    await outboundReady(t, order.id);
    const filed = await fileRequest(t, { orderId: order.id, orderLineId: order.lines[0]!.id, type: 'REFUND_ONLY', quantity: 1 }, regular);
    const id = filed.data!.fileAfterSaleRequest.request!.id;
    expect((await decide(t, 'approve', { id }, t.tokens.merchantA)).data!.result.request!.status).toBe('APPROVED');
    const done = await settled(t, id);
    expect(done.status).toBe('REFUNDED');
    expect(done.refundAmount.amount).toBe(order.lines[0]!.finalAmount.amount);

    const state = await waitFor(
      async () => {
        const o = await orderState(t, order.id);
        return o.status === 'CLOSED' && o.refunded.amount === order.payable.amount ? o : undefined;
      },
      { what: 'the order closed with its freight refunded' },
    );
    expect(state.refunded.amount).toBe(order.payable.amount);
    const paid = await waitFor(
      async () => {
        const res = await t.gql<{ order: { payments: { refundedAmount: { amount: string }; refunds: { amount: { amount: string }; lines: unknown[] }[] }[] } }>(
          'query($id: ID!) { order(id: $id) { payments { refundedAmount { amount } refunds { amount { amount } lines { orderLineId } } } } }',
          { id: order.id },
          t.tokens.admin,
        );
        const payment = res.data?.order.payments[0];
        return payment?.refunds.length === 2 ? payment : undefined;
      },
      { what: 'the line and freight refunds' },
    );
    expect(paid.refundedAmount.amount).toBe(order.payable.amount);
    expect(paid.refunds.map((r) => r.amount.amount).sort()).toEqual([order.freight.amount, order.lines[0]!.finalAmount.amount].sort());
  });

  it('a line that left the warehouse after the request is refused, and no money moves', async () => {
    const d = skus[3]!;
    const order = await paidOrder(t, 'as-refund-late', [{ skuId: d.id, quantity: 1 }]);
    await outboundReady(t, order.id);
    const filed = await fileRequest(t, { orderId: order.id, orderLineId: order.lines[0]!.id, type: 'REFUND_ONLY', quantity: 1 });
    const id = filed.data!.fileAfterSaleRequest.request!.id;
    await shipOrder(t, order.id);
    await decide(t, 'approve', { id }, t.tokens.merchantA);
    const done = await settled(t, id);
    expect(done.status).toBe('FAILED');
    expect(done.failure).toContain('left the warehouse');
    const state = await orderState(t, order.id);
    expect(state.refunded.amount).toBe('0.00');
    expect(state.lines[0]!.refundedQuantity).toBe(0);
  });

  it('the coupon comes back once the whole order is refunded, and only then', async () => {
    const code = await claimPlatformCoupon(t);
    const sku = skus[4]!;
    const order = await paidOrder(t, 'as-refund-coupon', [{ skuId: sku.id, quantity: 2 }], { couponCode: code });
    expect(order.checkout.couponCode).toBe(code);
    await outboundReady(t, order.id);
    const couponStatus = async () =>
      (
        await t.gql<{ myCoupons: { nodes: { code: string; status: string }[] } }>(
          '{ myCoupons(first: 100) { nodes { code status } } }',
          undefined,
          t.tokens.customer,
        )
      ).data!.myCoupons.nodes.find((c) => c.code === code)!.status;
    expect(await couponStatus()).toBe('REDEEMED');
    const first = await refundOnly(order.id, order.lines[0]!.id, 1);
    expect((await settled(t, first)).status).toBe('REFUNDED');
    expect(await couponStatus()).toBe('REDEEMED');
    const second = await refundOnly(order.id, order.lines[0]!.id, 1);
    expect((await settled(t, second)).status).toBe('REFUNDED');
    expect(await waitFor(async () => ((await couponStatus()) === 'AVAILABLE' ? 'AVAILABLE' : undefined), { what: 'the coupon back' })).toBe('AVAILABLE');
    const state = await closedOrder(order.id);
    expect(state.lines[0]!.refunded.amount).toBe(state.lines[0]!.finalAmount.amount);
  });
});
