import { waitFor } from '@zhongtai/kit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decide, deliveredOrder, fileRequest, paidOrder, settled } from './support/aftersales.ts';
import { startTestGraph, type TestGraph } from './support/graph.ts';
import { buyableSkus, type BuyableSku } from './support/shopping.ts';

type Level = {
  id: string;
  onHand: number;
  consignedOnHand: number;
  ownOnHand: number;
  sellFirst: string;
  warehouse: { id: string; priority: number; status: string };
  consignments: { consignor: { id: string }; onHand: number; received: number; lots: { onHand: number; agreedUnitPrice: { amount: string } }[] }[];
};
const LEVEL =
  'id onHand consignedOnHand ownOnHand sellFirst warehouse { id priority status } consignments { consignor { id } onHand received lots { onHand agreedUnitPrice { amount } } }';

type Statement = {
  unitsSold: number;
  unitsReturned: number;
  sold: { amount: string };
  returned: { amount: string };
  owed: { amount: string };
  lines: { nodes: { kind: string; orderId: string; quantity: number; unitPrice: { amount: string }; amount: { amount: string } }[] };
};

/**
 * 代销 through the gateway: a consignor's goods received into our warehouse, sold and paid (the
 * consignor is owed its agreed price: its statement, finance's CONSIGNOR_PAYABLE), returned (taken
 * off again); the stock report splits own and consigned units; the ledger stays balanced.
 */
describe('consignment (代销)', () => {
  let t: TestGraph;
  let sku: BuyableSku;
  let consignorId: string;
  const from = new Date(Date.now() - 86_400_000).toISOString();
  const to = new Date(Date.now() + 30 * 86_400_000).toISOString();

  beforeAll(async () => {
    t = await startTestGraph();
    [sku] = (await buyableSkus(t, t.shopA, 1, 5)) as [BuyableSku];
    const made = await t.gql<{ createSupplier: { supplier: { id: string } | null; userErrors: unknown[] } }>(
      'mutation($input: CreateSupplierInput!) { createSupplier(input: $input) { supplier { id } userErrors { code message } } }',
      { input: { code: 'CONSIGN-1', name: '代销方 一号' } },
      t.tokens.merchantA,
    );
    expect(made.data!.createSupplier.userErrors).toEqual([]);
    consignorId = made.data!.createSupplier.supplier!.id;
  }, 120_000);
  afterAll(async () => {
    await t?.stop();
  });

  const levels = async (token = t.tokens.merchantA) => {
    const res = await t.gql<{ stockLevels: { nodes: Level[] } }>(
      `query($sku: ID!) { stockLevels(first: 20, filter: { skuId: $sku }) { nodes { ${LEVEL} } } }`,
      { sku: sku.id },
      token,
    );
    if (res.errors) throw new Error(JSON.stringify(res.errors));
    return res.data!.stockLevels.nodes;
  };
  const levelIn = async (warehouseId: string) => (await levels()).find((l) => l.warehouse.id === warehouseId)!;

  const statement = async (token = t.tokens.merchantA) => {
    const res = await t.gql<{ supplier: { consignmentStatement: Statement } }>(
      `query($id: ID!, $from: DateTime!, $to: DateTime!) { supplier(id: $id) { consignmentStatement(from: $from, to: $to) {
        unitsSold unitsReturned sold { amount } returned { amount } owed { amount }
        lines(first: 20) { nodes { kind orderId quantity unitPrice { amount } amount { amount } } } } } }`,
      { id: consignorId, from, to },
      token,
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
    if (res.errors) throw new Error(JSON.stringify(res.errors));
    return res.data!.ledgerAccounts.nodes[0]?.balance.amount ?? '0.00';
  };

  const balanced = async () => {
    const res = await t.gql<{ trialBalance: { balanced: boolean } }>('{ trialBalance(currencyCode: CNY) { balanced } }', undefined, t.tokens.admin);
    return res.data!.trialBalance.balanced;
  };

  it('a consigned unit sold and paid puts its agreed price on the statement, a return takes it off; stock shows own vs consigned; the ledger balances', async () => {
    // The warehouse a reservation of this SKU takes from: the first ACTIVE one by priority, then id.
    const before = (await levels())
      .filter((l) => l.warehouse.status === 'ACTIVE' && l.onHand > 0)
      .sort((a, b) => a.warehouse.priority - b.warehouse.priority || (a.warehouse.id < b.warehouse.id ? -1 : 1))[0]!;
    expect(before).toMatchObject({ consignedOnHand: 0, ownOnHand: before.onHand, consignments: [], sellFirst: 'OWN' });
    const warehouseId = before.warehouse.id;

    // 代销入库: 5 units of the consignor's at 3.50 each (a platform warehouse: the operator receives them).
    const receipt = await t.gql<{
      createConsignmentReceipt: { inboundReceipt: { id: string; source: string; consignor: { id: string } } | null; userErrors: unknown[] };
    }>(
      'mutation($input: CreateConsignmentReceiptInput!) { createConsignmentReceipt(input: $input) { inboundReceipt { id source consignor { id } } userErrors { field code message } } }',
      { input: { warehouseId, consignorId, lines: [{ skuId: sku.id, expectedQuantity: 5, agreedUnitPrice: { amount: '3.50', currencyCode: 'CNY' } }] } },
      t.tokens.admin,
    );
    expect(receipt.data!.createConsignmentReceipt.userErrors).toEqual([]);
    const { id: receiptId, ...shown } = receipt.data!.createConsignmentReceipt.inboundReceipt!;
    expect(shown).toEqual({ source: 'CONSIGNMENT', consignor: { id: consignorId } });
    const received = await t.gql<{ receiveInboundReceipt: { userErrors: unknown[] } }>(
      'mutation($input: ReceiveInboundReceiptInput!) { receiveInboundReceipt(input: $input) { userErrors { code message } } }',
      { input: { id: receiptId, lines: [{ skuId: sku.id, quantity: 5, quality: 'GOOD' }] } },
      t.tokens.admin,
    );
    expect(received.data!.receiveInboundReceipt.userErrors).toEqual([]);
    const putAway = await t.gql<{ putAwayInboundReceipt: { userErrors: unknown[] } }>(
      'mutation($id: ID!) { putAwayInboundReceipt(input: { id: $id }) { userErrors { code message } } }',
      { id: receiptId },
      t.tokens.admin,
    );
    expect(putAway.data!.putAwayInboundReceipt.userErrors).toEqual([]);

    // This level sells the consignor's units first.
    const configured = await t.gql<{ configureStockLevel: { stockLevel: { sellFirst: string } | null; userErrors: unknown[] } }>(
      'mutation($input: ConfigureStockLevelInput!) { configureStockLevel(input: $input) { stockLevel { sellFirst } userErrors { code message } } }',
      { input: { warehouseId, skuId: sku.id, safetyStock: 0, sellFirst: 'CONSIGNED' } },
      t.tokens.merchantA,
    );
    expect(configured.data!.configureStockLevel).toEqual({ stockLevel: { sellFirst: 'CONSIGNED' }, userErrors: [] });

    // The stock report: own and consigned apart.
    const stocked = await levelIn(warehouseId);
    expect(stocked).toMatchObject({ onHand: before.onHand + 5, consignedOnHand: 5, ownOnHand: before.onHand });
    expect(stocked.consignments).toEqual([
      { consignor: { id: consignorId }, onHand: 5, received: 5, lots: [{ onHand: 5, agreedUnitPrice: { amount: '3.50' } }] },
    ]);
    expect(await statement()).toMatchObject({ unitsSold: 0, unitsReturned: 0, owed: { amount: '0.00' }, lines: { nodes: [] } });

    // Sold and paid: 2 consigned units, owed 2 × 3.50.
    const order = await paidOrder(t, 'consign-1', [{ skuId: sku.id, quantity: 2 }]);
    const sold = await waitFor(async () => ((await statement()).unitsSold === 2 ? statement() : undefined), { what: 'the sale on the statement' });
    expect(sold).toEqual({
      unitsSold: 2,
      unitsReturned: 0,
      sold: { amount: '7.00' },
      returned: { amount: '0.00' },
      owed: { amount: '7.00' },
      lines: { nodes: [{ kind: 'SALE', orderId: order.id, quantity: 2, unitPrice: { amount: '3.50' }, amount: { amount: '7.00' } }] },
    });
    expect(await levelIn(warehouseId)).toMatchObject({ onHand: before.onHand + 5, consignedOnHand: 3, ownOnHand: before.onHand + 2 });
    // Finance: the shop owes its consignor 7.00 (a liability: credit balance).
    expect(await waitFor(async () => ((await consignorPayable()) === '-7.00' ? '-7.00' : undefined), { what: 'the payable posted' })).toBe('-7.00');
    expect(await balanced()).toBe(true);

    // Delivered, then one unit returned and put away GOOD: the consignor has it back, and is owed one unit less.
    await deliveredOrder(t, order.id);
    const filed = await fileRequest(t, {
      orderId: order.id,
      orderLineId: order.lines[0]!.id,
      type: 'RETURN_REFUND',
      quantity: 1,
      reasonCode: 'QUALITY',
      reasonText: '不喜欢 changed my mind',
    });
    expect(filed.data!.fileAfterSaleRequest.userErrors).toEqual([]);
    const requestId = filed.data!.fileAfterSaleRequest.request!.id;
    expect((await decide(t, 'approve', { id: requestId }, t.tokens.merchantA)).data!.result.request!.status).toBe('APPROVED');
    const shipped = await t.gql<{ submitAfterSaleReturnShipment: { request: { status: string } | null } }>(
      'mutation($input: SubmitAfterSaleReturnShipmentInput!) { submitAfterSaleReturnShipment(input: $input) { request { status } userErrors { code message } } }',
      { input: { id: requestId, carrierCode: 'SF', trackingNumber: 'SFCONSIGN0001' } },
      t.tokens.customer,
    );
    expect(shipped.data!.submitAfterSaleReturnShipment.request!.status).toBe('RETURN_SHIPPED');
    const returnReceiptId = await waitFor(
      async () =>
        (
          await t.gql<{ afterSaleRequest: { returnReceiptId: string | null } }>(
            'query($id: ID!) { afterSaleRequest(id: $id) { returnReceiptId } }',
            { id: requestId },
            t.tokens.admin,
          )
        ).data?.afterSaleRequest.returnReceiptId,
      { what: 'the return receipt' },
    );
    for (const [mutation, input] of [
      ['receiveInboundReceipt(input: { id: $id, lines: [{ skuId: $sku, quantity: 1, quality: GOOD }] })', {}],
      ['putAwayInboundReceipt(input: { id: $id })', {}],
    ] as const) {
      const res = await t.gql<Record<string, { userErrors: unknown[] }>>(
        `mutation($id: ID!${mutation.includes('$sku') ? ', $sku: ID!' : ''}) { done: ${mutation} { userErrors { code message } } }`,
        { id: returnReceiptId, ...(mutation.includes('$sku') ? { sku: sku.id } : {}), ...input },
        t.tokens.admin,
      );
      expect(res.errors).toBeUndefined();
      expect(res.data!.done!.userErrors).toEqual([]);
    }
    expect((await settled(t, requestId)).status).toBe('REFUNDED');

    const back = await waitFor(async () => ((await statement()).unitsReturned === 1 ? statement() : undefined), { what: 'the return on the statement' });
    expect(back).toMatchObject({ unitsSold: 2, unitsReturned: 1, sold: { amount: '7.00' }, returned: { amount: '3.50' }, owed: { amount: '3.50' } });
    expect(back.lines.nodes.map((l) => [l.kind, l.quantity, l.amount.amount])).toEqual([
      ['SALE', 2, '7.00'],
      ['RETURN', -1, '-3.50'],
    ]);
    // Two shipped, one back: on hand is 1 under what it was after the receipt, and that unit is the consignor's again.
    expect(await levelIn(warehouseId)).toMatchObject({ onHand: before.onHand + 4, consignedOnHand: 4, ownOnHand: before.onHand });
    expect(await waitFor(async () => ((await consignorPayable()) === '-3.50' ? '-3.50' : undefined), { what: 'the return posted' })).toBe('-3.50');
    expect(await balanced()).toBe(true);
    const ledger = await t.gql<{ stockLedgerCheck: { ok: boolean } }>('{ stockLedgerCheck { ok } }', undefined, t.tokens.admin);
    expect(ledger.data!.stockLedgerCheck.ok).toBe(true);
  });

  it('finance pays the consignor what an ended period owes: once per period, off CONSIGNOR_PAYABLE, shown on the statement', async () => {
    const PAY =
      'mutation($input: PayConsignorInput!) { payConsignor(input: $input) { consignorPayout { id from to amount { amount } unitsSold unitsReturned paidBy } userErrors { field code message } } }';
    type Paid = {
      payConsignor: {
        consignorPayout: { id: string; amount: { amount: string }; unitsSold: number; unitsReturned: number } | null;
        userErrors: { field: string[]; code: string }[];
      };
    };
    const pay = async (input: Record<string, unknown>, token = t.tokens.admin) => {
      const res = await t.gql<Paid>(PAY, { input: { supplierId: consignorId, ...input } }, token);
      if (res.errors) throw new Error(JSON.stringify(res.errors));
      return res.data!.payConsignor;
    };
    // After the first test: 2 sold, 1 returned, 3.50 owed for [from, now).
    const until = new Date().toISOString();
    expect((await pay({ from, to: new Date(Date.now() + 86_400_000).toISOString() })).userErrors).toEqual([
      expect.objectContaining({ field: ['input', 'to'], code: 'OUT_OF_RANGE' }),
    ]);
    const nothing = await pay({ from: '2020-01-01T00:00:00Z', to: '2020-02-01T00:00:00Z' });
    expect(nothing).toEqual({ consignorPayout: null, userErrors: [expect.objectContaining({ field: ['input', 'to'], code: 'OUT_OF_RANGE' })] });

    const first = await pay({ from, to: until });
    expect(first.userErrors).toEqual([]);
    expect(first.consignorPayout).toMatchObject({ amount: { amount: '3.50' }, unitsSold: 2, unitsReturned: 1 });
    // The same period again is the same payout: nothing is paid twice.
    const again = await pay({ from, to: until });
    expect(again.consignorPayout!.id).toBe(first.consignorPayout!.id);
    // A period overlapping a paid one would pay its units again.
    const overlap = await pay({ from: new Date(Date.parse(from) + 1000).toISOString(), to: until });
    expect(overlap).toEqual({ consignorPayout: null, userErrors: [expect.objectContaining({ field: ['input', 'from'], code: 'DUPLICATE' })] });
    // Finance pays; a shop's merchant does not.
    const byMerchant = await t.gql(PAY, { input: { supplierId: consignorId, from, to: until } }, t.tokens.merchantA);
    expect(byMerchant.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');

    expect(await waitFor(async () => ((await consignorPayable()) === '0.00' ? '0.00' : undefined), { what: 'the payout posted' })).toBe('0.00');
    await t.graph.host!.bus!.drain();
    expect(await consignorPayable()).toBe('0.00');
    expect(await balanced()).toBe(true);
    const shown = await t.gql<{
      supplier: { consignmentStatement: { owed: { amount: string }; paid: { amount: string }; balance: { amount: string }; payouts: { id: string }[] } };
    }>(
      'query($id: ID!, $from: DateTime!, $to: DateTime!) { supplier(id: $id) { consignmentStatement(from: $from, to: $to) { owed { amount } paid { amount } balance { amount } payouts { id } } } }',
      { id: consignorId, from, to },
      t.tokens.merchantA,
    );
    expect(shown.data!.supplier.consignmentStatement).toEqual({
      owed: { amount: '3.50' },
      paid: { amount: '3.50' },
      balance: { amount: '0.00' },
      payouts: [{ id: first.consignorPayout!.id }],
    });
  });

  it("another shop's merchant reads neither the statement nor the consigned stock", async () => {
    const statementOfB = await t.gql(
      'query($id: ID!) { supplier(id: $id) { consignmentStatement(from: "2020-01-01T00:00:00Z", to: "2030-01-01T00:00:00Z") { owed { amount } } } }',
      { id: consignorId },
      t.tokens.merchantB,
    );
    expect(statementOfB.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const consigned = (await levels(t.tokens.admin)).find((l) => l.consignedOnHand > 0)!;
    const levelOfB = await t.gql('query($id: ID!) { stockLevel(id: $id) { consignedOnHand } }', { id: consigned.id }, t.tokens.merchantB);
    expect(levelOfB.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('a consignment receipt names a supplier of the SKUs’ shop', async () => {
    const other = await t.gql<{ createSupplier: { supplier: { id: string } } }>(
      'mutation { createSupplier(input: { code: "CONSIGN-B", name: "B 的代销方" }) { supplier { id } } }',
      undefined,
      t.tokens.merchantB,
    );
    const warehouseId = (await levels(t.tokens.admin))[0]!.warehouse.id;
    const refused = await t.gql<{ createConsignmentReceipt: { inboundReceipt: unknown; userErrors: { field: string[]; code: string }[] } }>(
      'mutation($input: CreateConsignmentReceiptInput!) { createConsignmentReceipt(input: $input) { inboundReceipt { id } userErrors { field code } } }',
      {
        input: {
          warehouseId,
          consignorId: other.data!.createSupplier.supplier.id,
          lines: [{ skuId: sku.id, expectedQuantity: 1, agreedUnitPrice: { amount: '1.00', currencyCode: 'CNY' } }],
        },
      },
      t.tokens.admin,
    );
    expect(refused.data!.createConsignmentReceipt).toEqual({
      inboundReceipt: null,
      userErrors: [{ field: ['input', 'lines', '0', 'skuId'], code: 'INVALID' }],
    });
    // Shop B's merchant naming shop A's supplier: as if there were none.
    const ofB = await t.gql<{ createConsignmentReceipt: { inboundReceipt: unknown; userErrors: { field: string[]; code: string }[] } }>(
      'mutation($input: CreateConsignmentReceiptInput!) { createConsignmentReceipt(input: $input) { inboundReceipt { id } userErrors { field code } } }',
      { input: { warehouseId, consignorId, lines: [{ skuId: sku.id, expectedQuantity: 1, agreedUnitPrice: { amount: '1.00', currencyCode: 'CNY' } }] } },
      t.tokens.merchantB,
    );
    expect(ofB.data!.createConsignmentReceipt).toEqual({ inboundReceipt: null, userErrors: [{ field: ['input', 'consignorId'], code: 'NOT_FOUND' }] });
    const manual = await t.gql<{ createInboundReceipt: { userErrors: { field: string[]; code: string }[] } }>(
      'mutation($input: CreateInboundReceiptInput!) { createInboundReceipt(input: $input) { userErrors { field code } } }',
      { input: { warehouseId, source: 'CONSIGNMENT', lines: [{ skuId: sku.id, expectedQuantity: 1 }] } },
      t.tokens.admin,
    );
    expect(manual.data!.createInboundReceipt.userErrors).toEqual([{ field: ['input', 'source'], code: 'INVALID' }]);
  });
});
