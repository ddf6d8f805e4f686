import { newId, paymentsService, type ServiceClient } from '@zhongtai/kit';
import { waitFor } from '@zhongtai/kit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWechatPayFake, type WechatPayFake } from '../subgraphs/payments/test/wechatpayFake.ts';
import { startTestGraph, type TestGraph } from './support/graph.ts';
import { ADDRESS, buyableSkus, orderStatus, PLACE_ORDER } from './support/shopping.ts';

/**
 * Provider choice per checkout and WeChat Pay end to end through the gateway: the shop's merchant
 * sets the methods it accepts, the customer pays with one of them, WeChat Pay's fake notifies our
 * hook over HTTP (signed, encrypted) and the order is PAID; refunds are confirmed by WeChat Pay's
 * refund notification.
 */
let t: TestGraph;
let fake: WechatPayFake;
let orders: ServiceClient;
const saved = { ...process.env };

beforeAll(async () => {
  fake = await startWechatPayFake();
  Object.assign(process.env, fake.env);
  t = await startTestGraph();
  process.env.WECHATPAY_NOTIFY_URL = `${new URL(t.graph.url).origin}/hooks/payments/wechatpay/callback`;
  orders = t.graph.host!.serviceClient('orders');
});
afterAll(async () => {
  for (const key of [...Object.keys(fake?.env ?? {}), 'WECHATPAY_NOTIFY_URL']) {
    if (saved[key] === undefined) delete process.env[key];
    else process.env[key] = saved[key];
  }
  await t?.stop();
  await fake?.close();
});

const SET_METHODS = `mutation($input: SetShopPaymentMethodsInput!) { setShopPaymentMethods(input: $input) { shop { id paymentMethods } userErrors { field code } } }`;
const METHODS_OF = `query($id: ID!) { shop(id: $id) { id paymentMethods } }`;

interface Placed {
  placeOrder: {
    checkout: { id: string; paymentId: string | null } | null;
    orders: { id: string }[] | null;
    userErrors: { field: string[] | null; code: string; message: string }[];
  };
}

async function placeWith(paymentMethod: string, skuIndex = 0) {
  const [sku] = (await buyableSkus(t, t.shopA, skuIndex + 1)).slice(skuIndex);
  const res = await t.gql<Placed>(
    PLACE_ORDER,
    { input: { idempotencyKey: newId('key'), lines: [{ skuId: sku!.id, quantity: 1 }], address: ADDRESS, paymentMethod } },
    t.tokens.customer,
  );
  if (res.errors) throw new Error(JSON.stringify(res.errors));
  return res.data!.placeOrder;
}

const paymentOf = async (id: string) =>
  (
    await t.gql<{ payment: { status: string; provider: string; amount: { amount: string }; callbacks: { result: string; signature: string }[] } }>(
      `query($id: ID!) { payment(id: $id) { status provider amount { amount } callbacks { result signature } } }`,
      { id },
      t.tokens.admin,
    )
  ).data!.payment;

describe('the payment method, chosen per checkout among the shop’s', () => {
  it('a merchant sets what its shop accepts; a method the shop does not accept is a userError and places nothing', async () => {
    const set = await t.gql(SET_METHODS, { input: { shopId: t.shopA, methods: ['WECHAT_PAY', 'ALIPAY'] } }, t.tokens.merchantA);
    // Alipay is not configured in this run: the shop lists only what it accepts AND the platform has enabled.
    expect(set.data?.setShopPaymentMethods).toEqual({ shop: { id: t.shopA, paymentMethods: ['WECHAT_PAY'] }, userErrors: [] });
    expect((await t.gql(METHODS_OF, { id: t.shopB }, t.tokens.customer)).data?.shop).toEqual({ id: t.shopB, paymentMethods: ['SANDBOX', 'WECHAT_PAY'] });
    // Another shop's merchant cannot change them.
    const other = await t.gql(SET_METHODS, { input: { shopId: t.shopA, methods: ['SANDBOX'] } }, t.tokens.merchantB);
    expect(other.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const empty = await t.gql(SET_METHODS, { input: { shopId: t.shopA, methods: [] } }, t.tokens.admin);
    expect(empty.data?.setShopPaymentMethods.userErrors).toEqual([{ field: ['input', 'methods'], code: 'REQUIRED' }]);

    const refused = await placeWith('SANDBOX');
    expect(refused.checkout).toBeNull();
    expect(refused.userErrors.map((e) => e.code)).toEqual(['INACTIVE']);
    const unknown = await t.gql(
      PLACE_ORDER,
      { input: { idempotencyKey: newId('key'), lines: [], address: ADDRESS, paymentMethod: 'BITCOIN' } },
      t.tokens.customer,
    );
    expect(unknown.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });
});

describe('WeChat Pay through the gateway', () => {
  it('a checkout paid with WeChat Pay reaches PAID from the signed notification; forged, wrong, tampered and replayed ones change nothing', async () => {
    const placed = await placeWith('WECHAT_PAY');
    expect(placed.userErrors).toEqual([]);
    const paymentId = placed.checkout!.paymentId!;
    const orderId = placed.orders![0]!.id;
    const wx = fake.orders.get(paymentId)!;
    expect(wx.tradeType).toBe('NATIVE');
    expect((await paymentOf(paymentId)).provider).toBe('wechatpay');

    const notice = fake.pay(paymentId);
    const forged = fake.notification(paymentId, { signWith: (await import('node:crypto')).generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey });
    const cheap = fake.notification(paymentId, { total: 1 });
    const tampered = fake.notification(paymentId);
    const body = JSON.parse(tampered.rawBody) as { resource: { ciphertext: string } };
    // Another first character, whatever it was (a fixed replacement is no change one time in 64).
    body.resource.ciphertext = `${body.resource.ciphertext.startsWith('B') ? 'C' : 'B'}${body.resource.ciphertext.slice(1)}`;
    tampered.rawBody = JSON.stringify(body);
    for (const bad of [forged, cheap, tampered]) {
      const answer = await fake.send(paymentId, bad);
      expect([answer.status >= 400, (JSON.parse(answer.body) as { code: string }).code]).toEqual([true, 'FAIL']);
    }
    expect((await paymentOf(paymentId)).status).toBe('PENDING');
    expect(await orderStatus(t, orderId)).toBe('PENDING_PAYMENT');

    const first = await fake.send(paymentId, notice);
    const replay = await fake.send(paymentId, notice);
    expect([first.status, JSON.parse(first.body)]).toEqual([200, { code: 'SUCCESS', message: 'APPLIED' }]);
    expect([replay.status, JSON.parse(replay.body)]).toEqual([200, { code: 'SUCCESS', message: 'DUPLICATE' }]);
    await waitFor(async () => (await orderStatus(t, orderId)) === 'PAID', { what: `order ${orderId} paid` });
    const payment = await paymentOf(paymentId);
    expect(payment.status).toBe('SUCCEEDED');
    // The forged and tampered deliveries are recorded too, but under no payment (nothing in them was believed).
    expect(payment.callbacks).toEqual([
      { result: 'AMOUNT_MISMATCH', signature: 'VALID' },
      { result: 'APPLIED', signature: 'VALID' },
      { result: 'DUPLICATE', signature: 'VALID' },
    ]);
  });

  it('inside WeChat (payerOpenId) the checkout is a JSAPI payment: the customer reads pay parameters signed as the JSAPI page wants them, which WeChat accepts and pays', async () => {
    const [sku] = await buyableSkus(t, t.shopA, 1);
    const openid = 'oUpF8uMuAJO_M2pxb1Q9zNjWeS6o';
    const place = (paymentMethod: string, payerOpenId: string) =>
      t.gql<Placed>(
        PLACE_ORDER,
        { input: { idempotencyKey: newId('key'), lines: [{ skuId: sku!.id, quantity: 1 }], address: ADDRESS, paymentMethod, payerOpenId } },
        t.tokens.customer,
      );
    for (const [method, id] of [
      ['SANDBOX', openid],
      ['WECHAT_PAY', 'not an openid!'],
    ] as const) {
      const refused = (await place(method, id)).data!.placeOrder;
      expect([refused.checkout, refused.userErrors.map((e) => [e.field, e.code])]).toEqual([null, [[['input', 'payerOpenId'], 'INVALID']]]);
    }

    const placed = (await place('WECHAT_PAY', openid)).data!.placeOrder;
    expect(placed.userErrors).toEqual([]);
    const paymentId = placed.checkout!.paymentId!;
    const wx = fake.orders.get(paymentId)!;
    expect([wx.tradeType, wx.openid]).toEqual(['JSAPI', openid]);
    const JSAPI = `query($id: ID!) { payment(id: $id) { status action { code } wechatJsapi { appId timeStamp nonceStr package signType paySign } } }`;
    const read = await t.gql<{ payment: { action: { code: string }; wechatJsapi: Parameters<WechatPayFake['jsapiPay']>[0] } }>(
      JSAPI,
      { id: paymentId },
      t.tokens.customer,
    );
    const params = read.data!.payment.wechatJsapi;
    expect(read.data!.payment.action.code).toBe(`prepay_id=${wx.prepayId}`);
    expect(params).toEqual({
      appId: fake.appid,
      timeStamp: expect.stringMatching(/^[0-9]{10}$/),
      nonceStr: expect.stringMatching(/^[0-9A-F]{32}$/),
      package: `prepay_id=${wx.prepayId}`,
      signType: 'RSA',
      paySign: expect.any(String),
    });
    // A page that altered what it was given is refused by WeChat; the parameters as given pay.
    expect(() => fake.jsapiPay({ ...params, nonceStr: `${params.nonceStr}x` }, openid)).toThrow('paySign invalid');
    expect(() => fake.jsapiPay(params, 'oAnotherCustomerOpenid0000000')).toThrow('prepay_id unknown for this openid');
    const answer = await fake.send(paymentId, fake.jsapiPay(params, openid));
    expect([answer.status, JSON.parse(answer.body)]).toEqual([200, { code: 'SUCCESS', message: 'APPLIED' }]);
    await waitFor(async () => (await orderStatus(t, placed.orders![0]!.id)) === 'PAID', { what: 'the JSAPI order paid' });
    expect((await t.gql(JSAPI, { id: paymentId }, t.tokens.customer)).data).toEqual({ payment: { status: 'SUCCEEDED', action: null, wechatJsapi: null } });
    // Operators see the payment, but the pay parameters are the paying customer's.
    expect((await t.gql(JSAPI, { id: paymentId }, t.tokens.admin)).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('a partial refund ends SUCCEEDED from the refund notification', async () => {
    const placed = await placeWith('WECHAT_PAY');
    const paymentId = placed.checkout!.paymentId!;
    await fake.send(paymentId, fake.pay(paymentId));
    await waitFor(async () => (await orderStatus(t, placed.orders![0]!.id)) === 'PAID', { what: 'paid' });
    const { refundPayment } = await orders.call(paymentsService.refundPayment, {
      input: { paymentId, amount: { amount: '0.50', currencyCode: 'CNY' }, reason: 'partial', idempotencyKey: newId('key') },
    });
    expect(refundPayment.refund?.status).toBe('PENDING');
    const refundId = refundPayment.refund!.id;
    const answer = await fake.send(paymentId, fake.refundSucceeds(refundId));
    expect([answer.status, JSON.parse(answer.body)]).toEqual([200, { code: 'SUCCESS', message: 'APPLIED' }]);
    const seen = await t.gql(`query($id: ID!) { refund(id: $id) { status amount { amount } providerRefundId } }`, { id: refundId }, t.tokens.admin);
    expect(seen.data?.refund).toEqual({
      status: 'SUCCEEDED',
      amount: { amount: '0.50' },
      providerRefundId: fake.orders.get(paymentId)!.refunds.get(refundId)!.refundId,
    });
  });
});

describe("WeChat Pay's daily bill in finance's reconciliation", () => {
  it('the tradebill of the China day is downloaded, converted and matched against our WeChat Pay captures and refunds only', async () => {
    const chinaDay = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
    // Finance records our side from PaymentSucceeded / RefundSucceeded: wait until every WeChat Pay movement of the fake is there.
    const IMPORT = `mutation($i: ImportProviderStatementInput!) { importProviderStatement(input: $i) { run { provider statementDate fileLines matched missingInOurs missingInProvider amountMismatch items(first: 100) { nodes { outcome reference } } } userErrors { code message } } }`;
    const expected = [...fake.orders.values()].reduce(
      (n, o) => n + (o.successTime ? 1 : 0) + [...o.refunds.values()].filter((r) => r.status === 'SUCCESS').length,
      0,
    );
    expect(expected).toBeGreaterThan(2);
    let run: Record<string, any> | undefined;
    await waitFor(
      async () => {
        const res = await t.gql(IMPORT, { i: { date: chinaDay, provider: 'wechatpay' } }, t.tokens.admin);
        run = res.data?.importProviderStatement.run;
        return run?.matched === expected;
      },
      { what: 'every WeChat Pay movement matched' },
    );
    expect(run).toMatchObject({
      provider: 'wechatpay',
      statementDate: chinaDay,
      fileLines: expected,
      missingInOurs: 0,
      missingInProvider: 0,
      amountMismatch: 0,
    });
  });
});

describe.runIf(process.env.DATABASE_URL)('WeChat Pay refunds under concurrency (PostgreSQL)', () => {
  it('two concurrent partial refunds of 60 % each never exceed the capture (PostgreSQL)', async () => {
    const placed = await placeWith('WECHAT_PAY');
    const paymentId = placed.checkout!.paymentId!;
    await fake.send(paymentId, fake.pay(paymentId));
    const total = fake.orders.get(paymentId)!.total;
    const sixty = (total * 60n) / 100n;
    const amount = `${sixty / 100n}.${(sixty % 100n).toString().padStart(2, '0')}`;
    const both = await Promise.all(
      [1, 2].map(() =>
        orders.call(paymentsService.refundPayment, {
          input: { paymentId, amount: { amount, currencyCode: 'CNY' }, reason: 'race', idempotencyKey: newId('key') },
        }),
      ),
    );
    const outcomes = both.map((r) => (r.refundPayment.refund ? 'TAKEN' : r.refundPayment.userErrors.map((e) => e.code).join())).sort();
    expect(outcomes).toEqual(['EXCEEDS_CAPTURED', 'TAKEN']);
    expect([...fake.orders.get(paymentId)!.refunds.values()].map((r) => r.amount)).toEqual([sixty]);
    const seen = await t.gql(`query($id: ID!) { payment(id: $id) { refunds { amount { amount } } } }`, { id: paymentId }, t.tokens.admin);
    expect(seen.data?.payment.refunds).toEqual([{ amount: { amount } }]);
  });
});
