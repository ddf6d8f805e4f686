import { demoPlatformStaffId, openDatabase } from '@zhongtai/kit';
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

  it('ten tickets opened at once are shared evenly by two agents (the roster is locked while counting)', async () => {
    for (const role of ['CS_AGENT', 'OPERATOR'] as const) {
      const res = await t.gql<{ setSupportAgent: { userErrors: unknown[] } }>(
        'mutation($id: ID!) { setSupportAgent(input: { staffId: $id, categories: [PRODUCT] }) { userErrors { code } } }',
        { id: demoPlatformStaffId(role) },
        t.tokens.admin,
      );
      expect(res.data!.setSupportAgent.userErrors).toEqual([]);
    }
    const opened = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        t.gql<{ openServiceTicket: { ticket: { assigneeStaffId: string } } }>(
          'mutation($s: String!) { openServiceTicket(input: { subject: $s, category: PRODUCT, body: "?" }) { ticket { assigneeStaffId } userErrors { code } } }',
          { s: `question ${i}` },
          t.tokens.customer,
        ),
      ),
    );
    const perAgent = new Map<string, number>();
    for (const res of opened) {
      const agent = res.data!.openServiceTicket.ticket.assigneeStaffId;
      perAgent.set(agent, (perAgent.get(agent) ?? 0) + 1);
    }
    expect([...perAgent.values()]).toEqual([5, 5]);
  });

  it('the automatic approval and a ticket’s SLA timer scheduled before a restart run after it', async () => {
    const order = await paidOrder(t, 'as-restart', [{ skuId: skus[1]!.id, quantity: 1 }]);
    process.env.AFTERSALE_AUTO_APPROVE_SECONDS = '4';
    let id: string;
    try {
      const filed = await fileRequest(t, { orderId: order.id, orderLineId: order.lines[0]!.id, type: 'REFUND_ONLY', quantity: 1 });
      id = filed.data!.fileAfterSaleRequest.request!.id;
    } finally {
      delete process.env.AFTERSALE_AUTO_APPROVE_SECONDS;
    }
    process.env.TICKET_FIRST_RESPONSE_SECONDS = '4';
    let ticketId: string;
    try {
      const opened = await t.gql<{ openServiceTicket: { ticket: { id: string } } }>(
        'mutation { openServiceTicket(input: { subject: "Anyone?", category: ORDER, body: "?" }) { ticket { id } } }',
        undefined,
        t.tokens.customer,
      );
      ticketId = opened.data!.openServiceTicket.ticket.id;
    } finally {
      delete process.env.TICKET_FIRST_RESPONSE_SECONDS;
    }
    // The outbox relays the jobs to pg-boss; then the whole process goes away before they are due.
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
    const ticket = await waitFor(
      async () => {
        const res = await postGraphQL<{ serviceTicket: { priority: string; firstResponseBreached: boolean } }>(
          restarted!.url,
          'query($id: ID!) { serviceTicket(id: $id) { priority firstResponseBreached } }',
          { id: ticketId },
          t.tokens.admin,
        );
        return res.data?.serviceTicket.firstResponseBreached ? res.data.serviceTicket : undefined;
      },
      { what: 'the SLA timer after a restart', timeoutMs: 60_000, intervalMs: 500 },
    );
    expect(ticket.priority).toBe('HIGH');
  });
});
