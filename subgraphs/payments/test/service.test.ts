import { DEMO_MEMBER_ID, newId, paymentsService } from '@zhongtai/kit';
import { TEST_ADMIN } from '@zhongtai/kit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadPaymentsConfig } from '../src/config.ts';
import { openWorld, type World } from './fixtures.ts';

let w: World;
beforeAll(async () => {
  w = await openWorld();
});
afterAll(async () => {
  await w?.close();
});

describe('the payments service contract, as the order center calls it', () => {
  it('createPayment, paymentsOfOrder, refundPayment and closePayment run through the typed client', async () => {
    const orders = w.host.serviceClient('orders');
    const orderId = newId('ord');
    const input = {
      orderId,
      memberId: DEMO_MEMBER_ID,
      purpose: 'FULL' as const,
      amount: { amount: '129.00', currencyCode: 'CNY' as const },
      idempotencyKey: newId('key'),
    };
    const created = await orders.call(paymentsService.createPayment, { input });
    expect(created.createPayment.userErrors).toEqual([]);
    const payment = created.createPayment.payment!;
    expect(payment).toMatchObject({
      orderId,
      memberId: DEMO_MEMBER_ID,
      purpose: 'FULL',
      amount: { amount: '129.00', currencyCode: 'CNY' },
      status: 'PENDING',
      provider: 'sandbox',
    });
    expect(payment.action?.url).toContain(`ref=${payment.providerPaymentId}`);
    const again = await orders.call(paymentsService.createPayment, { input: { ...input, amount: { amount: '1.00', currencyCode: 'CNY' } } });
    expect(again.createPayment).toEqual({ payment: null, userErrors: [expect.objectContaining({ code: 'IDEMPOTENCY_KEY_REUSED' })] });

    const refusedEarly = await orders.call(paymentsService.refundPayment, {
      input: { paymentId: payment.id, amount: { amount: '1.00', currencyCode: 'CNY' }, reason: 'test', idempotencyKey: newId('key') },
    });
    expect(refusedEarly.refundPayment.userErrors.map((e) => e.code)).toEqual(['NOT_CAPTURED']);

    const row = await w.reload(payment.id);
    await w.deliver(w.successFor(row));
    const listed = await orders.call(paymentsService.paymentsOfOrder, { orderId });
    expect(listed.paymentsOfOrder.map((p) => [p.id, p.status, p.action])).toEqual([[payment.id, 'SUCCEEDED', null]]);

    const refunded = await orders.call(paymentsService.refundPayment, {
      input: {
        paymentId: payment.id,
        amount: { amount: '29.00', currencyCode: 'CNY' },
        reason: '缺货 out of stock',
        idempotencyKey: newId('key'),
        lines: [{ orderLineId: 'line-9', amount: { amount: '29.00', currencyCode: 'CNY' } }],
      },
    });
    expect(refunded.refundPayment.userErrors).toEqual([]);
    expect(refunded.refundPayment.refund).toMatchObject({
      payment: { id: payment.id },
      orderId,
      status: 'SUCCEEDED',
      amount: { amount: '29.00', currencyCode: 'CNY' },
      lines: [{ orderLineId: 'line-9', amount: { amount: '29.00', currencyCode: 'CNY' } }],
    });

    const closed = await orders.call(paymentsService.closePayment, { input: { orderId, purpose: 'FULL' } });
    expect(closed.closePayment).toEqual({ payment: null, userErrors: [expect.objectContaining({ code: 'INVALID_TRANSITION' })] });
    const other = newId('ord');
    await orders.call(paymentsService.createPayment, { input: { ...input, orderId: other, idempotencyKey: newId('key') } });
    const closedOther = await orders.call(paymentsService.closePayment, { input: { orderId: other, purpose: 'FULL' } });
    expect(closedOther.closePayment.payment).toMatchObject({ orderId: other, status: 'CLOSED', action: null });
  });

  it('the internal mutations refuse every role but SERVICE', async () => {
    const runtime = w.host.center('payments');
    const token = await w.host.tokens.sign(TEST_ADMIN);
    const result = await runtime.execute(
      { query: paymentsService.closePayment.document, variables: { input: { orderId: 'ord-x', purpose: 'FULL' } } },
      new Headers({ authorization: `Bearer ${token}` }),
    );
    expect(result.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });
});

describe('configuration', () => {
  it('production refuses the public dev sandbox secret; the callback URL defaults to the gateway', () => {
    expect(() => loadPaymentsConfig({ NODE_ENV: 'production', SANDBOX_PROVIDERS: 'payments' })).toThrow(/PAYMENT_SANDBOX_SECRET/);
    expect(loadPaymentsConfig({ NODE_ENV: 'production' }).sandboxEnabled).toBe(false);
    expect(() => loadPaymentsConfig({ PAYMENT_SANDBOX_SECRET: 'short' })).toThrow(/32/);
    const config = loadPaymentsConfig({ NODE_ENV: 'production', PAYMENT_SANDBOX_SECRET: 'a-real-secret-that-is-long-enough-1234', PORT: '8080' });
    expect(config.sandboxCallbackUrl).toBe('http://127.0.0.1:8080/hooks/payments/sandbox/callback');
    expect(config.production).toBe(true);
  });
});
