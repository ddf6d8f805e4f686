import { readFileSync } from 'node:fs';
import { catalogService, DEMO_CROSS_BORDER_SKU_ID, demoShopId, inventoryService } from '@zhongtai/kit';
import { DEMO_CROSS_BORDER_STOCK, demoSkus } from '@zhongtai/inventory/seed';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestGraph, type TestGraph } from './support/graph.ts';

let t: TestGraph;
beforeAll(async () => {
  t = await startTestGraph();
});
afterAll(async () => {
  await t?.stop();
});

type StockPage = {
  skus: {
    nodes: {
      id: string;
      stock: { inStock: boolean; available: number | null; warehouses: { available: number; warehouse: { code: string } }[] | null } | null;
    }[];
  };
};
const STOCK = `query($shop: ID!) { skus(first: 20, filter: { shopId: $shop }, sort: { field: CODE, direction: ASC }) {
  nodes { id stock { inStock available warehouses { available warehouse { code } } } }
} }`;

describe('inventory through the gateway', () => {
  it('seeds stock for the demo SKUs of catalog, each in its own shop, and the ledger balances', async () => {
    const skus = demoSkus();
    const { quoteSkus } = await t.graph.host!.serviceClient('tests').call(catalogService.quoteSkus, { ids: skus.map((s) => s.skuId) });
    expect(quoteSkus).toHaveLength(skus.length);
    const shopOf = new Map(skus.map((s) => [s.skuId, s.shopId]));
    for (const quote of quoteSkus) {
      expect(quote.shopId).toBe(shopOf.get(quote.id));
      expect(quote.productType).not.toBe('SERVICE');
    }
    const check = await t.gql('{ stockLedgerCheck { ok checkedStockLevels checkedMovements mismatches { stockLevelId } } }', undefined, t.tokens.admin);
    expect(check.data?.stockLedgerCheck).toMatchObject({ ok: true, mismatches: [] });
    expect(check.data?.stockLedgerCheck.checkedStockLevels).toBeGreaterThan(200);
    expect((await t.gql('{ stockLedgerCheck { ok } }', undefined, t.tokens.analyst)).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('seeds the demo cross-border SKU of catalog (跨境, BONDED) in its shop’s bonded warehouse only', async () => {
    const { quoteSkus } = await t.graph.host!.serviceClient('tests').call(catalogService.quoteSkus, { ids: [DEMO_CROSS_BORDER_SKU_ID] });
    expect(quoteSkus).toEqual([
      expect.objectContaining({ id: DEMO_CROSS_BORDER_SKU_ID, shopId: DEMO_CROSS_BORDER_STOCK.shopId, productType: 'PHYSICAL', crossBorderMode: 'BONDED' }),
    ]);
    const res = await t.gql<{ sku: { stock: { warehouses: { available: number; warehouse: { code: string; name: string } }[] } } }>(
      'query($id: ID!) { sku(id: $id) { stock { warehouses { available warehouse { code name } } } } }',
      { id: DEMO_CROSS_BORDER_SKU_ID },
      t.tokens.admin,
    );
    expect(res.errors).toBeUndefined();
    expect(res.data!.sku.stock.warehouses).toEqual([
      { available: DEMO_CROSS_BORDER_STOCK.onHand, warehouse: { code: 'S3-NB-BS01', name: expect.stringContaining('保税') } },
    ]);
  });

  it('contributes Sku.stock to catalog’s SKUs, batched', async () => {
    const res = await t.gql<StockPage>(STOCK, { shop: t.shopA }, t.tokens.merchantA);
    expect(res.errors).toBeUndefined();
    const stocked = res.data!.skus.nodes.filter((n) => n.stock?.warehouses?.length);
    expect(stocked.length).toBeGreaterThan(0);
    for (const n of stocked) expect(n.stock!.available).toBe(n.stock!.warehouses!.reduce((sum, w) => sum + w.available, 0));
  });

  it('keeps the internal mutations out of the public API and refuses them to other roles', async () => {
    const api = readFileSync(new URL('../schema/api.graphql', import.meta.url), 'utf8');
    for (const field of ['reserveStock', 'commitReservation', 'releaseReservation', 'createOutboundOrder']) expect(api).not.toContain(`${field}(`);
    const res = await t.gql(
      'mutation { reserveStock(input: { orderId: "x", lines: [], expiresAt: "2030-01-01T00:00:00Z" }) { userErrors { code } } }',
      undefined,
      t.tokens.admin,
    );
    expect(res.errors?.length).toBeGreaterThan(0);
  });

  it('runs every service contract as the SDL declares it: reserve, commit, outbound, release', async () => {
    const client = t.graph.host!.serviceClient('orders');
    const orderId = `gw-order-${Date.now()}`;
    const skuId = demoSkus().find((s) => s.shopId === demoShopId(1))!.skuId;
    const expiresAt = new Date(Date.now() + 15 * 60_000).toISOString();
    const { reserveStock } = await client.call(inventoryService.reserveStock, { input: { orderId, lines: [{ skuId, quantity: 1 }], expiresAt } });
    expect(reserveStock.userErrors).toEqual([]);
    const allocation = reserveStock.reservation!.allocations[0]!;
    expect(allocation).toMatchObject({ lineIndex: 0, skuId, quantity: 1, shippedQuantity: 0 });
    const again = await client.call(inventoryService.reserveStock, { input: { orderId, lines: [{ skuId, quantity: 1 }], expiresAt } });
    expect(again.reserveStock.reservation!.id).toBe(reserveStock.reservation!.id);

    const { commitReservation } = await client.call(inventoryService.commitReservation, { input: { orderId } });
    expect(commitReservation.reservation!.status).toBe('COMMITTED');
    const fulfillment = t.graph.host!.serviceClient('fulfillment');
    const { createOutboundOrder } = await fulfillment.call(inventoryService.createOutboundOrder, {
      input: { shippingNoticeId: `sn-${orderId}`, orderId, warehouseId: allocation.warehouseId, lines: [{ skuId, quantity: 1 }] },
    });
    expect(createOutboundOrder.outboundOrder).toMatchObject({ orderId, status: 'CREATED', lines: [{ skuId, quantity: 1 }] });
    const { releaseReservation } = await client.call(inventoryService.releaseReservation, { input: { orderId, reason: 'cancelled' } });
    expect(releaseReservation.reservation).toMatchObject({ status: 'RELEASED', releaseReason: 'cancelled' });
    const bad = await client.call(inventoryService.reserveStock, { input: { orderId: `${orderId}-2`, lines: [{ skuId, quantity: -1 }], expiresAt } });
    expect(bad.reserveStock).toMatchObject({ reservation: null, userErrors: [{ field: ['input', 'lines', '0', 'quantity'], code: 'NEGATIVE' }] });
  });
});
