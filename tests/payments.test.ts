import { DEMO_MEMBER_ID, newId, paymentsService, type ServiceClient } from '@zhongtai/kit';
import { signedSandboxCallback } from '@zhongtai/payments';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestGraph, type TestGraph } from './support/graph.ts';

let t: TestGraph;
let orders: ServiceClient;
let origin: string;
const previousCallbackUrl = process.env.PAYMENT_SANDBOX_CALLBACK_URL;

beforeAll(async () => {
  t = await startTestGraph();
  origin = new URL(t.graph.url).origin;
  // The sandbox calls back through this test's gateway (its port is only known now).
  process.env.PAYMENT_SANDBOX_CALLBACK_URL = `${origin}/hooks/payments/sandbox/callback`;
  orders = t.graph.host!.serviceClient('orders');
});
afterAll(async () => {
  if (previousCallbackUrl === undefined) delete process.env.PAYMENT_SANDBOX_CALLBACK_URL;
  else process.env.PAYMENT_SANDBOX_CALLBACK_URL = previousCallbackUrl;
  await t?.stop();
});

async function newPayment(amount = '66.00') {
  const input = {
    orderId: newId('ord'),
    memberId: DEMO_MEMBER_ID,
    purpose: 'FULL' as const,
    amount: { amount, currencyCode: 'CNY' as const },
    idempotencyKey: newId('key'),
  };
  const { createPayment } = await orders.call(paymentsService.createPayment, { input });
  expect(createPayment.userErrors).toEqual([]);
  return createPayment.payment!;
}

const post = (callback: { rawBody: string; headers: Headers }) =>
  fetch(`${origin}/hooks/payments/sandbox/callback`, { method: 'POST', headers: callback.headers, body: callback.rawBody });

const PAYMENT = `query($id: ID!) { payment(id: $id) { id status paidAt amount { amount currencyCode } action { url } callbacks { result signature } } }`;

describe('payments through the gateway', () => {
  it('the customer pays in the sandbox; its signed callback comes in over HTTP at /hooks/payments and marks the payment paid', async () => {
    const payment = await newPayment('66.00');
    expect(payment.action!.url).toBe(`${origin}/hooks/payments/sandbox/pay?ref=${payment.providerPaymentId}`);

    // Forged and wrong-amount callbacks through the same route change nothing.
    const forged = signedSandboxCallback(
      { type: 'payment.succeeded', providerPaymentId: payment.providerPaymentId, amount: '6600', currency: 'CNY' },
      { secret: 'x'.repeat(40) },
    );
    expect((await post(forged)).status).toBe(401);
    const cheap = signedSandboxCallback({ type: 'payment.succeeded', providerPaymentId: payment.providerPaymentId, amount: '1', currency: 'CNY' });
    const cheapResponse = await post(cheap);
    expect([cheapResponse.status, await cheapResponse.json()]).toEqual([422, { result: 'AMOUNT_MISMATCH' }]);
    expect((await t.gql(`query($id: ID!) { payment(id: $id) { status } }`, { id: payment.id }, t.tokens.customer)).data?.payment.status).toBe('PENDING');

    const paid = await t.gql(
      `mutation($id: ID!) { sandboxPay(input: { paymentId: $id }) { payment { id status } userErrors { code message } } }`,
      { id: payment.id },
      t.tokens.customer,
    );
    expect(paid.data?.sandboxPay).toEqual({ payment: { id: payment.id, status: 'SUCCEEDED' }, userErrors: [] });

    const seen = (await t.gql(PAYMENT, { id: payment.id }, t.tokens.admin)).data?.payment;
    expect(seen).toMatchObject({ status: 'SUCCEEDED', amount: { amount: '66.00', currencyCode: 'CNY' }, action: null });
    expect(seen.callbacks).toEqual([
      { result: 'AMOUNT_MISMATCH', signature: 'VALID' },
      { result: 'APPLIED', signature: 'VALID' },
    ]);
    const again = await t.gql(
      `mutation($id: ID!) { sandboxPay(input: { paymentId: $id }) { payment { id } userErrors { code } } }`,
      { id: payment.id },
      t.tokens.customer,
    );
    expect(again.data?.sandboxPay.userErrors).toEqual([{ code: 'INVALID_TRANSITION' }]);
  });

  it('the pay URL is the sandbox cashier: opening it pays', async () => {
    const payment = await newPayment('12.30');
    const response = await fetch(payment.action!.url);
    expect([response.status, await response.json()]).toEqual([200, { paymentId: payment.id, status: 'SUCCEEDED' }]);
  });

  it('customers see their own payments, operators every one, merchants none; refunds show on the payment', async () => {
    const payment = await newPayment('80.00');
    await fetch(payment.action!.url);
    const { refundPayment } = await orders.call(paymentsService.refundPayment, {
      input: { paymentId: payment.id, amount: { amount: '30.00', currencyCode: 'CNY' }, reason: '部分退款 partial', idempotencyKey: newId('key') },
    });
    expect(refundPayment.refund?.status).toBe('SUCCEEDED');

    const mine = await t.gql(`{ myPayments(first: 100) { nodes { id memberId status refundedAmount { amount } } } }`, {}, t.tokens.customer);
    expect(mine.data?.myPayments.nodes).toContainEqual({ id: payment.id, memberId: DEMO_MEMBER_ID, status: 'SUCCEEDED', refundedAmount: { amount: '30.00' } });

    const listed = await t.gql(
      `query($order: ID!) { payments(first: 10, filter: { orderId: $order, status: SUCCEEDED, provider: "sandbox" }) { totalCount nodes { id refunds { amount { amount } status payment { id } } } } }`,
      { order: payment.orderId },
      t.tokens.analyst,
    );
    expect(listed.data?.payments).toEqual({
      totalCount: 1,
      nodes: [{ id: payment.id, refunds: [{ amount: { amount: '30.00' }, status: 'SUCCEEDED', payment: { id: payment.id } }] }],
    });
    const refunds = await t.gql(
      `query($order: ID!) { refunds(first: 10, filter: { orderId: $order }) { nodes { id reason } } }`,
      { order: payment.orderId },
      t.tokens.admin,
    );
    expect(refunds.data?.refunds.nodes).toEqual([{ id: refundPayment.refund!.id, reason: '部分退款 partial' }]);
    const ofOrder = await t.gql(`query($order: ID!) { paymentsOfOrder(orderId: $order) { id } }`, { order: payment.orderId }, t.tokens.admin);
    expect(ofOrder.data?.paymentsOfOrder).toEqual([{ id: payment.id }]);

    const merchant = await t.gql(`{ payments(first: 1) { totalCount } }`, {}, t.tokens.merchantA);
    expect(merchant.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const stranger = await t.graph.tokens.sign({ role: 'CUSTOMER', memberId: newId('mbr') });
    expect((await t.gql(`query($id: ID!) { payment(id: $id) { id } }`, { id: payment.id }, stranger)).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('a page of payments with refunds and callbacks costs a constant number of queries', async () => {
    for (let i = 0; i < 3; i++) await fetch((await newPayment(`${i + 1}.00`)).action!.url);
    // By amount, so the page of one is the refunded 80.00 payment and walks every nested field too.
    const query =
      '{ payments(first: 50, sort: { field: AMOUNT, direction: DESC }) { nodes { id refundedAmount { amount } refunds { id payment { id } } callbacks { result } } } }';
    t.counter.reset();
    const many = await t.gql(query, undefined, t.tokens.admin);
    expect(many.data?.payments.nodes.length).toBeGreaterThanOrEqual(5);
    const fifty = t.counter.count('payments');
    t.counter.reset();
    await t.gql(query.replace('first: 50', 'first: 1'), undefined, t.tokens.admin);
    expect(t.counter.count('payments')).toBe(fifty);
    expect(fifty).toBeLessThanOrEqual(4);
  });

  it('the internal API is not part of the public graph', async () => {
    const result = await t.gql(`mutation { closePayment(input: { orderId: "o", purpose: FULL }) { payment { id } } }`, {}, t.tokens.service);
    expect(result.errors?.[0]?.message).toMatch(/closePayment/);
    expect(result.data ?? null).toBeNull();
  });
});
