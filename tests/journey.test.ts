import { sql } from 'drizzle-orm';
import { rowsOf } from '@zhongtai/kit';
import { waitFor } from '@zhongtai/kit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestGraph, type TestGraph } from './support/graph.ts';
import { ADDRESS, availableOf, claimPlatformCoupon, buyableSkus, orderStatus, PLACE_ORDER, type BuyableSku } from './support/shopping.ts';

let t: TestGraph;
let skuA: BuyableSku;
let skuB: BuyableSku;

beforeAll(async () => {
  t = await startTestGraph();
  skuA = (await buyableSkus(t, t.shopA, 1))[0]!;
  skuB = (await buyableSkus(t, t.shopB, 1))[0]!;
});
afterAll(async () => {
  await t?.stop();
});

type Placed = {
  placeOrder: {
    checkout: { id: string; paymentId: string; payable: { amount: string }; pointsUsed: number; couponCode: string | null } | null;
    orders: { id: string; status: string; payable: { amount: string }; lines: { discounts: { source: string }[] }[] }[] | null;
    userErrors: { field: string[]; code: string; message: string }[];
  };
};

const points = async () => (await t.gql<{ me: { pointsBalance: number } }>('{ me { pointsBalance } }', undefined, t.tokens.customer)).data!.me.pointsBalance;

describe('the order journey through the gateway', () => {
  it('place (two shops, a coupon, points) -> pay -> dispatch -> ship -> deliver -> confirm -> complete', async () => {
    const couponCode = await claimPlatformCoupon(t);
    const pointsBefore = await points();
    const stockBefore = [await availableOf(t, skuA.id), await availableOf(t, skuB.id)];

    const placed = await t.gql<Placed>(
      PLACE_ORDER,
      {
        input: {
          idempotencyKey: 'journey-1',
          lines: [
            { skuId: skuA.id, quantity: 2 },
            { skuId: skuB.id, quantity: 1 },
          ],
          address: ADDRESS,
          couponCode,
          pointsToUse: 100,
        },
      },
      t.tokens.customer,
    );
    expect(placed.errors).toBeUndefined();
    const { checkout, orders, userErrors } = placed.data!.placeOrder;
    expect(userErrors).toEqual([]);
    expect(orders).toHaveLength(2);
    expect(checkout!.couponCode).toBe(couponCode);
    expect(checkout!.pointsUsed).toBe(100);
    const sources = orders!.flatMap((o) => o.lines.flatMap((l) => l.discounts.map((d) => d.source)));
    expect(sources).toEqual(expect.arrayContaining(['COUPON', 'POINTS']));
    expect(orders!.reduce((sum, o) => sum + Math.round(Number(o.payable.amount) * 100), 0)).toBe(Math.round(Number(checkout!.payable.amount) * 100));
    expect([await availableOf(t, skuA.id), await availableOf(t, skuB.id)]).toEqual([stockBefore[0]! - 2, stockBefore[1]! - 1]);
    expect(await points()).toBe(pointsBefore - 100);

    // Pay in the sandbox: it calls our signed callback endpoint over HTTP.
    const paid = await t.gql(
      'mutation($id: ID!) { sandboxPay(input: { paymentId: $id }) { userErrors { code message } } }',
      { id: checkout!.paymentId },
      t.tokens.customer,
    );
    expect(paid.errors).toBeUndefined();
    for (const order of orders!) await waitFor(async () => (await orderStatus(t, order.id)) === 'PAID', { what: `order ${order.id} paid` });

    // Dispatch: each paid order becomes a notice and an outbound order in the warehouse holding its stock.
    for (const order of orders!) {
      const outbound = await waitFor(
        async () => {
          const res = await t.gql<{ outboundOrders: { nodes: { id: string }[] } }>(
            'query($o: ID!) { outboundOrders(first: 5, filter: { orderId: $o }) { nodes { id } } }',
            { o: order.id },
            t.tokens.admin,
          );
          return res.data?.outboundOrders.nodes[0];
        },
        { what: `an outbound order for ${order.id}` },
      );
      for (const step of ['pickOutboundOrder', 'packOutboundOrder']) {
        const res = await t.gql(`mutation($id: ID!) { ${step}(input: { id: $id }) { userErrors { code message } } }`, { id: outbound.id }, t.tokens.admin);
        expect(res.errors).toBeUndefined();
      }
      const shipped = await t.gql<{ shipOutboundOrder: { userErrors: unknown[] } }>(
        'mutation($id: ID!, $no: String!) { shipOutboundOrder(input: { id: $id, carrierCode: "SANDBOX", trackingNumber: $no }) { userErrors { code message } } }',
        { id: outbound.id, no: `SB${order.id.slice(-10)}` },
        t.tokens.admin,
      );
      expect(shipped.data!.shipOutboundOrder.userErrors).toEqual([]);
      await waitFor(async () => (await orderStatus(t, order.id)) === 'SHIPPED', { what: `order ${order.id} shipped` });
    }

    // Logistics: the sandbox carrier sends signed tracking callbacks until the parcel is delivered.
    for (const order of orders!) {
      const { data } = await t.gql<{ order: { shipments: { id: string }[] } }>(
        'query($id: ID!) { order(id: $id) { shipments { id } } }',
        { id: order.id },
        t.tokens.admin,
      );
      for (const shipment of data!.order.shipments) {
        for (let step = 0; step < 6; step++) {
          const res = await t.gql<{ sandboxAdvanceShipment: { result: { status: string } | null } }>(
            'mutation($id: ID!) { sandboxAdvanceShipment(shipmentId: $id) { result { status } userErrors { code } } }',
            { id: shipment.id },
            t.tokens.admin,
          );
          if (res.data?.sandboxAdvanceShipment.result?.status === 'DELIVERED') break;
        }
      }
      await waitFor(async () => (await orderStatus(t, order.id)) === 'DELIVERED', { what: `order ${order.id} delivered` });
      const confirmed = await t.gql<{ confirmReceipt: { order: { status: string } } }>(
        'mutation($id: ID!) { confirmReceipt(input: { orderId: $id }) { order { status } userErrors { code } } }',
        { id: order.id },
        t.tokens.customer,
      );
      expect(confirmed.data!.confirmReceipt.order.status).toBe('COMPLETED');
    }

    // Points earned on completion; the coupon spent; every ledger balanced.
    // Each shop order earns on its own OrderCompleted.
    const earnings = await waitFor(
      async () => {
        const res = await t.gql<{ me: { pointsEntries: { nodes: { kind: string; orderId: string | null; points: number }[] } } }>(
          '{ me { pointsEntries(first: 100) { nodes { kind orderId points } } } }',
          undefined,
          t.tokens.customer,
        );
        const earned = res.data!.me.pointsEntries.nodes.filter((e) => e.kind === 'EARN' && orders!.some((o) => o.id === e.orderId));
        return earned.length === orders!.length ? earned : undefined;
      },
      { what: 'points earned for every shop order' },
    );
    expect(earnings.every((e) => e.points > 0)).toBe(true);
    const couponStatus = async () =>
      (
        await t.gql<{ myCoupons: { nodes: { code: string; status: string }[] } }>(
          '{ myCoupons(first: 50) { nodes { code status } } }',
          undefined,
          t.tokens.customer,
        )
      ).data!.myCoupons.nodes.find((c) => c.code === couponCode)?.status;
    await waitFor(async () => (await couponStatus()) === 'REDEEMED', { what: 'marketing to spend the coupon on OrderPaid' });

    // Every status change went out through the orders outbox, in order, once.
    const ordersDb = t.graph.host!.database.forCenter('orders');
    const published = rowsOf<{ topic: string; order_id: string }>(
      await ordersDb.execute(sql`select topic, payload->>'orderId' as order_id from orders.outbox where kind = 'event' order by id`),
    );
    for (const order of orders!) {
      expect(published.filter((e) => e.order_id === order.id).map((e) => e.topic)).toEqual([
        'OrderPlaced',
        'OrderPaid',
        'OrderShipped',
        'OrderDelivered',
        'OrderCompleted',
      ]);
    }
    // OrderCompleted delivered again earns nothing more.
    const balanceAfter = await points();
    await ordersDb.execute(sql`update orders.outbox set published_at = null where topic = 'OrderCompleted'`);
    // On PostgreSQL the background relay may take the rows before this call does (SKIP LOCKED): wait for both published again.
    await t.graph.host!.bus!.relayNow();
    await waitFor(
      async () =>
        rowsOf<{ n: number }>(
          await ordersDb.execute(sql`select count(*)::int as n from orders.outbox where topic = 'OrderCompleted' and published_at is not null`),
        )[0]?.n === orders!.length,
      { what: 'the OrderCompleted events published again' },
    );
    await waitFor(
      async () => {
        const open = rowsOf<{ n: number }>(
          await ordersDb.execute(sql`select count(*)::int as n from pgboss.job where name = 'members-OrderCompleted' and state <> 'completed'`),
        );
        return open[0]?.n === 0;
      },
      { what: 'the redelivered OrderCompleted to be handled' },
    );
    expect(await points()).toBe(balanceAfter);
    const ledger = await t.gql<{ stockLedgerCheck: { ok: boolean } }>('{ stockLedgerCheck { ok mismatches { stockLevelId } } }', undefined, t.tokens.admin);
    expect(ledger.data!.stockLedgerCheck.ok).toBe(true);
    const member = await t.gql<{ me: { pointsBalance: number; pointsEntries: { nodes: { points: number }[] } } }>(
      '{ me { pointsBalance pointsEntries(first: 100) { nodes { points } } } }',
      undefined,
      t.tokens.customer,
    );
    expect(member.data!.me.pointsEntries.nodes.reduce((sum, e) => sum + e.points, 0)).toBe(member.data!.me.pointsBalance);
    expect([await availableOf(t, skuA.id), await availableOf(t, skuB.id)]).toEqual([stockBefore[0]! - 2, stockBefore[1]! - 1]);
  });
});
