import { procurementService, seedId } from '@zhongtai/kit';
import { waitFor } from '@zhongtai/kit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { must, RUN } from './support/fulfillment.ts';
import { startTestGraph, type TestGraph } from './support/graph.ts';
import { ADDRESS, availableOf, buyableSkus, orderStatus, payCheckout, PLACE_ORDER, shipOrder, type BuyableSku } from './support/shopping.ts';

/**
 * 代发 drop-shipping through the gateway: a merchant's supplier ships a SKU instead of a
 * warehouse; checkout holds no warehouse stock for it; fulfillment makes a SUPPLIER notice; the
 * merchant records the supplier's parcel and the carrier delivers it like any other.
 */
let t: TestGraph;
let dropSku: BuyableSku;
let warehouseSku: BuyableSku;
let skuOfB: BuyableSku;
let supplierId: string;

beforeAll(async () => {
  t = await startTestGraph();
  [dropSku, warehouseSku] = (await buyableSkus(t, t.shopA, 2)) as [BuyableSku, BuyableSku];
  skuOfB = (await buyableSkus(t, t.shopB, 1))[0]!;
});
afterAll(async () => {
  await t?.stop();
});

const CREATE =
  'mutation($i: CreateSupplierInput!) { createSupplier(input: $i) { supplier { id code shop { id } contactPhone status } userErrors { field code message } } }';
const OFFERS =
  'mutation($i: SetDropShipOffersInput!) { setDropShipOffers(input: $i) { dropShipOffers { sku { id } supplyPrice { amount currencyCode } active } userErrors { field code message } } }';
const DROP_SHIP = 'query($id: ID!) { sku(id: $id) { id dropShip { active supplyPrice { amount } supplier { id code status contactPhone } } } }';
const cny = (amount: string) => ({ amount, currencyCode: 'CNY' });
const codes = (errors: { field: string[]; code: string }[]) => errors.map((e) => `${e.field.join('.')}:${e.code}`);

type Line = {
  id: string;
  sku: { id: string };
  quantity: number;
  fulfillmentSource: string;
  fulfillment: string;
  warehouseId: string | null;
  supplierId: string | null;
  supplier: { id: string; name: string } | null;
};
const ORDER =
  'query($id: ID!) { order(id: $id) { status lines { id sku { id } quantity fulfillmentSource fulfillment warehouseId supplierId supplier { id name } } } }';
const orderLines = async (orderId: string, token = t.tokens.merchantA) =>
  (await must<{ order: { status: string; lines: Line[] } }>(t, ORDER, { id: orderId }, token)).order.lines;

async function place(key: string, lines: { skuId: string; quantity: number }[]) {
  const placed = await must<{ placeOrder: { checkout: { paymentId: string }; orders: { id: string }[] } }>(
    t,
    PLACE_ORDER,
    { input: { idempotencyKey: `${key}-${RUN}`, lines, address: ADDRESS } },
    t.tokens.customer,
  );
  return { paymentId: placed.placeOrder.checkout.paymentId, orderId: placed.placeOrder.orders[0]!.id };
}

describe('suppliers are the shop’s own', () => {
  it('a merchant creates a supplier; another shop’s merchant neither sees it nor uses it', async () => {
    const created = await must(
      t,
      CREATE,
      { i: { code: `DS-${RUN}`, name: '义乌代发仓 Yiwu Drop-ship', contactName: '陈立', contactPhone: '+86 579 8500 1234' } },
      t.tokens.merchantA,
    );
    expect(created.createSupplier.supplier).toMatchObject({ shop: { id: t.shopA }, contactPhone: '+8657985001234', status: 'ACTIVE' });
    supplierId = created.createSupplier.supplier.id;

    const again = await t.gql(CREATE, { i: { code: `ds-${RUN}`, name: 'Same code' } }, t.tokens.merchantA);
    expect(codes(again.data!.createSupplier.userErrors)).toEqual(['input.code:TAKEN']);
    const noShop = await t.gql(CREATE, { i: { code: 'X1', name: 'An operator must say whose' } }, t.tokens.admin);
    expect(codes(noShop.data!.createSupplier.userErrors)).toEqual(['input.shopId:REQUIRED']);

    const seenByB = await t.gql('query($id: ID!) { supplier(id: $id) { id name } }', { id: supplierId }, t.tokens.merchantB);
    expect(seenByB.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const listOfB = await must<{ suppliers: { nodes: { id: string }[] } }>(t, '{ suppliers(first: 100) { nodes { id } } }', {}, t.tokens.merchantB);
    expect(listOfB.suppliers.nodes.map((s) => s.id)).not.toContain(supplierId);
    expect(
      (await t.gql('query($s: ID!) { suppliers(first: 5, shopId: $s) { nodes { id } } }', { s: t.shopA }, t.tokens.merchantB)).errors?.[0]?.extensions?.code,
    ).toBe('FORBIDDEN');
    expect((await t.gql('{ suppliers(first: 5) { nodes { id } } }', {}, t.tokens.customer)).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const listOfA = await must<{ suppliers: { nodes: { id: string }[] } }>(
      t,
      '{ suppliers(first: 100, status: ACTIVE) { nodes { id } } }',
      {},
      t.tokens.merchantA,
    );
    expect(listOfA.suppliers.nodes.map((s) => s.id)).toContain(supplierId);

    const supplierOfB = (await must(t, CREATE, { i: { code: `B-${RUN}`, name: '杭州供货商' } }, t.tokens.merchantB)).createSupplier.supplier.id;
    const onAsSku = await t.gql(OFFERS, { i: { supplierId: supplierOfB, offers: [{ skuId: dropSku.id, supplyPrice: cny('1.00') }] } }, t.tokens.merchantB);
    expect(codes(onAsSku.data!.setDropShipOffers.userErrors)).toEqual(['input.offers.0.skuId:INVALID']);
    expect(onAsSku.data!.setDropShipOffers.userErrors[0].message).toMatch(/Row 1: .* belongs to another shop/);
    const withAsSupplier = await t.gql(OFFERS, { i: { supplierId, offers: [{ skuId: skuOfB.id, supplyPrice: cny('1.00') }] } }, t.tokens.merchantB);
    expect(codes(withAsSupplier.data!.setDropShipOffers.userErrors)).toEqual(['input.supplierId:NOT_FOUND']);
  });

  it('assigns a SKU of the shop as drop-shipped, one supplier per SKU, visible to the shop only', async () => {
    const set = await must(t, OFFERS, { i: { supplierId, offers: [{ skuId: dropSku.id, supplyPrice: cny('12.50') }] } }, t.tokens.merchantA);
    expect(set.setDropShipOffers.dropShipOffers).toEqual([{ sku: { id: dropSku.id }, supplyPrice: { amount: '12.50', currencyCode: 'CNY' }, active: true }]);

    const other = (await must(t, CREATE, { i: { code: `DS2-${RUN}`, name: '第二供应商' } }, t.tokens.merchantA)).createSupplier.supplier.id;
    const taken = await t.gql(OFFERS, { i: { supplierId: other, offers: [{ skuId: dropSku.id, supplyPrice: cny('11.00') }] } }, t.tokens.merchantA);
    expect(codes(taken.data!.setDropShipOffers.userErrors)).toEqual(['input.offers.0.skuId:TAKEN']);

    expect((await must(t, DROP_SHIP, { id: dropSku.id }, t.tokens.merchantA)).sku.dropShip).toEqual({
      active: true,
      supplyPrice: { amount: '12.50' },
      supplier: { id: supplierId, code: `DS-${RUN}`, status: 'ACTIVE', contactPhone: '+8657985001234' },
    });
    // Catalog already refuses B the SKU; asked directly, procurement tells B nothing either.
    const entities = '{ _entities(representations: [{ __typename: "Sku", id: "%" }]) { ... on Sku { dropShip { active } } } }'.replace('%', dropSku.id);
    const direct = await t.graph.host!.center('procurement').execute({ query: entities }, new Headers({ authorization: `Bearer ${t.tokens.merchantB}` }));
    expect(direct.data).toEqual({ _entities: [{ dropShip: null }] });
  });

  it('the demo supplier ships two unstocked SKUs of the demo shop', async () => {
    for (const n of [57, 58]) {
      const res = await must(t, 'query($id: ID!) { sku(id: $id) { shop { id } dropShip { supplier { code status } } } }', { id: seedId('sku', n) });
      expect(res.sku).toEqual({ shop: { id: t.shopA }, dropShip: { supplier: { code: 'HW-SZ-DS', status: 'ACTIVE' } } });
    }
    // The checkout's contract: only SKUs with an active offer of an ACTIVE supplier come back.
    const { dropShipSources } = await t.graph
      .host!.serviceClient('tests')
      .call(procurementService.dropShipSources, { skuIds: [seedId('sku', 57), seedId('sku', 1)] });
    expect(dropShipSources).toEqual([{ skuId: seedId('sku', 57), supplierId: seedId('sup', 1) }]);
  });
});

describe('a drop-shipped order', () => {
  it('holds no warehouse stock for the supplier’s line, ships as two parcels and completes', async () => {
    const before = { drop: await availableOf(t, dropSku.id), warehouse: await availableOf(t, warehouseSku.id) };
    const { paymentId, orderId } = await place('mixed', [
      { skuId: dropSku.id, quantity: 2 },
      { skuId: warehouseSku.id, quantity: 1 },
    ]);

    const lines = await orderLines(orderId);
    const dropLine = lines.find((l) => l.sku.id === dropSku.id)!;
    const warehouseLine = lines.find((l) => l.sku.id === warehouseSku.id)!;
    expect(dropLine).toMatchObject({
      fulfillmentSource: 'SUPPLIER',
      supplierId,
      warehouseId: null,
      supplier: { id: supplierId, name: '义乌代发仓 Yiwu Drop-ship' },
    });
    expect(warehouseLine).toMatchObject({ fulfillmentSource: 'WAREHOUSE', supplierId: null, supplier: null });
    expect(warehouseLine.warehouseId).toBeTruthy();
    // The customer sees where a line ships from, not who the supplier is.
    expect((await orderLines(orderId, t.tokens.customer)).find((l) => l.id === dropLine.id)).toMatchObject({ fulfillmentSource: 'SUPPLIER', supplier: null });
    expect({ drop: await availableOf(t, dropSku.id), warehouse: await availableOf(t, warehouseSku.id) }).toEqual({
      drop: before.drop,
      warehouse: before.warehouse - 1,
    });

    await payCheckout(t, paymentId, [orderId]);
    type Notice = {
      id: string;
      kind: string;
      status: string;
      supplierId: string | null;
      warehouseId: string | null;
      lines: { orderLineId: string; quantity: number }[];
    };
    const notices = await waitFor(
      async () => {
        const res = await must<{ order: { shippingNotices: Notice[] } }>(
          t,
          'query($id: ID!) { order(id: $id) { shippingNotices { id kind status supplierId warehouseId lines { orderLineId quantity } } } }',
          { id: orderId },
        );
        return res.order.shippingNotices.length === 2 && res.order.shippingNotices;
      },
      { what: 'two shipping notices' },
    );
    const supplierNotice = notices.find((n) => n.kind === 'SUPPLIER')!;
    const warehouseNotice = notices.find((n) => n.kind === 'WAREHOUSE')!;
    expect(supplierNotice).toMatchObject({ supplierId, warehouseId: null, status: 'PENDING', lines: [{ orderLineId: dropLine.id, quantity: 2 }] });
    expect(warehouseNotice).toMatchObject({
      supplierId: null,
      warehouseId: warehouseLine.warehouseId,
      lines: [{ orderLineId: warehouseLine.id, quantity: 1 }],
    });
    const work = await must(
      t,
      'query($id: ID!) { supplier(id: $id) { shippingNotices(first: 10, status: PENDING) { totalCount nodes { id supplier { name } order { id } } } } }',
      { id: supplierId },
      t.tokens.merchantA,
    );
    expect(work.supplier.shippingNotices).toEqual({
      totalCount: 1,
      nodes: [{ id: supplierNotice.id, supplier: { name: '义乌代发仓 Yiwu Drop-ship' }, order: { id: orderId } }],
    });
    const orders = await must<{ orders: { nodes: { id: string }[] } }>(
      t,
      'query($s: ID!) { orders(first: 10, filter: { supplierId: $s }) { nodes { id } } }',
      { s: supplierId },
      t.tokens.merchantA,
    );
    expect(orders.orders.nodes.map((o) => o.id)).toEqual([orderId]);

    await shipOrder(t, orderId);
    const shipped = await must(
      t,
      'mutation($i: ShipDropShipNoticeInput!) { shipDropShipNotice(input: $i) { shipment { id status supplierId } userErrors { field code message } } }',
      { i: { shippingNoticeId: supplierNotice.id, carrierCode: 'SANDBOX', trackingNumber: `DS${RUN}${orderId.slice(-6)}` } },
      t.tokens.merchantA,
    );
    expect(shipped.shipDropShipNotice.shipment).toMatchObject({ status: 'SHIPPED', supplierId });
    await waitFor(async () => (await orderLines(orderId)).every((l) => l.fulfillment === 'SHIPPED'), { what: 'both lines shipped' });
    expect(await orderStatus(t, orderId)).toBe('SHIPPED');
    // 代发时效: the supplier's rating counts the line shipped within 48 hours of payment (procurement).
    const rating = await waitFor(
      async () =>
        (
          await must<{ supplier: { rating: { dropShipShipped: number; dropShipInTime: number; dropShipRate: number; score: number } | null } }>(
            t,
            'query($id: ID!) { supplier(id: $id) { rating { dropShipShipped dropShipInTime dropShipRate score } } }',
            { id: supplierId },
            t.tokens.merchantA,
          )
        ).supplier.rating ?? undefined,
      { what: 'the drop-shipper rated' },
    );
    expect(rating).toEqual({ dropShipShipped: 1, dropShipInTime: 1, dropShipRate: 1, score: 100 });

    const { order } = await must<{ order: { shipments: { id: string }[] } }>(t, 'query($id: ID!) { order(id: $id) { shipments { id } } }', { id: orderId });
    expect(order.shipments).toHaveLength(2);
    for (const shipment of order.shipments) {
      for (let step = 0; step < 6; step++) {
        const res = await must(t, 'mutation($id: ID!) { sandboxAdvanceShipment(shipmentId: $id) { result { status } userErrors { code } } }', {
          id: shipment.id,
        });
        if (res.sandboxAdvanceShipment.result?.status === 'DELIVERED') break;
      }
    }
    await waitFor(async () => (await orderStatus(t, orderId)) === 'DELIVERED', { what: `order ${orderId} delivered` });
    expect((await orderLines(orderId)).map((l) => l.fulfillment)).toEqual(['DELIVERED', 'DELIVERED']);
    const confirmed = await must(
      t,
      'mutation($id: ID!) { confirmReceipt(input: { orderId: $id }) { order { status } userErrors { code } } }',
      { id: orderId },
      t.tokens.customer,
    );
    expect(confirmed.confirmReceipt.order.status).toBe('COMPLETED');

    expect({ drop: await availableOf(t, dropSku.id), warehouse: await availableOf(t, warehouseSku.id) }).toEqual({
      drop: before.drop,
      warehouse: before.warehouse - 1,
    });
    expect((await must(t, '{ stockLedgerCheck { ok } }', {})).stockLedgerCheck.ok).toBe(true);
  });

  it('cancelled unpaid, it gives back nothing it never held and closes cleanly', async () => {
    const before = await availableOf(t, dropSku.id);
    const { orderId } = await place('cancel', [{ skuId: dropSku.id, quantity: 1 }]);
    const cancelled = await must(
      t,
      'mutation($id: ID!) { cancelOrder(input: { orderId: $id }) { order { status } userErrors { code } } }',
      { id: orderId },
      t.tokens.customer,
    );
    expect(cancelled.cancelOrder.order.status).toBe('CANCELLED');
    await t.graph.host!.bus!.relayNow();
    expect(await availableOf(t, dropSku.id)).toBe(before);
  });

  it('a suspended supplier’s offer is not used: the SKU ships from a warehouse like any other', async () => {
    await must(
      t,
      'mutation($i: SetSupplierStatusInput!) { setSupplierStatus(input: $i) { supplier { status } userErrors { code } } }',
      { i: { id: supplierId, status: 'SUSPENDED' } },
      t.tokens.merchantA,
    );
    const before = await availableOf(t, dropSku.id);
    const { orderId } = await place('suspended', [{ skuId: dropSku.id, quantity: 1 }]);
    const [line] = await orderLines(orderId);
    expect(line).toMatchObject({ fulfillmentSource: 'WAREHOUSE', supplierId: null });
    expect(await availableOf(t, dropSku.id)).toBe(before - 1);
    // The offer is kept for when the supplier is active again.
    expect((await must(t, DROP_SHIP, { id: dropSku.id }, t.tokens.merchantA)).sku.dropShip.supplier.status).toBe('SUSPENDED');

    await must(t, 'mutation($id: ID!) { cancelOrder(input: { orderId: $id }) { order { status } userErrors { code } } }', { id: orderId }, t.tokens.customer);
    await waitFor(async () => (await availableOf(t, dropSku.id)) === before, { what: 'the warehouse stock given back' });
  });

  it('a removed offer frees the SKU for another supplier', async () => {
    const removed = await must(
      t,
      'mutation($s: ID!) { removeDropShipOffer(input: { skuId: $s }) { dropShipOffer { active } userErrors { code } } }',
      { s: dropSku.id },
      t.tokens.merchantA,
    );
    expect(removed.removeDropShipOffer.dropShipOffer.active).toBe(false);
    expect((await must(t, DROP_SHIP, { id: dropSku.id }, t.tokens.merchantA)).sku.dropShip).toBeNull();
    const again = await t.gql('mutation($s: ID!) { removeDropShipOffer(input: { skuId: $s }) { userErrors { code } } }', { s: dropSku.id }, t.tokens.merchantA);
    expect(again.data!.removeDropShipOffer.userErrors).toEqual([{ code: 'NOT_FOUND' }]);
  });
});

describe('Sku.dropShip', () => {
  it('a page of SKUs costs at most two queries in procurement (offers, then their suppliers), at any size', async () => {
    const page = async (n: number) => {
      t.counter.reset();
      const res = await must<{ skus: { nodes: { dropShip: { supplier: { name: string } } | null }[] } }>(
        t,
        `query($s: ID!) { skus(first: ${n}, filter: { shopId: $s }) { nodes { id dropShip { supplyPrice { amount } supplier { name } } } } }`,
        { s: t.shopA },
        t.tokens.merchantA,
      );
      expect(res.skus.nodes).toHaveLength(n);
      return t.counter.count('procurement');
    };
    expect(await page(5)).toBeLessThanOrEqual(2);
    expect(await page(100)).toBeLessThanOrEqual(2);
  });
});
