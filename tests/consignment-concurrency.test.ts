import { waitFor } from '@zhongtai/kit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { warehouseWith } from './support/fulfillment.ts';
import { startTestGraph, type TestGraph } from './support/graph.ts';
import { ADDRESS, buyableSkus, PLACE_ORDER, type BuyableSku } from './support/shopping.ts';

type Level = {
  onHand: number;
  reserved: number;
  consignedOnHand: number;
  ownOnHand: number;
  consignments: { received: number; onHand: number; lots: { onHand: number }[] }[];
};
type Statement = { unitsSold: number; owed: { amount: string }; lines: { nodes: { kind: string; orderId: string; quantity: number }[] } };

// Races need real row locks and parallel connections: PostgreSQL only (CI runs the suite there too).
describe.runIf(process.env.DATABASE_URL)('consignment under concurrency (PostgreSQL)', () => {
  let t: TestGraph;
  let sku: BuyableSku;
  let consignorId: string;
  let warehouseId: string;
  const from = new Date(Date.now() - 86_400_000).toISOString();
  const to = new Date(Date.now() + 30 * 86_400_000).toISOString();

  beforeAll(async () => {
    t = await startTestGraph();
    [sku] = (await buyableSkus(t, t.shopA, 1, 5)) as [BuyableSku];
    const made = await t.gql<{ createSupplier: { supplier: { id: string } } }>(
      'mutation { createSupplier(input: { code: "CONSIGN-RACE", name: "代销方 并发" }) { supplier { id } } }',
      undefined,
      t.tokens.merchantA,
    );
    consignorId = made.data!.createSupplier.supplier.id;
    // The first warehouse by priority: 2 units of the shop's own, then 3 of the consignor's at 4.00.
    warehouseId = await warehouseWith(t, [{ skuId: sku.id, quantity: 2 }]);
    const receipt = await t.gql<{ createConsignmentReceipt: { inboundReceipt: { id: string } } }>(
      'mutation($input: CreateConsignmentReceiptInput!) { createConsignmentReceipt(input: $input) { inboundReceipt { id } userErrors { code message } } }',
      { input: { warehouseId, consignorId, lines: [{ skuId: sku.id, expectedQuantity: 3, agreedUnitPrice: { amount: '4.00', currencyCode: 'CNY' } }] } },
      t.tokens.admin,
    );
    const receiptId = receipt.data!.createConsignmentReceipt.inboundReceipt.id;
    for (const mutation of [
      'receiveInboundReceipt(input: { id: $id, lines: [{ skuId: $sku, quantity: 3, quality: GOOD }] })',
      'putAwayInboundReceipt(input: { id: $id })',
    ]) {
      const res = await t.gql<Record<string, { userErrors: unknown[] }>>(
        `mutation($id: ID!${mutation.includes('$sku') ? ', $sku: ID!' : ''}) { done: ${mutation} { userErrors { code message } } }`,
        { id: receiptId, ...(mutation.includes('$sku') ? { sku: sku.id } : {}) },
        t.tokens.admin,
      );
      expect(res.data!.done!.userErrors).toEqual([]);
    }
  }, 180_000);
  afterAll(async () => {
    await t?.stop();
  });

  const level = async () => {
    const res = await t.gql<{ stockLevels: { nodes: (Level & { warehouse: { id: string } })[] } }>(
      `query($sku: ID!) { stockLevels(first: 20, filter: { skuId: $sku }) { nodes { warehouse { id } onHand reserved consignedOnHand ownOnHand
        consignments { received onHand lots { onHand } } } } }`,
      { sku: sku.id },
      t.tokens.merchantA,
    );
    if (res.errors) throw new Error(JSON.stringify(res.errors));
    return res.data!.stockLevels.nodes.find((l) => l.warehouse.id === warehouseId)!;
  };
  const statement = async () => {
    const res = await t.gql<{ supplier: { consignmentStatement: Statement } }>(
      `query($id: ID!, $from: DateTime!, $to: DateTime!) { supplier(id: $id) { consignmentStatement(from: $from, to: $to) {
        unitsSold owed { amount } lines(first: 50) { nodes { kind orderId quantity } } } } }`,
      { id: consignorId, from, to },
      t.tokens.merchantA,
    );
    if (res.errors) throw new Error(JSON.stringify(res.errors));
    return res.data!.supplier.consignmentStatement;
  };
  const consignorPayable = async () => {
    const res = await t.gql<{ ledgerAccounts: { nodes: { balance: { amount: string } }[] } }>(
      'query($shop: ID!) { ledgerAccounts(first: 5, filter: { code: CONSIGNOR_PAYABLE, shopId: $shop, currencyCode: CNY }) { nodes { balance { amount } } } }',
      { shop: t.shopA },
      t.tokens.admin,
    );
    return res.data!.ledgerAccounts.nodes[0]?.balance.amount ?? '0.00';
  };

  it('eight buyers pay at once for the last units (2 own, then 3 consigned): no lot sells more than it holds, the split stays exact, each unit is owed once', async () => {
    const before = await level();
    expect(before).toMatchObject({ onHand: 5, reserved: 0, consignedOnHand: 3, ownOnHand: 2 });

    const placed = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        t.gql<{ placeOrder: { checkout: { paymentId: string } | null; orders: { id: string }[] | null } }>(
          PLACE_ORDER,
          { input: { idempotencyKey: `consign-race-${Date.now()}-${i}`, lines: [{ skuId: sku.id, quantity: 1 }], address: ADDRESS } },
          t.tokens.customer,
        ),
      ),
    );
    for (const r of placed) if (!r.data?.placeOrder) throw new Error(JSON.stringify(r.errors));
    const checkouts = placed.map((r) => r.data!.placeOrder).filter((p) => p.checkout);
    expect(checkouts).toHaveLength(8);
    // Every one of the first warehouse's 5 units is held: reservations take the first warehouse that has one.
    expect((await level()).reserved).toBe(5);
    // All paid at once: the commits that sell consigned units race for the same lots.
    const paid = await Promise.all(
      checkouts.map((c) =>
        t.gql('mutation($id: ID!) { sandboxPay(input: { paymentId: $id }) { userErrors { code } } }', { id: c.checkout!.paymentId }, t.tokens.customer),
      ),
    );
    expect(paid.map((p) => p.errors)).toEqual(paid.map(() => undefined));

    // Own units are sold first (the default), so the last 3 sold are the consignor's, whatever the order of the commits.
    await waitFor(async () => (await statement()).unitsSold >= 3, { what: 'the consigned units on the statement', timeoutMs: 60_000 });
    await t.graph.host!.bus!.drain();
    const sold = await statement();
    expect(sold.unitsSold).toBe(3);
    const after = await level();
    expect(after.consignments).toEqual([{ received: 3, onHand: 0, lots: [{ onHand: 0 }] }]);
    expect(after).toMatchObject({ onHand: 5, reserved: 5, consignedOnHand: 0, ownOnHand: 5 });
    // Owed once per unit: three sale lines of one unit each, for three different orders, and nothing more.
    const lines = (await statement()).lines.nodes;
    expect(lines.map((l) => [l.kind, l.quantity])).toEqual([
      ['SALE', 1],
      ['SALE', 1],
      ['SALE', 1],
    ]);
    expect(new Set(lines.map((l) => l.orderId)).size).toBe(3);
    expect(sold.owed.amount).toBe('12.00');
    expect(await waitFor(async () => ((await consignorPayable()) === '-12.00' ? '-12.00' : undefined), { what: 'the payable posted once per unit' })).toBe(
      '-12.00',
    );
  });
});
