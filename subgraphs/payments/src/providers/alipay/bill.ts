import { exchange } from '../exchange.ts';
import type { ProviderStatementLine } from '../provider.ts';
import { minorOf } from './amounts.ts';
import { AlipayError, callAlipay } from './client.ts';
import type { AlipayConfig } from './config.ts';
import { readZip, ZipError } from './zip.ts';

/** The detail file of the zip: `<pid>_<yyyyMMdd>_业务明细.csv` (the summary is `…_业务明细(汇总).csv`). */
const DETAIL_FILE = /业务明细\.csv$/;

/**
 * Alipay's trade bill (业务明细), as its open platform documents it:
 * `alipay.data.dataservice.bill.downloadurl.query` (bill_type `trade`, bill_date `yyyy-MM-dd`)
 * answers a `bill_download_url`, valid for 30 seconds, whose file is a zip of CSVs (GBK) in which
 * the detail file has `#` comment lines around a header row and one row per trade (`交易`) or
 * refund (`退款`, negative amounts, with its 退款批次号/请求号 = our out_request_no), beside a
 * summary file (`…_业务明细(汇总).csv`). The download URL is a credential for its 30 seconds: it is
 * recorded neither in the query's answer nor as the file's URL.
 */
export const ALIPAY_BILL_COLUMNS = [
  '支付宝交易号',
  '商户订单号',
  '业务类型',
  '商品名称',
  '创建时间',
  '完成时间',
  '门店编号',
  '门店名称',
  '操作员',
  '终端号',
  '对方账户',
  '订单金额（元）',
  '商家实收（元）',
  '支付宝红包（元）',
  '集分宝（元）',
  '支付宝优惠（元）',
  '商家优惠（元）',
  '券核销金额（元）',
  '券名称',
  '商家红包消费金额（元）',
  '卡消费金额（元）',
  '退款批次号/请求号',
  '服务费（元）',
  '分润（元）',
  '备注',
] as const;

export async function downloadAlipayBill(config: AlipayConfig, date: string): Promise<ProviderStatementLine[]> {
  const answer = await callAlipay(config, 'alipay.data.dataservice.bill.downloadurl.query', { bill_type: 'trade', bill_date: date });
  if (answer.code === '40004' && answer.sub_code === 'isp.bill_not_exist') return [];
  if (answer.code !== '10000' || typeof answer.bill_download_url !== 'string')
    throw new AlipayError(`bill download: ${answer.code} ${answer.sub_code ?? ''}`.trim(), false);
  const url = answer.bill_download_url;
  const file = await exchange({
    provider: 'alipay',
    operation: 'bill.download',
    requestNumber: `trade-bill:${date}`,
    timeoutMs: config.timeoutMs,
    retries: config.retries,
    summarizeResponse: true,
    redactUrlQuery: true,
    request: () => ({ method: 'GET', url, headers: {} }),
  });
  if (file.status !== 200) throw new AlipayError(`bill download: HTTP ${file.status}`, false);
  return parseAlipayBill(alipayBillDetail(file.bytes));
}

/** The detail CSV of Alipay's bill zip, as text (the files are GBK). */
export function alipayBillDetail(zip: Buffer): string {
  let entries;
  try {
    entries = readZip(zip);
  } catch (error) {
    if (error instanceof ZipError) throw new AlipayError(`trade bill: ${error.message}`, false);
    throw error;
  }
  const details = entries.filter((e) => DETAIL_FILE.test(e.name));
  const [detail] = details;
  if (!detail || details.length > 1) throw new AlipayError(`trade bill: ${details.length} detail files in ${entries.map((e) => e.name).join(', ')}`, false);
  try {
    return new TextDecoder('gbk', { fatal: true }).decode(detail.data);
  } catch {
    throw new AlipayError(`trade bill: ${detail.name} is not GBK text`, false);
  }
}

export function parseAlipayBill(text: string): ProviderStatementLine[] {
  const rows = text
    .replace(/^\uFEFF/, '')
    .split(/\r?\n/)
    .filter((r) => r.trim() !== '' && !r.startsWith('#'));
  const header = rows[0]?.split(',').map((c) => c.trim());
  if (header?.join(',') !== ALIPAY_BILL_COLUMNS.join(',')) throw new AlipayError('trade bill: unexpected header', false);
  const lines: ProviderStatementLine[] = [];
  for (const row of rows.slice(1)) {
    const cells = row.split(',').map((c) => c.trim());
    const f = (name: (typeof ALIPAY_BILL_COLUMNS)[number]) => cells[ALIPAY_BILL_COLUMNS.indexOf(name)] ?? '';
    const amount = minorOf(f('订单金额（元）').replace(/^-/, ''));
    if (amount === undefined) throw new AlipayError('trade bill: unreadable 订单金额', false);
    const occurredAt = new Date(`${f('完成时间').replace(' ', 'T')}+08:00`);
    if (Number.isNaN(occurredAt.getTime())) throw new AlipayError('trade bill: unreadable 完成时间', false);
    const kind = f('业务类型');
    if (kind === '交易')
      lines.push({
        type: 'CAPTURE',
        providerReference: f('支付宝交易号'),
        merchantReference: f('商户订单号'),
        amount,
        currencyCode: 'CNY',
        occurredAt: occurredAt.toISOString(),
      });
    else if (kind === '退款')
      lines.push({
        type: 'REFUND',
        providerReference: `${f('支付宝交易号')}:${f('退款批次号/请求号')}`,
        merchantReference: f('退款批次号/请求号'),
        amount,
        currencyCode: 'CNY',
        occurredAt: occurredAt.toISOString(),
      });
  }
  return lines;
}
