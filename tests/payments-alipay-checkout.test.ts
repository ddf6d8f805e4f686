import { generateKeyPairSync } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { newId } from '@zhongtai/kit';
import { waitFor } from '@zhongtai/kit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAlipayFake, type AlipayFake } from '../subgraphs/payments/test/alipayFake.ts';
import { startTestGraph, type TestGraph } from './support/graph.ts';
import { rowsOf } from './support/placing.ts';
import { ADDRESS, buyableSkus, orderStatus, PLACE_ORDER } from './support/shopping.ts';

/**
 * Alipay end to end through the gateway: the shop's merchant enables Alipay, the customer checks
 * out with it, Alipay's fake notifies our hook over HTTP (form body, RSA2 over the sorted
 * parameters) and the order is PAID; forged, short and replayed notices change nothing. The
 * merchant's partial refund is confirmed by Alipay's answer to alipay.trade.refund (fund_change Y).
 */
let t: TestGraph;
let fake: AlipayFake;
let hook: string;
const saved = { ...process.env };

beforeAll(async () => {
  fake = await startAlipayFake();
  Object.assign(process.env, fake.env);
  t = await startTestGraph();
  hook = `${new URL(t.graph.url).origin}/hooks/payments/alipay/callback`;
  process.env.ALIPAY_NOTIFY_URL = hook;
});
afterAll(async () => {
  for (const key of [...Object.keys(fake?.env ?? {}), 'ALIPAY_NOTIFY_URL']) {
    if (saved[key] === undefined) delete process.env[key];
    else process.env[key] = saved[key];
  }
  await t?.stop();
  await fake?.close();
});

/** Fen of a Money amount ('12.30'), and back: exact, never through a float. */
const fenOf = (amount: string) => {
  const [whole, fraction = ''] = amount.split('.');
  return BigInt(whole!) * 100n + BigInt(fraction.padEnd(2, '0'));
};
const yuanOf = (fen: bigint) => `${fen / 100n}.${(fen % 100n).toString().padStart(2, '0')}`;

const SET_METHODS = `mutation($input: SetShopPaymentMethodsInput!) { setShopPaymentMethods(input: $input) { shop { id paymentMethods } userErrors { field code } } }`;
const REFUND = `mutation($input: RefundOrderInput!) { refundOrder(input: $input) { refundId status userErrors { field code message } } }`;

interface Placed {
  placeOrder: {
    checkout: { id: string; paymentId: string | null; payable: { amount: string; currencyCode: string } } | null;
    orders: { id: string; lines: { id: string; finalAmount: { amount: string } }[] }[] | null;
    userErrors: { field: string[] | null; code: string; message: string }[];
  };
}

async function placeWith(paymentMethod: string) {
  const [sku] = await buyableSkus(t, t.shopA, 1);
  const res = await t.gql<Placed>(
    PLACE_ORDER,
    { input: { idempotencyKey: newId('key'), lines: [{ skuId: sku!.id, quantity: 1 }], address: ADDRESS, paymentMethod } },
    t.tokens.customer,
  );
  if (res.errors) throw new Error(JSON.stringify(res.errors));
  return res.data!.placeOrder;
}

const post = (notification: { rawBody: string; headers: Headers }) =>
  fetch(hook, { method: 'POST', headers: notification.headers, body: notification.rawBody });
const answerOf = async (response: Response) => [response.status, response.headers.get('content-type'), await response.text()];

const paymentOf = async (id: string) =>
  (
    await t.gql<{
      payment: {
        status: string;
        provider: string;
        amount: { amount: string };
        refundedAmount: { amount: string };
        callbacks: { result: string; signature: string }[];
      };
    }>(
      `query($id: ID!) { payment(id: $id) { status provider amount { amount } refundedAmount { amount } callbacks { result signature } } }`,
      { id },
      t.tokens.admin,
    )
  ).data!.payment;

/** What the payment center holds about a payment: its applied notices and the events it announced. */
async function ledgerOf(paymentId: string) {
  const db = t.graph.host!.database.forCenter('payments');
  const [row] = await rowsOf<{ applied: number; succeeded: number; refunds: number }>(
    db,
    sql`select (select count(*)::int from payments.provider_callbacks where payment_id = ${paymentId} and result = 'APPLIED') as applied,
               (select count(*)::int from payments.outbox where topic = 'PaymentSucceeded' and payload->>'paymentId' = ${paymentId}) as succeeded,
               (select count(*)::int from payments.outbox where topic = 'RefundSucceeded' and payload->>'paymentId' = ${paymentId}) as refunds`,
  );
  return row!;
}

describe('Alipay through the gateway', () => {
  let paymentId: string;
  let orderId: string;
  let line: { id: string; finalAmount: { amount: string } };
  let total: bigint;

  it('the merchant enables Alipay for its shop; until then a checkout with ALIPAY is refused and places nothing', async () => {
    const only = await t.gql(SET_METHODS, { input: { shopId: t.shopA, methods: ['SANDBOX'] } }, t.tokens.merchantA);
    expect(only.data?.setShopPaymentMethods).toEqual({ shop: { id: t.shopA, paymentMethods: ['SANDBOX'] }, userErrors: [] });
    const refused = await placeWith('ALIPAY');
    expect([refused.checkout, refused.orders, refused.userErrors.map((e) => [e.code, e.message])]).toEqual([
      null,
      null,
      [['INACTIVE', `ALIPAY is not accepted here (shop ${t.shopA})`]],
    ]);
    expect(fake.trades.size).toBe(0);

    const set = await t.gql(SET_METHODS, { input: { shopId: t.shopA, methods: ['SANDBOX', 'ALIPAY'] } }, t.tokens.merchantA);
    // WeChat Pay is not configured in this run; Alipay is (the fake's settings).
    expect(set.data?.setShopPaymentMethods).toEqual({ shop: { id: t.shopA, paymentMethods: ['SANDBOX', 'ALIPAY'] }, userErrors: [] });
  });

  it('a checkout paid with Alipay reaches PAID from the signed notification, answered `success`; forged, short and replayed notices change nothing', async () => {
    const placed = await placeWith('ALIPAY');
    expect(placed.userErrors).toEqual([]);
    paymentId = placed.checkout!.paymentId!;
    orderId = placed.orders![0]!.id;
    line = placed.orders![0]!.lines[0]!;
    total = fenOf(placed.checkout!.payable.amount);
    expect(placed.checkout!.payable.currencyCode).toBe('CNY');
    expect(total).toBeGreaterThan(200n);

    // precreate was signed by us and accepted by Alipay: a trade for the checkout's exact amount, our payment id as out_trade_no.
    const trade = fake.trades.get(paymentId)!;
    expect([trade.outTradeNo, trade.total, trade.status]).toEqual([paymentId, total, 'WAIT_BUYER_PAY']);
    expect(fake.calls.filter((c) => c === 'alipay.trade.precreate')).toHaveLength(1);
    expect(await paymentOf(paymentId)).toMatchObject({ status: 'PENDING', provider: 'alipay', amount: { amount: yuanOf(total) } });

    // The customer scans and pays; before Alipay's real notice gets through, two bad ones do.
    const notice = fake.pay(paymentId);
    const forgedId = newId('forged');
    const forged = fake.notification(paymentId, { signWith: generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey, notifyId: forgedId });
    const short = fake.notification(paymentId, { totalAmount: yuanOf(total - 1n) });
    expect(await answerOf(await post(forged))).toEqual([401, 'text/plain; charset=utf-8', 'fail']);
    expect(await answerOf(await post(short))).toEqual([422, 'text/plain; charset=utf-8', 'fail']);
    expect((await paymentOf(paymentId)).status).toBe('PENDING');
    expect(await orderStatus(t, orderId)).toBe('PENDING_PAYMENT');
    expect(await ledgerOf(paymentId)).toEqual({ applied: 0, succeeded: 0, refunds: 0 });
    // The forged notice is recorded, but under no payment: nothing in it was believed.
    const [rejected] = await rowsOf<{ signature: string; result: string; payment_id: string | null }>(
      t.graph.host!.database.forCenter('payments'),
      sql`select signature, result, payment_id from payments.provider_callbacks where provider = 'alipay' and event_id = ${forgedId}`,
    );
    expect(rejected).toEqual({ signature: 'BAD_SIGNATURE', result: 'REJECTED_SIGNATURE', payment_id: null });

    expect(await answerOf(await post(notice))).toEqual([200, 'text/plain; charset=utf-8', 'success']);
    await waitFor(async () => (await orderStatus(t, orderId)) === 'PAID', { what: `order ${orderId} paid` });
    // Alipay redelivers the same notice (same notify_id): answered `success` so it stops, and nothing moves.
    expect(await answerOf(await post(notice))).toEqual([200, 'text/plain; charset=utf-8', 'success']);
    expect(await orderStatus(t, orderId)).toBe('PAID');

    expect(await paymentOf(paymentId)).toEqual({
      status: 'SUCCEEDED',
      provider: 'alipay',
      amount: { amount: yuanOf(total) },
      refundedAmount: { amount: '0.00' },
      callbacks: [
        { result: 'AMOUNT_MISMATCH', signature: 'VALID' },
        { result: 'APPLIED', signature: 'VALID' },
        { result: 'DUPLICATE', signature: 'VALID' },
      ],
    });
    // Captured once: one applied notice, one PaymentSucceeded.
    expect(await ledgerOf(paymentId)).toEqual({ applied: 1, succeeded: 1, refunds: 0 });
  });

  it("the merchant's partial refund through the gateway ends SUCCEEDED from Alipay's answer, for exactly its amount", async () => {
    expect(paymentId).toBeDefined();
    expect(fenOf(line.finalAmount.amount)).toBeGreaterThan(100n);
    const input = {
      orderId,
      idempotencyKey: newId('key'),
      reason: '少发配件 missing part',
      lines: [{ orderLineId: line.id, amount: { amount: '1.00', currencyCode: 'CNY' } }],
    };
    const res = await t.gql<{ refundOrder: { refundId: string | null; status: string | null; userErrors: unknown[] } }>(REFUND, { input }, t.tokens.merchantA);
    expect(res.errors).toBeUndefined();
    const refundId = res.data!.refundOrder.refundId!;
    // alipay.trade.refund answered fund_change Y: confirmed in the answer, no refund query needed.
    expect(res.data!.refundOrder).toEqual({ refundId, status: 'SUCCEEDED', userErrors: [] });
    const trade = fake.trades.get(paymentId)!;
    expect([...trade.refunds]).toEqual([[refundId, 100n]]);
    expect(fake.calls.filter((c) => c.includes('refund'))).toEqual(['alipay.trade.refund']);

    // The same request again (same key) is the same refund: Alipay is not asked again.
    const again = await t.gql(REFUND, { input }, t.tokens.merchantA);
    expect(again.data?.refundOrder).toEqual(res.data!.refundOrder);
    expect(fake.calls.filter((c) => c.includes('refund'))).toEqual(['alipay.trade.refund']);

    const seen = await t.gql(
      `query($id: ID!) { refund(id: $id) { status amount { amount currencyCode } providerRefundId } }`,
      { id: refundId },
      t.tokens.admin,
    );
    expect(seen.data?.refund).toEqual({
      status: 'SUCCEEDED',
      amount: { amount: '1.00', currencyCode: 'CNY' },
      providerRefundId: `${trade.tradeNo}:${refundId}`,
    });
    expect(await paymentOf(paymentId)).toMatchObject({ status: 'SUCCEEDED', amount: { amount: yuanOf(total) }, refundedAmount: { amount: '1.00' } });
    expect(await ledgerOf(paymentId)).toEqual({ applied: 1, succeeded: 1, refunds: 1 });
    const order = await waitFor(
      async () => {
        const r = await t.gql<{ order: { status: string; refunded: { amount: string }; lines: { refunded: { amount: string } }[] } }>(
          'query($id: ID!) { order(id: $id) { status refunded { amount } lines { refunded { amount } } } }',
          { id: orderId },
          t.tokens.admin,
        );
        return r.data?.order.refunded.amount === '1.00' ? r.data.order : undefined;
      },
      { what: 'the order shows the refund' },
    );
    expect(order).toEqual({ status: 'PAID', refunded: { amount: '1.00' }, lines: [{ refunded: { amount: '1.00' } }] });
  });
});
