import { generateKeyPairSync, randomBytes, type KeyObject } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { minorOf, yuanOf } from '../src/providers/alipay/amounts.ts';
import { ALIPAY_BILL_COLUMNS } from '../src/providers/alipay/bill.ts';
import { alipayTimestamp, responseKey, signNotification, signText, verifyRequest, type Params } from '../src/providers/alipay/signing.ts';
import { gbk, writeZip } from './zipFiles.ts';

/**
 * Alipay's open platform gateway, played on this machine for the tests: it checks our requests'
 * RSA2 signature with the merchant public key, keeps trades and refunds, and signs its answers
 * and notifications with its own private key, as Alipay documents. Keys are made per fake, never
 * stored. `env` is what the payment center must be configured with to talk to it.
 */
export interface FakeTrade {
  outTradeNo: string;
  tradeNo: string;
  total: bigint;
  subject: string;
  status: 'WAIT_BUYER_PAY' | 'TRADE_SUCCESS' | 'TRADE_CLOSED';
  refunds: Map<string, bigint>;
  paidAt?: Date;
  refundedAt?: Map<string, Date>;
}

export interface AlipayFake {
  url: string;
  appId: string;
  /** The ALIPAY_* settings pointing the adapter at this fake. */
  env: Record<string, string>;
  trades: Map<string, FakeTrade>;
  /** Requests received, by method (signature refused ones under `refused`). */
  calls: string[];
  /** The next n requests are answered HTTP 503 (a transient failure). */
  failNext(n: number): void;
  /** The bill zip of a China-time day (YYYY-MM-DD), as `bill_download_url` serves it. */
  billZip(date: string): Buffer;
  /** The next bill downloaded is this file instead (a damaged or foreign one). */
  serveNextBill(file: Buffer): void;
  /** The customer scans and pays: the trade succeeds and Alipay's signed notification (form body) is returned to deliver. */
  pay(outTradeNo: string, options?: { totalAmount?: string; signWith?: KeyObject; notifyId?: string }): { rawBody: string; headers: Headers };
  /** Another notice about the trade as it stands (Alipay redelivering, with a new or the same notify_id). */
  notification(outTradeNo: string, options?: { totalAmount?: string; signWith?: KeyObject; notifyId?: string }): { rawBody: string; headers: Headers };
  close(): Promise<void>;
}

const pem = (key: KeyObject, type: 'pkcs8' | 'spki') => key.export({ format: 'pem', type }) as string;

export async function startAlipayFake(): Promise<AlipayFake> {
  const merchant = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const alipay = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const appId = `2021${randomBytes(6).readUIntBE(0, 6).toString().padStart(12, '0')}`;
  const trades = new Map<string, FakeTrade>();
  const calls: string[] = [];
  let failing = 0;
  const bills = new Map<string, Buffer>();
  let nextBill: Buffer | undefined;
  // The merchant's partner id (2088…): Alipay names the bill's files after it.
  const pid = `2088${randomBytes(6).readUIntBE(0, 6).toString().padStart(12, '0').slice(0, 12)}`;
  const chinaTime = (d: Date) => new Date(d.getTime() + 8 * 3600_000).toISOString().slice(0, 19).replace('T', ' ');

  /** 业务明细 of a China-time day: the detail CSV of the zip Alipay serves (as text; the zip holds it in GBK). */
  function tradeBill(date: string): string {
    const rows: string[] = [];
    const row = (t: FakeTrade, kind: string, when: Date, amount: string, requestNo: string) =>
      [
        t.tradeNo,
        t.outTradeNo,
        kind,
        t.subject,
        chinaTime(when),
        chinaTime(when),
        '',
        '',
        '',
        '',
        'buyer@example.com',
        amount,
        amount,
        '0.00',
        '0.00',
        '0.00',
        '0.00',
        '0.00',
        '',
        '0.00',
        '0.00',
        requestNo,
        '0.00',
        '0.00',
        '',
      ]
        .map((c) => `${c}\t`)
        .join(',');
    for (const t of trades.values()) {
      if (t.paidAt && chinaTime(t.paidAt).startsWith(date)) rows.push(row(t, '交易', t.paidAt, yuanOf(t.total), ''));
      for (const [no, amount] of t.refunds) {
        const when = t.refundedAt?.get(no);
        if (when && chinaTime(when).startsWith(date)) rows.push(row(t, '退款', when, `-${yuanOf(amount)}`, no));
      }
    }
    return [
      '#支付宝业务明细查询',
      `#账号：[${pid}]`,
      `#起始日期：[${date} 00:00:00]   终止日期：[${date} 23:59:59]`,
      '#-----------------------------------------业务明细列表----------------------------------------',
      ALIPAY_BILL_COLUMNS.join(','),
      ...rows,
      '#-----------------------------------------业务明细列表结束------------------------------------',
      `#交易合计：${rows.length}笔`,
      `#导出时间：[${chinaTime(new Date())}]`,
    ].join('\r\n');
  }

  /** 业务明细(汇总): what the day's detail adds up to, the second file of the zip. */
  function tradeBillSummary(date: string, detail: string): string {
    const rows = detail.split('\r\n').filter((r) => /^\d/.test(r));
    return [
      '#支付宝业务汇总查询',
      `#账号：[${pid}]`,
      `#起始日期：[${date} 00:00:00]   终止日期：[${date} 23:59:59]`,
      '#-----------------------------------------业务汇总列表----------------------------------------',
      '门店编号,门店名称,交易订单总笔数,退款订单总笔数,已收入总金额（元）,手续费（元）,分润（元）,实收净额（元）',
      `合计,,${rows.filter((r) => r.includes('交易')).length},${rows.filter((r) => r.includes('退款')).length},,,,`,
      '#-----------------------------------------业务汇总列表结束------------------------------------',
      `#导出时间：[${chinaTime(new Date())}]`,
    ].join('\r\n');
  }

  /** `<pid>_<yyyyMMdd>.csv.zip`: the detail and the summary, GBK, their names GBK too (no UTF-8 flag), as Alipay's. */
  function billZip(date: string): Buffer {
    const day = `${pid}_${date.replaceAll('-', '')}`;
    const detail = tradeBill(date);
    return writeZip([
      { name: gbk(`${day}_业务明细.csv`), data: gbk(detail) },
      { name: gbk(`${day}_业务明细(汇总).csv`), data: gbk(tradeBillSummary(date, detail)) },
    ]);
  }

  const answer = (method: string, body: Record<string, unknown>, signed = true): string => {
    const section = JSON.stringify(body);
    return signed ? `{"${responseKey(method)}":${section},"sign":"${signText(section, alipay.privateKey)}"}` : `{"${responseKey(method)}":${section}}`;
  };
  const ok = (fields: Record<string, unknown>) => ({ code: '10000', msg: 'Success', ...fields });
  const refuse = (subCode: string, subMsg: string) => ({ code: '40004', msg: 'Business Failed', sub_code: subCode, sub_msg: subMsg });

  function handle(params: Params): string {
    const method = params.method ?? '';
    if (params.app_id !== appId || params.sign_type !== 'RSA2' || params.charset !== 'utf-8' || params.version !== '1.0' || !params.timestamp) {
      calls.push(`refused:${method}`);
      return answer(method, { code: '40002', msg: 'Invalid Arguments', sub_code: 'isv.invalid-app-id', sub_msg: 'bad common parameters' }, false);
    }
    // As Alipay: a request whose signature does not verify is answered unsigned.
    if (!verifyRequest(params, merchant.publicKey)) {
      calls.push(`refused:${method}`);
      return answer(method, { code: '40002', msg: 'Invalid Arguments', sub_code: 'isv.invalid-signature', sub_msg: 'signature does not verify' }, false);
    }
    calls.push(method);
    const biz = JSON.parse(params.biz_content ?? '{}') as Record<string, string>;
    const trade = trades.get(biz.out_trade_no ?? '');
    switch (method) {
      case 'alipay.trade.precreate': {
        const total = minorOf(biz.total_amount);
        if (!biz.out_trade_no || total === undefined || total <= 0n || !biz.subject) return answer(method, refuse('ACQ.INVALID_PARAMETER', 'bad parameters'));
        if (!params.notify_url) return answer(method, refuse('ACQ.INVALID_PARAMETER', 'notify_url expected'));
        if (trade && trade.total !== total) return answer(method, refuse('ACQ.CONTEXT_INCONSISTENT', 'same out_trade_no, other amount'));
        if (trade && trade.status !== 'WAIT_BUYER_PAY') return answer(method, refuse('ACQ.TRADE_HAS_SUCCESS', 'trade not payable'));
        const t = trade ?? {
          outTradeNo: biz.out_trade_no,
          tradeNo: `2026${randomBytes(12).toString('hex')}`,
          total,
          subject: biz.subject,
          status: 'WAIT_BUYER_PAY' as const,
          refunds: new Map(),
        };
        trades.set(t.outTradeNo, t);
        return answer(method, ok({ out_trade_no: t.outTradeNo, qr_code: `https://qr.alipay.com/${t.tradeNo}` }));
      }
      case 'alipay.trade.close': {
        if (!trade) return answer(method, refuse('ACQ.TRADE_NOT_EXIST', 'no such trade'));
        if (trade.status !== 'WAIT_BUYER_PAY') return answer(method, refuse('ACQ.TRADE_STATUS_ERROR', `trade is ${trade.status}`));
        trade.status = 'TRADE_CLOSED';
        return answer(method, ok({ out_trade_no: trade.outTradeNo, trade_no: trade.tradeNo }));
      }
      case 'alipay.trade.query': {
        if (!trade) return answer(method, refuse('ACQ.TRADE_NOT_EXIST', 'no such trade'));
        return answer(method, ok({ out_trade_no: trade.outTradeNo, trade_no: trade.tradeNo, trade_status: trade.status, total_amount: yuanOf(trade.total) }));
      }
      case 'alipay.trade.refund': {
        const amount = minorOf(biz.refund_amount);
        if (!trade) return answer(method, refuse('ACQ.TRADE_NOT_EXIST', 'no such trade'));
        if (!biz.out_request_no || amount === undefined || amount <= 0n) return answer(method, refuse('ACQ.INVALID_PARAMETER', 'bad parameters'));
        const refunded = () => [...trade.refunds.values()].reduce((a, b) => a + b, 0n);
        const fields = () => ({ out_trade_no: trade.outTradeNo, trade_no: trade.tradeNo, refund_fee: yuanOf(refunded()) });
        const before = trade.refunds.get(biz.out_request_no);
        if (before !== undefined) {
          // The same out_request_no again: the refund it made, no money moves.
          return before === amount
            ? answer(method, ok({ ...fields(), fund_change: 'N' }))
            : answer(method, refuse('ACQ.DISCORDANT_REPEAT_REQUEST', 'same out_request_no, other amount'));
        }
        if (trade.status !== 'TRADE_SUCCESS') return answer(method, refuse('ACQ.TRADE_STATUS_ERROR', `trade is ${trade.status}`));
        if (refunded() + amount > trade.total) return answer(method, refuse('ACQ.REFUND_AMT_NOT_EQUAL_TOTAL', 'refunds exceed the trade'));
        trade.refunds.set(biz.out_request_no, amount);
        (trade.refundedAt ??= new Map()).set(biz.out_request_no, new Date());
        return answer(method, ok({ ...fields(), fund_change: 'Y' }));
      }
      case 'alipay.data.dataservice.bill.downloadurl.query': {
        if (biz.bill_type !== 'trade' || !/^\d{4}-\d{2}-\d{2}$/.test(biz.bill_date ?? '')) return answer(method, refuse('isp.bill_type_invalid', 'bad bill'));
        const token = randomBytes(8).toString('hex');
        bills.set(token, nextBill ?? billZip(biz.bill_date!));
        nextBill = undefined;
        const file = `${pid}_${biz.bill_date!.replaceAll('-', '')}.csv.zip`;
        return answer(method, ok({ bill_download_url: `${url.replace('/gateway.do', '')}/bill?downloadFileName=${file}&token=${token}` }));
      }
      case 'alipay.trade.fastpay.refund.query': {
        const refund = trade?.refunds.get(biz.out_request_no ?? '');
        if (!trade || refund === undefined) return answer(method, ok({}));
        return answer(
          method,
          ok({
            out_trade_no: trade.outTradeNo,
            trade_no: trade.tradeNo,
            out_request_no: biz.out_request_no,
            refund_amount: yuanOf(refund),
            refund_status: 'REFUND_SUCCESS',
          }),
        );
      }
      default:
        return answer(method, { code: '40004', msg: 'Business Failed', sub_code: 'isv.invalid-method', sub_msg: `unknown method ${method}` }, false);
    }
  }

  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      if (req.method === 'GET' && req.url?.startsWith('/bill?')) {
        const file = bills.get(new URLSearchParams(req.url.slice(6)).get('token') ?? '');
        res.writeHead(file ? 200 : 404, { 'content-type': file ? 'application/octet-stream' : 'text/plain' }).end(file ?? 'no such bill');
        return;
      }
      if (failing > 0) {
        failing--;
        calls.push('http-503');
        res.writeHead(503).end('busy');
        return;
      }
      const params = Object.fromEntries(new URLSearchParams(Buffer.concat(chunks).toString('utf8')));
      const text = handle(params);
      res.writeHead(200, { 'content-type': 'application/json;charset=utf-8' }).end(text);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/gateway.do`;

  function notification(outTradeNo: string, options: { totalAmount?: string; signWith?: KeyObject; notifyId?: string } = {}) {
    const trade = trades.get(outTradeNo);
    if (!trade) throw new Error(`the fake has no trade ${outTradeNo}`);
    const now = alipayTimestamp(new Date());
    const params: Params = {
      gmt_create: now,
      gmt_payment: now,
      notify_time: now,
      notify_type: 'trade_status_sync',
      notify_id: options.notifyId ?? randomBytes(16).toString('hex'),
      charset: 'utf-8',
      version: '1.0',
      app_id: appId,
      auth_app_id: appId,
      trade_no: trade.tradeNo,
      out_trade_no: trade.outTradeNo,
      buyer_id: '2088102177846880',
      trade_status: trade.status,
      total_amount: options.totalAmount ?? yuanOf(trade.total),
      receipt_amount: options.totalAmount ?? yuanOf(trade.total),
      subject: trade.subject,
      sign_type: 'RSA2',
    };
    params.sign = signNotification(params, options.signWith ?? alipay.privateKey);
    const rawBody = new URLSearchParams(params as Record<string, string>).toString();
    return { rawBody, headers: new Headers({ 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' }) };
  }

  return {
    url,
    appId,
    env: {
      ALIPAY_APP_ID: appId,
      ALIPAY_PRIVATE_KEY: pem(merchant.privateKey, 'pkcs8'),
      ALIPAY_PUBLIC_KEY: pem(alipay.publicKey, 'spki'),
      ALIPAY_GATEWAY_URL: url,
      ALIPAY_RETRIES: '2',
      ALIPAY_TIMEOUT_MS: '2000',
    },
    trades,
    calls,
    failNext(n) {
      failing = n;
    },
    billZip,
    serveNextBill(file) {
      nextBill = file;
    },
    pay(outTradeNo, options) {
      const trade = trades.get(outTradeNo);
      if (!trade || trade.status !== 'WAIT_BUYER_PAY') throw new Error(`trade ${outTradeNo} cannot be paid`);
      trade.status = 'TRADE_SUCCESS';
      trade.paidAt = new Date();
      return notification(outTradeNo, options);
    },
    notification,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
