import { execFileSync } from 'node:child_process';
import { createHash, generateKeyPairSync, randomBytes, type KeyObject } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TRADEBILL_COLUMNS, TRADEBILL_SUMMARY_COLUMNS } from '../src/providers/wechatpay/bill.ts';
import {
  encryptResource,
  lines,
  platformHeaders,
  readAuthorization,
  verifyRequest,
  verifyText,
  type JsapiPayParams,
} from '../src/providers/wechatpay/signing.ts';

/**
 * WeChat Pay API v3, played on this machine for the tests: it checks our requests' Authorization
 * (WECHATPAY2-SHA256-RSA2048, with the merchant's public key), keeps orders and refunds, signs
 * its answers and notifications with its platform key (a certificate made by openssl at start)
 * and encrypts notification resources with the APIv3 key (AEAD_AES_256_GCM), as WeChat Pay
 * documents. Refunds are PROCESSING until `refundSucceeds` makes the refund notification.
 * Nothing is stored: keys, certificate and APIv3 key live as long as the fake.
 */
export interface FakeRefund {
  outRefundNo: string;
  refundId: string;
  amount: bigint;
  status: 'PROCESSING' | 'SUCCESS';
  successTime?: Date;
}

export interface FakeOrder {
  outTradeNo: string;
  transactionId: string;
  total: bigint;
  description: string;
  tradeType: 'NATIVE' | 'JSAPI';
  /** The payer's openid a JSAPI order was placed for. */
  openid?: string;
  /** The prepay id a JSAPI order was given (the page pays `package=prepay_id=<this>`). */
  prepayId?: string;
  state: 'NOTPAY' | 'SUCCESS' | 'CLOSED' | 'REFUND';
  notifyUrl: string;
  successTime?: Date;
  refunds: Map<string, FakeRefund>;
}

export interface Notification {
  rawBody: string;
  headers: Headers;
}

export interface NotificationOptions {
  /** Sign with another key (a forger). */
  signWith?: KeyObject;
  /** Say another amount (signed and encrypted properly: WeChat Pay's own words). */
  total?: number;
  /** The same notice again (WeChat Pay's redelivery keeps its id). */
  id?: string;
  timestampSeconds?: number;
  /** Flip a byte of the ciphertext before signing: signed, but it no longer decrypts. */
  corruptCiphertext?: boolean;
}

export interface WechatPayFake {
  url: string;
  mchid: string;
  appid: string;
  /** The WECHATPAY_* settings pointing the adapter at this fake. */
  env: Record<string, string>;
  orders: Map<string, FakeOrder>;
  /** Requests received, `METHOD path` (refused signatures as `refused:…`). */
  calls: string[];
  /** The next n requests (to paths starting with `pathPrefix`, when given) are answered HTTP 503. */
  failNext(n: number, pathPrefix?: string): void;
  /** The customer pays: the order succeeds and its TRANSACTION.SUCCESS notification is returned. */
  pay(outTradeNo: string, options?: NotificationOptions & { evenIfClosed?: boolean }): Notification;
  /**
   * What WeChat does when the customer's page calls getBrandWCPayRequest with `params` as `openid`:
   * the appId must be ours, the package a prepay id of a NOTPAY JSAPI order placed for that openid,
   * paySign valid with the merchant's key over appId, timeStamp, nonceStr, package; then as `pay`.
   * Throws with WeChat's reason otherwise.
   */
  jsapiPay(params: JsapiPayParams, openid: string): Notification;
  /** The notice of the order as it stands (a redelivery, or a forged variant). */
  notification(outTradeNo: string, options?: NotificationOptions): Notification;
  /** WeChat Pay finishes a refund: SUCCESS, and its REFUND.SUCCESS notification is returned. */
  refundSucceeds(outRefundNo: string, options?: NotificationOptions & { amount?: number }): Notification;
  /** POSTs a notification to the notify_url the order was created with; the HTTP answer. */
  send(outTradeNo: string, notification: Notification): Promise<{ status: number; body: string }>;
  /** The secrets of this fake (for the test that greps for them). */
  secrets(): string[];
  close(): Promise<void>;
}

const pem = (key: KeyObject, type: 'pkcs8' | 'spki') => key.export({ format: 'pem', type }) as string;
const chinaTime = (d: Date) => new Date(d.getTime() + 8 * 3600_000).toISOString().slice(0, 19).replace('T', ' ');
const chinaDate = (d: Date) => chinaTime(d).slice(0, 10);
const rfc3339 = (d: Date) => `${chinaTime(d).replace(' ', 'T')}+08:00`;
const yuan = (fen: bigint) => `${fen / 100n}.${(fen % 100n).toString().padStart(2, '0')}`;

/** A self-signed platform certificate for `key`, made by openssl (node:crypto reads certificates but does not make them). */
function platformCertificate(key: KeyObject, serialHex: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'wxpay-fake-'));
  try {
    writeFileSync(join(dir, 'key.pem'), pem(key, 'pkcs8'), { mode: 0o600 });
    execFileSync(
      'openssl',
      [
        'req',
        '-new',
        '-x509',
        '-key',
        join(dir, 'key.pem'),
        '-subj',
        '/CN=Tenpay.com Root CA fake',
        '-days',
        '2',
        '-set_serial',
        `0x${serialHex}`,
        '-out',
        join(dir, 'cert.pem'),
      ],
      {
        stdio: 'ignore',
      },
    );
    return readFileSync(join(dir, 'cert.pem'), 'utf8');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function startWechatPayFake(): Promise<WechatPayFake> {
  const merchant = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const platform = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const platformSerial = randomBytes(20).toString('hex').toUpperCase().replace(/^0/, '1');
  const certificate = platformCertificate(platform.privateKey, platformSerial);
  const apiV3Key = randomBytes(16).toString('hex');
  const mchid = `19${randomBytes(4).readUInt32BE(0).toString().padStart(8, '0')}`;
  const appid = `wx${randomBytes(8).toString('hex')}`;
  const merchantSerialNo = randomBytes(20).toString('hex').toUpperCase();
  const orders = new Map<string, FakeOrder>();
  const bills = new Map<string, string>();
  const calls: string[] = [];
  let failing = 0;
  let failingPath = '';
  let url = '';

  const signer = { serial: platformSerial, privateKey: platform.privateKey };
  const now = () => Math.floor(Date.now() / 1000);
  type Answer = { status: number; body?: unknown; text?: string; signed?: boolean };
  const error = (status: number, code: string, message: string): Answer => ({ status, body: { code, message } });

  function handle(method: string, pathAndQuery: string, body: string, authHeader: string | undefined): Answer {
    const auth = readAuthorization(authHeader);
    if (!auth || auth.mchid !== mchid || auth.serial_no !== merchantSerialNo || !verifyRequest({ method, pathAndQuery, body }, auth, merchant.publicKey)) {
      calls.push(`refused:${method} ${pathAndQuery}`);
      return error(401, 'SIGN_ERROR', 'signature does not verify');
    }
    if (Math.abs(now() - Number(auth.timestamp)) > 300) return error(401, 'SIGN_ERROR', 'timestamp too old');
    calls.push(`${method} ${pathAndQuery.split('?')[0]}`);
    const target = new URL(pathAndQuery, 'http://fake');
    const json = body ? (JSON.parse(body) as Record<string, any>) : {};
    let m: RegExpExecArray | null;
    if (method === 'POST' && (m = /^\/v3\/pay\/transactions\/(native|jsapi)$/.exec(target.pathname))) {
      const flow = m[1]!;
      const total = json.amount?.total;
      if (
        json.mchid !== mchid ||
        json.appid !== appid ||
        !json.out_trade_no ||
        !json.description ||
        !json.notify_url ||
        !Number.isSafeInteger(total) ||
        total <= 0
      )
        return error(400, 'PARAM_ERROR', 'bad parameters');
      if (flow === 'jsapi' && !json.payer?.openid) return error(400, 'PARAM_ERROR', 'payer.openid expected');
      const existing = orders.get(json.out_trade_no);
      if (existing && existing.total !== BigInt(total)) return error(400, 'INVALID_REQUEST', 'same out_trade_no, other amount');
      if (existing && existing.state !== 'NOTPAY') return error(400, existing.state === 'CLOSED' ? 'ORDER_CLOSED' : 'ORDERPAID', 'not payable');
      const order = existing ?? {
        outTradeNo: json.out_trade_no,
        transactionId: `42000${randomBytes(12).toString('hex').slice(0, 23)}`,
        total: BigInt(total),
        description: json.description,
        tradeType: flow === 'native' ? ('NATIVE' as const) : ('JSAPI' as const),
        ...(flow === 'jsapi' ? { openid: json.payer!.openid, prepayId: `wx${randomBytes(16).toString('hex')}` } : {}),
        state: 'NOTPAY' as const,
        notifyUrl: json.notify_url,
        refunds: new Map(),
      };
      orders.set(order.outTradeNo, order);
      return flow === 'native'
        ? { status: 200, body: { code_url: `weixin://wxpay/bizpayurl?pr=${order.transactionId.slice(-10)}` } }
        : { status: 200, body: { prepay_id: order.prepayId } };
    }
    if ((m = /^\/v3\/pay\/transactions\/out-trade-no\/([^/]+)(\/close)?$/.exec(target.pathname))) {
      const order = orders.get(decodeURIComponent(m[1]!));
      if (m[2] && method === 'POST') {
        if (json.mchid !== mchid) return error(400, 'PARAM_ERROR', 'mchid');
        if (!order) return error(404, 'ORDER_NOT_EXIST', 'no such order');
        if (order.state === 'SUCCESS' || order.state === 'REFUND') return error(400, 'ORDERPAID', 'order paid');
        order.state = 'CLOSED';
        return { status: 204 };
      }
      if (target.searchParams.get('mchid') !== mchid) return error(400, 'PARAM_ERROR', 'mchid');
      if (!order) return error(404, 'ORDER_NOT_EXIST', 'no such order');
      return { status: 200, body: transaction(order) };
    }
    if (method === 'POST' && target.pathname === '/v3/refund/domestic/refunds') {
      const order = orders.get(json.out_trade_no ?? '');
      const amount = json.amount;
      if (!order) return error(404, 'RESOURCE_NOT_EXISTS', 'no such order');
      if (!json.out_refund_no || !Number.isSafeInteger(amount?.refund) || amount.refund <= 0 || amount.currency !== 'CNY')
        return error(400, 'PARAM_ERROR', 'bad parameters');
      if (BigInt(amount.total) !== order.total) return error(400, 'INVALID_REQUEST', 'amount.total is not the order total');
      const before = order.refunds.get(json.out_refund_no);
      if (before)
        return before.amount === BigInt(amount.refund)
          ? { status: 200, body: refundBody(order, before) }
          : error(400, 'INVALID_REQUEST', 'same out_refund_no, other amount');
      if (order.state !== 'SUCCESS' && order.state !== 'REFUND') return error(400, 'INVALID_REQUEST', `order is ${order.state}`);
      const refunded = [...order.refunds.values()].reduce((a, r) => a + r.amount, 0n);
      if (refunded + BigInt(amount.refund) > order.total) return error(400, 'NOT_ENOUGH', 'refunds exceed the order');
      const refund: FakeRefund = {
        outRefundNo: json.out_refund_no,
        refundId: `50000${randomBytes(12).toString('hex').slice(0, 24)}`,
        amount: BigInt(amount.refund),
        status: 'PROCESSING',
      };
      order.refunds.set(refund.outRefundNo, refund);
      order.state = 'REFUND';
      return { status: 200, body: refundBody(order, refund) };
    }
    if (method === 'GET' && target.pathname === '/v3/bill/tradebill') {
      const date = target.searchParams.get('bill_date') ?? '';
      if (target.searchParams.get('bill_type') !== 'ALL' || !/^\d{4}-\d{2}-\d{2}$/.test(date)) return error(400, 'PARAM_ERROR', 'bill_date / bill_type');
      const file = tradeBill(date);
      const token = randomBytes(8).toString('hex');
      bills.set(token, file);
      return {
        status: 200,
        body: {
          hash_type: 'SHA1',
          hash_value: createHash('sha1').update(file, 'utf8').digest('hex'),
          download_url: `${url}/v3/billdownload/file?token=${token}`,
        },
      };
    }
    if (method === 'GET' && target.pathname === '/v3/billdownload/file') {
      const file = bills.get(target.searchParams.get('token') ?? '');
      // The file itself is not signed (its SHA1 came with the signed answer above).
      return file ? { status: 200, text: file, signed: false } : error(404, 'RESOURCE_NOT_EXISTS', 'no such bill');
    }
    return error(404, 'NOT_FOUND', `no ${method} ${target.pathname}`);
  }

  function transaction(order: FakeOrder) {
    return {
      appid,
      mchid,
      out_trade_no: order.outTradeNo,
      transaction_id: order.transactionId,
      trade_type: order.tradeType,
      trade_state: order.state,
      trade_state_desc: order.state,
      bank_type: 'OTHERS',
      ...(order.successTime ? { success_time: rfc3339(order.successTime) } : {}),
      payer: { openid: order.openid ?? 'oUpF8uMuAJO_M2pxb1Q9zNjWeS6o' },
      amount: { total: Number(order.total), payer_total: Number(order.total), currency: 'CNY', payer_currency: 'CNY' },
    };
  }

  function refundBody(order: FakeOrder, refund: FakeRefund) {
    return {
      refund_id: refund.refundId,
      out_refund_no: refund.outRefundNo,
      transaction_id: order.transactionId,
      out_trade_no: order.outTradeNo,
      channel: 'ORIGINAL',
      status: refund.status,
      create_time: rfc3339(new Date()),
      amount: {
        total: Number(order.total),
        refund: Number(refund.amount),
        payer_total: Number(order.total),
        payer_refund: Number(refund.amount),
        currency: 'CNY',
      },
    };
  }

  /** 交易账单 of a China-time day: a SUCCESS row per order paid that day, a REFUND row per refund finished that day, then the summary. */
  function tradeBill(date: string): string {
    const row = (fields: string[]) => fields.map((f) => `\`${f}`).join(',');
    const rows: string[] = [];
    let paid = 0n;
    let refunded = 0n;
    for (const o of orders.values()) {
      const common = (when: Date) => [chinaTime(when), appid, mchid, '', '', o.transactionId, o.outTradeNo, 'oUpF8uMuAJO_M2pxb1Q9zNjWeS6o', o.tradeType];
      if (o.successTime && chinaDate(o.successTime) === date) {
        paid += o.total;
        rows.push(
          row([
            ...common(o.successTime),
            'SUCCESS',
            'OTHERS',
            'CNY',
            yuan(o.total),
            '0.00',
            '0',
            '0',
            '0.00',
            '0.00',
            '',
            '',
            o.description,
            '',
            '0.00',
            '0.60%',
            yuan(o.total),
            '0.00',
            '',
          ]),
        );
      }
      for (const r of o.refunds.values()) {
        if (r.status !== 'SUCCESS' || !r.successTime || chinaDate(r.successTime) !== date) continue;
        refunded += r.amount;
        rows.push(
          row([
            ...common(r.successTime),
            'REFUND',
            'OTHERS',
            'CNY',
            '0.00',
            '0.00',
            r.refundId,
            r.outRefundNo,
            yuan(r.amount),
            '0.00',
            'ORIGINAL',
            'SUCCESS',
            o.description,
            '',
            '0.00',
            '0.60%',
            '0.00',
            yuan(r.amount),
            '',
          ]),
        );
      }
    }
    const summary = row([String(rows.length), yuan(paid), yuan(refunded), '0.00', '0.00', yuan(paid), yuan(refunded)]);
    return [TRADEBILL_COLUMNS.join(','), ...rows, TRADEBILL_SUMMARY_COLUMNS.join(','), summary].join('\r\n') + '\r\n';
  }

  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      if (failing > 0 && (req.url ?? '').startsWith(failingPath)) {
        failing--;
        calls.push('http-503');
        res.writeHead(503, { 'content-type': 'application/json' }).end('{"code":"SYSTEM_ERROR","message":"busy"}');
        return;
      }
      const answer = handle(req.method ?? 'GET', req.url ?? '/', Buffer.concat(chunks).toString('utf8'), req.headers.authorization);
      const text = answer.text ?? (answer.body === undefined ? '' : JSON.stringify(answer.body));
      const headers: Record<string, string> = {
        'content-type': answer.text ? 'text/plain;charset=utf-8' : 'application/json',
        'request-id': randomBytes(8).toString('hex'),
      };
      if (answer.signed !== false) Object.assign(headers, platformHeaders(text, signer, now()));
      res.writeHead(answer.status, headers).end(text);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  function notify(eventType: string, originalType: string, resource: Record<string, unknown>, options: NotificationOptions): Notification {
    const encrypted = encryptResource(JSON.stringify(resource), Buffer.from(apiV3Key, 'utf8'), originalType, originalType);
    if (options.corruptCiphertext) {
      const bytes = Buffer.from(encrypted.ciphertext, 'base64');
      bytes[0] = bytes[0]! ^ 0xff;
      encrypted.ciphertext = bytes.toString('base64');
    }
    const rawBody = JSON.stringify({
      id: options.id ?? randomBytes(18).toString('hex'),
      create_time: rfc3339(new Date()),
      resource_type: 'encrypt-resource',
      event_type: eventType,
      summary: eventType.startsWith('REFUND') ? '退款成功' : '支付成功',
      resource: encrypted,
    });
    const headers = platformHeaders(
      rawBody,
      { serial: platformSerial, privateKey: options.signWith ?? platform.privateKey },
      options.timestampSeconds ?? now(),
    );
    return { rawBody, headers: new Headers({ 'content-type': 'application/json', ...headers }) };
  }

  function notification(outTradeNo: string, options: NotificationOptions = {}): Notification {
    const order = orders.get(outTradeNo);
    if (!order) throw new Error(`the fake has no order ${outTradeNo}`);
    const body = transaction(order);
    if (options.total !== undefined) body.amount = { ...body.amount, total: options.total, payer_total: options.total };
    return notify('TRANSACTION.SUCCESS', 'transaction', body, options);
  }

  const fake: WechatPayFake = {
    url,
    mchid,
    appid,
    env: {
      WECHATPAY_MCHID: mchid,
      WECHATPAY_APPID: appid,
      WECHATPAY_MERCHANT_SERIAL_NO: merchantSerialNo,
      WECHATPAY_PRIVATE_KEY: pem(merchant.privateKey, 'pkcs8'),
      WECHATPAY_PLATFORM_CERT: certificate,
      WECHATPAY_APIV3_KEY: apiV3Key,
      WECHATPAY_BASE_URL: url,
      WECHATPAY_RETRIES: '2',
      WECHATPAY_TIMEOUT_MS: '2000',
    },
    orders,
    calls,
    failNext(n, pathPrefix = '') {
      failing = n;
      failingPath = pathPrefix;
    },
    pay(outTradeNo, options = {}) {
      const order = orders.get(outTradeNo);
      if (!order || (order.state !== 'NOTPAY' && !(options.evenIfClosed && order.state === 'CLOSED'))) throw new Error(`order ${outTradeNo} cannot be paid`);
      order.state = 'SUCCESS';
      order.successTime = new Date();
      return notification(outTradeNo, options);
    },
    jsapiPay(params, openid) {
      const order = [...orders.values()].find((o) => params.package === `prepay_id=${o.prepayId}`);
      if (params.appId !== appid) throw new Error('appid mismatch');
      if (!order || order.openid !== openid) throw new Error('prepay_id unknown for this openid');
      if (params.signType !== 'RSA' || !verifyText(lines(params.appId, params.timeStamp, params.nonceStr, params.package), params.paySign, merchant.publicKey))
        throw new Error('paySign invalid');
      return fake.pay(order.outTradeNo);
    },
    notification,
    refundSucceeds(outRefundNo, options = {}) {
      const order = [...orders.values()].find((o) => o.refunds.has(outRefundNo));
      const refund = order?.refunds.get(outRefundNo);
      if (!order || !refund) throw new Error(`the fake has no refund ${outRefundNo}`);
      refund.status = 'SUCCESS';
      refund.successTime ??= new Date();
      const amount = options.amount ?? Number(refund.amount);
      return notify(
        'REFUND.SUCCESS',
        'refund',
        {
          mchid,
          out_trade_no: order.outTradeNo,
          transaction_id: order.transactionId,
          out_refund_no: refund.outRefundNo,
          refund_id: refund.refundId,
          refund_status: 'SUCCESS',
          success_time: rfc3339(refund.successTime),
          user_received_account: '支付用户零钱',
          amount: { total: Number(order.total), refund: amount, payer_total: Number(order.total), payer_refund: amount },
        },
        options,
      );
    },
    async send(outTradeNo, n) {
      const order = orders.get(outTradeNo)!;
      const response = await fetch(order.notifyUrl, { method: 'POST', headers: n.headers, body: n.rawBody });
      return { status: response.status, body: await response.text() };
    },
    secrets: () => [pem(merchant.privateKey, 'pkcs8'), pem(platform.privateKey, 'pkcs8'), apiV3Key],
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
  return fake;
}
