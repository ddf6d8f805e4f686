import { loadPaymentsConfig } from '../../config.ts';
import type { CallbackReading, PaymentProvider, ProviderEvent, ProviderPaymentState, ProviderRefundOutcome } from '../provider.ts';
import { downloadTradeBill } from './bill.ts';
import { callWechatPay, refusal, WechatPayError } from './client.ts';
import { loadWechatPayConfig, type WechatPayConfig } from './config.ts';
import { decryptResource, jsapiPayParams, verifyPlatformSignature, type EncryptedResource, type JsapiPayParams } from './signing.ts';

/**
 * WeChat Pay API v3 (直连商户): Native (a QR code the customer scans) or, given the customer's
 * openid, JSAPI (inside WeChat: a prepay_id and pay parameters we sign for the page). Our payment
 * id is out_trade_no (and our providerPaymentId), our refund id out_refund_no: WeChat Pay treats
 * a repeated number as the same order or refund. Refunds are confirmed by their own notification
 * (REFUND.SUCCESS); until then they stay PENDING. Enabled only when configured (config.ts);
 * WECHATPAY_BASE_URL says whether it talks to WeChat Pay or to a fake.
 */
export const WECHATPAY = 'wechatpay';

/** A JSAPI payment's action code: the prepay id, as the `package` field wants it. */
const PREPAY_PREFIX = 'prepay_id=';

function config(): WechatPayConfig {
  const loaded = loadWechatPayConfig();
  if (!loaded) throw new WechatPayError('WeChat Pay is not configured', false);
  return loaded;
}

const path = (id: string) => encodeURIComponent(id);

export const wechatPayProvider: PaymentProvider = {
  name: WECHATPAY,

  enabled: () => loadWechatPayConfig() !== undefined,

  async createPayment({ paymentId, amount, currencyCode, description, payerOpenId }) {
    if (currencyCode !== 'CNY') throw new WechatPayError(`WeChat Pay takes CNY, not ${currencyCode}`, false);
    const c = config();
    const flow = payerOpenId ? 'jsapi' : 'native';
    const answer = await callWechatPay(c, {
      method: 'POST',
      path: `/v3/pay/transactions/${flow}`,
      operation: `pay.${flow}`,
      requestNumber: paymentId,
      body: {
        appid: c.appid,
        mchid: c.mchid,
        description: description.slice(0, 127),
        out_trade_no: paymentId,
        notify_url: c.notifyUrl,
        amount: { total: Number(amount), currency: 'CNY' },
        ...(payerOpenId ? { payer: { openid: payerOpenId } } : {}),
      },
    });
    if (answer.status !== 200) throw refusal(`pay.${flow}`, answer);
    if (flow === 'native') {
      if (typeof answer.body.code_url !== 'string') throw refusal('pay.native', answer);
      return { providerPaymentId: paymentId, action: { url: answer.body.code_url, code: answer.body.code_url } };
    }
    if (typeof answer.body.prepay_id !== 'string') throw refusal('pay.jsapi', answer);
    const code = `${PREPAY_PREFIX}${answer.body.prepay_id}`;
    return { providerPaymentId: paymentId, action: { url: code, code } };
  },

  async closePayment({ providerPaymentId }) {
    const answer = await callWechatPay(config(), {
      method: 'POST',
      path: `/v3/pay/transactions/out-trade-no/${path(providerPaymentId)}/close`,
      operation: 'pay.close',
      requestNumber: providerPaymentId,
      body: { mchid: config().mchid },
    });
    // Never created there (a payment abandoned before WeChat Pay heard of it) is closed too.
    if (answer.status === 204 || answer.status === 200 || answer.body.code === 'ORDER_NOT_EXIST') return;
    // ORDERPAID or anything else: not closed, the caller must not say it is (its notification arrives).
    throw refusal('pay.close', answer);
  },

  async refund({ refundId, providerPaymentId, amount, paymentAmount, currencyCode }): Promise<ProviderRefundOutcome> {
    if (currencyCode !== 'CNY') return { status: 'FAILED', reason: `WeChat Pay refunds CNY, not ${currencyCode}` };
    const c = config();
    const answer = await callWechatPay(c, {
      method: 'POST',
      path: '/v3/refund/domestic/refunds',
      operation: 'refund.create',
      requestNumber: refundId,
      body: {
        out_trade_no: providerPaymentId,
        out_refund_no: refundId,
        notify_url: c.notifyUrl,
        amount: { refund: Number(amount), total: Number(paymentAmount), currency: 'CNY' },
      },
    });
    if (answer.status >= 400) return { status: 'FAILED', reason: `${String(answer.body.code ?? answer.status)}: ${String(answer.body.message ?? '')}`.trim() };
    return refundOutcome(answer.body);
  },

  async queryPayment({ providerPaymentId }): Promise<ProviderPaymentState> {
    const c = config();
    const answer = await callWechatPay(c, {
      method: 'GET',
      path: `/v3/pay/transactions/out-trade-no/${path(providerPaymentId)}?mchid=${encodeURIComponent(c.mchid)}`,
      operation: 'pay.query',
      requestNumber: providerPaymentId,
    });
    if (answer.status === 404 || answer.body.code === 'ORDER_NOT_EXIST') return { status: 'NOT_FOUND' };
    if (answer.status !== 200) throw refusal('pay.query', answer);
    const amount = (answer.body.amount as { total?: unknown } | undefined)?.total;
    if (typeof amount !== 'number' || !Number.isSafeInteger(amount)) throw new WechatPayError('pay.query: no readable amount.total', false);
    const state = answer.body.trade_state;
    // REFUND: paid, then (partly) refunded: it was paid.
    const status =
      state === 'SUCCESS' || state === 'REFUND' ? 'SUCCEEDED' : state === 'CLOSED' || state === 'REVOKED' || state === 'PAYERROR' ? 'CLOSED' : 'PENDING';
    return { status, amount: BigInt(amount), currencyCode: String((answer.body.amount as { currency?: unknown }).currency ?? 'CNY') };
  },

  readCallback({ rawBody, headers }): CallbackReading {
    const body = parseJson(rawBody) as { id?: unknown; event_type?: unknown; resource?: EncryptedResource } | null;
    const eventId = typeof body?.id === 'string' && body.id ? body.id.slice(0, 100) : null;
    const c = loadWechatPayConfig();
    if (!c) return { signature: 'MISSING', event: null, eventId, problem: 'WeChat Pay is not configured' };
    const check = verifyPlatformSignature(rawBody, headers, c.platform, Math.floor(Date.now() / 1000), loadPaymentsConfig().callbackToleranceSeconds);
    if (!check.ok) return { signature: check.reason, event: null, eventId, problem: check.problem };
    if (!eventId || !body?.resource) return { signature: 'VALID', event: null, eventId, problem: 'no id or resource' };
    const plaintext = decryptResource(body.resource, c.apiV3Key);
    if (plaintext === undefined) return { signature: 'VALID', event: null, eventId, problem: 'resource does not decrypt (AEAD_AES_256_GCM)' };
    let resource: Record<string, unknown>;
    try {
      resource = JSON.parse(plaintext) as Record<string, unknown>;
    } catch {
      return { signature: 'VALID', event: null, eventId, problem: 'resource is not JSON' };
    }
    if (resource.mchid !== c.mchid)
      return { signature: 'VALID', event: null, eventId, problem: `notification for merchant ${String(resource.mchid)}, not ours` };
    const event = readEvent(eventId, String(body.event_type), resource, c);
    if (typeof event === 'string') return { signature: 'VALID', event: null, eventId, problem: event };
    return { signature: 'VALID', event };
  },

  /** WeChat Pay: 2xx means received (a body is optional), anything else {"code":"FAIL"} and it delivers again. */
  answerCallback(answer) {
    const settled = answer.status >= 200 && answer.status < 300;
    const result = (answer.body as { result?: string } | undefined)?.result ?? '';
    return { status: answer.status, body: settled ? { code: 'SUCCESS', message: result } : { code: 'FAIL', message: result } };
  },

  downloadStatement: ({ date }) => downloadTradeBill(config(), date),
};

/** null when not JSON: reported after the signature, which decides what the body is worth. */
function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return null;
  }
}

function refundOutcome(body: Record<string, unknown>): ProviderRefundOutcome {
  const providerRefundId = String(body.refund_id ?? '');
  if (body.status === 'SUCCESS') return { status: 'SUCCEEDED', providerRefundId };
  if (body.status === 'PROCESSING') return { status: 'PENDING' };
  return { status: 'FAILED', reason: `refund ${String(body.status)}` };
}

/** The decrypted resource in our words, or what is wrong with it. */
function readEvent(eventId: string, eventType: string, resource: Record<string, unknown>, c: WechatPayConfig): ProviderEvent | string {
  const outTradeNo = resource.out_trade_no;
  if (typeof outTradeNo !== 'string' || !outTradeNo) return 'no out_trade_no';
  const amount = resource.amount as { total?: unknown; refund?: unknown; currency?: unknown } | undefined;
  if (eventType === 'TRANSACTION.SUCCESS') {
    if (resource.appid !== c.appid) return `payment for app ${String(resource.appid)}, not ours`;
    if (resource.trade_state !== 'SUCCESS') return `trade_state ${String(resource.trade_state)} is not acted on`;
    if (typeof amount?.total !== 'number' || !Number.isSafeInteger(amount.total)) return 'no readable amount.total';
    return { eventId, type: 'payment.succeeded', providerPaymentId: outTradeNo, amount: BigInt(amount.total), currencyCode: String(amount.currency ?? 'CNY') };
  }
  if (eventType === 'REFUND.SUCCESS' || eventType === 'REFUND.ABNORMAL' || eventType === 'REFUND.CLOSED') {
    const refundId = resource.out_refund_no;
    if (typeof refundId !== 'string' || !refundId) return 'no out_refund_no';
    if (typeof amount?.refund !== 'number' || !Number.isSafeInteger(amount.refund)) return 'no readable amount.refund';
    return {
      eventId,
      type: eventType === 'REFUND.SUCCESS' ? 'refund.succeeded' : 'refund.failed',
      providerPaymentId: outTradeNo,
      amount: BigInt(amount.refund),
      // Refund notices carry no currency: WeChat Pay refunds in the order's (CNY for 直连商户).
      currencyCode: 'CNY',
      refundId,
      providerRefundId: typeof resource.refund_id === 'string' && resource.refund_id ? resource.refund_id : null,
      reason: eventType === 'REFUND.SUCCESS' ? null : `refund ${String(resource.refund_status ?? eventType)}`,
    };
  }
  return `event_type ${eventType} is not acted on`;
}

/** The parameters a JSAPI page needs to pay a JSAPI payment (signed now, with our key); null for a QR payment. */
export function wechatJsapiPayParams(actionCode: string, now: Date): JsapiPayParams | null {
  if (!actionCode.startsWith(PREPAY_PREFIX)) return null;
  const c = config();
  return jsapiPayParams(c.appid, actionCode.slice(PREPAY_PREFIX.length), c.privateKey, Math.floor(now.getTime() / 1000));
}
