import { setTimeout as sleep } from 'node:timers/promises';
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
 * One signed call to the open platform gateway. The business content carries our own number
 * (out_trade_no, out_request_no), which is Alipay's idempotency key, so a call is safe to send
 * again: it is, with backoff, when the network, a timeout, a 5xx or Alipay's busy code says it
 * may work later; never for a business refusal. The answer's signature is checked with Alipay's
 * public key before anything in it is believed.
 */
export async function callAlipay(
  config: AlipayConfig,
  method: string,
  bizContent: Record<string, unknown>,
  now: () => Date = () => new Date(),
): Promise<AlipayAnswer> {
  let lastError: AlipayError | undefined;
  for (let attempt = 0; attempt <= config.retries; attempt++) {
    if (attempt > 0) await sleep(200 * 2 ** (attempt - 1) + Math.floor(Math.random() * 100));
    try {
      const answer = await callOnce(config, method, bizContent, now());
      if (TRANSIENT_CODES.has(answer.code) || (answer.sub_code && TRANSIENT_SUB_CODES.has(answer.sub_code))) {
        lastError = new AlipayError(`${method}: ${answer.code} ${answer.sub_code ?? ''} (busy)`, true);
        continue;
      }
      return answer;
    } catch (error) {
      if (error instanceof AlipayError && !error.transient) throw error;
      lastError =
        error instanceof AlipayError ? error : new AlipayError(`${method}: ${(error as Error).name === 'TimeoutError' ? 'timed out' : 'network error'}`, true);
    }
  }
  throw lastError ?? new AlipayError(`${method}: failed`, true);
}

async function callOnce(config: AlipayConfig, method: string, bizContent: Record<string, unknown>, now: Date): Promise<AlipayAnswer> {
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
  const form = new URLSearchParams(Object.entries(params).filter((entry): entry is [string, string] => entry[1] !== undefined && entry[1] !== ''));
  const response = await fetch(config.gatewayUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded;charset=utf-8' },
    body: form.toString(),
    signal: AbortSignal.timeout(config.timeoutMs),
  });
  const text = await response.text();
  if (response.status >= 500) throw new AlipayError(`${method}: HTTP ${response.status}`, true);
  if (!response.ok) throw new AlipayError(`${method}: HTTP ${response.status}`, false);
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
