import { createHash } from 'node:crypto';
import { authorization } from './signing.ts';
import { callWechatPay, WechatPayError } from './client.ts';
import type { WechatPayConfig } from './config.ts';
import { exchange } from '../exchange.ts';
import type { ProviderStatementLine } from '../provider.ts';

/**
 * 交易账单 (tradebill), as WeChat Pay documents it: `GET /v3/bill/tradebill?bill_date=&bill_type=ALL`
 * answers a download_url and the file's SHA1; the file (fetched with a signed GET, its answer not
 * signed: the hash is the check) is a CSV whose first line names the columns, whose rows prefix
 * every field with a backtick (so spreadsheets keep long numbers), and which ends with a summary
 * (总交易单数,… then its row). Amounts are yuan. The bill's day is China time.
 */
export const TRADEBILL_COLUMNS = [
  '交易时间',
  '公众账号ID',
  '商户号',
  '特约商户号',
  '设备号',
  '微信订单号',
  '商户订单号',
  '用户标识',
  '交易类型',
  '交易状态',
  '付款银行',
  '货币种类',
  '应结订单金额',
  '代金券金额',
  '微信退款单号',
  '商户退款单号',
  '退款金额',
  '充值券退款金额',
  '退款类型',
  '退款状态',
  '商品名称',
  '商户数据包',
  '手续费',
  '费率',
  '订单金额',
  '申请退款金额',
  '费率备注',
] as const;
export const TRADEBILL_SUMMARY_COLUMNS = [
  '总交易单数',
  '应结订单总金额',
  '退款总金额',
  '充值券退款总金额',
  '手续费总金额',
  '订单总金额',
  '申请退款总金额',
] as const;

export async function downloadTradeBill(c: WechatPayConfig, date: string): Promise<ProviderStatementLine[]> {
  const answer = await callWechatPay(c, {
    method: 'GET',
    path: `/v3/bill/tradebill?bill_date=${date}&bill_type=ALL`,
    operation: 'bill.tradebill',
    requestNumber: `tradebill:${date}`,
  });
  if (answer.status === 400 && answer.body.code === 'NO_STATEMENT_EXIST') return [];
  const { download_url: url, hash_type: hashType, hash_value: hash } = answer.body;
  if (answer.status !== 200 || typeof url !== 'string' || hashType !== 'SHA1' || typeof hash !== 'string')
    throw new WechatPayError(`bill.tradebill: HTTP ${answer.status} ${String(answer.body.code ?? '')}`, false);
  const target = new URL(url);
  const file = await exchange({
    provider: 'wechatpay',
    operation: 'bill.download',
    requestNumber: `tradebill:${date}`,
    timeoutMs: c.timeoutMs,
    retries: c.retries,
    summarizeResponse: true,
    request: () => ({
      method: 'GET',
      url: target.toString(),
      headers: {
        authorization: authorization(
          { method: 'GET', pathAndQuery: `${target.pathname}${target.search}`, body: '' },
          { mchid: c.mchid, serialNo: c.merchantSerialNo, privateKey: c.privateKey },
          Math.floor(Date.now() / 1000),
        ),
      },
    }),
  });
  if (file.status !== 200) throw new WechatPayError(`bill.download: HTTP ${file.status}`, false);
  if (createHash('sha1').update(file.text, 'utf8').digest('hex') !== hash.toLowerCase())
    throw new WechatPayError('bill.download: the file does not match its SHA1', false);
  return parseTradeBill(file.text);
}

/** The bill's rows in our words: a SUCCESS row is a capture, a REFUND row a refund. The summary is checked against the rows. */
export function parseTradeBill(text: string): ProviderStatementLine[] {
  const rows = text
    .replace(/^\uFEFF/, '')
    .split(/\r?\n/)
    .filter((r) => r.trim() !== '');
  if (rows[0] !== TRADEBILL_COLUMNS.join(',')) throw new WechatPayError('tradebill: unexpected header', false);
  const summaryAt = rows.findIndex((r) => r.startsWith(TRADEBILL_SUMMARY_COLUMNS[0]));
  if (summaryAt < 0 || rows[summaryAt] !== TRADEBILL_SUMMARY_COLUMNS.join(',')) throw new WechatPayError('tradebill: no summary', false);
  const field = (row: string) => row.split(',').map((f) => (f.startsWith('`') ? f.slice(1) : f));
  const lines: ProviderStatementLine[] = [];
  for (const row of rows.slice(1, summaryAt)) {
    const cells = field(row);
    const f = (name: (typeof TRADEBILL_COLUMNS)[number]) => cells[TRADEBILL_COLUMNS.indexOf(name)] ?? '';
    const occurredAt = chinaTimeToIso(f('交易时间'));
    if (f('交易状态') === 'SUCCESS')
      lines.push({
        type: 'CAPTURE',
        providerReference: f('微信订单号'),
        merchantReference: f('商户订单号'),
        amount: fen(f('订单金额')),
        currencyCode: f('货币种类'),
        occurredAt,
      });
    else if (f('交易状态') === 'REFUND')
      lines.push({
        type: 'REFUND',
        providerReference: f('微信退款单号'),
        merchantReference: f('商户退款单号'),
        amount: fen(f('退款金额')),
        currencyCode: f('货币种类'),
        occurredAt,
      });
  }
  const summary = field(rows[summaryAt + 1] ?? '');
  if (Number(summary[0]) !== summaryAt - 1) throw new WechatPayError('tradebill: the summary does not count the rows', false);
  return lines;
}

function fen(yuan: string): bigint {
  const [, whole, cents] = /^(\d{1,15})\.(\d{2})$/.exec(yuan) ?? [];
  if (whole === undefined || cents === undefined) throw new WechatPayError(`tradebill: amount ${yuan.slice(0, 20)} is not yuan`, false);
  return BigInt(whole) * 100n + BigInt(cents);
}

/** `2026-11-30 19:03:55` (China time, UTC+8) as an ISO instant. */
function chinaTimeToIso(text: string): string {
  if (!/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/.test(text)) throw new WechatPayError('tradebill: unreadable 交易时间', false);
  return new Date(`${text.replace(' ', 'T')}+08:00`).toISOString();
}
