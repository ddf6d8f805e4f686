import { DEMO_MEMBER_ID, newId, paymentsService, type ServiceClient } from '@zhongtai/kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAlipayFake, type AlipayFake } from '../subgraphs/payments/test/alipayFake.ts';
import { startTestGraph, type TestGraph } from './support/graph.ts';

let t: TestGraph;
let fake: AlipayFake;
let orders: ServiceClient;
let origin: string;
const saved = { ...process.env };

beforeAll(async () => {
  fake = await startAlipayFake();
  Object.assign(process.env, fake.env);
  t = await startTestGraph();
  origin = new URL(t.graph.url).origin;
  orders = t.graph.host!.serviceClient('orders');
});
afterAll(async () => {
  for (const key of Object.keys(fake?.env ?? {})) {
    if (saved[key] === undefined) delete process.env[key];
    else process.env[key] = saved[key];
  }
  await t?.stop();
  await fake?.close();
});

const post = (notification: { rawBody: string; headers: Headers }) =>
  fetch(`${origin}/hooks/payments/alipay/callback`, { method: 'POST', headers: notification.headers, body: notification.rawBody });

describe('Alipay through the gateway', () => {
  it("Alipay's notification over HTTP marks the payment paid and is answered with the literal body `success`", async () => {
    const input = {
      orderId: newId('ord'),
      memberId: DEMO_MEMBER_ID,
      purpose: 'FULL' as const,
      amount: { amount: '66.00', currencyCode: 'CNY' as const },
      provider: 'alipay',
      idempotencyKey: newId('key'),
    };
    const { createPayment } = await orders.call(paymentsService.createPayment, { input });
    expect(createPayment.userErrors).toEqual([]);
    const payment = createPayment.payment!;
    expect(payment.action!.code).toMatch(/^https:\/\/qr\.alipay\.com\//);

    const notification = fake.pay(payment.id);
    // The same trade notified with another amount (signed by Alipay's key): refused, and Alipay is told `fail`.
    const cheap = await post(fake.notification(payment.id, { totalAmount: '0.66' }));
    expect([cheap.status, await cheap.text()]).toEqual([422, 'fail']);
    for (let i = 0; i < 2; i++) {
      const response = await post(notification);
      expect([response.status, response.headers.get('content-type'), await response.text()]).toEqual([200, 'text/plain; charset=utf-8', 'success']);
    }
    const seen = (await t.gql(`query($id: ID!) { payment(id: $id) { status provider callbacks { result signature } } }`, { id: payment.id }, t.tokens.admin))
      .data?.payment;
    expect(seen).toEqual({
      status: 'SUCCEEDED',
      provider: 'alipay',
      callbacks: [
        { result: 'AMOUNT_MISMATCH', signature: 'VALID' },
        { result: 'APPLIED', signature: 'VALID' },
        { result: 'DUPLICATE', signature: 'VALID' },
      ],
    });
  });
});
