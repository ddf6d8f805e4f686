import { randomBytes } from 'node:crypto';
import { Writable } from 'node:stream';
import type { AddressInfo } from 'node:net';
import { catalogService, createCenterServer, inSpan, ServiceClient, setLogDestination, SpanKind, stopTracing } from '@zhongtai/kit';
import { TimedRemoteDataSource } from '../gateway/src/dataSources.ts';
import { traceInMemory, waitFor, type InMemorySpanExporter, type ReadableSpan } from '@zhongtai/kit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postGraphQL, startTestGraph, type TestGraph } from './support/graph.ts';
import { ADDRESS, buyableSkus, claimPlatformCoupon, orderStatus, PLACE_ORDER } from './support/shopping.ts';

/**
 * Issue 21, must show: a placeOrder and its payment make one trace across the gateway, every
 * center they reach and the asynchronous OrderPaid consumer in fulfillment; the request's log
 * lines carry its trace id; nothing sensitive the requests carried reaches the log.
 */
let t: TestGraph;
let exporter: InMemorySpanExporter;
const lines: string[] = [];
const previousLevel = process.env.LOG_LEVEL;

beforeAll(async () => {
  process.env.LOG_LEVEL = 'debug';
  setLogDestination(
    new Writable({
      write(chunk, _encoding, done) {
        lines.push(String(chunk));
        done();
      },
    }),
  );
  exporter = await traceInMemory();
  t = await startTestGraph();
});
afterAll(async () => {
  await t?.stop();
  await stopTracing();
  setLogDestination(undefined);
  if (previousLevel === undefined) delete process.env.LOG_LEVEL;
  else process.env.LOG_LEVEL = previousLevel;
});

const hex = (bytes: number) => randomBytes(bytes).toString('hex');
const centerOf = (span: ReadableSpan) => span.attributes['zhongtai.center'] as string | undefined;
const parentOf = (span: ReadableSpan) => span.parentSpanContext?.spanId;

/**
 * The spans under `root` (itself included), following parent ids within one trace. `requestOnly`
 * stops at consumer spans: the events the request published are handled after it answered, by
 * however many subscribers the catalog lists at the time (OrderPlaced's analytics consumer, say).
 */
function subtree(spans: ReadableSpan[], root: ReadableSpan, requestOnly = false): ReadableSpan[] {
  const children = new Map<string, ReadableSpan[]>();
  for (const span of spans) {
    const parent = parentOf(span);
    if (parent) children.set(parent, [...(children.get(parent) ?? []), span]);
  }
  const out: ReadableSpan[] = [];
  const walk = (span: ReadableSpan) => {
    if (requestOnly && span.kind === SpanKind.CONSUMER) return;
    out.push(span);
    for (const child of children.get(span.spanContext().spanId) ?? []) walk(child);
  };
  walk(root);
  return out;
}

describe('one trace per request, across the graph (issue 21)', () => {
  it('a placed and paid order: one trace spans gateway, orders, inventory, marketing, payments and the OrderPaid consumer in fulfillment; its logs share the trace id and hold no phone number, token or address', async () => {
    const [sku] = await buyableSkus(t, t.shopA, 1, 3, (s) => Number(s.price) >= 10);
    const couponCode = await claimPlatformCoupon(t);
    // The storefront opens one trace for the checkout and sends it with both requests.
    const traceId = hex(16);
    const placeRequestId = `obs-place-${hex(4)}`;
    const placed = await postGraphQL<{ placeOrder: { checkout: { paymentId: string }; orders: { id: string }[]; userErrors: unknown[] } }>(
      t.graph.url,
      PLACE_ORDER.replace('mutation(', 'mutation PlaceOrder('),
      { input: { idempotencyKey: `obs-${hex(4)}`, lines: [{ skuId: sku!.id, quantity: 1 }], address: ADDRESS, couponCode } },
      t.tokens.customer,
      { traceparent: `00-${traceId}-${hex(8)}-01`, 'x-request-id': placeRequestId },
    );
    expect(placed.data?.placeOrder.userErrors).toEqual([]);
    const orderId = placed.data!.placeOrder.orders[0]!.id;
    const paid = await postGraphQL<{ sandboxPay: { userErrors: unknown[] } }>(
      t.graph.url,
      'mutation Pay($id: ID!) { sandboxPay(input: { paymentId: $id }) { userErrors { code message } } }',
      { id: placed.data!.placeOrder.checkout.paymentId },
      t.tokens.customer,
      { traceparent: `00-${traceId}-${hex(8)}-01` },
    );
    expect(paid.data?.sandboxPay.userErrors).toEqual([]);
    await waitFor(async () => (await orderStatus(t, orderId)) === 'PAID', { what: 'the order paid' });
    const consumer = await waitFor(
      async () => exporter.getFinishedSpans().find((s) => s.name === 'fulfillment event OrderPaid' && s.spanContext().traceId === traceId),
      { what: "fulfillment's OrderPaid consumer span in the checkout's trace" },
    );

    const trace = exporter.getFinishedSpans().filter((s) => s.spanContext().traceId === traceId);
    const centers = new Set(trace.map(centerOf));
    for (const center of ['gateway', 'orders', 'inventory', 'marketing', 'payments', 'fulfillment']) expect(centers, center).toContain(center);

    // placeOrder alone: the gateway's request, a fetch per query-plan step, orders' operation and
    // the service calls it made, each answered in its center, with their SQL.
    const placeSpan = trace.find((s) => s.name === 'POST /graphql PlaceOrder')!;
    expect(placeSpan.kind).toBe(1); // SERVER
    expect(parentOf(placeSpan)).toBeDefined(); // the storefront's span
    const placeTree = subtree(trace, placeSpan, true);
    // undefined: @apollo/gateway's own spans (request, plan, execute, fetch).
    expect(new Set(placeTree.map(centerOf))).toEqual(
      new Set(['gateway', 'orders', 'catalog', 'inventory', 'marketing', 'members', 'payments', 'procurement', 'risk', undefined]),
    );
    expect(placeTree.some((s) => s.name === 'gateway.fetch' && s.attributes.service === 'orders')).toBe(true);
    expect(placeTree.some((s) => s.name.startsWith('orders PlaceOrder__orders'))).toBe(true);
    const calls = placeTree.filter((s) => s.name.startsWith('call ')).map((s) => s.attributes['zhongtai.callee']);
    expect(new Set(calls)).toEqual(new Set(['catalog', 'inventory', 'marketing', 'members', 'payments', 'procurement', 'risk']));
    const sql = placeTree.filter((s) => s.name.startsWith('sql '));
    expect(sql.some((s) => centerOf(s) === 'orders' && s.name === 'sql INSERT')).toBe(true);
    // Statement texts keep their placeholders: no value the customer sent.
    expect(sql.map((s) => String(s.attributes['db.query.text'])).join('\n')).not.toContain(ADDRESS.detail);

    // The consumer continues the trace through the outbox: its ancestors reach the payment's
    // callback into payments and the PaymentSucceeded consumer in orders.
    const ancestors: ReadableSpan[] = [];
    for (let span: ReadableSpan | undefined = consumer; span; span = trace.find((s) => s.spanContext().spanId === parentOf(span!))) ancestors.push(span);
    const names = ancestors.map((s) => s.name);
    expect(consumer.kind).toBe(4); // CONSUMER
    expect(names, names.join(' < ')).toContain('orders event PaymentSucceeded');
    expect(names, names.join(' < ')).toContain('payments POST /hooks/payments/sandbox/callback');
    expect(names.at(-1)).toBe('POST /graphql Pay');

    // The placeOrder's log lines, in every center it reached, carry its trace id.
    const entries = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    const ofPlace = entries.filter((e) => e.requestId === placeRequestId);
    expect(new Set(ofPlace.map((e) => e.center))).toEqual(
      new Set(['gateway', 'orders', 'catalog', 'inventory', 'marketing', 'members', 'payments', 'procurement', 'risk']),
    );
    expect(ofPlace.every((e) => e.traceId === traceId)).toBe(true);
    expect(ofPlace.find((e) => e.center === 'gateway' && e.message === 'request finished')).toMatchObject({
      operation: 'PlaceOrder',
      role: 'CUSTOMER',
      status: 200,
    });
    // The fulfillment consumer's lines, if any, are in the same trace too.
    expect(entries.filter((e) => e.operation === 'event OrderPaid' && e.center === 'fulfillment').every((e) => e.traceId === traceId)).toBe(true);

    // The gateway logged the variables at debug: redacted. Nothing sensitive anywhere in the run's log.
    expect(ofPlace.find((e) => e.message === 'operation')).toMatchObject({ variables: { input: { address: '[REDACTED]', couponCode } } });
    const log = lines.join('');
    for (const secret of [ADDRESS.phone, ADDRESS.phone.replace(/\D/g, '').slice(2), ADDRESS.detail, ADDRESS.receiver, t.tokens.customer, t.tokens.admin]) {
      expect(log).not.toContain(secret);
    }
  });

  it('over HTTP (cluster mode): a subgraph fetch and a service call carry traceparent; the center server continues the trace', async () => {
    const host = t.graph.host!;
    const server = createCenterServer(host.center('catalog'), host.database);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
      const [sku] = await buyableSkus(t, t.shopA, 1);
      exporter.reset();
      const { traceId, fetchSpan, callSpan } = await inSpan('test', {}, async (parent) => {
        const source = new TimedRemoteDataSource(url, 5000);
        await source.process({
          request: { query: 'query Skus__catalog__0 { __typename }', http: { method: 'POST', url, headers: new Headers() } },
          context: { authorization: `Bearer ${t.tokens.admin}`, requestId: 'obs-http-1', role: 'ADMIN' },
        } as never);
        const services = new ServiceClient({ caller: 'orders', tokens: host.tokens, local: new Map(), urlsFor: () => [url], timeoutMs: 5000 });
        const quoted = await services.call(catalogService.quoteSkus, { ids: [sku!.id] });
        expect(quoted.quoteSkus.map((q) => q.id)).toEqual([sku!.id]);
        // Background work of the first case (consumers, jobs) may call catalog too, in traces of its own.
        const ours = exporter.getFinishedSpans().filter((s) => s.spanContext().traceId === parent!.spanContext().traceId);
        return {
          traceId: parent!.spanContext().traceId,
          fetchSpan: parent!.spanContext().spanId,
          callSpan: ours.find((s) => s.name === 'call catalog QuoteSkus')!.spanContext().spanId,
        };
      });
      const served = exporter
        .getFinishedSpans()
        .filter((s) => s.spanContext().traceId === traceId && s.attributes['zhongtai.center'] === 'catalog' && s.kind === 1);
      expect(served.map((s) => [s.name, s.spanContext().traceId, parentOf(s)])).toEqual([
        ['catalog Skus__catalog__0', traceId, fetchSpan],
        ['catalog QuoteSkus', traceId, callSpan],
      ]);
      // Its SQL under its operation.
      const quote = served[1]!.spanContext().spanId;
      expect(exporter.getFinishedSpans().some((s) => s.name === 'sql SELECT' && parentOf(s) === quote)).toBe(true);
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});
