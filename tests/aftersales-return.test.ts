import { waitFor } from '@zhongtai/kit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decide, deliveredOrder, fileRequest, orderState, paidOrder, requestById, settled } from './support/aftersales.ts';
import { startTestGraph, type TestGraph } from './support/graph.ts';
import { availableOf, buyableSkus, type BuyableSku } from './support/shopping.ts';

/** 退货退款 through the gateway: the parcel comes back through WMS, each unit inspected, then the money. */
describe('return and refund', () => {
  let t: TestGraph;
  let skus: BuyableSku[];

  beforeAll(async () => {
    t = await startTestGraph();
    skus = await buyableSkus(t, t.shopA, 2, 10);
  }, 120_000);
  afterAll(async () => {
    await t?.stop();
  });

  const returned = async (key: string, sku: BuyableSku, extra: Record<string, unknown> = {}, completed?: () => Promise<void>) => {
    const order = await paidOrder(t, key, [{ skuId: sku.id, quantity: 2 }], extra);
    await deliveredOrder(t, order.id);
    await completed?.();
    const line = order.lines[0]!;
    const filed = await fileRequest(t, {
      orderId: order.id,
      orderLineId: line.id,
      type: 'RETURN_REFUND',
      quantity: 2,
      reasonCode: 'QUALITY',
      reasonText: '有划痕 scratched',
    });
    expect(filed.data!.fileAfterSaleRequest.userErrors).toEqual([]);
    const id = filed.data!.fileAfterSaleRequest.request!.id;
    expect((await decide(t, 'approve', { id }, t.tokens.merchantA)).data!.result.request!.status).toBe('APPROVED');
    const shipped = await t.gql<{ submitAfterSaleReturnShipment: { request: { status: string } | null; userErrors: unknown[] } }>(
      'mutation($input: SubmitAfterSaleReturnShipmentInput!) { submitAfterSaleReturnShipment(input: $input) { request { status } userErrors { code message } } }',
      { input: { id, carrierCode: 'SF', trackingNumber: `SF${key}` } },
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
    return { order, line, id, receiptId };
  };

  const receive = async (receiptId: string, skuId: string, lines: { quantity: number; quality: string }[]) => {
    const received = await t.gql<{ receiveInboundReceipt: { userErrors: unknown[] } }>(
      'mutation($input: ReceiveInboundReceiptInput!) { receiveInboundReceipt(input: $input) { userErrors { code message } } }',
      { input: { id: receiptId, lines: lines.map((l) => ({ skuId, ...l })) } },
      t.tokens.merchantA,
    );
    expect(received.data!.receiveInboundReceipt.userErrors).toEqual([]);
    const putAway = await t.gql<{ putAwayInboundReceipt: { userErrors: unknown[] } }>(
      'mutation($id: ID!) { putAwayInboundReceipt(input: { id: $id }) { userErrors { code message } } }',
      { id: receiptId },
      t.tokens.merchantA,
    );
    expect(putAway.data!.putAwayInboundReceipt.userErrors).toEqual([]);
  };

  type Entry = { kind: string; orderId: string | null; points: number };
  const points = async () =>
    (
      await t.gql<{ me: { pointsBalance: number; pointsEntries: { nodes: Entry[] } } }>(
        '{ me { pointsBalance pointsEntries(first: 100) { nodes { kind orderId points } } } }',
        undefined,
        t.tokens.customer,
      )
    ).data!.me;

  it('request, approval, return tracking, a RETURN receipt with 1 SELLABLE and 1 DAMAGED unit, the ledger shows both, the refund is the line paid share, points reversed', async () => {
    const sku = skus[0]!;
    let earned = 0;
    let orderId = '';
    const { order, line, id, receiptId } = await returned('as-return-1', sku, { pointsToUse: 100 }, async () => {
      orderId = (
        await t.gql<{ myOrders: { nodes: { id: string; status: string }[] } }>('{ myOrders(first: 1) { nodes { id status } } }', undefined, t.tokens.customer)
      ).data!.myOrders.nodes[0]!.id;
      const confirmed = await t.gql<{ confirmReceipt: { order: { status: string } } }>(
        'mutation($id: ID!) { confirmReceipt(input: { orderId: $id }) { order { status } userErrors { code } } }',
        { id: orderId },
        t.tokens.customer,
      );
      expect(confirmed.data!.confirmReceipt.order.status).toBe('COMPLETED');
      earned = await waitFor(async () => (await points()).pointsEntries.nodes.find((e) => e.kind === 'EARN' && e.orderId === orderId)?.points, {
        what: 'points earned',
      });
    });
    expect(order.id).toBe(orderId);
    expect(order.checkout.pointsUsed).toBe(100);
    const payable = (
      await t.gql<{ order: { payable: { amount: string } } }>('query($id: ID!) { order(id: $id) { payable { amount } } }', { id: order.id }, t.tokens.admin)
    ).data!.order.payable.amount;
    const receipt = await t.gql<{ inboundReceipt: { source: string; sourceReference: string; lines: { expectedQuantity: number }[] } }>(
      'query($id: ID!) { inboundReceipt(id: $id) { source sourceReference lines { expectedQuantity } } }',
      { id: receiptId },
      t.tokens.merchantA,
    );
    expect(receipt.data!.inboundReceipt).toMatchObject({ source: 'RETURN', sourceReference: id, lines: [{ expectedQuantity: 2 }] });
    const availableBefore = await availableOf(t, sku.id);

    await receive(receiptId, sku.id, [
      { quantity: 1, quality: 'GOOD' },
      { quantity: 1, quality: 'DAMAGED' },
    ]);
    const done = await settled(t, id);
    expect(done.status).toBe('REFUNDED');
    expect(done.history.map((h) => h.to)).toEqual(['PENDING', 'APPROVED', 'RETURN_SHIPPED', 'REFUNDED']);

    const movements = await t.gql<{
      stockMovements: { nodes: { type: string; onHandDelta: number; damagedDelta: number; stockLevel: { damaged: number } }[] };
    }>(
      'query($ref: String!) { stockMovements(first: 10, filter: { referenceId: $ref }) { nodes { type onHandDelta damagedDelta stockLevel { damaged } } } }',
      { ref: receiptId },
      t.tokens.merchantA,
    );
    const byType = Object.fromEntries(movements.data!.stockMovements.nodes.map((m) => [m.type, m]));
    expect(byType.RETURN).toMatchObject({ onHandDelta: 1, damagedDelta: 0 });
    expect(byType.DAMAGED).toMatchObject({ onHandDelta: 0, damagedDelta: 1 });
    expect(byType.DAMAGED!.stockLevel.damaged).toBeGreaterThanOrEqual(1);
    expect(await availableOf(t, sku.id)).toBe(availableBefore + 1);

    const state = await orderState(t, order.id);
    const after = state.lines.find((l) => l.id === line.id)!;
    expect(after).toMatchObject({ refundedQuantity: 2, returnedQuantity: 2 });
    expect(after.refunded.amount).toBe(line.finalAmount.amount);
    expect(done.refundAmount.amount).toBe(line.finalAmount.amount);
    const ledger = await t.gql<{ stockLedgerCheck: { ok: boolean } }>('{ stockLedgerCheck { ok } }', undefined, t.tokens.admin);
    expect(ledger.data!.stockLedgerCheck.ok).toBe(true);

    // Points: the order's earned points in the refund's share of what was paid are taken back; the 100 spent come back.
    // Taken back once the refund succeeded (orders' afterSaleRefunded job).
    const member = await waitFor(
      async () => {
        const m = await points();
        return m.pointsEntries.nodes.some((e) => e.kind === 'REVOKE' && e.orderId === id) &&
          m.pointsEntries.nodes.some((e) => e.kind === 'REFUND' && e.orderId === id)
          ? m
          : undefined;
      },
      { what: 'points reversed' },
    );
    const revoke = member.pointsEntries.nodes.find((e) => e.kind === 'REVOKE' && e.orderId === id)!;
    const share = Math.round(Number(line.finalAmount.amount) * 100) / Math.round(Number(payable) * 100);
    expect(revoke.points).toBe(-Math.floor(earned * share + 1e-9));
    expect(member.pointsEntries.nodes.find((e) => e.kind === 'REFUND' && e.orderId === id)!.points).toBe(100);
    expect(member.pointsEntries.nodes.reduce((sum, e) => sum + e.points, 0)).toBe(member.pointsBalance);
  });

  it('an operator deduction with a reason is kept back from the refund; merchants cannot set one', async () => {
    const sku = skus[1]!;
    const { line, id, receiptId } = await returned('as-return-2', sku);
    const setDeduction = (token: string, amount: string) =>
      t.gql<{ setAfterSaleDeduction: { request: { deduction: { amount: string } } | null; userErrors: { code: string }[] } }>(
        'mutation($input: SetAfterSaleDeductionInput!) { setAfterSaleDeduction(input: $input) { request { deduction { amount } } userErrors { code } } }',
        { input: { id, amount: { amount, currencyCode: 'CNY' }, reason: '包装损坏 packaging damaged' } },
        token,
      );
    expect((await setDeduction(t.tokens.merchantA, '1.00')).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect((await setDeduction(t.tokens.admin, '1.00')).data!.setAfterSaleDeduction.request!.deduction.amount).toBe('1.00');
    await receive(receiptId, sku.id, [{ quantity: 2, quality: 'GOOD' }]);
    const done = await settled(t, id);
    expect(done.status).toBe('REFUNDED');
    const refunded = (await requestById(t, id)).refundAmount.amount;
    expect(refunded).toBe(line.finalAmount.amount);
    const state = await orderState(
      t,
      (await t.gql<{ afterSaleRequest: { order: { id: string } } }>('query($id: ID!) { afterSaleRequest(id: $id) { order { id } } }', { id }, t.tokens.admin))
        .data!.afterSaleRequest.order.id,
    );
    expect(Number(state.lines[0]!.refunded.amount)).toBeCloseTo(Number(line.finalAmount.amount) - 1, 2);
  });

  it('a refused refund leaves the return open and marked for an operator, who sets it right and retries: nothing lost', async () => {
    const sku = skus[1]!;
    const { order, line, id, receiptId } = await returned('as-return-3', sku);
    // An operator already gave 1.00 of the line back by hand: the return's full share no longer fits the line.
    const byHand = await t.gql<{ refundOrder: { userErrors: unknown[] } }>(
      'mutation($input: RefundOrderInput!) { refundOrder(input: $input) { userErrors { field code message } } }',
      {
        input: {
          orderId: order.id,
          idempotencyKey: 'as-return-3-by-hand',
          reason: '先行赔付 goodwill',
          lines: [{ orderLineId: line.id, amount: { amount: '1.00', currencyCode: 'CNY' } }],
        },
      },
      t.tokens.admin,
    );
    expect(byHand.data!.refundOrder.userErrors).toEqual([]);
    await receive(receiptId, sku.id, [{ quantity: 2, quality: 'GOOD' }]);

    type Marked = { status: string; failure: string | null; refundFailedAt: string | null; refundId: string | null };
    const FIELDS = 'status failure refundFailedAt refundId';
    const marked = await waitFor(
      async () => {
        const r = (await t.gql<{ afterSaleRequest: Marked }>(`query($id: ID!) { afterSaleRequest(id: $id) { ${FIELDS} } }`, { id }, t.tokens.admin)).data!
          .afterSaleRequest;
        return r.refundFailedAt ? r : undefined;
      },
      { what: 'the refused refund recorded' },
    );
    expect(marked).toMatchObject({ status: 'RETURN_SHIPPED', refundId: null });
    expect(marked.failure).toContain('EXCEEDS_CAPTURED');
    // The operator's list of refunds to look at has it.
    const waiting = await t.gql<{ afterSaleRequests: { nodes: { id: string }[] } }>(
      '{ afterSaleRequests(first: 100, filter: { refundFailed: true }) { nodes { id } } }',
      undefined,
      t.tokens.admin,
    );
    expect(waiting.data!.afterSaleRequests.nodes.map((n) => n.id)).toContain(id);

    const retry = (token: string) =>
      t.gql<{ retryAfterSaleRefund: { request: Marked | null; userErrors: { code: string }[] } }>(
        `mutation($id: ID!) { retryAfterSaleRefund(input: { id: $id }) { request { ${FIELDS} } userErrors { code } } }`,
        { id },
        token,
      );
    expect((await retry(t.tokens.merchantA)).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    // Retried as it is: refused again, still open and marked.
    const again = (await retry(t.tokens.admin)).data!.retryAfterSaleRefund.request!;
    expect(again).toMatchObject({ status: 'RETURN_SHIPPED', refundId: null });
    expect(again.refundFailedAt).not.toBeNull();
    // The 1.00 given by hand is kept back from the return's refund, then it goes through.
    const deducted = await t.gql<{ setAfterSaleDeduction: { userErrors: unknown[] } }>(
      'mutation($input: SetAfterSaleDeductionInput!) { setAfterSaleDeduction(input: $input) { userErrors { code message } } }',
      { input: { id, amount: { amount: '1.00', currencyCode: 'CNY' }, reason: '已先行赔付 1.00 refunded by hand' } },
      t.tokens.admin,
    );
    expect(deducted.data!.setAfterSaleDeduction.userErrors).toEqual([]);
    const done = (await retry(t.tokens.admin)).data!.retryAfterSaleRefund.request!;
    expect(done).toMatchObject({ status: 'REFUNDED', failure: null, refundFailedAt: null });
    expect(done.refundId).not.toBeNull();
    const after = (await orderState(t, order.id)).lines.find((l) => l.id === line.id)!;
    expect(after).toMatchObject({ refundedQuantity: 2, returnedQuantity: 2 });
    expect(after.refunded.amount).toBe(line.finalAmount.amount);
    expect((await retry(t.tokens.admin)).data!.retryAfterSaleRefund.userErrors.map((e) => e.code)).toEqual(['INVALID_TRANSITION']);
  });

  it('a refund the payment provider declines does not end the return: it stays open and marked, with the provider refund named', async () => {
    const sku = skus[0]!;
    const { order, id, receiptId } = await returned('as-return-4', sku);
    process.env.PAYMENT_SANDBOX_DECLINE_REFUNDS = '1';
    try {
      await receive(receiptId, sku.id, [{ quantity: 2, quality: 'GOOD' }]);
      const marked = await waitFor(
        async () => {
          const r = (
            await t.gql<{ afterSaleRequest: { status: string; failure: string | null; refundFailedAt: string | null } }>(
              'query($id: ID!) { afterSaleRequest(id: $id) { status failure refundFailedAt } }',
              { id },
              t.tokens.admin,
            )
          ).data!.afterSaleRequest;
          return r.refundFailedAt ? r : undefined;
        },
        { what: 'the declined refund recorded' },
      );
      expect(marked.status).toBe('RETURN_SHIPPED');
      expect(marked.failure).toMatch(/payment provider refused refund rfd_/);
    } finally {
      delete process.env.PAYMENT_SANDBOX_DECLINE_REFUNDS;
    }
    const payments = await t.gql<{ order: { payments: { refunds: { status: string }[] }[] } }>(
      'query($id: ID!) { order(id: $id) { payments { refunds { status } } } }',
      { id: order.id },
      t.tokens.admin,
    );
    expect(payments.data!.order.payments[0]!.refunds.map((r) => r.status)).toEqual(['FAILED']);
  });
});
