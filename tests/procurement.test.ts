import { seedId } from '@zhongtai/kit';
import { waitFor } from '@zhongtai/kit/testing';
import { procurementCenter } from '@zhongtai/procurement';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { must, RUN } from './support/fulfillment.ts';
import { startTestGraph, type TestGraph } from './support/graph.ts';
import { ADDRESS, buyableSkus, PLACE_ORDER, type BuyableSku } from './support/shopping.ts';

/**
 * 采购中心 through the gateway: a SKU falls under its safety stock, procurement suggests the
 * documented quantity from the preferred supplier's terms, a purchase order made from it needs
 * two approvers (above the threshold), the warehouse receives it in two deliveries (over-receipt
 * refused), and the order ends RECEIVED with stock, cost price and the supplier's rating moved.
 */
let t: TestGraph;
let sku: BuyableSku;
let cheap: string;
let fast: string;
const LEAD_DAYS = 10;
const THRESHOLD = '100.00';

beforeAll(async () => {
  // Read at call time by procurement (domain/config.ts): a small threshold so the order needs two approvers.
  process.env.PROCUREMENT_SECOND_APPROVAL_ABOVE = THRESHOLD;
  t = await startTestGraph();
  [sku] = (await buyableSkus(t, t.shopA, 1, 6)) as [BuyableSku];
});
afterAll(async () => {
  delete process.env.PROCUREMENT_SECOND_APPROVAL_ABOVE;
  await t?.stop();
});

const cny = (amount: string) => ({ amount, currencyCode: 'CNY' });
const codes = (errors: { field: string[] | null; code: string }[]) => errors.map((e) => e.code);
type Level = { id: string; warehouse: { id: string }; onHand: number; available: number; safetyStock: number };
const LEVELS = 'query($sku: ID!) { stockLevels(first: 50, filter: { skuId: $sku }) { nodes { id warehouse { id } onHand available safetyStock } } }';
const levelsOf = async (skuId: string) => (await must<{ stockLevels: { nodes: Level[] } }>(t, LEVELS, { sku: skuId })).stockLevels.nodes;
const SUGGESTIONS =
  'query($sku: ID!, $wh: ID!) { replenishmentSuggestions(first: 5, skuId: $sku, warehouseId: $wh, status: OPEN) { nodes { id quantity soldLast30Days leadTimeDays safetyStock available onOrder minOrderQuantity supplier { id } shop { id } } } }';
const PO_FIELDS =
  'id status total { amount } needsSecondApproval approvedBy secondApprovedBy supplier { id } warehouse { id } lines { sku { id } quantity unitPrice { amount } receivedGood receivedDamaged receivableUpTo suggestion { id status } }';
const ACT = (name: string) => `mutation($id: ID!) { ${name}(input: { id: $id }) { purchaseOrder { ${PO_FIELDS} } userErrors { field code message } } }`;
const PO = `query($id: ID!) { purchaseOrder(id: $id) { ${PO_FIELDS} } }`;
const RECEIPTS =
  'query($wh: ID!) { inboundReceipts(first: 50, filter: { warehouseId: $wh }) { nodes { id sourceReference status lines { skuId expectedQuantity acceptUpTo } } } }';
const RECEIVE =
  'mutation($i: ReceiveInboundReceiptInput!) { receiveInboundReceipt(input: $i) { inboundReceipt { id status } userErrors { field code message } } }';
const PUT_AWAY = 'mutation($id: ID!) { putAwayInboundReceipt(input: { id: $id }) { inboundReceipt { id status } userErrors { field code message } } }';
const COST = 'query($id: ID!) { sku(id: $id) { costPrice { amount } } }';

const minor = (amount: string) => BigInt(amount.replace('.', ''));
/** The README's moving average, computed here on its own: (c×s + p×q) / (s+q), half up. */
const average = (cost: bigint | null, stock: number, price: bigint, qty: number) =>
  cost === null || stock <= 0 ? price : (2n * (cost * BigInt(stock) + price * BigInt(qty)) + BigInt(stock + qty)) / (2n * BigInt(stock + qty));
const costOf = async () => {
  const amount = (await must<{ sku: { costPrice: { amount: string } | null } }>(t, COST, { id: sku.id })).sku.costPrice?.amount;
  return amount === undefined ? null : minor(amount);
};
const onHandTotal = async () => (await levelsOf(sku.id)).reduce((s, l) => s + l.onHand, 0);

async function receiptOf(warehouseId: string, reference: string) {
  return waitFor(
    async () =>
      (
        await must<{
          inboundReceipts: { nodes: { id: string; sourceReference: string; status: string; lines: { expectedQuantity: number; acceptUpTo: number }[] }[] };
        }>(t, RECEIPTS, { wh: warehouseId })
      ).inboundReceipts.nodes.find((r) => r.sourceReference === reference),
    { what: `inbound receipt ${reference}` },
  );
}

describe('procurement: replenishment, purchase order, receipts, cost and rating', () => {
  let warehouseId: string;
  let suggestion: { id: string; quantity: number; supplier: { id: string } };
  let poId: string;

  it('suggests the documented quantity from the preferred supplier when stock falls under its safety stock', async () => {
    // Two suppliers of shop A sell the SKU: the cheaper, slower one is preferred (price weighs 0.5).
    const mk = async (code: string) =>
      (
        await must(
          t,
          'mutation($i: CreateSupplierInput!) { createSupplier(input: $i) { supplier { id } userErrors { code } } }',
          { i: { code: `${code}-${RUN}`, name: code } },
          t.tokens.merchantA,
        )
      ).createSupplier.supplier.id as string;
    [cheap, fast] = [await mk('CHEAP'), await mk('FAST')];
    const TERMS = 'mutation($i: SetSupplyTermsInput!) { setSupplyTerms(input: $i) { supplyTerms { id leadTimeDays } userErrors { field code message } } }';
    await must(
      t,
      TERMS,
      { i: { supplierId: cheap, terms: [{ skuId: sku.id, unitPrice: cny('50.00'), leadTimeDays: LEAD_DAYS, minOrderQuantity: 2 }] } },
      t.tokens.merchantA,
    );
    await must(t, TERMS, { i: { supplierId: fast, terms: [{ skuId: sku.id, unitPrice: cny('80.00'), leadTimeDays: 2 }] } }, t.tokens.merchantA);
    const options = await must<{ sku: { supplyOptions: { preferred: boolean; score: number; terms: { supplier: { id: string } } }[] } }>(
      t,
      'query($id: ID!) { sku(id: $id) { supplyOptions { preferred score terms { supplier { id } } } } }',
      { id: sku.id },
      t.tokens.merchantA,
    );
    expect(options.sku.supplyOptions.map((o) => [o.terms.supplier.id, o.preferred])).toEqual([
      [cheap, true],
      [fast, false],
    ]);
    const ofB = await t.gql('query($id: ID!) { sku(id: $id) { supplyOptions { score } } }', { id: sku.id }, t.tokens.merchantB);
    expect(ofB.data?.sku?.supplyOptions ?? []).toEqual([]);

    // Every level of the SKU sits exactly at its safety stock; an order of 3 takes it under.
    for (const level of await levelsOf(sku.id))
      await must(t, 'mutation($i: ConfigureStockLevelInput!) { configureStockLevel(input: $i) { stockLevel { id } userErrors { code } } }', {
        i: { warehouseId: level.warehouse.id, skuId: sku.id, safetyStock: level.available },
      });
    const placed = await must<{ placeOrder: { orders: { lines: { warehouseId: string }[] }[] } }>(
      t,
      PLACE_ORDER,
      { input: { idempotencyKey: `proc-${RUN}`, lines: [{ skuId: sku.id, quantity: 3 }], address: ADDRESS } },
      t.tokens.customer,
    );
    warehouseId = placed.placeOrder.orders[0]!.lines[0]!.warehouseId;
    const level = (await levelsOf(sku.id)).find((l) => l.warehouse.id === warehouseId)!;
    expect(level.available).toBe(level.safetyStock - 3);

    // Its sales of the last 30 days, from inventory's ledger.
    const movements = await must<{ stockMovements: { nodes: { onHandDelta: number; createdAt: string }[] } }>(
      t,
      'query($lvl: ID!) { stockMovements(first: 100, filter: { stockLevelId: $lvl, type: OUTBOUND }) { nodes { onHandDelta createdAt } } }',
      { lvl: level.id },
    );
    const since = Date.now() - 30 * 86_400_000;
    const sold = movements.stockMovements.nodes.filter((m) => Date.parse(m.createdAt) >= since).reduce((s, m) => s - m.onHandDelta, 0);

    const found = await waitFor(
      async () =>
        (await must<{ replenishmentSuggestions: { nodes: any[] } }>(t, SUGGESTIONS, { sku: sku.id, wh: warehouseId }, t.tokens.merchantA))
          .replenishmentSuggestions.nodes[0],
      { what: 'a replenishment suggestion' },
    );
    // quantity = max(ceil(sold / 30 × lead) + safety − available − on order, minimum): README, 补货数量.
    const expected = Math.max(Math.ceil((sold * LEAD_DAYS) / 30) + level.safetyStock - level.available - 0, 2);
    expect(found).toMatchObject({
      quantity: expected,
      soldLast30Days: sold,
      leadTimeDays: LEAD_DAYS,
      safetyStock: level.safetyStock,
      available: level.available,
      onOrder: 0,
      minOrderQuantity: 2,
      supplier: { id: cheap },
      shop: { id: t.shopA },
    });
    expect(expected).toBeGreaterThanOrEqual(3);
    suggestion = found;

    // One OPEN suggestion per SKU and warehouse: the next signal updates it.
    const again = await must<{ replenishmentSuggestions: { nodes: unknown[] } }>(t, SUGGESTIONS, { sku: sku.id, wh: warehouseId }, t.tokens.merchantA);
    expect(again.replenishmentSuggestions.nodes).toHaveLength(1);
  });

  it('the nightly pass updates that one open suggestion instead of adding another', async () => {
    const level = (await levelsOf(sku.id)).find((l) => l.warehouse.id === warehouseId)!;
    // A higher safety stock (no movement, so no signal): only the nightly pass sees it.
    await must(t, 'mutation($i: ConfigureStockLevelInput!) { configureStockLevel(input: $i) { stockLevel { id } userErrors { code } } }', {
      i: { warehouseId, skuId: sku.id, safetyStock: level.safetyStock + 5 },
    });
    const ctx = await t.graph.host!.contextFor('procurement', { role: 'SERVICE', subject: 'system:procurement' });
    await procurementCenter.jobs!.nightlyReplenishment!.handler(ctx, {});
    const open = (await must<{ replenishmentSuggestions: { nodes: any[] } }>(t, SUGGESTIONS, { sku: sku.id, wh: warehouseId }, t.tokens.merchantA))
      .replenishmentSuggestions.nodes;
    expect(open).toHaveLength(1);
    expect(open[0]).toMatchObject({ id: suggestion.id, safetyStock: level.safetyStock + 5, quantity: suggestion.quantity + 5 });
    suggestion = open[0];
  });

  it('a merchant cannot see or act on another shop’s suggestions and purchase orders', async () => {
    const made = await must<{
      createPurchaseOrdersFromSuggestions: { purchaseOrders: { id: string; status: string; lines: any[]; total: { amount: string } }[] };
    }>(
      t,
      'mutation($ids: [ID!]!) { createPurchaseOrdersFromSuggestions(input: { suggestionIds: $ids }) { purchaseOrders { id status total { amount } lines { quantity unitPrice { amount } suggestion { id status } } } userErrors { field code message } } }',
      { ids: [suggestion.id] },
      t.tokens.merchantA,
    );
    const [po] = made.createPurchaseOrdersFromSuggestions.purchaseOrders;
    expect(po).toMatchObject({
      status: 'DRAFT',
      total: { amount: (50 * suggestion.quantity).toFixed(2) },
      lines: [{ quantity: suggestion.quantity, unitPrice: { amount: '50.00' }, suggestion: { id: suggestion.id, status: 'ORDERED' } }],
    });
    poId = po!.id;

    const seen = await t.gql(PO, { id: poId }, t.tokens.merchantB);
    expect(seen.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const listOfB = await must<{ purchaseOrders: { nodes: { id: string }[] } }>(t, '{ purchaseOrders(first: 100) { nodes { id } } }', {}, t.tokens.merchantB);
    expect(listOfB.purchaseOrders.nodes.map((p) => p.id)).not.toContain(poId);
    const listOfA = await must<{ purchaseOrders: { nodes: { id: string }[] } }>(t, '{ purchaseOrders(first: 100) { nodes { id } } }', {}, t.tokens.merchantA);
    expect(listOfA.purchaseOrders.nodes.map((p) => p.id)).toContain(poId);
    const suggestionOfB = await t.gql('query($id: ID!) { replenishmentSuggestion(id: $id) { id } }', { id: suggestion.id }, t.tokens.merchantB);
    expect(suggestionOfB.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');

    await must(t, ACT('submitPurchaseOrder'), { id: poId }, t.tokens.merchantA);
    const approvedByB = await t.gql(ACT('approvePurchaseOrder'), { id: poId }, t.tokens.merchantB);
    expect(approvedByB.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect((await must(t, PO, { id: poId }, t.tokens.merchantA)).purchaseOrder).toMatchObject({ status: 'SUBMITTED', approvedBy: null });
  });

  it('above the threshold it takes two different approvers; below, one', async () => {
    const first = await must(t, ACT('approvePurchaseOrder'), { id: poId }, t.tokens.merchantA);
    expect(first.approvePurchaseOrder.purchaseOrder).toMatchObject({ status: 'SUBMITTED', needsSecondApproval: true, secondApprovedBy: null });
    expect(first.approvePurchaseOrder.purchaseOrder.approvedBy).toBeTruthy();
    const same = await t.gql(ACT('approvePurchaseOrder'), { id: poId }, t.tokens.merchantA);
    expect(codes(same.data!.approvePurchaseOrder.userErrors)).toEqual(['SECOND_APPROVER_REQUIRED']);
    const second = await must(t, ACT('approvePurchaseOrder'), { id: poId }, t.tokens.admin);
    expect(second.approvePurchaseOrder.purchaseOrder.status).toBe('APPROVED');
    expect(second.approvePurchaseOrder.purchaseOrder.secondApprovedBy).not.toBe(first.approvePurchaseOrder.purchaseOrder.approvedBy);

    // By hand, 2 × 50.00 = 100.00: not above the threshold, one approval is enough.
    const small = await must(
      t,
      `mutation($i: CreatePurchaseOrderInput!) { createPurchaseOrder(input: $i) { purchaseOrder { ${PO_FIELDS} } userErrors { field code message } } }`,
      { i: { supplierId: cheap, warehouseId, lines: [{ skuId: sku.id, quantity: 2 }] } },
      t.tokens.merchantA,
    );
    const smallId = small.createPurchaseOrder.purchaseOrder.id;
    expect(small.createPurchaseOrder.purchaseOrder).toMatchObject({ status: 'DRAFT', total: { amount: THRESHOLD }, needsSecondApproval: false });
    await must(t, ACT('submitPurchaseOrder'), { id: smallId }, t.tokens.merchantA);
    expect((await must(t, ACT('approvePurchaseOrder'), { id: smallId }, t.tokens.merchantA)).approvePurchaseOrder.purchaseOrder.status).toBe('APPROVED');
    // Below the minimum order quantity is refused.
    const tooFew = await t.gql(
      'mutation($i: CreatePurchaseOrderInput!) { createPurchaseOrder(input: $i) { purchaseOrder { id } userErrors { field code } } }',
      { i: { supplierId: cheap, warehouseId, lines: [{ skuId: sku.id, quantity: 1 }] } },
      t.tokens.merchantA,
    );
    expect(codes(tooFew.data!.createPurchaseOrder.userErrors)).toEqual(['OUT_OF_RANGE']);
    expect((await must(t, ACT('closePurchaseOrder'), { id: smallId }, t.tokens.merchantA)).closePurchaseOrder.purchaseOrder.status).toBe('CLOSED');
  });

  it('is received in two deliveries through inventory, refuses over-receipt, and ends RECEIVED with stock, cost and rating updated', async () => {
    const q = suggestion.quantity;
    const sent = await must(t, ACT('sendPurchaseOrder'), { id: poId }, t.tokens.merchantA);
    expect(sent.sendPurchaseOrder.purchaseOrder.status).toBe('SENT');
    const first = await receiptOf(warehouseId, `${poId}/1`);
    expect(first.lines).toEqual([{ skuId: sku.id, expectedQuantity: q, acceptUpTo: q }]);

    // Tolerance 0%: one unit more than ordered is refused.
    const over = await t.gql(RECEIVE, { i: { id: first.id, lines: [{ skuId: sku.id, quantity: q + 1, quality: 'GOOD' }] } }, t.tokens.admin);
    expect(codes(over.data!.receiveInboundReceipt.userErrors)).toEqual(['OUT_OF_RANGE']);

    // First delivery: 2 good units.
    const cost0 = await costOf();
    const stock0 = await onHandTotal();
    await must(t, RECEIVE, { i: { id: first.id, lines: [{ skuId: sku.id, quantity: 2, quality: 'GOOD' }] } });
    await must(t, PUT_AWAY, { id: first.id });
    const partial = await waitFor(
      async () => {
        const po = (await must(t, PO, { id: poId }, t.tokens.merchantA)).purchaseOrder;
        return po.status === 'PARTIALLY_RECEIVED' ? po : undefined;
      },
      { what: 'PARTIALLY_RECEIVED' },
    );
    expect(partial.lines[0]).toMatchObject({ receivedGood: 2, receivedDamaged: 0, receivableUpTo: q - 2 });
    const cost1 = average(cost0, stock0, 5000n, 2);
    await waitFor(async () => (await costOf()) === cost1, { what: `cost price ${cost1}` });

    // The backorder's receipt expects the rest; over it is refused too.
    const second = await receiptOf(warehouseId, `${poId}/2`);
    expect(second.lines).toEqual([{ skuId: sku.id, expectedQuantity: q - 2, acceptUpTo: q - 2 }]);
    const over2 = await t.gql(RECEIVE, { i: { id: second.id, lines: [{ skuId: sku.id, quantity: q - 1, quality: 'GOOD' }] } }, t.tokens.admin);
    expect(codes(over2.data!.receiveInboundReceipt.userErrors)).toEqual(['OUT_OF_RANGE']);
    const stock1 = await onHandTotal();
    expect(stock1).toBe(stock0 + 2);
    const good2 = q - 3;
    await must(t, RECEIVE, {
      i: {
        id: second.id,
        lines: [{ skuId: sku.id, quantity: 1, quality: 'DAMAGED' }, ...(good2 > 0 ? [{ skuId: sku.id, quantity: good2, quality: 'GOOD' }] : [])],
      },
    });
    await must(t, PUT_AWAY, { id: second.id });
    const done = await waitFor(
      async () => {
        const po = (await must(t, PO, { id: poId }, t.tokens.merchantA)).purchaseOrder;
        return po.status === 'RECEIVED' ? po : undefined;
      },
      { what: 'RECEIVED' },
    );
    expect(done.lines[0]).toMatchObject({ receivedGood: q - 1, receivedDamaged: 1, receivableUpTo: 0 });
    expect(await onHandTotal()).toBe(stock0 + q - 1);
    const cost2 = good2 > 0 ? average(cost1, stock1, 5000n, good2) : cost1;
    await waitFor(async () => (await costOf()) === cost2, { what: `cost price ${cost2}` });
    const history = await must<{ sku: { priceHistory: { nodes: { source: string }[] } } }>(
      t,
      'query($id: ID!) { sku(id: $id) { priceHistory(first: 10) { nodes { source } } } }',
      { id: sku.id },
      t.tokens.merchantA,
    );
    expect(history.sku.priceHistory.nodes.filter((n) => n.source === 'PURCHASE').length).toBe(good2 > 0 ? 2 : 1);

    // The supplier's rating, with its inputs: 2 on-time deliveries, all ordered units came, one damaged.
    const rated = await waitFor(
      async () => {
        const s = (
          await must(
            t,
            'query($id: ID!) { supplier(id: $id) { rating { score onTimeRate fillRate qualityRate deliveries onTimeDeliveries unitsOrdered unitsReceived unitsGood unitsDamaged } } }',
            { id: cheap },
            t.tokens.merchantA,
          )
        ).supplier;
        return s.rating?.unitsOrdered ? s.rating : undefined;
      },
      { what: 'the supplier rating' },
    );
    expect(rated).toMatchObject({
      deliveries: 2,
      onTimeDeliveries: 2,
      unitsOrdered: q,
      unitsReceived: q,
      unitsGood: q - 1,
      unitsDamaged: 1,
      onTimeRate: 1,
      fillRate: 1,
    });
    expect(rated.qualityRate).toBeCloseTo((q - 1) / q, 10);
    expect(rated.score).toBe(Math.round(100 * (0.4 + 0.3 + (0.3 * (q - 1)) / q)));
  });
  it('closing a partly received order cancels the backorder receipt inventory still expects; one being received refuses the close', async () => {
    const created = await must(
      t,
      `mutation($i: CreatePurchaseOrderInput!) { createPurchaseOrder(input: $i) { purchaseOrder { ${PO_FIELDS} } userErrors { field code message } } }`,
      { i: { supplierId: cheap, warehouseId, lines: [{ skuId: sku.id, quantity: 3 }] } },
      t.tokens.merchantA,
    );
    const id = created.createPurchaseOrder.purchaseOrder.id;
    await must(t, ACT('submitPurchaseOrder'), { id }, t.tokens.merchantA);
    await must(t, ACT('approvePurchaseOrder'), { id }, t.tokens.merchantA);
    await must(t, ACT('approvePurchaseOrder'), { id }, t.tokens.admin); // 150.00: above the threshold
    await must(t, ACT('sendPurchaseOrder'), { id }, t.tokens.merchantA);
    const statusOf = async () => (await must(t, PO, { id }, t.tokens.merchantA)).purchaseOrder.status as string;
    const receiptAt = async (n: number) => receiptOf(warehouseId, `${id}/${n}`);

    const first = await receiptAt(1);
    await must(t, RECEIVE, { i: { id: first.id, lines: [{ skuId: sku.id, quantity: 1, quality: 'GOOD' }] } });
    await must(t, PUT_AWAY, { id: first.id });
    await waitFor(async () => (await statusOf()) === 'PARTIALLY_RECEIVED', { what: 'PARTIALLY_RECEIVED' });
    const second = await receiptAt(2);
    expect(second).toMatchObject({ status: 'EXPECTED', lines: [{ expectedQuantity: 2 }] });

    // Units are being counted on the backorder's receipt: the order cannot be closed under them.
    await must(t, RECEIVE, { i: { id: second.id, lines: [{ skuId: sku.id, quantity: 1, quality: 'GOOD' }] } });
    const refused = await t.gql(ACT('closePurchaseOrder'), { id }, t.tokens.merchantA);
    expect(codes(refused.data!.closePurchaseOrder.userErrors)).toEqual(['INVALID_TRANSITION']);
    expect(await statusOf()).toBe('PARTIALLY_RECEIVED');
    await must(t, PUT_AWAY, { id: second.id });
    const third = await receiptAt(3);
    expect(third).toMatchObject({ status: 'EXPECTED', lines: [{ expectedQuantity: 1 }] });

    // Short-closed: the last unit will not come, and inventory stops expecting it.
    const closed = await must(t, ACT('closePurchaseOrder'), { id }, t.tokens.merchantA);
    expect(closed.closePurchaseOrder.purchaseOrder).toMatchObject({ status: 'CLOSED', lines: [{ receivedGood: 2 }] });
    expect((await receiptAt(3)).status).toBe('CANCELLED');
    expect([(await receiptAt(1)).status, (await receiptAt(2)).status]).toEqual(['PUT_AWAY', 'PUT_AWAY']);
    // Closing again is refused; the cancelled receipt takes no units.
    expect(codes((await t.gql(ACT('closePurchaseOrder'), { id }, t.tokens.merchantA)).data!.closePurchaseOrder.userErrors)).toEqual(['INVALID_TRANSITION']);
    const late = await t.gql(RECEIVE, { i: { id: third.id, lines: [{ skuId: sku.id, quantity: 1, quality: 'GOOD' }] } }, t.tokens.admin);
    expect(late.data!.receiveInboundReceipt.userErrors).toHaveLength(1);
  });
});

describe('suggestions set aside, and supply withdrawn', () => {
  const DISMISS =
    'mutation($id: ID!) { dismissReplenishmentSuggestion(input: { id: $id }) { replenishmentSuggestion { id status } userErrors { field code message } } }';
  const FROM =
    'mutation($ids: [ID!]!) { createPurchaseOrdersFromSuggestions(input: { suggestionIds: $ids }) { purchaseOrders { id } userErrors { field code message } } }';

  it('a dismissed suggestion is not ordered, and is dismissed once', async () => {
    const demo = seedId('rpl', 1); // demo shop 1's seeded OPEN suggestion
    expect((await must(t, DISMISS, { id: demo }, t.tokens.merchantA)).dismissReplenishmentSuggestion.replenishmentSuggestion.status).toBe('DISMISSED');
    const again = await t.gql(DISMISS, { id: demo }, t.tokens.merchantA);
    expect(codes(again.data!.dismissReplenishmentSuggestion.userErrors)).toEqual(['INVALID_TRANSITION']);
    const ordered = await t.gql(FROM, { ids: [demo] }, t.tokens.merchantA);
    expect(codes(ordered.data!.createPurchaseOrdersFromSuggestions.userErrors)).toEqual(['INVALID_TRANSITION']);
    const ofB = await t.gql(DISMISS, { id: demo }, t.tokens.merchantB);
    expect(ofB.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('withdrawn terms leave the SKU to the other supplier, and orders by hand refuse it', async () => {
    const removed = await must(
      t,
      'mutation($i: RemoveSupplyTermsInput!) { removeSupplyTerms(input: $i) { supplyTerms { active } userErrors { field code message } } }',
      { i: { supplierId: cheap, skuId: sku.id } },
      t.tokens.merchantA,
    );
    expect(removed.removeSupplyTerms.supplyTerms.active).toBe(false);
    const options = await must<{ sku: { supplyOptions: { preferred: boolean; terms: { supplier: { id: string } } }[] } }>(
      t,
      'query($id: ID!) { sku(id: $id) { supplyOptions { preferred terms { supplier { id } } } } }',
      { id: sku.id },
      t.tokens.merchantA,
    );
    expect(options.sku.supplyOptions.map((o) => [o.terms.supplier.id, o.preferred])).toEqual([[fast, true]]);
    const byHand = await t.gql(
      'mutation($i: CreatePurchaseOrderInput!) { createPurchaseOrder(input: $i) { purchaseOrder { id } userErrors { field code } } }',
      { i: { supplierId: cheap, warehouseId: seedId('wh', 1), lines: [{ skuId: sku.id, quantity: 5 }] } },
      t.tokens.merchantA,
    );
    expect(byHand.data!.createPurchaseOrder.userErrors).toEqual([{ field: ['input', 'lines', '0', 'skuId'], code: 'NOT_FOUND' }]);
  });
});
