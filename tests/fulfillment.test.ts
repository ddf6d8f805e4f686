import { sql } from 'drizzle-orm';
import { waitFor } from '@zhongtai/kit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestGraph, type TestGraph } from './support/graph.ts';
import { carrierCallback, demoSku, must, newOrderId, orderPaid, publishOrderPaid, reserveAndCommit, RUN, warehouseWith } from './support/fulfillment.ts';

let t: TestGraph;
beforeAll(async () => {
  t = await startTestGraph();
});
afterAll(async () => {
  await t?.stop();
});

const NOTICES = `query($order: ID!) { shippingNotices(first: 10, filter: { orderId: $order }) { totalCount nodes {
  id kind status warehouseId supplierId outboundOrderId lines { orderLineId skuId quantity } } } }`;
const SHIPMENTS = `query($order: ID!) { shipments(first: 10, filter: { orderId: $order }) { nodes {
  id status progress carrierCode trackingNumber warehouseId packages { number lines { orderLineId quantity } }
  timeline { carrierEventId status applied } } } }`;

type Shipment = {
  id: string;
  status: string;
  progress: string;
  trackingNumber: string;
  warehouseId: string;
  packages: { lines: { orderLineId: string; quantity: number }[] }[];
  timeline: { carrierEventId: string; status: string; applied: boolean }[];
};
const shipmentsOf = async (orderId: string) => (await must<{ shipments: { nodes: Shipment[] } }>(t, SHIPMENTS, { order: orderId })).shipments.nodes;
const outboxEvents = async (topic: string, orderId: string) => {
  const db = t.graph.host!.database.forCenter('fulfillment');
  const rows = await db.execute(sql`select payload from fulfillment.outbox where topic = ${topic} and payload->>'orderId' = ${orderId}`);
  return (Array.isArray(rows) ? rows : (rows as unknown as { rows: unknown[] }).rows) as { payload: Record<string, any> }[];
};

async function shipOutbound(outboundOrderId: string, trackingNumber: string) {
  const action = (name: string) => `mutation($i: OutboundOrderActionInput!) { ${name}(input: $i) { outboundOrder { status } userErrors { code message } } }`;
  await must(t, action('pickOutboundOrder'), { i: { id: outboundOrderId } });
  await must(t, action('packOutboundOrder'), { i: { id: outboundOrderId } });
  await must(t, 'mutation($i: ShipOutboundOrderInput!) { shipOutboundOrder(input: $i) { outboundOrder { status } userErrors { code message } } }', {
    i: { id: outboundOrderId, carrierCode: 'SANDBOX', trackingNumber },
  });
}

describe('dispatch and logistics: from OrderPaid to DELIVERED', () => {
  const orderId = newOrderId();
  const [skuA, skuB] = [demoSku(3), demoSku(4)];
  let shipments: Shipment[] = [];

  it('a paid order held in two warehouses becomes two notices, two outbound orders and two shipments', async () => {
    const w1 = await warehouseWith(t, [{ skuId: skuA, quantity: 5 }]);
    const w2 = await warehouseWith(t, [{ skuId: skuB, quantity: 5 }]);
    const allocations = await reserveAndCommit(t, orderId, [
      { skuId: skuA, quantity: 2 },
      { skuId: skuB, quantity: 1 },
    ]);
    expect(allocations.map((a) => a.warehouseId)).toEqual([w1, w2]);

    await publishOrderPaid(
      t,
      orderPaid(orderId, t.shopA, [
        { orderLineId: `${orderId}-1`, skuId: skuA, quantity: 2, productType: 'PHYSICAL', source: { kind: 'WAREHOUSE', warehouseId: w1 } },
        { orderLineId: `${orderId}-2`, skuId: skuB, quantity: 1, productType: 'PHYSICAL', source: { kind: 'WAREHOUSE', warehouseId: w2 } },
      ]),
    );
    type Notices = {
      shippingNotices: {
        totalCount: number;
        nodes: {
          kind: string;
          status: string;
          warehouseId: string;
          outboundOrderId: string | null;
          lines: { orderLineId: string; skuId: string; quantity: number }[];
        }[];
      };
    };
    const notices = await waitFor(
      async () => {
        await t.graph.host!.bus!.relayNow();
        const list = (await must<Notices>(t, NOTICES, { order: orderId })).shippingNotices;
        return list.nodes.length === 2 && list.nodes.every((n) => n.outboundOrderId) && list.nodes;
      },
      { what: 'two notices with outbound orders' },
    );
    expect(notices.map((n) => [n.kind, n.status, n.warehouseId]).sort()).toEqual(
      [
        ['WAREHOUSE', 'OUTBOUND_REQUESTED', w1],
        ['WAREHOUSE', 'OUTBOUND_REQUESTED', w2],
      ].sort(),
    );
    expect(notices.find((n) => n.warehouseId === w1)!.lines).toEqual([{ orderLineId: `${orderId}-1`, skuId: skuA, quantity: 2 }]);

    const outbound = await must(t, 'query($o: ID!) { outboundOrders(first: 10, filter: { orderId: $o }) { nodes { id warehouseId status } } }', { o: orderId });
    expect(outbound.outboundOrders.nodes).toHaveLength(2);
    for (const notice of notices) await shipOutbound(notice.outboundOrderId!, `SBX${RUN}${notice.warehouseId.slice(-6)}`);

    shipments = await waitFor(
      async () => {
        await t.graph.host!.bus!.relayNow();
        const list = await shipmentsOf(orderId);
        return list.length === 2 && list;
      },
      { what: 'two shipments' },
    );
    const fromW1 = shipments.find((s) => s.warehouseId === w1)!;
    expect(fromW1).toMatchObject({ status: 'SHIPPED', trackingNumber: `SBX${RUN}${w1.slice(-6)}` });
    expect(fromW1.packages).toEqual([{ number: 1, lines: [{ orderLineId: `${orderId}-1`, quantity: 2 }] }]);
    const shipped = await outboxEvents('ShipmentShipped', orderId);
    expect(
      shipped
        .map((e) => e.payload.lines)
        .flat()
        .sort((a, b) => a.orderLineId.localeCompare(b.orderLineId)),
    ).toEqual([
      { orderLineId: `${orderId}-1`, quantity: 2 },
      { orderLineId: `${orderId}-2`, quantity: 1 },
    ]);
    const after = (await must<Notices>(t, NOTICES, { order: orderId })).shippingNotices.nodes;
    expect(after.map((n) => n.status)).toEqual(['SHIPPED', 'SHIPPED']);
  });

  it('a bad signature or a stale timestamp changes nothing (401)', async () => {
    const tracking = shipments[0]!.trackingNumber;
    const event = { eventId: `bad-${RUN}`, trackingNumber: tracking, status: 'DELIVERED', occurredAt: new Date().toISOString() };
    expect((await carrierCallback(t, event, { secret: 'not-the-secret' })).status).toBe(401);
    expect((await carrierCallback(t, event, { timestamp: Math.floor(Date.now() / 1000) - 3600 })).status).toBe(401);
    const now = (await shipmentsOf(orderId)).find((s) => s.trackingNumber === tracking)!;
    expect(now).toMatchObject({ status: 'SHIPPED', timeline: [] });
  });

  it('the same callback five times has one effect; an older event does not move the status back', async () => {
    const tracking = shipments[0]!.trackingNumber;
    const at = (min: number) => new Date(Date.now() - (60 - min) * 60_000).toISOString();
    const pickedUp = { eventId: `pu-${RUN}`, trackingNumber: tracking, status: 'PICKED_UP', occurredAt: at(1), location: '苏州' };
    const answers = [];
    for (let i = 0; i < 5; i++) answers.push(await carrierCallback(t, pickedUp));
    expect(answers.map((a) => [a.status, a.body.duplicate])).toEqual([
      [200, false],
      [200, true],
      [200, true],
      [200, true],
      [200, true],
    ]);

    expect((await carrierCallback(t, { eventId: `ofd-${RUN}`, trackingNumber: tracking, status: 'OUT_FOR_DELIVERY', occurredAt: at(30) })).body.status).toBe(
      'OUT_FOR_DELIVERY',
    );
    const late = await carrierCallback(t, { eventId: `it-${RUN}`, trackingNumber: tracking, status: 'IN_TRANSIT', occurredAt: at(10) });
    expect(late.body).toMatchObject({ status: 'OUT_FOR_DELIVERY', applied: false });

    const shipment = (await shipmentsOf(orderId)).find((s) => s.trackingNumber === tracking)!;
    expect(shipment.status).toBe('OUT_FOR_DELIVERY');
    expect(shipment.timeline).toEqual([
      { carrierEventId: `pu-${RUN}`, status: 'PICKED_UP', applied: true },
      { carrierEventId: `it-${RUN}`, status: 'IN_TRANSIT', applied: false },
      { carrierEventId: `ofd-${RUN}`, status: 'OUT_FOR_DELIVERY', applied: true },
    ]);
  });

  it('DELIVERED from signed callbacks (the sandbox carrier over HTTP) publishes ShipmentDelivered once', async () => {
    process.env.CARRIER_CALLBACK_BASE_URL = new URL(t.graph.url).origin;
    const [first, second] = shipments;
    const advance = 'mutation($id: ID!) { sandboxAdvanceShipment(shipmentId: $id) { result { status httpStatus } userErrors { code message } } }';
    expect((await must(t, advance, { id: first!.id })).sandboxAdvanceShipment.result).toEqual({ status: 'DELIVERED', httpStatus: 200 });
    const steps = [];
    for (let i = 0; i < 4; i++) steps.push((await must(t, advance, { id: second!.id })).sandboxAdvanceShipment.result.status);
    expect(steps).toEqual(['PICKED_UP', 'IN_TRANSIT', 'OUT_FOR_DELIVERY', 'DELIVERED']);
    const again = await t.gql(advance, { id: second!.id }, t.tokens.admin);
    expect(again.data?.sandboxAdvanceShipment.userErrors[0].code).toBe('INVALID_TRANSITION');
    await carrierCallback(t, { eventId: `dl-again-${RUN}`, trackingNumber: first!.trackingNumber, status: 'DELIVERED', occurredAt: new Date().toISOString() });

    expect((await shipmentsOf(orderId)).map((s) => s.status)).toEqual(['DELIVERED', 'DELIVERED']);
    const delivered = await outboxEvents('ShipmentDelivered', orderId);
    expect(delivered.map((e) => e.payload.shipmentId).sort()).toEqual([first!.id, second!.id].sort());
  });

  it('Order.shipments and Order.shippingNotices, batched, scoped to the shop', async () => {
    const query = 'query($r: [_Any!]!) { _entities(representations: $r) { ... on Order { id shipments { status } shippingNotices { status } } } }';
    const run = async (token: string) =>
      t.graph.host!.center('fulfillment').execute(
        {
          query,
          variables: {
            r: [
              { __typename: 'Order', id: orderId },
              { __typename: 'Order', id: 'ord_none' },
            ],
          },
        },
        new Headers({ authorization: `Bearer ${token}` }),
      );
    const asAdmin = (await run(t.tokens.admin)).data as { _entities: { shipments: unknown[]; shippingNotices: unknown[] }[] };
    expect(asAdmin._entities[0]!.shipments).toHaveLength(2);
    expect(asAdmin._entities[0]!.shippingNotices).toHaveLength(2);
    expect(asAdmin._entities[1]).toEqual({ id: 'ord_none', shipments: [], shippingNotices: [] });
    const asOtherShop = (await run(t.tokens.merchantB)).data as { _entities: { shipments: unknown[] }[] };
    expect(asOtherShop._entities[0]!.shipments).toEqual([]);
  });
});

describe('service and drop-shipped lines', () => {
  it('a service-only order gets vouchers and no notice or shipment', async () => {
    const orderId = newOrderId();
    await publishOrderPaid(
      t,
      orderPaid(orderId, t.shopA, [{ orderLineId: `${orderId}-1`, skuId: demoSku(5), quantity: 2, productType: 'SERVICE', source: { kind: 'NONE' } }]),
    );
    const vouchers = await waitFor(
      async () => {
        const list = (await must(t, 'query($o: ID!) { serviceVouchers(orderId: $o) { code orderLineId status } }', { o: orderId }, t.tokens.merchantA))
          .serviceVouchers as { code: string }[];
        return list.length === 2 && list;
      },
      { what: 'vouchers' },
    );
    expect(new Set(vouchers.map((v) => v.code)).size).toBe(2);
    const issued = await outboxEvents('ServiceVouchersIssued', orderId);
    expect(issued).toHaveLength(1);
    expect(issued[0]!.payload.lines).toHaveLength(1);
    expect(issued[0]!.payload.lines[0].orderLineId).toBe(`${orderId}-1`);
    expect([...issued[0]!.payload.lines[0].voucherCodes].sort()).toEqual(vouchers.map((v) => v.code).sort());
    expect((await must(t, NOTICES, { order: orderId })).shippingNotices.totalCount).toBe(0);
    expect(await shipmentsOf(orderId)).toEqual([]);

    const redeem = 'mutation($c: String!) { redeemServiceVoucher(input: { code: $c }) { serviceVoucher { status } userErrors { code } } }';
    expect((await t.gql(redeem, { c: vouchers[0]!.code }, t.tokens.merchantB)).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect((await t.gql(redeem, { c: vouchers[0]!.code }, t.tokens.merchantA)).data?.redeemServiceVoucher.serviceVoucher.status).toBe('REDEEMED');
    expect((await t.gql(redeem, { c: vouchers[0]!.code }, t.tokens.merchantA)).data?.redeemServiceVoucher.userErrors[0].code).toBe('INVALID_TRANSITION');
  });

  it('a drop-shipped line goes to its supplier; the merchant records the carrier and tracking number', async () => {
    const orderId = newOrderId();
    const supplierId = `sup_${RUN}`;
    await publishOrderPaid(
      t,
      orderPaid(orderId, t.shopA, [
        { orderLineId: `${orderId}-1`, skuId: demoSku(6), quantity: 3, productType: 'PHYSICAL', source: { kind: 'SUPPLIER', supplierId } },
      ]),
    );
    const notice = await waitFor(async () => (await must(t, NOTICES, { order: orderId })).shippingNotices.nodes[0], { what: 'the drop-ship notice' });
    expect(notice).toMatchObject({ kind: 'SUPPLIER', supplierId, status: 'PENDING', outboundOrderId: null });
    const ship =
      'mutation($i: ShipDropShipNoticeInput!) { shipDropShipNotice(input: $i) { shipment { status carrierCode trackingNumber } userErrors { field code } } }';
    const input = { shippingNoticeId: notice.id, carrierCode: 'sf', trackingNumber: `SF${RUN}` };
    expect((await t.gql(ship, { i: input }, t.tokens.merchantB)).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect((await t.gql(ship, { i: { ...input, carrierCode: 'NOPE' } }, t.tokens.merchantA)).data?.shipDropShipNotice.userErrors).toEqual([
      { field: ['input', 'carrierCode'], code: 'NOT_FOUND' },
    ]);
    expect((await must(t, ship, { i: input }, t.tokens.merchantA)).shipDropShipNotice.shipment).toEqual({
      status: 'SHIPPED',
      carrierCode: 'SF',
      trackingNumber: `SF${RUN}`,
    });
    expect((await t.gql(ship, { i: input }, t.tokens.merchantA)).data?.shipDropShipNotice.userErrors[0].code).toBe('INVALID_TRANSITION');
    expect((await outboxEvents('ShipmentShipped', orderId)).map((e) => e.payload.lines)).toEqual([[{ orderLineId: `${orderId}-1`, quantity: 3 }]]);
  });
});
