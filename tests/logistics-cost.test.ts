import { waitFor } from '@zhongtai/kit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startKuaidi100Fake, type Kuaidi100Fake } from '../subgraphs/fulfillment/test/kuaidi100Fake.ts';
import { startTestGraph, type TestGraph } from './support/graph.ts';
import { demoSku, must, newOrderId, orderPaid, publishOrderPaid, reserveAndCommit, RUN, warehouseWith } from './support/fulfillment.ts';

/**
 * 真实物流成本 through the gateway: parcels shipped by the warehouse carry the freight the customer
 * paid and their packed weight; a carrier's bill sets their real cost; margins are listed per
 * parcel and per shop, and a merchant sees and imports only for its own shop.
 */
let t: TestGraph;
let fake: Kuaidi100Fake;
const saved = { ...process.env };
beforeAll(async () => {
  fake = await startKuaidi100Fake();
  t = await startTestGraph();
  // Read when used: 快递100 pushes to the gateway this test started.
  Object.assign(process.env, fake.env, { CARRIER_CALLBACK_BASE_URL: new URL(t.graph.url).origin });
});
afterAll(async () => {
  for (const key of [...Object.keys(fake?.env ?? {}), 'CARRIER_CALLBACK_BASE_URL']) {
    if (saved[key] === undefined) delete process.env[key];
    else process.env[key] = saved[key];
  }
  await t?.stop();
  await fake?.close();
});

interface Parcel {
  id: string;
  trackingNumber: string;
  freightCharged: { amount: string } | null;
  packedWeightGrams: number | null;
}
const PARCEL = 'id trackingNumber freightCharged { amount } packedWeightGrams';

/** A paid order of `shopId` with `freight`, shipped from the warehouse with the sandbox carrier; once weighed. */
async function shippedParcel(shopId: string, freight: string, skuId: string, carrierCode = 'SANDBOX'): Promise<Parcel> {
  const orderId = newOrderId();
  const [held] = await reserveAndCommit(t, orderId, [{ skuId, quantity: 2 }]);
  const source = { kind: 'WAREHOUSE' as const, warehouseId: held!.warehouseId };
  const event = orderPaid(orderId, shopId, [{ orderLineId: `${orderId}-1`, skuId, quantity: 2, productType: 'PHYSICAL', source }]);
  await publishOrderPaid(t, { ...event, money: { ...event.money, freight } });
  const outboundOrderId = await waitFor(
    async () => {
      const res = await must(t, 'query($o: ID!) { shippingNotices(first: 1, filter: { orderId: $o }) { nodes { outboundOrderId } } }', { o: orderId });
      return res.shippingNotices.nodes[0]?.outboundOrderId as string | undefined;
    },
    { what: `the outbound order of ${orderId}` },
  );
  const action = (name: string) => `mutation($i: OutboundOrderActionInput!) { ${name}(input: $i) { outboundOrder { status } userErrors { code message } } }`;
  await must(t, action('pickOutboundOrder'), { i: { id: outboundOrderId } });
  await must(t, action('packOutboundOrder'), { i: { id: outboundOrderId } });
  await must(t, 'mutation($i: ShipOutboundOrderInput!) { shipOutboundOrder(input: $i) { outboundOrder { status } userErrors { code message } } }', {
    i: { id: outboundOrderId, carrierCode, trackingNumber: `LC${RUN}${orderId.slice(-8)}` },
  });
  return waitFor(
    async () => {
      const res = await must<{ shipments: { nodes: Parcel[] } }>(t, `query($o: ID!) { shipments(first: 1, filter: { orderId: $o }) { nodes { ${PARCEL} } } }`, {
        o: orderId,
      });
      const parcel = res.shipments.nodes[0];
      return parcel?.packedWeightGrams != null ? parcel : undefined;
    },
    { what: `the weighed parcel of ${orderId}` },
  );
}

const IMPORT = `mutation($input: ImportCarrierBillInput!) { importCarrierBill(input: $input) {
  carrierBill { id billNumber lineCount totalCost { amount } shop { id }
    summary { matched unknownWaybills duplicates weightMismatches }
    lines(first: 10) { nodes { lineNumber waybill weightGrams cost { amount } status weightMismatch packedWeightGrams shipment { id } } } }
  userErrors { field code message } } }`;
type Imported = {
  importCarrierBill: {
    carrierBill: {
      id: string;
      lineCount: number;
      shop: { id: string } | null;
      summary: Record<string, number>;
      lines: {
        nodes: { lineNumber: number; waybill: string; status: string; weightMismatch: boolean; shipment: { id: string } | null; cost: { amount: string } }[];
      };
    } | null;
    userErrors: { field: string[]; code: string; message: string }[];
  };
};
const csv = (lines: string[]) => ['waybill,weight_grams,cost', ...lines].join('\n');
const importBill = (input: Record<string, unknown>, token = t.tokens.admin) => t.gql<Imported>(IMPORT, { input: { carrierCode: 'SANDBOX', ...input } }, token);

let a1: Parcel;
let a2: Parcel;
let b1: Parcel;
let adminBill: string;
const period = { from: new Date(Date.now() - 86_400_000).toISOString(), to: new Date(Date.now() + 86_400_000).toISOString() };

describe('real logistics cost (真实物流成本) through the gateway', () => {
  it('parcels carry the freight charged and the packed weight from the SKUs', async () => {
    const sku = demoSku(3);
    await warehouseWith(t, [{ skuId: sku, quantity: 20 }]);
    a1 = await shippedParcel(t.shopA, '12.00', sku);
    a2 = await shippedParcel(t.shopA, '8.00', sku);
    b1 = await shippedParcel(t.shopB, '10.00', sku);
    expect([a1.freightCharged, a2.freightCharged, b1.freightCharged]).toEqual([{ amount: '12.00' }, { amount: '8.00' }, { amount: '10.00' }]);
    expect(a1.packedWeightGrams).toBeGreaterThan(0);
    expect(a2.packedWeightGrams).toBe(a1.packedWeightGrams);
  });

  it('an operator’s bill with one unknown waybill and one overweight line is matched and flagged exactly so; again, it is the same bill', async () => {
    const heavy = a2.packedWeightGrams! + 5000;
    const input = {
      billNumber: `SBX-${RUN}-1`,
      csv: csv([`${a1.trackingNumber},${a1.packedWeightGrams},10.00`, `NOSUCH${RUN},800,5.00`, `${a2.trackingNumber},${heavy},15.00`]),
    };
    const res = await importBill(input);
    expect(res.errors).toBeUndefined();
    const bill = res.data!.importCarrierBill.carrierBill!;
    adminBill = bill.id;
    expect(bill.shop).toBeNull();
    expect(bill.summary).toEqual({ matched: 2, unknownWaybills: 1, duplicates: 0, weightMismatches: 1 });
    expect(bill.lines.nodes.map((l) => [l.lineNumber, l.waybill, l.status, l.weightMismatch, l.shipment?.id ?? null, l.cost.amount])).toEqual([
      [2, a1.trackingNumber, 'MATCHED', false, a1.id, '10.00'],
      [3, `NOSUCH${RUN}`, 'UNKNOWN_WAYBILL', false, null, '5.00'],
      [4, a2.trackingNumber, 'MATCHED', true, a2.id, '15.00'],
    ]);
    const again = (await importBill(input)).data!.importCarrierBill;
    expect(again.carrierBill?.id).toBe(bill.id);
    const repeated = (await importBill({ billNumber: `SBX-${RUN}-2`, csv: csv([`${a1.trackingNumber},100,99.00`]) })).data!.importCarrierBill;
    expect(repeated.carrierBill?.lines.nodes.map((l) => l.status)).toEqual(['DUPLICATE']);
    const bad = (await importBill({ billNumber: `SBX-${RUN}-3`, csv: csv(['SF1,100,1.5']) })).data!.importCarrierBill;
    expect(bad).toEqual({
      carrierBill: null,
      userErrors: [{ field: ['input', 'csv', '2'], code: 'INVALID', message: 'Line 2: Cost "1.5" is not an amount in yuan with two decimals, e.g. 12.50' }],
    });
  });

  it('lists parcels by freight margin and totals it per shop', async () => {
    const byMargin = await must(
      t,
      `query($shop: ID!) { shipments(first: 10, filter: { shopId: $shop }, sort: MARGIN_ASC) { nodes { id freightCharged { amount } realCost { amount } freightMargin { amount } billedWeightGrams } } }`,
      { shop: t.shopA },
    );
    expect(byMargin.shipments.nodes).toEqual([
      {
        id: a2.id,
        freightCharged: { amount: '8.00' },
        realCost: { amount: '15.00' },
        freightMargin: { amount: '-7.00' },
        billedWeightGrams: a2.packedWeightGrams! + 5000,
      },
      {
        id: a1.id,
        freightCharged: { amount: '12.00' },
        realCost: { amount: '10.00' },
        freightMargin: { amount: '2.00' },
        billedWeightGrams: a1.packedWeightGrams,
      },
    ]);
    const losing = await must(t, `{ shipments(first: 10, filter: { marginBelow: { amount: "0.00", currencyCode: CNY } }) { nodes { id } } }`, {});
    expect(losing.shipments.nodes).toEqual([{ id: a2.id }]);
    const unreadable = await t.gql(
      `{ shipments(first: 1, filter: { marginBelow: { amount: "1.001", currencyCode: CNY } }) { nodes { id } } }`,
      {},
      t.tokens.admin,
    );
    expect(unreadable.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const uncosted = await must(t, `query($shop: ID!) { shipments(first: 10, filter: { shopId: $shop, costed: false }) { nodes { id } } }`, { shop: t.shopB });
    expect(uncosted.shipments.nodes.map((n: { id: string }) => n.id)).toContain(b1.id);
    const totals = await must(
      t,
      `query($from: DateTime!, $to: DateTime!) { freightMargins(from: $from, to: $to) { shop { id } costedShipments freightCharged { amount } realCost { amount } margin { amount } } }`,
      period,
    );
    expect(totals.freightMargins).toEqual([
      { shop: { id: t.shopA }, costedShipments: 2, freightCharged: { amount: '20.00' }, realCost: { amount: '25.00' }, margin: { amount: '-5.00' } },
    ]);
  });

  it('a merchant imports for its own shop only and sees only its own costs', async () => {
    const res = await importBill(
      { billNumber: `SBX-${RUN}-B`, csv: csv([`${b1.trackingNumber},${b1.packedWeightGrams},9.00`, `${a1.trackingNumber},100,1.00`]) },
      t.tokens.merchantB,
    );
    expect(res.errors).toBeUndefined();
    const bill = res.data!.importCarrierBill.carrierBill!;
    expect(bill.shop).toEqual({ id: t.shopB });
    // Shop A's parcel is not reachable from shop B's bill: to it, that waybill is unknown.
    expect(bill.lines.nodes.map((l) => [l.status, l.shipment?.id ?? null])).toEqual([
      ['MATCHED', b1.id],
      ['UNKNOWN_WAYBILL', null],
    ]);
    const foreign = await importBill({ billNumber: `SBX-${RUN}-X`, shopId: t.shopA, csv: csv([`${a2.trackingNumber},100,1.00`]) }, t.tokens.merchantB);
    expect(foreign.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');

    const margins = `query($from: DateTime!, $to: DateTime!) { freightMargins(from: $from, to: $to) { shop { id } costedShipments margin { amount } } }`;
    expect((await must(t, margins, period, t.tokens.merchantB)).freightMargins).toEqual([
      { shop: { id: t.shopB }, costedShipments: 1, margin: { amount: '1.00' } },
    ]);
    expect((await must(t, margins, period, t.tokens.merchantA)).freightMargins).toEqual([
      { shop: { id: t.shopA }, costedShipments: 2, margin: { amount: '-5.00' } },
    ]);
    const costs = await must(t, `{ shipments(first: 20, sort: MARGIN_ASC) { nodes { id } } }`, {}, t.tokens.merchantB);
    expect(costs.shipments.nodes).toEqual([{ id: b1.id }]);
    const otherShop = await t.gql(
      `query($shop: ID!) { shipments(first: 5, filter: { shopId: $shop }, sort: MARGIN_ASC) { nodes { id } } }`,
      { shop: t.shopA },
      t.tokens.merchantB,
    );
    expect(otherShop.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');

    const bills = await must(t, `{ carrierBills(first: 10) { nodes { id shop { id } } } }`, {}, t.tokens.merchantB);
    expect(bills.carrierBills.nodes).toEqual([{ id: bill.id, shop: { id: t.shopB } }]);
    const platformBill = await t.gql(`query($id: ID!) { carrierBill(id: $id) { id } }`, { id: adminBill }, t.tokens.merchantB);
    expect(platformBill.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });
});

describe('快递100 tracking through the gateway', () => {
  it('a parcel of a 快递100 carrier is subscribed when it ships; a forged push changes nothing, a signed one delivers it', async () => {
    const code = `K100${RUN}`.toUpperCase();
    const created = await must(
      t,
      'mutation($i: CreateCarrierInput!) { createCarrier(input: $i) { carrier { code trackingAdapter trackingCompanyCode } userErrors { code message } } }',
      { i: { code, name: '圆通 via 快递100', trackingAdapter: 'KUAIDI100', trackingCompanyCode: 'yuantong' } },
    );
    expect(created.createCarrier.carrier).toEqual({ code, trackingAdapter: 'KUAIDI100', trackingCompanyCode: 'yuantong' });
    const parcel = await shippedParcel(t.shopA, '6.00', demoSku(3), code);
    const STATE = `query($id: ID!) { shipment(id: $id) { status trackingSubscription { adapter status } timeline { status } } }`;
    await waitFor(async () => (await must(t, STATE, { id: parcel.id })).shipment.trackingSubscription?.status === 'SUBSCRIBED', {
      what: 'the 快递100 subscription',
    });
    expect(fake.subscriptions.get(`yuantong:${parcel.trackingNumber}`)?.parameters.callbackurl).toBe(
      `${new URL(t.graph.url).origin}/hooks/fulfillment/kuaidi100/push`,
    );

    const history = [
      { ftime: '2026-03-02 15:30:00', context: '已签收', status: '签收' },
      { ftime: '2026-03-01 09:00:00', context: '已揽收', status: '揽收' },
    ];
    const forged = await fake.push(parcel.trackingNumber, { state: '3', data: history }, { salt: 'guessed' });
    expect(forged).toEqual({ status: 401, body: { result: false, returnCode: '401', message: '签名错误 bad signature' } });
    expect((await must(t, STATE, { id: parcel.id })).shipment).toMatchObject({ status: 'SHIPPED', timeline: [] });

    expect(await fake.push(parcel.trackingNumber, { state: '3', data: history })).toEqual({
      status: 200,
      body: { result: true, returnCode: '200', message: '成功' },
    });
    expect((await must(t, STATE, { id: parcel.id })).shipment).toEqual({
      status: 'DELIVERED',
      trackingSubscription: { adapter: 'KUAIDI100', status: 'ENDED' },
      timeline: [{ status: 'PICKED_UP' }, { status: 'DELIVERED' }],
    });
  });
});
