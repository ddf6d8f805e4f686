import type { CallbackReading, PaymentProvider, ProviderPaymentState, ProviderRefundOutcome } from '../provider.ts';
import { minorOf, yuanOf } from './amounts.ts';
import { downloadAlipayBill } from './bill.ts';
import { AlipayError, callAlipay, type AlipayAnswer } from './client.ts';
import { loadAlipayConfig, type AlipayConfig } from './config.ts';
import { verifyNotification } from './signing.ts';

/**
 * Alipay (open platform, RSA2), the face-to-face QR flow: alipay.trade.precreate gives the QR the
 * customer scans, Alipay's asynchronous notification says it was paid. Our payment id is the
 * trade's out_trade_no (so it is also our providerPaymentId) and our refund id its out_request_no:
 * Alipay treats a repeated number as the same trade or refund. Enabled only when configured
 * (alipay/config.ts); the gateway URL says whether it talks to Alipay or to a fake.
 */
export const ALIPAY = 'alipay';

const SUCCESS = '10000';

function config(): AlipayConfig {
  const loaded = loadAlipayConfig();
  if (!loaded) throw new AlipayError('Alipay is not configured', false);
  return loaded;
}

function refused(method: string, answer: AlipayAnswer): AlipayError {
  return new AlipayError(`${method}: ${answer.code} ${answer.sub_code ?? ''} ${answer.sub_msg ?? answer.msg ?? ''}`.trim(), false);
}

export const alipayProvider: PaymentProvider = {
  name: ALIPAY,

  enabled: () => loadAlipayConfig() !== undefined,

  async createPayment({ paymentId, amount, currencyCode, description }) {
    if (currencyCode !== 'CNY') throw new AlipayError(`Alipay takes CNY, not ${currencyCode}`, false);
    const answer = await callAlipay(config(), 'alipay.trade.precreate', {
      out_trade_no: paymentId,
      total_amount: yuanOf(amount),
      subject: description.slice(0, 256),
    });
    if (answer.code !== SUCCESS || typeof answer.qr_code !== 'string' || answer.out_trade_no !== paymentId) throw refused('alipay.trade.precreate', answer);
    return { providerPaymentId: paymentId, action: { url: answer.qr_code, code: answer.qr_code } };
  },

  async closePayment({ providerPaymentId }) {
    const answer = await callAlipay(config(), 'alipay.trade.close', { out_trade_no: providerPaymentId });
    // A precreated trade exists at Alipay only once scanned: nothing to close is closed.
    if (answer.code === SUCCESS || answer.sub_code === 'ACQ.TRADE_NOT_EXIST') return;
    // Paid meanwhile (ACQ.TRADE_STATUS_ERROR) or anything else: not closed, the caller must not say it is.
    throw refused('alipay.trade.close', answer);
  },

  async refund({ refundId, providerPaymentId, amount, currencyCode }): Promise<ProviderRefundOutcome> {
    if (currencyCode !== 'CNY') return { status: 'FAILED', reason: `Alipay refunds CNY, not ${currencyCode}` };
    const c = config();
    const answer = await callAlipay(c, 'alipay.trade.refund', { out_trade_no: providerPaymentId, refund_amount: yuanOf(amount), out_request_no: refundId });
    if (answer.code !== SUCCESS) return { status: 'FAILED', reason: `${answer.sub_code ?? answer.code}: ${answer.sub_msg ?? answer.msg ?? ''}`.trim() };
    const providerRefundId = `${String(answer.trade_no)}:${refundId}`;
    if (answer.fund_change === 'Y') return { status: 'SUCCEEDED', providerRefundId };
    // fund_change N: this out_request_no was refunded before (a resend), or the money has not
    // moved yet. Alipay documents asking the refund query which of the two.
    const query = await callAlipay(c, 'alipay.trade.fastpay.refund.query', { out_trade_no: providerPaymentId, out_request_no: refundId });
    if (query.code === SUCCESS && query.refund_status === 'REFUND_SUCCESS') return { status: 'SUCCEEDED', providerRefundId };
    // Not confirmed yet: thrown, so the refund stays PENDING and settleRefund asks again.
    throw new AlipayError(`alipay.trade.refund: refund ${refundId} not confirmed yet`, true);
  },

  async queryPayment({ providerPaymentId }): Promise<ProviderPaymentState> {
    const answer = await callAlipay(config(), 'alipay.trade.query', { out_trade_no: providerPaymentId });
    if (answer.sub_code === 'ACQ.TRADE_NOT_EXIST') return { status: 'NOT_FOUND' };
    if (answer.code !== SUCCESS) throw refused('alipay.trade.query', answer);
    const amount = minorOf(typeof answer.total_amount === 'string' ? answer.total_amount : undefined);
    if (amount === undefined) throw new AlipayError('alipay.trade.query: no readable total_amount', false);
    const status =
      answer.trade_status === 'TRADE_SUCCESS' || answer.trade_status === 'TRADE_FINISHED'
        ? 'SUCCEEDED'
        : answer.trade_status === 'TRADE_CLOSED'
          ? 'CLOSED'
          : 'PENDING';
    return { status, amount, currencyCode: 'CNY' };
  },

  readCallback({ rawBody }): CallbackReading {
    const params = Object.fromEntries(new URLSearchParams(rawBody));
    const notifyId = params.notify_id ?? '';
    const eventId = notifyId ? notifyId.slice(0, 100) : null;
    const c = loadAlipayConfig();
    if (!c) return { signature: 'MISSING', event: null, eventId, problem: 'Alipay is not configured' };
    if (!params.sign) return { signature: 'MISSING', event: null, eventId, problem: 'signature missing' };
    if (!verifyNotification(params, c.alipayPublicKey)) return { signature: 'BAD_SIGNATURE', event: null, eventId, problem: 'signature bad' };
    // Signed by Alipay from here on; still, only what we can read fully is acted on.
    if (!eventId || notifyId.length > 100) return { signature: 'VALID', event: null, eventId, problem: 'no notify_id' };
    if (params.app_id !== c.appId) return { signature: 'VALID', event: null, eventId, problem: `notification for app ${params.app_id ?? '?'}, not ours` };
    const amount = minorOf(params.total_amount);
    if (amount === undefined || !params.out_trade_no) return { signature: 'VALID', event: null, eventId, problem: 'no readable total_amount or out_trade_no' };
    const type =
      params.trade_status === 'TRADE_SUCCESS' || params.trade_status === 'TRADE_FINISHED'
        ? 'payment.succeeded'
        : params.trade_status === 'TRADE_CLOSED'
          ? 'payment.failed'
          : undefined;
    if (!type) return { signature: 'VALID', event: null, eventId, problem: `trade_status ${params.trade_status ?? '?'} is not acted on` };
    return { signature: 'VALID', event: { eventId, type, providerPaymentId: params.out_trade_no, amount, currencyCode: 'CNY' } };
  },

  /** Alipay redelivers until it reads exactly `success`: said for anything settled (applied, duplicate, ignored), `fail` otherwise. */
  answerCallback(answer) {
    return { ...answer, text: answer.status >= 200 && answer.status < 300 ? 'success' : 'fail' };
  },

  downloadStatement: ({ date }) => downloadAlipayBill(config(), date),
};
