import { sql } from 'drizzle-orm';
import { newId } from '@zhongtai/kit';
import { waitFor } from '@zhongtai/kit/testing';
import { signedSandboxCallback } from '@zhongtai/payments/sandbox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decide, fileRequest, orderState, outboundReady, paidOrder } from './support/aftersales.ts';
import { startTestGraph, type TestGraph } from './support/graph.ts';
import { rowsOf } from './support/placing.ts';
import { buyableSkus, type BuyableSku } from './support/shopping.ts';

/**
 * A refund the provider declines, at once or in a later answer, is not a success: the request
 * stays open and marked, the order counts nothing of it, and an operator's retry sends a new
 * refund (a new attempt) that can succeed. Points and the coupon move only once a refund succeeded.
 */
let t: TestGraph;
let skus: BuyableSku[];

beforeAll(async () => {
  t = await startTestGraph();
  skus = await buyableSkus(t, t.shopA, 5, 10);
}, 120_000);
afterAll(async () => {
  await t?.stop();
});

type Marked = { id: string; status: string; failure: string | null; refundFailedAt: string | null; refundId: string | null };
const FIELDS = 'id status failure refundFailedAt refundId';

const requestOf = async (id: string): Promise<Marked> =>
  (await t.gql<{ afterSaleRequest: Marked }>(`query($id: ID!) { afterSaleRequest(id: $id) { ${FIELDS} } }`, { id }, t.tokens.admin)).data!.afterSaleRequest;

const retry = (id: string) =>
  t.gql<{ retryAfterSaleRefund: { request: Marked | null; userErrors: { code: string }[] } }>(
    `mutation($id: ID!) { retryAfterSaleRefund(input: { id: $id }) { request { ${FIELDS} } userErrors { code } } }`,
    { id },
    t.tokens.admin,
  );

const refundsOf = async (orderId: string) =>
  (
    await t.gql<{ order: { payments: { refunds: { id: string; status: string; amount: { amount: string } }[] }[] } }>(
      'query($id: ID!) { order(id: $id) { payments { refunds { id status amount { amount } } } } }',
      { id: orderId },
      t.tokens.admin,
    )
  ).data!.order.payments.flatMap((p) => p.refunds);

const waitingForRetry = async () =>
  (
    await t.gql<{ afterSaleRequests: { nodes: { id: string }[] } }>(
      '{ afterSaleRequests(first: 100, filter: { refundFailed: true }) { nodes { id } } }',
      undefined,
      t.tokens.admin,
    )
  ).data!.afterSaleRequests.nodes.map((n) => n.id);

type Entry = { kind: string; orderId: string | null; points: number };
const pointsEntriesOf = async (key: string): Promise<Entry[]> =>
  (
    await t.gql<{ me: { pointsEntries: { nodes: Entry[] } } }>(
      '{ me { pointsEntries(first: 100) { nodes { kind orderId points } } } }',
      undefined,
      t.tokens.customer,
    )
  ).data!.me.pointsEntries.nodes.filter((e) => e.orderId === key);

async function withSandbox<T>(variable: 'PAYMENT_SANDBOX_DECLINE_REFUNDS' | 'PAYMENT_SANDBOX_DEFER_REFUNDS', run: () => Promise<T>): Promise<T> {
  process.env[variable] = '1';
  try {
    return await run();
  } finally {
    delete process.env[variable];
  }
}

/** A paid single-line order (one unit), dispatched, and an approved refund-only request on its line. */
async function approvedRefundOnly(key: string, sku: BuyableSku, extra: Record<string, unknown> = {}) {
  const order = await paidOrder(t, key, [{ skuId: sku.id, quantity: 1 }], extra);
  await outboundReady(t, order.id);
  const line = order.lines[0]!;
  const filed = await fileRequest(t, { orderId: order.id, orderLineId: line.id, type: 'REFUND_ONLY', quantity: 1 });
  expect(filed.data!.fileAfterSaleRequest.userErrors).toEqual([]);
  const id = filed.data!.fileAfterSaleRequest.request!.id;
  expect((await decide(t, 'approve', { id }, t.tokens.merchantA)).data!.result.request!.status).toBe('APPROVED');
  return { order, line, id };
}

const markedFailed = (id: string) =>
  waitFor(
    async () => {
      const r = await requestOf(id);
      return r.refundFailedAt ? r : undefined;
    },
    { what: `after-sale ${id} marked refund-failed` },
  );

const sentPending = (id: string) =>
  waitFor(
    async () => {
      const r = await requestOf(id);
      return r.refundId ? r : undefined;
    },
    { what: `the refund of after-sale ${id} sent and left PENDING` },
  );

const closedOrder = (orderId: string) =>
  waitFor(
    async () => {
      const o = await orderState(t, orderId);
      return o.status === 'CLOSED' ? o : undefined;
    },
    { what: `order ${orderId} closed` },
  );

const refundedRequest = (id: string) =>
  waitFor(
    async () => {
      const r = await requestOf(id);
      return r.status === 'REFUNDED' ? r : undefined;
    },
    { what: `after-sale ${id} REFUNDED` },
  );

/** The provider's later answer to a refund it had left PENDING, through the payment hook, as the sandbox signs it. */
async function providerAnswers(orderId: string, refund: { id: string; amount: { amount: string } }, type: 'refund.succeeded' | 'refund.failed') {
  const payment = (
    await t.gql<{ order: { payments: { providerPaymentId: string }[] } }>(
      'query($id: ID!) { order(id: $id) { payments { providerPaymentId } } }',
      { id: orderId },
      t.tokens.admin,
    )
  ).data!.order.payments[0]!;
  const callback = signedSandboxCallback({
    type,
    providerPaymentId: payment.providerPaymentId,
    refundId: refund.id,
    amount: String(Math.round(Number(refund.amount.amount) * 100)),
    currency: 'CNY',
    ...(type === 'refund.failed' ? { reason: '收款账户已注销 account closed' } : {}),
  });
  const response = await fetch(`${new URL(t.graph.url).origin}/hooks/payments/sandbox/callback`, {
    method: 'POST',
    headers: callback.headers,
    body: callback.rawBody,
  });
  expect(await response.json()).toEqual({ result: 'APPLIED' });
}

/**
 * Delivers the RefundFailed event of `refundId` again, twice: the same envelope (its outbox row
 * relayed again) and a copy with a new event id (a producer that published it twice), so the
 * consumers' own guards are tested, not only their inbox. Waits until both consumers handled the
 * copy and nothing of theirs is left to run.
 */
async function redeliverRefundFailed(refundId: string): Promise<void> {
  const db = t.graph.host!.database.forCenter('payments');
  const copy = newId('obx');
  await db.execute(sql`update payments.outbox set published_at = null where topic = 'RefundFailed' and payload->>'refundId' = ${refundId}`);
  await db.execute(
    sql`insert into payments.outbox (id, kind, topic, payload) select ${copy}, kind, topic, payload from payments.outbox where topic = 'RefundFailed' and payload->>'refundId' = ${refundId} order by id limit 1`,
  );
  // The relay running on its own may take them too: an event may go out more than twice, as delivery is at least once.
  await t.graph.host!.bus!.relayNow();
  await waitFor(
    async () => {
      const [row] = await rowsOf<{ open: number; done: number }>(
        db,
        sql`select count(*) filter (where state <> 'completed')::int as open, count(distinct name) filter (where state = 'completed' and data->>'id' = ${copy})::int as done
            from pgboss.job where name in ('orders-RefundFailed', 'aftersales-RefundFailed')`,
      );
      return row?.open === 0 && row.done === 2;
    },
    { what: 'the redelivered RefundFailed handled by orders and after-sales' },
  );
}

describe('a refund the provider declines can be sent again', () => {
  it('declined at once: the request stays open and marked, the order counts nothing; the retry sends one new refund that succeeds, points come back once', async () => {
    const { order, line, id, marked } = await withSandbox('PAYMENT_SANDBOX_DECLINE_REFUNDS', async () => {
      const approved = await approvedRefundOnly('as-retry-sync', skus[0]!, { pointsToUse: 100 });
      return { ...approved, marked: await markedFailed(approved.id) };
    });
    expect(order.checkout.pointsUsed).toBe(100);
    expect(marked).toMatchObject({ status: 'APPROVED', refundId: expect.stringMatching(/^rfd_/) });
    expect(marked.failure).toBe(`the payment provider refused refund ${marked.refundId}`);
    expect(await waitingForRetry()).toContain(id);
    const declined = await orderState(t, order.id);
    expect(declined.status).toBe('PAID');
    expect(declined.refunded.amount).toBe('0.00');
    expect(declined.lines[0]).toMatchObject({ refundedQuantity: 0, refunded: { amount: '0.00' } });
    expect((await refundsOf(order.id)).map((r) => r.status)).toEqual(['FAILED']);

    const done = (await retry(id)).data!.retryAfterSaleRefund;
    expect(done.userErrors).toEqual([]);
    expect(done.request).toMatchObject({ status: 'REFUNDED', failure: null, refundFailedAt: null });
    expect(done.request!.refundId).not.toBe(marked.refundId);
    const refunds = await refundsOf(order.id);
    expect(refunds.map((r) => [r.id, r.status])).toEqual([
      [marked.refundId, 'FAILED'],
      [done.request!.refundId, 'SUCCEEDED'],
    ]);
    expect(refunds.map((r) => r.amount.amount)).toEqual([line.finalAmount.amount, line.finalAmount.amount]);
    expect(await waitingForRetry()).not.toContain(id);
    // The whole order was withdrawn and refunded: it closes, and the 100 points spent come back, once.
    const closed = await closedOrder(order.id);
    expect(closed.refunded.amount).toBe(line.finalAmount.amount);
    expect(closed.lines[0]).toMatchObject({ refundedQuantity: 1, refunded: { amount: line.finalAmount.amount } });
    const returned = await waitFor(
      async () => {
        const entries = await pointsEntriesOf(id);
        return entries.length ? entries : undefined;
      },
      { what: 'points given back' },
    );
    expect(returned).toEqual([{ kind: 'REFUND', orderId: id, points: 100 }]);
    expect((await retry(id)).data!.retryAfterSaleRefund.userErrors.map((e) => e.code)).toEqual(['INVALID_TRANSITION']);
  });

  it('PENDING, then FAILED by the provider later: RefundFailed puts the request back to refund-failed and frees the order; redelivered twice it changes nothing; the retry succeeds', async () => {
    const { order, line, id, pending } = await withSandbox('PAYMENT_SANDBOX_DEFER_REFUNDS', async () => {
      const approved = await approvedRefundOnly('as-retry-async', skus[1]!);
      return { ...approved, pending: await sentPending(approved.id) };
    });
    // Under way: the request is open (not REFUNDED), and the order holds the refund's room.
    expect(pending).toMatchObject({ status: 'APPROVED', refundFailedAt: null, failure: null });
    const [sent] = await refundsOf(order.id);
    expect(sent).toMatchObject({ id: pending.refundId, status: 'PENDING', amount: { amount: line.finalAmount.amount } });
    expect((await orderState(t, order.id)).refunded.amount).toBe(line.finalAmount.amount);

    await providerAnswers(order.id, sent!, 'refund.failed');
    const marked = await markedFailed(id);
    expect(marked).toMatchObject({ status: 'APPROVED', refundId: sent!.id });
    expect(marked.failure).toBe(`the payment provider refused refund ${sent!.id}: 收款账户已注销 account closed`);
    expect(await waitingForRetry()).toContain(id);
    const freed = await waitFor(
      async () => {
        const o = await orderState(t, order.id);
        return o.refunded.amount === '0.00' ? o : undefined;
      },
      { what: 'the failed refund released by orders' },
    );
    expect(freed.status).toBe('PAID');
    expect(freed.lines[0]).toMatchObject({ refundedQuantity: 0, returnedQuantity: 0, refunded: { amount: '0.00' } });

    await redeliverRefundFailed(sent!.id);
    expect(await requestOf(id)).toEqual(marked);
    expect(await orderState(t, order.id)).toEqual(freed);

    const done = (await retry(id)).data!.retryAfterSaleRefund;
    expect(done.request).toMatchObject({ status: 'REFUNDED', failure: null, refundFailedAt: null });
    expect((await refundsOf(order.id)).map((r) => r.status)).toEqual(['FAILED', 'SUCCEEDED']);
    const closed = await closedOrder(order.id);
    expect(closed.refunded.amount).toBe(line.finalAmount.amount);
    expect(closed.lines[0]).toMatchObject({ refundedQuantity: 1, refunded: { amount: line.finalAmount.amount } });
    // The first attempt's failure, delivered again after the retry succeeded, touches neither the request nor the order.
    await redeliverRefundFailed(sent!.id);
    expect(await requestOf(id)).toEqual(done.request);
    expect(await orderState(t, order.id)).toEqual(closed);
  });

  it('PENDING, then SUCCEEDED by the provider later: only then is the request REFUNDED and the order closed', async () => {
    const { order, line, id, pending } = await withSandbox('PAYMENT_SANDBOX_DEFER_REFUNDS', async () => {
      const approved = await approvedRefundOnly('as-retry-late-ok', skus[2]!);
      return { ...approved, pending: await sentPending(approved.id) };
    });
    expect(pending.status).toBe('APPROVED');
    expect((await orderState(t, order.id)).status).toBe('PAID');
    const [sent] = await refundsOf(order.id);
    await providerAnswers(order.id, sent!, 'refund.succeeded');
    expect(await refundedRequest(id)).toMatchObject({ refundId: sent!.id, refundFailedAt: null });
    const closed = await closedOrder(order.id);
    expect(closed.refunded.amount).toBe(line.finalAmount.amount);
    expect((await refundsOf(order.id)).map((r) => r.status)).toEqual(['SUCCEEDED']);
  });
});

// Racing retries need parallel connections and real row locks: PostgreSQL only.
describe.runIf(process.env.DATABASE_URL)('retrying a declined refund under concurrency (PostgreSQL)', () => {
  it('ten concurrent retryAfterSaleRefund calls on one failed request send exactly one new refund', async () => {
    const { order, line, id, marked } = await withSandbox('PAYMENT_SANDBOX_DECLINE_REFUNDS', async () => {
      const approved = await approvedRefundOnly('as-retry-race', skus[3]!);
      return { ...approved, marked: await markedFailed(approved.id) };
    });
    const results = await Promise.all(Array.from({ length: 10 }, () => retry(id)));
    const sent = results.filter((r) => r.data?.retryAfterSaleRefund.request);
    expect(sent).toHaveLength(1);
    expect(sent[0]!.data!.retryAfterSaleRefund.request!.status).toBe('REFUNDED');
    expect(results.filter((r) => !r.data?.retryAfterSaleRefund.request).flatMap((r) => r.data!.retryAfterSaleRefund.userErrors.map((e) => e.code))).toEqual(
      Array(9).fill('INVALID_TRANSITION'),
    );
    const refunds = await refundsOf(order.id);
    expect(refunds.map((r) => [r.id === marked.refundId ? 'declined' : 'retry', r.status])).toEqual([
      ['declined', 'FAILED'],
      ['retry', 'SUCCEEDED'],
    ]);
    expect((await orderState(t, order.id)).refunded.amount).toBe(line.finalAmount.amount);
  });
});
