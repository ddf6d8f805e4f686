import { exchange, ProviderCallError, redactJsonFields } from '../exchange.ts';
import type { WechatPayConfig } from './config.ts';
import { authorization, verifyPlatformSignature } from './signing.ts';

export class WechatPayError extends ProviderCallError {
  override name = 'WechatPayError';
}

export interface WechatPayAnswer {
  status: number;
  /** The parsed JSON body ({} for 204). */
  body: Record<string, unknown>;
}

/** Fields of answers and bodies that are one-time tokens or signatures: never recorded. */
const REDACTED_FIELDS = ['paySign', 'prepay_id', 'code_url', 'download_url', 'ciphertext'];

/**
 * One signed call to WeChat Pay API v3, through the shared `exchange` (timeout, retries with
 * backoff on the network, a timeout, 5xx and 429 FREQUENCY_LIMITED; recorded, redacted). Our
 * number in the body or path (out_trade_no, out_refund_no) is WeChat Pay's idempotency key, so
 * an attempt may be repeated. A 2xx answer is believed only once its signature verifies with the
 * platform certificate; a 4xx is a refusal whose `code` says why.
 */
export async function callWechatPay(
  config: WechatPayConfig,
  call: { method: 'GET' | 'POST'; path: string; body?: Record<string, unknown>; operation: string; requestNumber: string },
): Promise<WechatPayAnswer> {
  const body = call.body ? JSON.stringify(call.body) : '';
  const url = new URL(call.path, `${config.baseUrl}/`);
  const pathAndQuery = `${url.pathname}${url.search}`;
  let answer;
  try {
    answer = await exchange({
      provider: 'wechatpay',
      operation: call.operation,
      requestNumber: call.requestNumber,
      timeoutMs: config.timeoutMs,
      retries: config.retries,
      request: () => ({
        method: call.method,
        url: url.toString(),
        headers: {
          accept: 'application/json',
          ...(call.body ? { 'content-type': 'application/json' } : {}),
          authorization: authorization(
            { method: call.method, pathAndQuery, body },
            { mchid: config.mchid, serialNo: config.merchantSerialNo, privateKey: config.privateKey },
            Math.floor(Date.now() / 1000),
          ),
        },
        body: call.body ? body : undefined,
      }),
      busy: (a) => a.status === 429,
      redactBody: (text) => redactJsonFields(text, REDACTED_FIELDS),
    });
  } catch (error) {
    throw new WechatPayError((error as Error).message, true);
  }
  let parsed: Record<string, unknown> = {};
  if (answer.text) {
    try {
      parsed = JSON.parse(answer.text) as Record<string, unknown>;
    } catch {
      throw new WechatPayError(`${call.operation}: the answer is not JSON (HTTP ${answer.status})`, false);
    }
  }
  if (answer.status >= 200 && answer.status < 300) {
    const check = verifyPlatformSignature(answer.text, answer.headers, config.platform, Math.floor(Date.now() / 1000), 300);
    if (!check.ok) throw new WechatPayError(`${call.operation}: answer not signed by WeChat Pay (${check.problem})`, false);
  }
  return { status: answer.status, body: parsed };
}

export function refusal(operation: string, answer: WechatPayAnswer): WechatPayError {
  return new WechatPayError(`${operation}: HTTP ${answer.status} ${String(answer.body.code ?? '')} ${String(answer.body.message ?? '')}`.trim(), false);
}
