import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestGraph, type TestGraph } from './support/graph.ts';
import { ADDRESS, buyableSkus, claimPlatformCoupon, payCheckout, PLACE_ORDER, type BuyableSku } from './support/shopping.ts';

/**
 * Every id the graph hands out resolves (issue 15, item 5): a payment's, a refund's and a coupon's
 * `orderId` hold a checkout's id, which `order(id:)` never resolved; now they lead to the checkout
 * and to the shop order(s), and the order list filters by coupon template and payment time.
 */
let t: TestGraph;
let skuA: BuyableSku;
let skuB: BuyableSku;

interface Placed {
  checkout: { id: string; paymentId: string; payable: { amount: string } };
  orders: { id: string; shop: { id: string }; payable: { amount: string }; lines: { id: string; finalAmount: { amount: string } }[] }[];
}

let placed: Placed;
let couponCode: string;
let refundId: string;
let paidBefore: number;

beforeAll(async () => {
  t = await startTestGraph();
  skuA = (await buyableSkus(t, t.shopA, 1, 3))[0]!;
  skuB = (await buyableSkus(t, t.shopB, 1, 3))[0]!;
  couponCode = await claimPlatformCoupon(t);
  const res = await t.gql<{ placeOrder: Placed & { userErrors: unknown[] } }>(
    PLACE_ORDER,
    {
      input: {
        idempotencyKey: `references-${Date.now()}`,
        lines: [
          { skuId: skuA.id, quantity: 1 },
          { skuId: skuB.id, quantity: 1 },
        ],
        address: ADDRESS,
        couponCode,
      },
    },
    t.tokens.customer,
  );
  expect(res.data!.placeOrder.userErrors).toEqual([]);
  placed = res.data!.placeOrder;
  paidBefore = Date.now();
  await payCheckout(
    t,
    placed.checkout.paymentId,
    placed.orders.map((o) => o.id),
  );
  const orderA = placed.orders.find((o) => o.shop.id === t.shopA)!;
  const refund = await t.gql<{ refundOrder: { refundId: string; userErrors: unknown[] } }>(
    `mutation($input: RefundOrderInput!) { refundOrder(input: $input) { refundId userErrors { field code } } }`,
    {
      input: {
        orderId: orderA.id,
        idempotencyKey: 'references-refund',
        reason: '少发配件 missing part',
        lines: [{ orderLineId: orderA.lines[0]!.id, amount: { amount: '1.00', currencyCode: 'CNY' } }],
      },
    },
    t.tokens.merchantA,
  );
  expect(refund.data!.refundOrder.userErrors).toEqual([]);
  refundId = refund.data!.refundOrder.refundId;
});

afterAll(async () => {
  await t?.stop();
});

const sortedIds = (rows: { id: string }[]) => rows.map((r) => r.id).sort();

describe('references that resolve (issue 15, item 5)', () => {
  it('a refund leads to its shop order and its checkout; its payment to the checkout', async () => {
    const orderA = placed.orders.find((o) => o.shop.id === t.shopA)!;
    const res = await t.gql<{ refund: { orderId: string; order: { id: string }; checkout: { id: string }; payment: { checkout: { id: string } } } }>(
      'query($id: ID!) { refund(id: $id) { orderId order { id } checkout { id } payment { checkout { id } } } }',
      { id: refundId },
      t.tokens.analyst,
    );
    expect(res.errors).toBeUndefined();
    expect(res.data!.refund).toEqual({
      orderId: placed.checkout.id,
      order: { id: orderA.id },
      checkout: { id: placed.checkout.id },
      payment: { checkout: { id: placed.checkout.id } },
    });
    // The shop order's own refunds list leads back to it too (a merchant's view).
    const own = await t.gql<{ order: { refunds: { id: string; order: { id: string } }[] } }>(
      'query($id: ID!) { order(id: $id) { refunds { id order { id } } } }',
      { id: orderA.id },
      t.tokens.merchantA,
    );
    expect(own.data!.order.refunds).toEqual([{ id: refundId, order: { id: orderA.id } }]);
  });

  it('a platform coupon spread over two shops leads to its checkout and both shop orders (order is null then)', async () => {
    const res = await t.gql<{
      coupons: { nodes: { code: string; status: string; checkout: { id: string } | null; order: { id: string } | null; orders: { id: string }[] }[] };
    }>(
      'query($member: ID!) { coupons(first: 100, filter: { memberId: $member }) { nodes { code status checkout { id } order { id } orders { id } } } }',
      { member: (await memberOfCheckout()).memberId },
      t.tokens.admin,
    );
    expect(res.errors).toBeUndefined();
    const coupon = res.data!.coupons.nodes.find((c) => c.code === couponCode)!;
    expect(coupon).toMatchObject({ status: 'REDEEMED', checkout: { id: placed.checkout.id }, order: null });
    expect(sortedIds(coupon.orders)).toEqual(sortedIds(placed.orders));
  });

  it('a checkout is an entity of its own: member, shop orders, totals, payment; a merchant sees only its own order in it', async () => {
    const CHECKOUT = `query($id: ID!) { checkout(id: $id) {
      id status memberId member { id } orders { id } itemsTotal { amount } discountTotal { amount } freight { amount } refunded { amount }
      payable { amount } couponCode payment { id status } paidAt
    } }`;
    const admin = await t.gql<{ checkout: Record<string, any> }>(CHECKOUT, { id: placed.checkout.id }, t.tokens.admin);
    expect(admin.errors).toBeUndefined();
    const shopOrders = await Promise.all(
      placed.orders.map(
        async (o) =>
          (
            await t.gql<{ order: { itemsTotal: { amount: string }; discountTotal: { amount: string }; freight: { amount: string } } }>(
              'query($id: ID!) { order(id: $id) { itemsTotal { amount } discountTotal { amount } freight { amount } } }',
              { id: o.id },
              t.tokens.admin,
            )
          ).data!.order,
      ),
    );
    const sum = (pick: (o: (typeof shopOrders)[number]) => string) => (shopOrders.reduce((s, o) => s + Math.round(Number(pick(o)) * 100), 0) / 100).toFixed(2);
    const checkout = admin.data!.checkout;
    expect(checkout).toMatchObject({
      id: placed.checkout.id,
      status: 'PLACED',
      member: { id: checkout.memberId },
      itemsTotal: { amount: sum((o) => o.itemsTotal.amount) },
      discountTotal: { amount: sum((o) => o.discountTotal.amount) },
      freight: { amount: sum((o) => o.freight.amount) },
      refunded: { amount: '1.00' },
      payable: { amount: placed.checkout.payable.amount },
      couponCode,
      payment: { id: placed.checkout.paymentId, status: 'SUCCEEDED' },
    });
    expect(sortedIds(checkout.orders)).toEqual(sortedIds(placed.orders));
    expect(new Date(checkout.paidAt).getTime()).toBeGreaterThanOrEqual(paidBefore - 1000);

    const merchant = await t.gql<{ checkout: { orders: { id: string }[] } }>(CHECKOUT, { id: placed.checkout.id }, t.tokens.merchantB);
    expect(merchant.data!.checkout.orders).toEqual([{ id: placed.orders.find((o) => o.shop.id === t.shopB)!.id }]);
  });

  it('filters the order list by coupon template and by payment date', async () => {
    const template = await t.gql<{ coupons: { nodes: { code: string; template: { id: string } }[] } }>(
      'query($member: ID!) { coupons(first: 100, filter: { memberId: $member }) { nodes { code template { id } } } }',
      { member: (await memberOfCheckout()).memberId },
      t.tokens.admin,
    );
    const templateId = template.data!.coupons.nodes.find((c) => c.code === couponCode)!.template.id;
    const ORDERS = 'query($filter: OrderFilter) { orders(first: 100, filter: $filter) { totalCount nodes { id } } }';
    const byTemplate = await t.gql<{ orders: { totalCount: number; nodes: { id: string }[] } }>(
      ORDERS,
      { filter: { couponTemplateId: templateId } },
      t.tokens.analyst,
    );
    expect(byTemplate.errors).toBeUndefined();
    expect(sortedIds(byTemplate.data!.orders.nodes)).toEqual(sortedIds(placed.orders));

    const from = new Date(paidBefore - 1000).toISOString();
    const paidSince = await t.gql<{ orders: { nodes: { id: string }[] } }>(ORDERS, { filter: { paidFrom: from, shopId: t.shopA } }, t.tokens.admin);
    expect(paidSince.data!.orders.nodes.map((o) => o.id)).toContain(placed.orders.find((o) => o.shop.id === t.shopA)!.id);
    const paidBeforeThat = await t.gql<{ orders: { nodes: { id: string }[] } }>(ORDERS, { filter: { paidTo: from, shopId: t.shopA } }, t.tokens.admin);
    expect(paidBeforeThat.data!.orders.nodes.map((o) => o.id)).not.toContain(placed.orders.find((o) => o.shop.id === t.shopA)!.id);
    const merchantB = await t.gql<{ orders: { nodes: { id: string }[] } }>(ORDERS, { filter: { couponTemplateId: templateId } }, t.tokens.merchantB);
    expect(merchantB.data!.orders.nodes).toEqual([{ id: placed.orders.find((o) => o.shop.id === t.shopB)!.id }]);
  });
});

async function memberOfCheckout(): Promise<{ memberId: string }> {
  const res = await t.gql<{ checkout: { memberId: string } }>(
    'query($id: ID!) { checkout(id: $id) { memberId } }',
    { id: placed.checkout.id },
    t.tokens.customer,
  );
  return res.data!.checkout;
}
