import { exchange, redactJsonFields, type HttpAnswer } from '../exchange.ts';
import type { AlipayConfig } from './config.ts';
import { alipayTimestamp, rawJsonValue, responseKey, signRequest, verifyText, type Params } from './signing.ts';

/** What Alipay answered under `<method>_response`: `code` 10000 is success; `sub_code` says why not. */
export interface AlipayAnswer {
  code: string;
  msg?: string;
  sub_code?: string;
  sub_msg?: string;
  [field: string]: unknown;
}

export class AlipayError extends Error {
  constructor(
    message: string,
    readonly transient: boolean,
  ) {
    super(message);
    this.name = 'AlipayError';
  }
}

/** Alipay's own "try again": the service busy, or its system error for the trade APIs. */
const TRANSIENT_CODES = new Set(['20000']);
const TRANSIENT_SUB_CODES = new Set(['ACQ.SYSTEM_ERROR', 'aop.ACQ.SYSTEM_ERROR', 'isp.unknow-error']);

/**
 * One signed call to the open platform gateway, through the shared `exchange` (timeout, retries
 * with backoff on the network, a timeout, a 5xx or Alipay's busy code; recorded, signatures
 * redacted). The business content carries our own number (out_trade_no, out_request_no), which
 * is Alipay's idempotency key, so an attempt is safe to send again. The answer's signature is
 * checked with Alipay's public key before anything in it is believed.
 */
export async function callAlipay(
  config: AlipayConfig,
  method: string,
  bizContent: Record<string, unknown>,
  now: () => Date = () => new Date(),
): Promise<AlipayAnswer> {
  let answer: HttpAnswer;
  try {
    answer = await exchange({
      provider: 'alipay',
      operation: method,
      requestNumber: String(bizContent.out_request_no ?? bizContent.out_trade_no ?? bizContent.bill_date ?? ''),
      timeoutMs: config.timeoutMs,
      retries: config.retries,
      request: () => ({
        method: 'POST',
        url: config.gatewayUrl,
        headers: { 'content-type': 'application/x-www-form-urlencoded;charset=utf-8' },
        body: signedForm(config, method, bizContent, now()),
      }),
      busy: (a) => a.status === 200 && isBusy(a.text, method),
      redactBody: (text) => redactJsonFields(text, ['sign', 'bill_download_url']).replace(/(^|&)sign=[^&]*/, '$1sign=[redacted]'),
    });
  } catch (error) {
    throw new AlipayError((error as Error).message, true);
  }
  if (!answer.status.toString().startsWith('2')) throw new AlipayError(`${method}: HTTP ${answer.status}`, false);
  return readAnswer(config, method, answer.text);
}

function isBusy(text: string, method: string): boolean {
  const raw = rawJsonValue(text, responseKey(method));
  if (!raw) return false;
  try {
    const answer = JSON.parse(raw) as AlipayAnswer;
    return TRANSIENT_CODES.has(answer.code) || (answer.sub_code !== undefined && TRANSIENT_SUB_CODES.has(answer.sub_code));
  } catch {
    return false;
  }
}

function signedForm(config: AlipayConfig, method: string, bizContent: Record<string, unknown>, now: Date): string {
  const params: Params = {
    app_id: config.appId,
    method,
    format: 'JSON',
    charset: 'utf-8',
    sign_type: 'RSA2',
    timestamp: alipayTimestamp(now),
    version: '1.0',
    notify_url: method === 'alipay.trade.precreate' ? config.notifyUrl : undefined,
    biz_content: JSON.stringify(bizContent),
  };
  params.sign = signRequest(params, config.privateKey);
  return new URLSearchParams(Object.entries(params).filter((entry): entry is [string, string] => entry[1] !== undefined && entry[1] !== '')).toString();
}

function readAnswer(config: AlipayConfig, method: string, text: string): AlipayAnswer {
  const key = responseKey(method);
  const raw = rawJsonValue(text, key);
  if (!raw) throw new AlipayError(`${method}: no ${key} in the answer`, false);
  let parsed: { sign?: unknown };
  try {
    parsed = JSON.parse(text) as { sign?: unknown };
  } catch {
    throw new AlipayError(`${method}: the answer is not JSON`, false);
  }
  const answer = JSON.parse(raw) as AlipayAnswer;
  if (typeof parsed.sign !== 'string' || !verifyText(raw, parsed.sign, config.alipayPublicKey)) {
    // Alipay leaves some gateway errors (bad app_id, our signature refused) unsigned: report the code, believe nothing else.
    throw new AlipayError(`${method}: answer not signed by Alipay (code ${String(answer.code)} ${String(answer.sub_code ?? '')})`, false);
  }
  return answer;
}
