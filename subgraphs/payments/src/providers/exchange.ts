import { AsyncLocalStorage } from 'node:async_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { logger } from '@zhongtai/kit';

/**
 * Every call to a provider goes through `exchange`: one number of ours per call (the provider's
 * idempotency key, the same on every attempt), a timeout per attempt, retries with exponential
 * backoff and jitter on what may work later (network, timeout, HTTP 5xx, the provider's own
 * "busy"), never on a business refusal. Each attempt is recorded (request and response, secrets
 * redacted) wherever the caller said to (`withExchangeLog`: the payment center's
 * provider_exchanges table) and logged at debug level.
 */
export interface ProviderExchange {
  provider: string;
  operation: string;
  /** Ours: out_trade_no, out_refund_no, out_request_no, a bill date. */
  requestNumber: string;
  attempt: number;
  method: string;
  url: string;
  requestHeaders: Record<string, string>;
  requestBody: string;
  status: number | null;
  responseBody: string;
  error: string | null;
  durationMs: number;
}

export type ExchangeRecorder = (exchange: ProviderExchange) => Promise<void>;

const recorders = new AsyncLocalStorage<ExchangeRecorder>();

/** Runs provider calls with their exchanges recorded by `recorder` (outside any transaction: the calls are). */
export function withExchangeLog<T>(recorder: ExchangeRecorder, work: () => Promise<T>): Promise<T> {
  return recorders.run(recorder, work);
}

export interface HttpAnswer {
  status: number;
  headers: Headers;
  /** The body as UTF-8 text (what JSON and form answers are). */
  text: string;
  /** The body as received, for files that are not UTF-8 text (Alipay's zipped bill). */
  bytes: Buffer;
}

export class ProviderCallError extends Error {
  constructor(
    message: string,
    readonly transient: boolean,
  ) {
    super(message);
    this.name = 'ProviderCallError';
  }
}

export interface ExchangeSpec {
  provider: string;
  operation: string;
  requestNumber: string;
  timeoutMs: number;
  retries: number;
  /** Built again for every attempt: a signature carries its own timestamp and nonce. */
  request(): { method: string; url: string; headers: Record<string, string>; body?: string };
  /** What this provider says is worth another attempt, besides the network, timeouts and 5xx. */
  busy?(answer: HttpAnswer): boolean;
  /** Removes what must not be kept (signatures, tokens) from a recorded body. */
  redactBody?(text: string): string;
  /** Bodies that are not worth keeping whole (a bill file): recorded as their length. */
  summarizeResponse?: boolean;
  /** The URL's query is a one-time credential (a bill's download token): recorded without it. */
  redactUrlQuery?: boolean;
}

const SECRET_HEADERS = /^(authorization|wechatpay-signature|cookie|set-cookie)$/i;

export async function exchange(spec: ExchangeSpec): Promise<HttpAnswer> {
  let last: ProviderCallError | undefined;
  for (let attempt = 1; attempt <= spec.retries + 1; attempt++) {
    if (attempt > 1) await sleep(200 * 2 ** (attempt - 2) + Math.floor(Math.random() * 100));
    const request = spec.request();
    const started = Date.now();
    let answer: HttpAnswer | undefined;
    let failure: string | null = null;
    try {
      const response = await fetch(request.url, {
        method: request.method,
        headers: request.headers,
        body: request.body,
        signal: AbortSignal.timeout(spec.timeoutMs),
      });
      const bytes = Buffer.from(await response.arrayBuffer());
      // As response.text() would: UTF-8, a leading BOM dropped.
      answer = { status: response.status, headers: response.headers, text: new TextDecoder().decode(bytes), bytes };
    } catch (error) {
      failure = (error as Error).name === 'TimeoutError' ? 'timed out' : 'network error';
    }
    await record(spec, request, attempt, answer, failure, Date.now() - started);
    if (answer && answer.status < 500 && !spec.busy?.(answer)) return answer;
    const why = !answer ? (failure ?? 'no answer') : answer.status >= 500 ? `HTTP ${answer.status}` : 'busy';
    last = new ProviderCallError(`${spec.provider} ${spec.operation}: ${why}`, true);
  }
  throw last ?? new ProviderCallError(`${spec.provider} ${spec.operation}: not sent`, true);
}

async function record(
  spec: ExchangeSpec,
  request: ReturnType<ExchangeSpec['request']>,
  attempt: number,
  answer: HttpAnswer | undefined,
  error: string | null,
  durationMs: number,
): Promise<void> {
  const redact = spec.redactBody ?? ((text: string) => text);
  const url = new URL(request.url);
  const entry: ProviderExchange = {
    provider: spec.provider,
    operation: spec.operation,
    requestNumber: spec.requestNumber,
    attempt,
    method: request.method,
    url: `${url.origin}${url.pathname}${spec.redactUrlQuery && url.search ? '?[redacted]' : url.search}`,
    requestHeaders: Object.fromEntries(Object.entries(request.headers).map(([k, v]) => [k.toLowerCase(), SECRET_HEADERS.test(k) ? '[redacted]' : v])),
    requestBody: redact(request.body ?? ''),
    status: answer?.status ?? null,
    responseBody: answer ? (spec.summarizeResponse ? `[${answer.text.length} characters]` : redact(answer.text)) : '',
    error,
    durationMs,
  };
  logger({ center: 'payments' }).debug('provider exchange', { ...entry });
  const recorder = recorders.getStore();
  // A record that cannot be written must not turn a taken payment into an error.
  if (recorder) await recorder(entry).catch((e: unknown) => logger({ center: 'payments' }).error('could not record a provider exchange', { error: e }));
}

/** JSON fields that are signatures or one-time payment tokens, blanked in what is recorded. */
export function redactJsonFields(text: string, fields: readonly string[]): string {
  let out = text;
  for (const field of fields) out = out.replace(new RegExp(`("${field}"\\s*:\\s*)"(?:[^"\\\\]|\\\\.)*"`, 'g'), '$1"[redacted]"');
  return out;
}
