import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CenterRuntime } from '@zhongtai/kit';
import { waitFor } from '@zhongtai/kit/testing';
import { startTestGraph, type TestGraph } from './support/graph.ts';
import { fileRequest } from './support/aftersales.ts';
import { orderRisk } from './support/risk.ts';
import { ADDRESS, buyableSkus, payCheckout, PLACE_ORDER, type BuyableSku } from './support/shopping.ts';

/**
 * 风控 fail-safe: with the risk center unreachable (taken out of this process and its
 * SUBGRAPH_URL_RISK pointing at a port nothing listens on, as a stopped risk process would be),
 * or slower than the deadline, checkout goes on: the order is placed and payable, and its
 * assessment is recorded SKIPPED by orders' retried job once the center answers again.
 */
let t: TestGraph;
let skus: BuyableSku[];
const saved = { url: process.env.SUBGRAPH_URL_RISK, deadline: process.env.ORDER_RISK_DEADLINE_MS };

type Placed = {
  placeOrder: { checkout: { id: string; paymentId: string | null } | null; orders: { id: string; status: string }[] | null; userErrors: unknown[] };
};
const place = async (key: string) => {
  const res = await t.gql<Placed>(
    PLACE_ORDER,
    { input: { idempotencyKey: key, lines: [{ skuId: skus[0]!.id, quantity: 1 }], address: ADDRESS } },
    t.tokens.customer,
  );
  if (res.errors) throw new Error(JSON.stringify(res.errors));
  return res.data!.placeOrder;
};

beforeAll(async () => {
  t = await startTestGraph();
  skus = await buyableSkus(t, t.shopA, 1, 5);
});
afterAll(async () => {
  for (const [name, value] of [
    ['SUBGRAPH_URL_RISK', saved.url],
    ['ORDER_RISK_DEADLINE_MS', saved.deadline],
  ] as const) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
  await t?.stop();
});

describe('checkout when the risk center is down or slow', () => {
  it('with the risk center stopped, checkout and an after-sale request still work; SKIPPED is recorded for both once it is back', async () => {
    const host = t.graph.host!;
    const risk = host.center('risk') as CenterRuntime;
    process.env.SUBGRAPH_URL_RISK = 'http://127.0.0.1:9/graphql';
    host.centers.delete('risk');
    let placed: Placed['placeOrder'];
    let requestId: string;
    try {
      placed = await place('risk-down-1');
      expect(placed.userErrors).toEqual([]);
      expect(placed.orders![0]!.status).toBe('PENDING_PAYMENT');
      await payCheckout(t, placed.checkout!.paymentId!, [placed.orders![0]!.id]);
      // After-sales files the customer's request without a verdict too.
      const order = (
        await t.gql<{ order: { lines: { id: string }[] } }>(
          'query($id: ID!) { order(id: $id) { lines { id } } }',
          { id: placed.orders![0]!.id },
          t.tokens.customer,
        )
      ).data!.order;
      const filed = await fileRequest(t, { orderId: placed.orders![0]!.id, orderLineId: order.lines[0]!.id, type: 'REFUND_ONLY', quantity: 1 });
      expect(filed.data!.fileAfterSaleRequest.userErrors).toEqual([]);
      requestId = filed.data!.fileAfterSaleRequest.request!.id;
      expect(filed.data!.fileAfterSaleRequest.request!.status).toBe('PENDING');
      // Still down: nothing recorded yet (the job keeps retrying).
      expect((await orderRisk(t, placed.orders![0]!.id)).data!.order.riskAssessment).toBeNull();
    } finally {
      host.centers.set('risk', risk);
      delete process.env.SUBGRAPH_URL_RISK;
    }
    const recorded = await waitFor(async () => (await orderRisk(t, placed.orders![0]!.id)).data!.order.riskAssessment, {
      what: 'the SKIPPED assessment once the risk center is back',
      timeoutMs: 60_000,
    });
    expect(recorded).toMatchObject({ decision: 'SKIPPED', score: 0, firedRules: [] });
    expect(recorded.skippedReason).toMatch(/unreachable/);
    const refund = await waitFor(
      async () =>
        (
          await t.gql<{ riskAssessments: { nodes: { kind: string; decision: string; skippedReason: string }[] } }>(
            'query($s: ID!) { riskAssessments(first: 5, filter: { subjectId: $s }) { nodes { kind decision skippedReason } } }',
            { s: requestId! },
            t.tokens.admin,
          )
        ).data!.riskAssessments.nodes[0],
      { what: 'the after-sale request SKIPPED assessment', timeoutMs: 60_000 },
    );
    expect(refund).toMatchObject({ kind: 'REFUND', decision: 'SKIPPED' });
    expect(refund.skippedReason).toMatch(/unreachable/);
  });

  it('slower than the deadline: the order goes through, and SKIPPED replaces the late verdict', async () => {
    process.env.ORDER_RISK_DEADLINE_MS = '1';
    const placed = await place('risk-slow-1');
    expect(placed.userErrors).toEqual([]);
    expect(placed.orders![0]!.status).toBe('PENDING_PAYMENT');
    // The late verdict may be stored first; the SKIPPED record replaces it as the order's assessment.
    const recorded = await waitFor(
      async () => {
        const risk = (await orderRisk(t, placed.orders![0]!.id)).data!.order.riskAssessment;
        return risk?.decision === 'SKIPPED' ? risk : undefined;
      },
      { what: 'the SKIPPED assessment' },
    );
    expect(recorded).toMatchObject({ decision: 'SKIPPED' });
    expect(recorded.skippedReason).toMatch(/late/);
  });
});
