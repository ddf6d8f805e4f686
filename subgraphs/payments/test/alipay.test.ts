import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEMO_MEMBER_ID, newId, type RouteResponse } from '@zhongtai/kit';
import { mustOk } from '@zhongtai/kit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closePayment } from '../src/domain/closePayment.ts';
import { createPayment } from '../src/domain/createPayment.ts';
import { refundPayment } from '../src/domain/refundPayment.ts';
import { minorOf, yuanOf } from '../src/providers/alipay/amounts.ts';
import { loadAlipayConfig } from '../src/providers/alipay/config.ts';
import { alipayProvider } from '../src/providers/alipay/index.ts';
import { canonicalString, signRequest, verifyNotification, verifyRequest } from '../src/providers/alipay/signing.ts';
import { startAlipayFake, type AlipayFake } from './alipayFake.ts';
import { openWorld, RUN, SERVICE, type World } from './fixtures.ts';

let w: World;
let fake: AlipayFake;
const saved = { ...process.env };

beforeAll(async () => {
  fake = await startAlipayFake();
  Object.assign(process.env, fake.env);
  w = await openWorld();
});
afterAll(async () => {
  for (const key of Object.keys(fake?.env ?? {})) {
    if (saved[key] === undefined) delete process.env[key];
    else process.env[key] = saved[key];
  }
  await w?.close();
  await fake?.close();
});

let orders = 0;
async function alipayPayment(amount: string) {
  return mustOk(
    await createPayment(await w.as(SERVICE), {
      orderId: `ord-ali-${RUN}-${++orders}`,
      memberId: DEMO_MEMBER_ID,
      purpose: 'FULL',
      amount: { amount, currencyCode: 'CNY' },
      provider: 'alipay',
      idempotencyKey: newId('key'),
    }),
  );
}

const deliver = async (notification: { rawBody: string; headers: Headers }): Promise<RouteResponse> =>
  (await w.host.center('payments').handleRoute('POST', '/alipay/callback', { ...notification, query: new URLSearchParams() }))!;

describe('Alipay signing (RSA2)', () => {
  it('signs the parameters sorted by key, without sign and empty values, and the fake verifies it', () => {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const params = {
      method: 'alipay.trade.query',
      app_id: '2021000000000001',
      charset: 'utf-8',
      sign_type: 'RSA2',
      notify_url: '',
      biz_content: '{"out_trade_no":"pay_1"}',
      sign: 'x',
    };
    expect(canonicalString(params, ['sign'])).toBe(
      'app_id=2021000000000001&biz_content={"out_trade_no":"pay_1"}&charset=utf-8&method=alipay.trade.query&sign_type=RSA2',
    );
    const signed = { ...params, sign: signRequest(params, privateKey) };
    expect(verifyRequest(signed, publicKey)).toBe(true);
    expect(verifyRequest({ ...signed, biz_content: '{"out_trade_no":"pay_2"}' }, publicKey)).toBe(false);
    // A notification is signed without sign_type too: the same signature over a request string does not pass.
    expect(verifyNotification(signed, publicKey)).toBe(false);
  });

  it('converts yuan and fen exactly', () => {
    expect(yuanOf(8880n)).toBe('88.80');
    expect(yuanOf(1n)).toBe('0.01');
    expect(yuanOf(123456789012345678n)).toBe('1234567890123456.78');
    expect(minorOf('88.8')).toBe(8880n);
    expect(minorOf('0.07')).toBe(7n);
    expect(minorOf('100')).toBe(10000n);
    for (const bad of ['1.001', '-1.00', '1e3', '', ' 1.00', '0x10', undefined]) expect(minorOf(bad)).toBeUndefined();
  });

  it('a request signed with another key is refused by the fake and the adapter does not retry it', async () => {
    const other = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const before = fake.calls.length;
    process.env.ALIPAY_PRIVATE_KEY = other.privateKey.export({ format: 'pem', type: 'pkcs8' }) as string;
    try {
      await expect(alipayProvider.queryPayment!({ providerPaymentId: 'pay_nothing' })).rejects.toThrow(/not signed by Alipay.*40002 isv.invalid-signature/);
    } finally {
      process.env.ALIPAY_PRIVATE_KEY = fake.env.ALIPAY_PRIVATE_KEY;
    }
    expect(fake.calls.slice(before)).toEqual(['refused:alipay.trade.query']);
  });

  it("reads keys from files, PEM or the bare base64 of Alipay's console, and is off when not configured", () => {
    const dir = mkdtempSync(join(tmpdir(), 'alipay-keys-'));
    try {
      const bare = (pemText: string) => pemText.replace(/-----[^-]+-----|\s/g, '');
      writeFileSync(join(dir, 'app.key'), bare(fake.env.ALIPAY_PRIVATE_KEY!));
      writeFileSync(join(dir, 'alipay.pub'), fake.env.ALIPAY_PUBLIC_KEY!);
      const env = {
        ALIPAY_APP_ID: fake.appId,
        ALIPAY_PRIVATE_KEY_FILE: join(dir, 'app.key'),
        ALIPAY_PUBLIC_KEY_FILE: join(dir, 'alipay.pub'),
        ALIPAY_GATEWAY_URL: fake.url,
      };
      const config = loadAlipayConfig(env)!;
      expect(config.privateKey.asymmetricKeyType).toBe('rsa');
      expect(config.alipayPublicKey.type).toBe('public');
      expect(loadAlipayConfig({ ...env, ALIPAY_GATEWAY_URL: '' })).toBeUndefined();
      expect(() => loadAlipayConfig({ ...env, ALIPAY_PRIVATE_KEY_FILE: undefined, ALIPAY_PRIVATE_KEY: 'not a key' })).toThrow(/could not be read/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('paying through Alipay (the fake gateway)', () => {
  it('a QR payment paid at Alipay succeeds from the signed notification, answered `success`, once however often replayed', async () => {
    const p = await alipayPayment('88.80');
    expect(p).toMatchObject({ provider: 'alipay', providerPaymentId: p.id, status: 'PENDING' });
    const trade = fake.trades.get(p.id)!;
    expect(trade.total).toBe(8880n);
    expect(p.actionCode).toBe(`https://qr.alipay.com/${trade.tradeNo}`);

    const notification = fake.pay(p.id);
    const answers = [];
    for (let i = 0; i < 3; i++) answers.push(await deliver(notification));
    expect(answers.map((a) => [a.status, a.text, a.body])).toEqual([
      [200, 'success', { result: 'APPLIED' }],
      [200, 'success', { result: 'DUPLICATE' }],
      [200, 'success', { result: 'DUPLICATE' }],
    ]);
    const paid = await w.reload(p.id);
    expect(paid.status).toBe('SUCCEEDED');
    expect(await w.eventsOf('PaymentSucceeded', p.id)).toEqual([
      { paymentId: p.id, orderId: p.orderId, purpose: 'FULL', memberId: p.memberId, amount: '88.80', currencyCode: 'CNY', paidAt: paid.paidAt!.toISOString() },
    ]);
    // Alipay's query agrees.
    expect(await alipayProvider.queryPayment!({ providerPaymentId: p.id })).toEqual({ status: 'SUCCEEDED', amount: 8880n, currencyCode: 'CNY' });
    // A later, different notice (TRADE_FINISHED-like redelivery with its own notify_id) changes nothing either.
    expect((await deliver(fake.notification(p.id))).body).toEqual({ result: 'ALREADY_SUCCEEDED' });
    expect(await w.eventsOf('PaymentSucceeded', p.id)).toHaveLength(1);
  });

  it('a bad signature, a tampered body or a wrong amount change nothing and are answered `fail`', async () => {
    const p = await alipayPayment('100.00');
    const stranger = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const forged = fake.pay(p.id, { signWith: stranger.privateKey });
    const tampered = fake.notification(p.id);
    tampered.rawBody = tampered.rawBody.replace('total_amount=100.00', 'total_amount=1.00');
    const unsigned = { rawBody: fake.notification(p.id).rawBody.replace(/&sign=[^&]*/, ''), headers: new Headers() };
    const wrongAmount = fake.notification(p.id, { totalAmount: '1.00' });
    const answers = [await deliver(forged), await deliver(tampered), await deliver(unsigned), await deliver(wrongAmount)];
    expect(answers.map((a) => [a.status, a.text, a.body])).toEqual([
      [401, 'fail', { result: 'REJECTED_SIGNATURE' }],
      [401, 'fail', { result: 'REJECTED_SIGNATURE' }],
      [401, 'fail', { result: 'REJECTED_SIGNATURE' }],
      [422, 'fail', { result: 'AMOUNT_MISMATCH' }],
    ]);
    const after = await w.reload(p.id);
    expect(after.status).toBe('PENDING');
    expect(after.updatedAt).toEqual(p.updatedAt);
    expect(await w.eventsOf('PaymentSucceeded', p.id)).toEqual([]);
    expect(await w.callbacksOf(p.id)).toEqual([{ result: 'AMOUNT_MISMATCH', signature: 'VALID' }]);
    // The forged delivery did not use up the notify_id: Alipay's own delivery of it still applies.
    const real = fake.notification(p.id, { notifyId: new URLSearchParams(forged.rawBody).get('notify_id')! });
    expect((await deliver(real)).text).toBe('success');
    expect((await w.reload(p.id)).status).toBe('SUCCEEDED');
  });

  it('a partial refund ends SUCCEEDED at Alipay, and resending it refunds nothing more', async () => {
    const p = await alipayPayment('200.00');
    await deliver(fake.pay(p.id));
    const refund = mustOk(
      await refundPayment(await w.as(SERVICE), {
        paymentId: p.id,
        amount: { amount: '30.50', currencyCode: 'CNY' },
        reason: 'partial',
        idempotencyKey: newId('key'),
      }),
    );
    expect(refund.status).toBe('SUCCEEDED');
    const trade = fake.trades.get(p.id)!;
    expect(refund.providerRefundId).toBe(`${trade.tradeNo}:${refund.id}`);
    expect([...trade.refunds]).toEqual([[refund.id, 3050n]]);
    // The settle job or a crash may send it again: same out_request_no, Alipay moves no money and the refund query confirms it.
    expect(await alipayProvider.refund({ refundId: refund.id, providerPaymentId: p.id, amount: 3050n, paymentAmount: 20000n, currencyCode: 'CNY' })).toEqual({
      status: 'SUCCEEDED',
      providerRefundId: refund.providerRefundId,
    });
    expect([...trade.refunds.values()]).toEqual([3050n]);
    expect(fake.calls.filter((c) => c.includes('refund'))).toEqual(['alipay.trade.refund', 'alipay.trade.refund', 'alipay.trade.fastpay.refund.query']);
    expect(await w.eventsOf('RefundSucceeded', refund.id)).toEqual([
      {
        refundId: refund.id,
        paymentId: p.id,
        orderId: p.orderId,
        amount: '30.50',
        currencyCode: 'CNY',
        lines: [],
        succeededAt: expect.any(String),
        idempotencyKey: refund.idempotencyKey,
      },
    ]);
  });

  it('closing an unpaid payment closes the trade at Alipay; a closed trade cannot be refunded there', async () => {
    const p = await alipayPayment('59.00');
    const closed = mustOk(await closePayment(await w.as(SERVICE), { orderId: p.orderId, purpose: 'FULL' }));
    expect(closed?.status).toBe('CLOSED');
    expect(fake.trades.get(p.id)!.status).toBe('TRADE_CLOSED');
    expect(await alipayProvider.queryPayment!({ providerPaymentId: p.id })).toEqual({ status: 'CLOSED', amount: 5900n, currencyCode: 'CNY' });
    expect(
      await alipayProvider.refund({ refundId: newId('rfd'), providerPaymentId: p.id, amount: 100n, paymentAmount: 5900n, currencyCode: 'CNY' }),
    ).toMatchObject({
      status: 'FAILED',
      reason: expect.stringMatching(/^ACQ.TRADE_STATUS_ERROR/),
    });
    // A trade Alipay never heard of is nothing to close.
    await expect(alipayProvider.closePayment({ providerPaymentId: 'pay_never_created' })).resolves.toBeUndefined();
    expect(await alipayProvider.queryPayment!({ providerPaymentId: 'pay_never_created' })).toEqual({ status: 'NOT_FOUND' });
  });

  it('retries transient failures with backoff, under the same out_trade_no, and creates one trade', async () => {
    fake.failNext(2);
    const before = fake.calls.length;
    const p = await alipayPayment('12.34');
    expect(fake.calls.slice(before)).toEqual(['http-503', 'http-503', 'alipay.trade.precreate']);
    expect(fake.trades.get(p.id)!.total).toBe(1234n);
    // Past the retries: the payment is not created and the caller is told to try again.
    fake.failNext(3);
    const refused = await createPayment(await w.as(SERVICE), {
      orderId: `ord-ali-${RUN}-${++orders}`,
      memberId: DEMO_MEMBER_ID,
      purpose: 'FULL',
      amount: { amount: '1.00', currencyCode: 'CNY' },
      provider: 'alipay',
      idempotencyKey: newId('key'),
    });
    expect(refused.ok).toBe(false);
    expect(!refused.ok && refused.errors.map((e) => e.code)).toEqual(['PROVIDER_ERROR']);
  });

  it('is not there when not configured: its route answers 404 and it takes no payment', async () => {
    const appId = process.env.ALIPAY_APP_ID;
    delete process.env.ALIPAY_APP_ID;
    try {
      expect(alipayProvider.enabled()).toBe(false);
      expect((await deliver(fake.notification([...fake.trades.keys()][0]!))).status).toBe(404);
      const refused = await createPayment(await w.as(SERVICE), {
        orderId: `ord-ali-${RUN}-${++orders}`,
        memberId: DEMO_MEMBER_ID,
        purpose: 'FULL',
        amount: { amount: '1.00', currencyCode: 'CNY' },
        provider: 'alipay',
        idempotencyKey: newId('key'),
      });
      expect(!refused.ok && refused.errors.map((e) => e.code)).toEqual(['PROVIDER_ERROR']);
    } finally {
      process.env.ALIPAY_APP_ID = appId;
    }
  });
});
