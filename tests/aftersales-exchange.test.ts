import { waitFor } from '@zhongtai/kit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decide, deliveredOrder, fileRequest, orderState, paidOrder, settled } from './support/aftersales.ts';
import { startTestGraph, type TestGraph } from './support/graph.ts';

type Sku = { id: string; price: string; spuId: string; warehouses: { id: string; available: number }[] };

/** 换货 through the gateway: the goods come back through WMS, a replacement goes out, no money moves. */
describe('exchange', () => {
  let t: TestGraph;
  let own: Sku; // bought
  let sibling: Sku; // another SKU of the same SPU, at the same price
  let stranger: Sku; // a SKU of another SPU

  const skusOfShop = async (): Promise<Sku[]> => {
    const res = await t.gql<{
      skus: {
        nodes: {
          id: string;
          status: string;
          price: { amount: string };
          spu: { id: string; status: string; productType: string };
          stock: { warehouses: { warehouse: { id: string }; available: number }[] | null } | null;
        }[];
      };
    }>(
      `query($shop: ID!) { skus(first: 100, filter: { shopId: $shop }) { nodes { id status price { amount } spu { id status productType } stock { warehouses { warehouse { id } available } } } } }`,
      { shop: t.shopA },
      t.tokens.admin,
    );
    if (res.errors) throw new Error(JSON.stringify(res.errors));
    return res
      .data!.skus.nodes.filter((s) => s.status === 'ACTIVE' && s.spu.status === 'ON_SALE' && s.spu.productType === 'PHYSICAL')
      .map((s) => ({
        id: s.id,
        price: s.price.amount,
        spuId: s.spu.id,
        warehouses: (s.stock?.warehouses ?? []).map((w) => ({ id: w.warehouse.id, available: w.available })),
      }));
  };
  const stocked = (s: Sku, n = 3) => s.warehouses.some((w) => w.available >= n);

  const setPrice = async (skuId: string, amount: string) => {
    const res = await t.gql<{ bulkUpdatePrices: { userErrors: unknown[] } }>(
      'mutation($input: BulkUpdatePricesInput!) { bulkUpdatePrices(input: $input) { userErrors { field code message } } }',
      {
        input: {
          rows: [{ skuId, salePrice: { amount, currencyCode: 'CNY' }, listPrice: { amount: (Number(amount) + 1000).toFixed(2), currencyCode: 'CNY' } }],
          reason: 'exchange test',
        },
      },
      t.tokens.admin,
    );
    expect(res.errors).toBeUndefined();
    expect(res.data!.bulkUpdatePrices.userErrors).toEqual([]);
  };

  beforeAll(async () => {
    t = await startTestGraph();
    const all = (await skusOfShop()).filter((s) => stocked(s));
    const bySpu = new Map<string, Sku[]>();
    for (const s of all) bySpu.set(s.spuId, [...(bySpu.get(s.spuId) ?? []), s]);
    const family = [...bySpu.values()].find((f) => f.length >= 2);
    if (!family) throw new Error('the demo shop has no SPU with two stocked SKUs');
    [own, sibling] = family as [Sku, Sku];
    stranger = all.find((s) => s.spuId !== own.spuId)!;
    // The sibling at the bought SKU's price: an exchange is for the same price.
    await setPrice(sibling.id, own.price);
  }, 120_000);
  afterAll(async () => {
    await t?.stop();
  });

  const delivered = async (key: string) => {
    const order = await paidOrder(t, key, [{ skuId: own.id, quantity: 1 }]);
    await deliveredOrder(t, order.id);
    return order;
  };

  type Money = { amount: string };
  const money = async (orderId: string) => {
    const res = await t.gql<{
      order: { status: string; payable: Money; refunded: Money; payments: { amount: Money; refundedAmount: Money; refunds: { id: string }[] }[] };
      me: { pointsBalance: number };
    }>(
      'query($id: ID!) { order(id: $id) { status payable { amount } refunded { amount } payments { amount { amount } refundedAmount { amount } refunds { id } } } me { pointsBalance } }',
      { id: orderId },
      t.tokens.customer,
    );
    if (res.errors) throw new Error(JSON.stringify(res.errors));
    return res.data!;
  };

  it('request, approval, return, WMS receipt, then a replacement of another SKU of the SPU ships; the request ends EXCHANGED and no money moves', async () => {
    const order = await delivered('as-exchange-1');
    const line = order.lines[0]!;
    const before = await money(order.id);
    const linesBefore = (await orderState(t, order.id)).lines;

    const filed = await fileRequest(t, {
      orderId: order.id,
      orderLineId: line.id,
      type: 'EXCHANGE',
      quantity: 1,
      reasonCode: 'SIZE_FIT',
      replacementSkuId: sibling.id,
    });
    expect(filed.data!.fileAfterSaleRequest.userErrors).toEqual([]);
    const request = filed.data!.fileAfterSaleRequest.request!;
    expect(request).toMatchObject({ type: 'EXCHANGE', status: 'PENDING', refundAmount: { amount: '0.00' } });
    const id = request.id;
    expect((await decide(t, 'approve', { id }, t.tokens.merchantA)).data!.result.request!.status).toBe('APPROVED');
    const shipped = await t.gql<{ submitAfterSaleReturnShipment: { request: { status: string } | null } }>(
      'mutation($input: SubmitAfterSaleReturnShipmentInput!) { submitAfterSaleReturnShipment(input: $input) { request { status } userErrors { code message } } }',
      { input: { id, carrierCode: 'SF', trackingNumber: 'SFEXCHANGE1' } },
      t.tokens.customer,
    );
    expect(shipped.data!.submitAfterSaleReturnShipment.request!.status).toBe('RETURN_SHIPPED');
    const receiptId = await waitFor(
      async () =>
        (
          await t.gql<{ afterSaleRequest: { returnReceiptId: string | null } }>(
            'query($id: ID!) { afterSaleRequest(id: $id) { returnReceiptId } }',
            { id },
            t.tokens.admin,
          )
        ).data?.afterSaleRequest.returnReceiptId,
      { what: 'the return receipt' },
    );
    const received = await t.gql<{ receiveInboundReceipt: { userErrors: unknown[] } }>(
      'mutation($input: ReceiveInboundReceiptInput!) { receiveInboundReceipt(input: $input) { userErrors { code message } } }',
      { input: { id: receiptId, lines: [{ skuId: own.id, quantity: 1, quality: 'GOOD' }] } },
      t.tokens.merchantA,
    );
    expect(received.data!.receiveInboundReceipt.userErrors).toEqual([]);
    const putAway = await t.gql<{ putAwayInboundReceipt: { userErrors: unknown[] } }>(
      'mutation($id: ID!) { putAwayInboundReceipt(input: { id: $id }) { userErrors { code message } } }',
      { id: receiptId },
      t.tokens.merchantA,
    );
    expect(putAway.data!.putAwayInboundReceipt.userErrors).toEqual([]);

    // The replacement: a notice of its own for the order, keyed by the request, with the sibling SKU; the warehouse ships it.
    type Notice = {
      id: string;
      replacementFor: string | null;
      outboundOrderId: string | null;
      lines: { orderLineId: string; skuId: string; quantity: number }[];
    };
    const notice = await waitFor(
      async () => {
        const res = await t.gql<{ order: { shippingNotices: Notice[] } }>(
          'query($id: ID!) { order(id: $id) { shippingNotices { id replacementFor outboundOrderId lines { orderLineId skuId quantity } } } }',
          { id: order.id },
          t.tokens.admin,
        );
        return res.data?.order.shippingNotices.find((n) => n.replacementFor === id && n.outboundOrderId);
      },
      { what: 'the replacement notice and its outbound order', timeoutMs: 30_000 },
    );
    expect(notice.lines).toEqual([{ orderLineId: line.id, skuId: sibling.id, quantity: 1 }]);
    for (const step of ['pickOutboundOrder', 'packOutboundOrder'])
      expect(
        (await t.gql(`mutation($id: ID!) { ${step}(input: { id: $id }) { userErrors { code message } } }`, { id: notice.outboundOrderId }, t.tokens.admin))
          .errors,
      ).toBeUndefined();
    const sent = await t.gql<{ shipOutboundOrder: { userErrors: unknown[] } }>(
      'mutation($id: ID!) { shipOutboundOrder(input: { id: $id, carrierCode: "SANDBOX", trackingNumber: "SBEXCHANGE1" }) { userErrors { code message } } }',
      { id: notice.outboundOrderId },
      t.tokens.admin,
    );
    expect(sent.data!.shipOutboundOrder.userErrors).toEqual([]);

    const done = await settled(t, id);
    expect(done.status).toBe('EXCHANGED');
    expect(done.history.map((h) => h.to)).toEqual(['PENDING', 'APPROVED', 'RETURN_SHIPPED', 'EXCHANGED']);
    expect(done.refundId).toBeNull();

    // A second shipment exists for the order, of the replacement SKU.
    const shipments = await t.gql<{ order: { shipments: { id: string; packages: { lines: { skuId: string; quantity: number }[] }[] }[] } }>(
      'query($id: ID!) { order(id: $id) { shipments { id packages { lines { skuId quantity } } } } }',
      { id: order.id },
      t.tokens.admin,
    );
    const parcels = shipments.data!.order.shipments.map((s) => s.packages.flatMap((p) => p.lines));
    expect(parcels).toHaveLength(2);
    expect(parcels).toContainEqual([{ skuId: sibling.id, quantity: 1 }]);
    const request2 = await t.gql<{ afterSaleRequest: { replacementSku: { id: string }; replacementShipmentId: string } }>(
      'query($id: ID!) { afterSaleRequest(id: $id) { replacementSku { id } replacementShipmentId } }',
      { id },
      t.tokens.customer,
    );
    expect(request2.data!.afterSaleRequest.replacementSku.id).toBe(sibling.id);
    expect(shipments.data!.order.shipments.map((s) => s.id)).toContain(request2.data!.afterSaleRequest.replacementShipmentId);

    // No money moved: payments, refunds, points, the order's amounts, status and lines as they were.
    expect(await money(order.id)).toEqual(before);
    expect(before.order.refunded.amount).toBe('0.00');
    expect((await orderState(t, order.id)).lines).toEqual(linesBefore);
    const ledger = await t.gql<{ stockLedgerCheck: { ok: boolean } }>('{ stockLedgerCheck { ok } }', undefined, t.tokens.admin);
    expect(ledger.data!.stockLedgerCheck.ok).toBe(true);
  });

  it('refuses a replacement of another SPU, at another price, or that no warehouse has', async () => {
    const order = await delivered('as-exchange-2');
    const line = order.lines[0]!;
    const exchange = async (replacementSkuId: string) => {
      const res = await fileRequest(t, { orderId: order.id, orderLineId: line.id, type: 'EXCHANGE', quantity: 1, replacementSkuId });
      expect(res.data!.fileAfterSaleRequest.request).toBeNull();
      return res.data!.fileAfterSaleRequest.userErrors.map((e) => ({ field: e.field?.join('.'), code: e.code }));
    };
    expect(await exchange(stranger.id)).toEqual([{ field: 'input.replacementSkuId', code: 'INVALID' }]);

    await setPrice(sibling.id, (Number(own.price) + 1).toFixed(2));
    expect(await exchange(sibling.id)).toEqual([{ field: 'input.replacementSkuId', code: 'INVALID' }]);
    await setPrice(sibling.id, own.price);

    // The sibling counted to zero in every warehouse (a stocktake): nothing to send.
    const stock = (await skusOfShop()).find((s) => s.id === sibling.id)!;
    for (const w of stock.warehouses) {
      const created = await t.gql<{ createStocktake: { stocktake: { id: string } | null; userErrors: unknown[] } }>(
        'mutation($input: CreateStocktakeInput!) { createStocktake(input: $input) { stocktake { id } userErrors { code message } } }',
        { input: { warehouseId: w.id, skuIds: [sibling.id] } },
        t.tokens.admin,
      );
      expect(created.data!.createStocktake.userErrors).toEqual([]);
      const stocktake = created.data!.createStocktake.stocktake!.id;
      const counted = await t.gql<{ recordStocktakeCounts: { userErrors: unknown[] } }>(
        'mutation($input: RecordStocktakeCountsInput!) { recordStocktakeCounts(input: $input) { userErrors { code message } } }',
        { input: { id: stocktake, counts: [{ skuId: sibling.id, countedQuantity: 0 }] } },
        t.tokens.admin,
      );
      expect(counted.data!.recordStocktakeCounts.userErrors).toEqual([]);
      const approved = await t.gql<{ approveStocktake: { userErrors: unknown[] } }>(
        'mutation($id: ID!) { approveStocktake(input: { id: $id }) { userErrors { code message } } }',
        { id: stocktake },
        t.tokens.admin,
      );
      expect(approved.data!.approveStocktake.userErrors).toEqual([]);
    }
    expect(await exchange(sibling.id)).toEqual([{ field: 'input.replacementSkuId', code: 'OUT_OF_STOCK' }]);
    // The same SKU as bought, in stock: accepted.
    const ok = await fileRequest(t, { orderId: order.id, orderLineId: line.id, type: 'EXCHANGE', quantity: 1 });
    expect(ok.data!.fileAfterSaleRequest.userErrors).toEqual([]);
  });
});
