import { generateKeyPairSync } from 'node:crypto';
import { and, asc, eq, inArray } from 'drizzle-orm';
import { DEMO_MEMBER_ID, newId, type RouteResponse } from '@zhongtai/kit';
import { mustOk } from '@zhongtai/kit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { providerExchanges, refunds, shopPaymentMethods } from '../src/db/tables.ts';
import { closePayment } from '../src/domain/closePayment.ts';
import { createPayment } from '../src/domain/createPayment.ts';
import { atProvider } from '../src/domain/exchangeLog.ts';
import { recoverMissedNotifications } from '../src/domain/recoverPayments.ts';
import { refundPayment } from '../src/domain/refundPayment.ts';
import { ALIPAY_BILL_COLUMNS } from '../src/providers/alipay/bill.ts';
import { alipayProvider } from '../src/providers/alipay/index.ts';
import { readZip } from '../src/providers/alipay/zip.ts';
import { parseTradeBill } from '../src/providers/wechatpay/bill.ts';
import { loadWechatPayConfig } from '../src/providers/wechatpay/config.ts';
import { wechatJsapiPayParams, wechatPayProvider } from '../src/providers/wechatpay/index.ts';
import { decryptResource, encryptResource, lines, verifyText } from '../src/providers/wechatpay/signing.ts';
import { startAlipayFake, type AlipayFake } from './alipayFake.ts';
import { startWechatPayFake, type WechatPayFake } from './wechatpayFake.ts';
import { openWorld, RUN, SERVICE, type World } from './fixtures.ts';
import { gbk, writeZip } from './zipFiles.ts';

let w: World;
let fake: WechatPayFake;
let alipay: AlipayFake;
const saved = { ...process.env };
const logged: string[] = [];
const writes = { out: process.stdout.write.bind(process.stdout), err: process.stderr.write.bind(process.stderr) };

beforeAll(async () => {
  fake = await startWechatPayFake();
  alipay = await startAlipayFake();
  Object.assign(process.env, fake.env, alipay.env, { LOG_LEVEL: 'debug' });
  // The log output of this run, kept to be searched for secrets (the last test).
  process.stdout.write = ((chunk: string | Uint8Array) => (logged.push(String(chunk)), true)) as typeof process.stdout.write;
  process.stderr.write = ((chunk: string | Uint8Array) => (logged.push(String(chunk)), true)) as typeof process.stderr.write;
  w = await openWorld();
});
afterAll(async () => {
  process.stdout.write = writes.out;
  process.stderr.write = writes.err;
  for (const key of [...Object.keys(fake?.env ?? {}), ...Object.keys(alipay?.env ?? {}), 'LOG_LEVEL', 'PAYMENT_QUERY_AFTER_MINUTES']) {
    if (saved[key] === undefined) delete process.env[key];
    else process.env[key] = saved[key];
  }
  await w?.close();
  await fake?.close();
  await alipay?.close();
});

let orders = 0;
async function wechatPayment(amount: string, options: { payerOpenId?: string; provider?: string } = {}) {
  return mustOk(
    await createPayment(await w.as(SERVICE), {
      orderId: `ord-wx-${RUN}-${++orders}`,
      memberId: DEMO_MEMBER_ID,
      purpose: 'FULL',
      amount: { amount, currencyCode: 'CNY' },
      provider: options.provider ?? 'wechatpay',
      payerOpenId: options.payerOpenId,
      idempotencyKey: newId('key'),
    }),
  );
}

const deliver = async (notification: { rawBody: string; headers: Headers }): Promise<RouteResponse> =>
  (await w.host.center('payments').handleRoute('POST', '/wechatpay/callback', { ...notification, query: new URLSearchParams() }))!;

const asDelivered = (a: RouteResponse) => [a.status, (a.body as { code?: string }).code, (a.body as { message?: string }).message];

describe('WeChat Pay API v3 signing and encryption', () => {
  it('AEAD_AES_256_GCM: what WeChat Pay encrypts decrypts with the APIv3 key and the same associated data only', () => {
    const key = Buffer.from('0123456789abcdef0123456789abcdef', 'utf8');
    const sealed = encryptResource('{"out_trade_no":"pay_1"}', key, 'transaction', 'transaction');
    expect(decryptResource(sealed, key)).toBe('{"out_trade_no":"pay_1"}');
    expect(decryptResource({ ...sealed, associated_data: 'refund' }, key)).toBeUndefined();
    expect(decryptResource(sealed, Buffer.from('0123456789abcdef0123456789abcdeX', 'utf8'))).toBeUndefined();
    expect(decryptResource({ ...sealed, algorithm: 'AES_128' }, key)).toBeUndefined();
  });

  it('a JSAPI payment gives a prepay_id and pay parameters signed over appId, timeStamp, nonceStr, package', async () => {
    const p = await wechatPayment('9.90', { payerOpenId: 'oUpF8uMuAJO_M2pxb1Q9zNjWeS6o' });
    expect(p.actionCode).toMatch(/^prepay_id=wx/);
    expect(fake.orders.get(p.id)).toMatchObject({ tradeType: 'JSAPI', total: 990n });
    const params = wechatJsapiPayParams(p.actionCode, new Date('2026-11-30T00:00:00Z'))!;
    expect(params).toMatchObject({ appId: fake.appid, timeStamp: String(Date.parse('2026-11-30T00:00:00Z') / 1000), package: p.actionCode, signType: 'RSA' });
    const merchantPublic = loadWechatPayConfig()!.privateKey;
    expect(verifyText(lines(params.appId, params.timeStamp, params.nonceStr, params.package), params.paySign, merchantPublic)).toBe(true);
  });

  it('a request signed with another merchant key is refused by the fake, not retried, and its answer believed in nothing', async () => {
    const other = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const before = fake.calls.length;
    process.env.WECHATPAY_PRIVATE_KEY = other.privateKey.export({ format: 'pem', type: 'pkcs8' }) as string;
    try {
      await expect(wechatPayProvider.queryPayment!({ providerPaymentId: 'pay_nothing' })).rejects.toThrow(/HTTP 401 SIGN_ERROR/);
    } finally {
      process.env.WECHATPAY_PRIVATE_KEY = fake.env.WECHATPAY_PRIVATE_KEY;
    }
    expect(fake.calls.slice(before)).toEqual(['refused:GET /v3/pay/transactions/out-trade-no/pay_nothing?mchid=' + fake.mchid]);
  });

  it("a method is chosen among the shop's: unknown, not accepted by a shop, or not enabled here is a userError", async () => {
    const ctx = await w.as(SERVICE);
    const base = { memberId: DEMO_MEMBER_ID, purpose: 'FULL' as const, amount: { amount: '1.00', currencyCode: 'CNY' as const }, shopIds: ['shp_a', 'shp_b'] };
    const codes = async (method: string) => {
      const r = await createPayment(ctx, { ...base, orderId: `ord-m-${RUN}-${++orders}`, method, idempotencyKey: newId('key') });
      return r.ok ? r.value.provider : r.errors.map((e) => `${e.field?.join('.')}:${e.code}`);
    };
    expect(await codes('BITCOIN')).toEqual(['input.method:INVALID']);
    expect(await codes('WECHAT_PAY')).toBe('wechatpay');
    await w.host.database
      .forCenter('payments')
      .insert(shopPaymentMethods)
      .values({ shopId: 'shp_b', methods: ['ALIPAY'] });
    expect(await codes('WECHAT_PAY')).toEqual(['input.method:INACTIVE']);
    expect(await codes('ALIPAY')).toBe('alipay');
    const appId = process.env.ALIPAY_APP_ID;
    delete process.env.ALIPAY_APP_ID;
    try {
      expect(await codes('ALIPAY')).toEqual(['input.method:INACTIVE']);
    } finally {
      process.env.ALIPAY_APP_ID = appId;
    }
  });

  it('is off unless configured, and reads a key that cannot be parsed by setting name only', () => {
    expect(loadWechatPayConfig({ ...fake.env, WECHATPAY_BASE_URL: '' })).toBeUndefined();
    expect(() => loadWechatPayConfig({ ...fake.env, WECHATPAY_PRIVATE_KEY: 'not a key' })).toThrow(/^WECHATPAY_PRIVATE_KEY could not be read/);
    expect(() => loadWechatPayConfig({ ...fake.env, WECHATPAY_APIV3_KEY: 'short' })).toThrow(/32 characters/);
  });
});

describe('paying through WeChat Pay (the fake)', () => {
  it('a Native payment succeeds from the signed, encrypted notification, answered SUCCESS, once however often replayed', async () => {
    const p = await wechatPayment('88.80');
    expect(p).toMatchObject({ provider: 'wechatpay', providerPaymentId: p.id, status: 'PENDING' });
    expect(p.actionCode).toMatch(/^weixin:\/\/wxpay\/bizpayurl\?pr=/);
    const notification = fake.pay(p.id);
    const answers = [];
    for (let i = 0; i < 3; i++) answers.push(asDelivered(await deliver(notification)));
    expect(answers).toEqual([
      [200, 'SUCCESS', 'APPLIED'],
      [200, 'SUCCESS', 'DUPLICATE'],
      [200, 'SUCCESS', 'DUPLICATE'],
    ]);
    const paid = await w.reload(p.id);
    expect(paid.status).toBe('SUCCEEDED');
    expect(await w.eventsOf('PaymentSucceeded', p.id)).toHaveLength(1);
    expect(await wechatPayProvider.queryPayment!({ providerPaymentId: p.id })).toEqual({ status: 'SUCCEEDED', amount: 8880n, currencyCode: 'CNY' });
  });

  it('a bad signature, a stale one, a wrong amount and a tampered ciphertext change nothing and are answered FAIL', async () => {
    const p = await wechatPayment('100.00');
    const stranger = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const forged = fake.pay(p.id, { signWith: stranger.privateKey });
    const stale = fake.notification(p.id, { timestampSeconds: Math.floor(Date.now() / 1000) - 3600 });
    const wrongAmount = fake.notification(p.id, { total: 1 });
    // Changed on the way: the signature covers the ciphertext.
    const tampered = fake.notification(p.id);
    const body = JSON.parse(tampered.rawBody) as { resource: { ciphertext: string } };
    // Another first character (one ciphertext in 64 already starts with "A": replacing it with "A" changed nothing).
    body.resource.ciphertext = `${body.resource.ciphertext.startsWith('A') ? 'B' : 'A'}${body.resource.ciphertext.slice(1)}`;
    tampered.rawBody = JSON.stringify(body);
    // Signed with WeChat Pay's key but not decryptable (the tag does not match).
    const undecryptable = fake.notification(p.id, { corruptCiphertext: true });
    const answers = [forged, stale, wrongAmount, tampered, undecryptable];
    const results = [];
    for (const a of answers) results.push(asDelivered(await deliver(a)));
    expect(results).toEqual([
      [401, 'FAIL', 'REJECTED_SIGNATURE'],
      [401, 'FAIL', 'REJECTED_SIGNATURE'],
      [422, 'FAIL', 'AMOUNT_MISMATCH'],
      [401, 'FAIL', 'REJECTED_SIGNATURE'],
      [400, 'FAIL', 'UNREADABLE'],
    ]);
    const after = await w.reload(p.id);
    expect(after.status).toBe('PENDING');
    expect(after.updatedAt).toEqual(p.updatedAt);
    expect(await w.eventsOf('PaymentSucceeded', p.id)).toEqual([]);
    // The forged one did not use up the notification id: WeChat Pay's own delivery of it applies.
    const real = fake.notification(p.id, { id: (JSON.parse(forged.rawBody) as { id: string }).id });
    expect(asDelivered(await deliver(real))).toEqual([200, 'SUCCESS', 'APPLIED']);
  });

  it('a partial refund is PENDING until WeChat Pay notifies it, then SUCCEEDED; resending it refunds nothing more', async () => {
    const p = await wechatPayment('200.00');
    await deliver(fake.pay(p.id));
    const refund = mustOk(
      await refundPayment(await w.as(SERVICE), {
        paymentId: p.id,
        amount: { amount: '30.50', currencyCode: 'CNY' },
        reason: 'partial',
        idempotencyKey: newId('key'),
      }),
    );
    expect(refund.status).toBe('PENDING');
    const order = fake.orders.get(p.id)!;
    expect([...order.refunds.values()].map((r) => [r.outRefundNo, r.amount, r.status])).toEqual([[refund.id, 3050n, 'PROCESSING']]);
    // A notice for another amount changes nothing.
    expect(asDelivered(await deliver(fake.refundSucceeds(refund.id, { amount: 1 })))).toEqual([422, 'FAIL', 'AMOUNT_MISMATCH']);
    const notice = fake.refundSucceeds(refund.id);
    expect(asDelivered(await deliver(notice))).toEqual([200, 'SUCCESS', 'APPLIED']);
    expect(asDelivered(await deliver(notice))).toEqual([200, 'SUCCESS', 'DUPLICATE']);
    const [row] = await w.host.database.forCenter('payments').select().from(refunds).where(eq(refunds.id, refund.id));
    expect(row).toMatchObject({ status: 'SUCCEEDED', providerRefundId: order.refunds.get(refund.id)!.refundId });
    expect(await w.eventsOf('RefundSucceeded', refund.id)).toHaveLength(1);
    expect(await wechatPayProvider.refund({ refundId: refund.id, providerPaymentId: p.id, amount: 3050n, paymentAmount: 20000n, currencyCode: 'CNY' })).toEqual(
      {
        status: 'SUCCEEDED',
        providerRefundId: row!.providerRefundId,
      },
    );
    expect([...order.refunds.values()].map((r) => r.amount)).toEqual([3050n]);
  });

  it('closing an unpaid payment closes the order at WeChat Pay; paid after that, it is refunded automatically', async () => {
    const p = await wechatPayment('59.00');
    expect(mustOk(await closePayment(await w.as(SERVICE), { orderId: p.orderId, purpose: 'FULL' }))?.status).toBe('CLOSED');
    expect(fake.orders.get(p.id)!.state).toBe('CLOSED');
    await expect(wechatPayProvider.closePayment({ providerPaymentId: 'pay_never_created' })).resolves.toBeUndefined();
    expect(await wechatPayProvider.queryPayment!({ providerPaymentId: 'pay_never_created' })).toEqual({ status: 'NOT_FOUND' });
    // The customer's payment went through anyway (a race at WeChat Pay): the same rule as the sandbox's.
    expect(asDelivered(await deliver(fake.pay(p.id, { evenIfClosed: true })))).toEqual([200, 'SUCCESS', 'LATE_PAYMENT_REFUNDING']);
    expect((await w.reload(p.id)).status).toBe('CLOSED');
    const [late] = await w.host.database.forCenter('payments').select().from(refunds).where(eq(refunds.paymentId, p.id));
    expect(late).toMatchObject({ kind: 'LATE_PAYMENT', amount: 5900n });
  });

  it('retries transient failures with backoff under the same out_trade_no, and creates one order', async () => {
    // Only the pay calls fail: the late payment's refund job (previous test) may call meanwhile.
    fake.failNext(2, '/v3/pay/transactions/native');
    const before = fake.calls.length;
    const p = await wechatPayment('12.34');
    expect(fake.calls.slice(before).filter((c) => !c.includes('refund'))).toEqual(['http-503', 'http-503', 'POST /v3/pay/transactions/native']);
    expect(fake.orders.get(p.id)!.total).toBe(1234n);
    const attempts = await w.host.database
      .forCenter('payments')
      .select({ attempt: providerExchanges.attempt, status: providerExchanges.status, number: providerExchanges.requestNumber })
      .from(providerExchanges)
      .where(and(eq(providerExchanges.provider, 'wechatpay'), eq(providerExchanges.requestNumber, p.id)))
      .orderBy(asc(providerExchanges.attempt));
    expect(attempts).toEqual([
      { attempt: 1, status: 503, number: p.id },
      { attempt: 2, status: 503, number: p.id },
      { attempt: 3, status: 200, number: p.id },
    ]);
  });
});

describe('missed notifications (the query job), both adapters', () => {
  it('a payment paid at the provider whose notification never came is recovered; the late notification then changes nothing', async () => {
    const wx = await wechatPayment('15.00');
    const ali = await wechatPayment('16.00', { provider: 'alipay' });
    const unpaid = await wechatPayment('17.00');
    fake.pay(wx.id); // never delivered
    const aliNotice = alipay.pay(ali.id); // never delivered (yet)
    process.env.PAYMENT_QUERY_AFTER_MINUTES = '5';
    const ctx = await w.as(SERVICE);
    // Not old enough yet: nobody is asked.
    expect((await recoverMissedNotifications(ctx)).applied.filter((a) => [wx.id, ali.id].some((id) => a.startsWith(id)))).toEqual([]);
    const later = await w.as(SERVICE);
    const clock = new Date(Date.now() + 6 * 60_000);
    const run = await recoverMissedNotifications({ ...later, now: () => clock });
    expect(run.applied.filter((a) => [wx.id, ali.id, unpaid.id].some((id) => a.startsWith(id))).sort()).toEqual(
      [`${ali.id}:APPLIED`, `${wx.id}:APPLIED`].sort(),
    );
    expect((await w.reload(wx.id)).status).toBe('SUCCEEDED');
    expect((await w.reload(ali.id)).status).toBe('SUCCEEDED');
    expect((await w.reload(unpaid.id)).status).toBe('PENDING');
    expect(await w.eventsOf('PaymentSucceeded', wx.id)).toHaveLength(1);
    // The notifications arrive after all: nothing more happens.
    expect(asDelivered(await deliver(fake.notification(wx.id)))).toEqual([200, 'SUCCESS', 'ALREADY_SUCCEEDED']);
    const aliAnswer = (await w.host.center('payments').handleRoute('POST', '/alipay/callback', { ...aliNotice, query: new URLSearchParams() }))!;
    expect([aliAnswer.status, aliAnswer.body]).toEqual([200, { result: 'ALREADY_SUCCEEDED' }]);
    expect(await w.eventsOf('PaymentSucceeded', ali.id)).toHaveLength(1);
    expect((await w.callbacksOf(wx.id)).map((c) => c.result)).toEqual(['APPLIED', 'ALREADY_SUCCEEDED']);
    // A second run asks again about nothing it settled.
    const again = await recoverMissedNotifications({ ...(await w.as(SERVICE)), now: () => clock });
    expect(again.applied.filter((a) => a.startsWith(wx.id) || a.startsWith(ali.id))).toEqual([]);
  });

  it("a refund whose notification never came is settled by the job's resend", async () => {
    const p = await wechatPayment('40.00');
    await deliver(fake.pay(p.id));
    const refund = mustOk(
      await refundPayment(await w.as(SERVICE), {
        paymentId: p.id,
        amount: { amount: '10.00', currencyCode: 'CNY' },
        reason: 'r',
        idempotencyKey: newId('key'),
      }),
    );
    fake.refundSucceeds(refund.id); // the notice is lost
    await recoverMissedNotifications({ ...(await w.as(SERVICE)), now: () => new Date(Date.now() + 60 * 60_000) });
    const [row] = await w.host.database.forCenter('payments').select().from(refunds).where(eq(refunds.id, refund.id));
    expect(row!.status).toBe('SUCCEEDED');
  });
});

describe("WeChat Pay's daily bill (交易账单)", () => {
  it('downloads the tradebill (backtick-prefixed CSV with its summary, SHA1 checked) and reads captures and refunds', async () => {
    const p = await wechatPayment('77.70');
    await deliver(fake.pay(p.id));
    const chinaDay = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
    const lines = await wechatPayProvider.downloadStatement!({ date: chinaDay });
    expect(lines.filter((l) => l.merchantReference === p.id)).toEqual([
      {
        type: 'CAPTURE',
        providerReference: fake.orders.get(p.id)!.transactionId,
        merchantReference: p.id,
        amount: 7770n,
        currencyCode: 'CNY',
        occurredAt: expect.any(String),
      },
    ]);
    expect(
      lines
        .filter((l) => l.type === 'REFUND')
        .map((l) => l.amount)
        .sort(),
    ).toEqual([1000n, 3050n]);
    expect(() => parseTradeBill('交易时间\n`x')).toThrow(/unexpected header/);
  });

  it("Alipay's trade bill: the zip of GBK CSVs behind bill_download_url, its 业务明细 read for trades and refunds by our numbers", async () => {
    const p = await wechatPayment('21.00', { provider: 'alipay' });
    await w.host.center('payments').handleRoute('POST', '/alipay/callback', { ...alipay.pay(p.id), query: new URLSearchParams() });
    const refund = mustOk(
      await refundPayment(await w.as(SERVICE), { paymentId: p.id, amount: { amount: '1.50', currencyCode: 'CNY' }, reason: 'r', idempotencyKey: newId('key') }),
    );
    const chinaDay = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
    const zip = alipay.billZip(chinaDay);
    // What Alipay serves: a zip whose two files are named (in GBK) after the partner id and the day.
    expect(readZip(zip).map((e) => e.name)).toEqual([
      expect.stringMatching(new RegExp(`^2088\\d{12}_${chinaDay.replaceAll('-', '')}_业务明细\\.csv$`)),
      expect.stringMatching(/_业务明细\(汇总\)\.csv$/),
    ]);
    expect(readZip(zip)[0]!.data.includes(Buffer.from('业务明细', 'utf8'))).toBe(false);
    const lines = await atProvider(await w.as(SERVICE), () => alipayProvider.downloadStatement!({ date: chinaDay }));
    expect(lines.filter((l) => l.merchantReference === p.id || l.merchantReference === refund.id).map((l) => [l.type, l.merchantReference, l.amount])).toEqual([
      ['CAPTURE', p.id, 2100n],
      ['REFUND', refund.id, 150n],
    ]);
    // The download URL is a credential while it lasts: recorded neither as the query's answer nor as the file's URL.
    const recorded = await w.host.database
      .forCenter('payments')
      .select()
      .from(providerExchanges)
      .where(and(eq(providerExchanges.provider, 'alipay'), inArray(providerExchanges.requestNumber, [chinaDay, `trade-bill:${chinaDay}`])));
    expect(recorded.map((r) => r.operation).sort()).toEqual(['alipay.data.dataservice.bill.downloadurl.query', 'bill.download']);
    const download = recorded.find((r) => r.operation === 'bill.download')!;
    expect(download.url).toMatch(/\/bill\?\[redacted\]$/);
    expect(download.responseBody).toMatch(/^\[\d+ characters\]$/);
    expect(JSON.stringify(recorded)).not.toMatch(/token=|downloadFileName/);
  });

  it('a damaged or foreign Alipay bill is refused, not read as an empty day', async () => {
    const chinaDay = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
    const download = () => alipayProvider.downloadStatement!({ date: chinaDay });
    const good = alipay.billZip(chinaDay);
    const [detail, summary] = readZip(good);
    const flipped = Buffer.from(good);
    // A byte of the detail file's compressed data (after the local header and its name).
    const inData = 30 + good.readUInt16LE(26) + 5;
    flipped[inData] = flipped[inData]! ^ 0xff;
    const cases: [Buffer, RegExp][] = [
      [flipped, /trade bill: .*(CRC-32|inflate)/],
      [Buffer.from('<html>busy</html>'), /trade bill: not a zip file/],
      [writeZip([{ name: summary!.name, data: summary!.data }]), /trade bill: 0 detail files/],
      // UTF-8 where GBK is expected: Alipay's header in UTF-8 is no GBK text.
      [writeZip([{ name: detail!.name, data: Buffer.from(ALIPAY_BILL_COLUMNS.join(','), 'utf8') }]), /业务明细\.csv is not GBK text/],
      // GBK, but not Alipay's detail file.
      [writeZip([{ name: detail!.name, data: gbk('交易号,金额\r\n') }]), /trade bill: unexpected header/],
      // A lead byte with no trail byte is no GBK text at all.
      [writeZip([{ name: detail!.name, data: Buffer.from([0x81, 0x0a]) }]), /is not GBK text/],
    ];
    for (const [file, error] of cases) {
      alipay.serveNextBill(file);
      await expect(download()).rejects.toThrow(error);
    }
  });

  it('reads stored and deflated zip entries, UTF-8 or GBK names, and refuses what would inflate past its limit', () => {
    const zip = writeZip([
      { name: gbk('账单_业务明细.csv'), data: gbk('支付宝交易号,金额\r\n1,2.00') },
      { name: 'readme-说明.txt', data: Buffer.from('plain'), stored: true },
    ]);
    expect(readZip(zip).map((e) => [e.name, e.name.endsWith('.csv') ? new TextDecoder('gbk').decode(e.data) : e.data.toString()])).toEqual([
      ['账单_业务明细.csv', '支付宝交易号,金额\r\n1,2.00'],
      ['readme-说明.txt', 'plain'],
    ]);
    const bomb = writeZip([{ name: 'big.csv', data: Buffer.alloc(2 * 1024 * 1024) }]);
    expect(() => readZip(bomb, { maxEntries: 4, maxBytes: 1024 * 1024 })).toThrow(/more than 1048576 bytes/);
    expect(() => readZip(zip, { maxEntries: 1, maxBytes: 1024 })).toThrow(/2 entries, more than 1/);
  });
});

describe('secrets', () => {
  it('no key, certificate or APIv3 key appears in the recorded exchanges or the log output of this run', async () => {
    const recorded = await w.host.database.forCenter('payments').select().from(providerExchanges);
    expect(recorded.length).toBeGreaterThan(10);
    const text = JSON.stringify(recorded) + logged.join('');
    expect(logged.some((l) => l.includes('provider exchange'))).toBe(true);
    const secrets = [...fake.secrets(), alipay.env.ALIPAY_PRIVATE_KEY!];
    // A PEM's base64 body, in pieces: any of its lines would give it away.
    const pieces = secrets.flatMap((s) => s.split('\n').filter((l) => l.length >= 32 && !l.startsWith('-----')));
    expect(pieces.length).toBeGreaterThan(10);
    expect(pieces.filter((piece) => text.includes(piece))).toEqual([]);
    expect(text.includes(fake.env.WECHATPAY_APIV3_KEY!)).toBe(false);
    expect(text).not.toMatch(/signature="/);
    expect(text).not.toMatch(/PRIVATE KEY/);
  });
});
