import type { RequestContext } from '@zhongtai/kit';
import type { PaymentRow } from '../db/tables.ts';
import { WECHATPAY, wechatJsapiPayParams } from '../providers/wechatpay/index.ts';
import type { JsapiPayParams } from '../providers/wechatpay/signing.ts';

/**
 * What the customer's page inside WeChat passes to `WeixinJSBridge.invoke('getBrandWCPayRequest')`
 * (or `wx.requestPayment`) to pay a JSAPI payment: signed now with our merchant key, so each read
 * is freshly timestamped. Null once the payment is no longer payable, or for a QR payment.
 */
export function jsapiPayParamsOf(ctx: RequestContext, payment: PaymentRow): JsapiPayParams | null {
  if (payment.status !== 'PENDING' || payment.provider !== WECHATPAY) return null;
  return wechatJsapiPayParams(payment.actionCode, ctx.now());
}
