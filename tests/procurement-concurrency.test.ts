import { procurementCenter } from '@zhongtai/procurement';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { must, RUN } from './support/fulfillment.ts';
import { startTestGraph, type TestGraph } from './support/graph.ts';
import { buyableSkus, type BuyableSku } from './support/shopping.ts';

const cny = (amount: string) => ({ amount, currencyCode: 'CNY' });
const codes = (errors: { code: string }[]) => errors.map((e) => e.code);
const PO_FIELDS = 'id status approvedBy secondApprovedBy lines { receivedGood receivableUpTo }';
const ACT = (name: string) => `mutation($id: ID!) { ${name}(input: { id: $id }) { purchaseOrder { ${PO_FIELDS} } userErrors { field code message } } }`;
const PO = `query($id: ID!) { purchaseOrder(id: $id) { ${PO_FIELDS} } }`;
const RECEIVE =
  'mutation($i: ReceiveInboundReceiptInput!) { receiveInboundReceipt(input: $i) { inboundReceipt { id status } userErrors { field code message } } }';
const RECEIPT = 'query($id: ID!) { inboundReceipt(id: $id) { status lines { receivedGood receivedDamaged acceptUpTo } } }';
const SUGGESTIONS =
  'query($sku: ID!, $wh: ID!) { replenishmentSuggestions(first: 10, skuId: $sku, warehouseId: $wh, status: OPEN) { nodes { id status quantity } } }';

// Races need real row locks and parallel connections: PostgreSQL only (PGlite has one connection).
describe.runIf(process.env.DATABASE_URL)('purchase orders and suggestions under concurrency (PostgreSQL)', () => {
  let t: TestGraph;
  let sku: BuyableSku;
  let supplierId: string;
  let warehouseId: string;

  beforeAll(async () => {
    // Above 100.00 an order needs two approvers.
    process.env.PROCUREMENT_SECOND_APPROVAL_ABOVE = '100.00';
    t = await startTestGraph();
    [sku] = (await buyableSkus(t, t.shopA, 1, 6)) as [BuyableSku];
    supplierId = (
      await must(
        t,
        'mutation($i: CreateSupplierInput!) { createSupplier(input: $i) { supplier { id } userErrors { code } } }',
        { i: { code: `RACE-${RUN}`, name: 'race supplier' } },
        t.tokens.merchantA,
      )
    ).createSupplier.supplier.id;
    await must(
      t,
      'mutation($i: SetSupplyTermsInput!) { setSupplyTerms(input: $i) { supplyTerms { id } userErrors { field code message } } }',
      { i: { supplierId, terms: [{ skuId: sku.id, unitPrice: cny('50.00'), leadTimeDays: 3, minOrderQuantity: 1 }] } },
      t.tokens.merchantA,
    );
    const levels = await must<{ stockLevels: { nodes: { warehouse: { id: string } }[] } }>(
      t,
      'query($sku: ID!) { stockLevels(first: 5, filter: { skuId: $sku }) { nodes { warehouse { id } } } }',
      { sku: sku.id },
    );
    warehouseId = levels.stockLevels.nodes[0]!.warehouse.id;
  });
  afterAll(async () => {
    delete process.env.PROCUREMENT_SECOND_APPROVAL_ABOVE;
    await t?.stop();
  });

  async function submitted(quantity: number): Promise<string> {
    const created = await must(
      t,
      `mutation($i: CreatePurchaseOrderInput!) { createPurchaseOrder(input: $i) { purchaseOrder { id } userErrors { field code message } } }`,
      { i: { supplierId, warehouseId, lines: [{ skuId: sku.id, quantity }] } },
      t.tokens.merchantA,
    );
    const id = created.createPurchaseOrder.purchaseOrder.id as string;
    await must(t, ACT('submitPurchaseOrder'), { id }, t.tokens.merchantA);
    return id;
  }

  it('two approvers approving at once: APPROVED with both named; one approver twice at once: never APPROVED', async () => {
    for (let round = 0; round < 5; round++) {
      const id = await submitted(4); // 200.00: two approvers
      const both = await Promise.all([
        t.gql(ACT('approvePurchaseOrder'), { id }, t.tokens.merchantA),
        t.gql(ACT('approvePurchaseOrder'), { id }, t.tokens.admin),
      ]);
      expect(both.flatMap((r) => codes(r.data!.approvePurchaseOrder.userErrors))).toEqual([]);
      const po = (await must(t, PO, { id }, t.tokens.admin)).purchaseOrder;
      expect(po.status).toBe('APPROVED');
      expect(po.approvedBy).toBeTruthy();
      expect(po.secondApprovedBy).toBeTruthy();
      expect(po.secondApprovedBy).not.toBe(po.approvedBy);

      const alone = await submitted(4);
      const twice = await Promise.all([0, 1].map(() => t.gql(ACT('approvePurchaseOrder'), { id: alone }, t.tokens.merchantA)));
      expect(twice.flatMap((r) => codes(r.data!.approvePurchaseOrder.userErrors))).toEqual(['SECOND_APPROVER_REQUIRED']);
      const waiting = (await must(t, PO, { id: alone }, t.tokens.admin)).purchaseOrder;
      expect(waiting).toMatchObject({ status: 'SUBMITTED', secondApprovedBy: null });
      await must(t, ACT('closePurchaseOrder'), { id: alone }, t.tokens.merchantA);
    }
  });

  it('concurrent partial receipts never receive more than the order accepts', async () => {
    const id = await submitted(2); // 100.00: one approver
    await must(t, ACT('approvePurchaseOrder'), { id }, t.tokens.merchantA);
    await must(t, ACT('sendPurchaseOrder'), { id }, t.tokens.merchantA);
    const receipts = await must<{ inboundReceipts: { nodes: { id: string; sourceReference: string }[] } }>(
      t,
      'query($wh: ID!) { inboundReceipts(first: 100, filter: { warehouseId: $wh }) { nodes { id sourceReference } } }',
      { wh: warehouseId },
    );
    const receipt = receipts.inboundReceipts.nodes.find((r) => r.sourceReference === `${id}/1`)!;
    // Six clerks each count one unit of an order of 2 at the same moment.
    const results = await Promise.all(
      Array.from({ length: 6 }, () => t.gql(RECEIVE, { i: { id: receipt.id, lines: [{ skuId: sku.id, quantity: 1, quality: 'GOOD' }] } }, t.tokens.admin)),
    );
    const accepted = results.filter((r) => r.data?.receiveInboundReceipt.inboundReceipt);
    expect(accepted).toHaveLength(2);
    expect(results.flatMap((r) => codes(r.data?.receiveInboundReceipt.userErrors ?? []))).toEqual(Array(4).fill('OUT_OF_RANGE'));
    const counted = (await must(t, RECEIPT, { id: receipt.id })).inboundReceipt;
    expect(counted.lines).toEqual([{ receivedGood: 2, receivedDamaged: 0, acceptUpTo: 2 }]);
  });

  it('concurrent replenishment of one SKU and warehouse leaves one open suggestion', async () => {
    // Under its safety stock: every pass wants a suggestion for this level.
    await must(t, 'mutation($i: ConfigureStockLevelInput!) { configureStockLevel(input: $i) { stockLevel { id } userErrors { code } } }', {
      i: { warehouseId, skuId: sku.id, safetyStock: 100_000 },
    });
    const run = async () => {
      const ctx = await t.graph.host!.contextFor('procurement', { role: 'SERVICE', subject: 'system:procurement' });
      await procurementCenter.jobs!.nightlyReplenishment!.handler(ctx, {});
    };
    await Promise.all(Array.from({ length: 8 }, run));
    const suggestions = (
      await must<{ replenishmentSuggestions: { nodes: { status: string }[] } }>(t, SUGGESTIONS, { sku: sku.id, wh: warehouseId }, t.tokens.merchantA)
    ).replenishmentSuggestions.nodes;
    expect(suggestions.filter((s) => s.status === 'OPEN')).toHaveLength(1);
  });
});
