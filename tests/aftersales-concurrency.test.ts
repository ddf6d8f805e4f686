import { openDatabase } from '@zhongtai/kit';
import { waitFor } from '@zhongtai/kit/testing';
import { startAllInOne, type RunningGraph } from '@zhongtai/gateway';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decide, fileRequest, orderState, outboundReady, paidOrder, REQUEST_FIELDS, settled, type Request } from './support/aftersales.ts';
import { postGraphQL, startTestGraph, type TestGraph } from './support/graph.ts';
import { buyableSkus, type BuyableSku } from './support/shopping.ts';

// Races need real row locks and parallel connections, and a restart needs a database that outlives the process: PostgreSQL only.
describe.runIf(process.env.DATABASE_URL)('after-sale requests under concurrency and restarts (PostgreSQL)', () => {
  let t: TestGraph;
  let skus: BuyableSku[];
  let restarted: RunningGraph | undefined;

  beforeAll(async () => {
    t = await startTestGraph();
    skus = await buyableSkus(t, t.shopA, 3, 10);
  });
  afterAll(async () => {
    if (restarted) {
      await restarted.stop();
      await t.testDb.drop().catch(() => {});
    } else await t?.stop();
  });

  it('ten requests for the same line at once open one', async () => {
    const order = await paidOrder(t, 'as-race-ten', [{ skuId: skus[0]!.id, quantity: 1 }]);
    const results = await Promise.all(
      Array.from({ length: 10 }, () => fileRequest(t, { orderId: order.id, orderLineId: order.lines[0]!.id, type: 'REFUND_ONLY', quantity: 1 })),
    );
    const opened = results.filter((r) => r.data?.fileAfterSaleRequest.request);
    expect(opened).toHaveLength(1);
    expect(results.filter((r) => !r.data?.fileAfterSaleRequest.request).flatMap((r) => r.data!.fileAfterSaleRequest.userErrors.map((e) => e.code))).toEqual(
      Array(9).fill('DUPLICATE'),
    );
    const listed = await t.gql<{ afterSaleRequests: { totalCount: number } }>(
      'query($o: ID!) { afterSaleRequests(first: 20, filter: { orderId: $o }) { totalCount } }',
      { o: order.id },
      t.tokens.admin,
    );
    expect(listed.data!.afterSaleRequests.totalCount).toBe(1);
  });

  it('two approvals of the same request at once refund once', async () => {
    const order = await paidOrder(t, 'as-race-approve', [{ skuId: skus[2]!.id, quantity: 2 }]);
    await outboundReady(t, order.id);
    const filed = await fileRequest(t, { orderId: order.id, orderLineId: order.lines[0]!.id, type: 'REFUND_ONLY', quantity: 1 });
    const id = filed.data!.fileAfterSaleRequest.request!.id;
    const share = filed.data!.fileAfterSaleRequest.request!.refundAmount.amount;
    const results = await Promise.all(
      [t.tokens.merchantA, t.tokens.admin, t.tokens.merchantA, t.tokens.admin].map((token) => decide(t, 'approve', { id }, token)),
    );
    expect(results.filter((r) => r.data?.result.request)).toHaveLength(1);
    expect(results.filter((r) => !r.data?.result.request).flatMap((r) => r.data!.result.userErrors.map((e) => e.code))).toEqual(
      Array(3).fill('INVALID_TRANSITION'),
    );
    const done = await settled(t, id);
    expect(done.status).toBe('REFUNDED');
    expect(done.history.filter((h) => h.to === 'APPROVED')).toHaveLength(1);
    const state = await orderState(t, order.id);
    expect(state.refunded.amount).toBe(share);
    expect(state.lines[0]!.refundedQuantity).toBe(1);
    const refunds = await t.gql<{ order: { refunds: { id: string }[] } }>(
      'query($id: ID!) { order(id: $id) { refunds { id } } }',
      { id: order.id },
      t.tokens.admin,
    );
    expect(refunds.data!.order.refunds).toHaveLength(1);
  });

  it('the automatic approval scheduled before a restart runs after it', async () => {
    const order = await paidOrder(t, 'as-restart', [{ skuId: skus[1]!.id, quantity: 1 }]);
    process.env.AFTERSALE_AUTO_APPROVE_SECONDS = '4';
    let id: string;
    try {
      const filed = await fileRequest(t, { orderId: order.id, orderLineId: order.lines[0]!.id, type: 'REFUND_ONLY', quantity: 1 });
      id = filed.data!.fileAfterSaleRequest.request!.id;
    } finally {
      delete process.env.AFTERSALE_AUTO_APPROVE_SECONDS;
    }
    // The outbox relays the job to pg-boss; then the whole process goes away before it is due.
    await t.graph.host!.bus!.relayNow();
    const before = await t.gql<{ afterSaleRequest: { status: string } }>('query($id: ID!) { afterSaleRequest(id: $id) { status } }', { id }, t.tokens.admin);
    expect(before.data!.afterSaleRequest.status).toBe('PENDING');
    await t.graph.stop();
    const database = await openDatabase({ url: t.testDb.url! });
    restarted = await startAllInOne({ config: t.testDb.config, database, port: 0 });
    const status = await waitFor(
      async () => {
        const res = await postGraphQL<{ afterSaleRequest: Request }>(
          restarted!.url,
          `query($id: ID!) { afterSaleRequest(id: $id) { ${REQUEST_FIELDS} } }`,
          { id },
          t.tokens.admin,
        );
        return res.data?.afterSaleRequest.history.some((h) => h.to === 'APPROVED') ? res.data.afterSaleRequest : undefined;
      },
      { what: 'the automatic approval after a restart', timeoutMs: 60_000, intervalMs: 500 },
    );
    expect(status.history.find((h) => h.to === 'APPROVED')!.actor).toBe('system:aftersales');
  });
});
