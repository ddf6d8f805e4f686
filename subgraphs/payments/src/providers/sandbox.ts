import { newId, signCallback, verifyCallback } from '@zhongtai/kit';
import { loadPaymentsConfig } from '../config.ts';
import type { CallbackReading, PaymentProvider, ProviderEvent } from './provider.ts';

/**
 * The sandbox plays the third-party provider inside the repo. Creating a payment gives a pay
 * URL and code; paying (sandboxPay, or opening the URL) makes the sandbox POST a signed
 * callback to our hook, exactly as a real provider would. Refunds succeed at once (synchronously;
 * PAYMENT_SANDBOX_DECLINE_REFUNDS=1 makes them fail, as a provider may);
 * PAYMENT_SANDBOX_DEFER_REFUNDS=1 makes the sandbox answer PENDING, like a provider that confirms
 * refunds later, and the outcome then arrives as a signed `refund.succeeded` or `refund.failed`
 * callback (tests build it with signedSandboxCallback).
 */
export const SANDBOX = 'sandbox';
export const SIGNATURE_HEADER = 'x-sandbox-signature';
export const TIMESTAMP_HEADER = 'x-sandbox-timestamp';

/** The sandbox's callback body, as it goes over the wire. Amounts in minor units (a refund event's: the refund's). */
export interface SandboxCallbackBody {
  eventId: string;
  type: ProviderEvent['type'];
  providerPaymentId: string;
  amount: string;
  currency: string;
  /** Refund events: our refund id (the provider's idempotency key of it), and why a refund failed. */
  refundId?: string;
  reason?: string;
}

export const sandboxProvider: PaymentProvider = {
  name: SANDBOX,

  enabled: () => loadPaymentsConfig().sandboxEnabled,

  async createPayment({ paymentId }) {
    // Derived from our id: asking twice for the same payment gives the same provider payment.
    const providerPaymentId = `sbx_${paymentId}`;
    return { providerPaymentId, action: { url: sandboxPayUrl(providerPaymentId), code: providerPaymentId } };
  },

  async closePayment() {
    // The sandbox keeps no state of its own: closing is a no-op there.
  },

  async refund({ refundId }) {
    const config = loadPaymentsConfig();
    if (config.sandboxDeclinesRefunds) return { status: 'FAILED', reason: 'declined by the sandbox (PAYMENT_SANDBOX_DECLINE_REFUNDS)' };
    if (config.sandboxDefersRefunds) return { status: 'PENDING' };
    return { status: 'SUCCEEDED', providerRefundId: `sbxr_${refundId}` };
  },

  readCallback({ rawBody, headers }): CallbackReading {
    const config = loadPaymentsConfig();
    let body: Partial<SandboxCallbackBody> | null = null;
    try {
      body = JSON.parse(rawBody) as Partial<SandboxCallbackBody>;
    } catch {
      // unreadable: reported below, after the signature (which decides what the body is worth)
    }
    const eventId = typeof body?.eventId === 'string' ? body.eventId.slice(0, 100) : null;
    const check = verifyCallback({
      secret: config.sandboxSecret,
      rawBody,
      signature: headers.get(SIGNATURE_HEADER),
      timestamp: headers.get(TIMESTAMP_HEADER),
      toleranceSeconds: config.callbackToleranceSeconds,
    });
    if (!check.ok) return { signature: check.reason, event: null, eventId, problem: `signature ${check.reason.toLowerCase()}` };
    const event = readEvent(body);
    if (!event) return { signature: 'VALID', event: null, eventId, problem: 'unreadable callback body' };
    return { signature: 'VALID', event };
  },
};

function readEvent(body: Partial<SandboxCallbackBody> | null): ProviderEvent | null {
  if (!body || typeof body.eventId !== 'string' || !body.eventId || body.eventId.length > 100) return null;
  if (typeof body.providerPaymentId !== 'string' || typeof body.currency !== 'string') return null;
  if (typeof body.amount !== 'string' || !/^\d{1,18}$/.test(body.amount)) return null;
  const notice = { eventId: body.eventId, providerPaymentId: body.providerPaymentId, amount: BigInt(body.amount), currencyCode: body.currency };
  if (body.type === 'payment.succeeded' || body.type === 'payment.failed') return { ...notice, type: body.type };
  if (body.type !== 'refund.succeeded' && body.type !== 'refund.failed') return null;
  if (typeof body.refundId !== 'string' || !body.refundId || body.refundId.length > 40) return null;
  const reason = typeof body.reason === 'string' ? body.reason.slice(0, 500) : null;
  return { ...notice, type: body.type, refundId: body.refundId, providerRefundId: `sbxr_${body.refundId}`, reason };
}

/** Builds a callback the way the sandbox sends it: tests use it to deliver (or forge) callbacks. */
export function signedSandboxCallback(
  event: Omit<SandboxCallbackBody, 'eventId'> & { eventId?: string },
  options: { secret?: string; timestampSeconds?: number } = {},
): { rawBody: string; headers: Headers } {
  const body: SandboxCallbackBody = {
    eventId: event.eventId ?? newId('sbe'),
    type: event.type,
    providerPaymentId: event.providerPaymentId,
    amount: event.amount,
    currency: event.currency,
    ...(event.refundId === undefined ? {} : { refundId: event.refundId }),
    ...(event.reason === undefined ? {} : { reason: event.reason }),
  };
  const rawBody = JSON.stringify(body);
  const timestamp = options.timestampSeconds ?? Math.floor(Date.now() / 1000);
  const signature = signCallback(options.secret ?? loadPaymentsConfig().sandboxSecret, timestamp, rawBody);
  return { rawBody, headers: new Headers({ 'content-type': 'application/json', [SIGNATURE_HEADER]: signature, [TIMESTAMP_HEADER]: String(timestamp) }) };
}

/** The sandbox's "cashier page": the hook route next to the callback one. */
export function sandboxPayUrl(providerPaymentId: string): string {
  const callback = new URL(loadPaymentsConfig().sandboxCallbackUrl);
  return `${callback.origin}${callback.pathname.replace(/\/callback$/, '/pay')}?ref=${encodeURIComponent(providerPaymentId)}`;
}
