import type { CurrencyCode, RouteResponse } from '@zhongtai/kit';

/**
 * What the payment center needs of a payment provider (the sandbox now; a real one implements
 * the same and is registered in providers/index.ts). Every call is made outside any database
 * transaction, and every call is safe to repeat: our ids go along as the provider's idempotency keys.
 */
export interface PaymentProvider {
  readonly name: string;
  /** Whether payments may go through it now (the sandbox is off in production unless SANDBOX_PROVIDERS names it). */
  enabled(): boolean;
  /** `payerOpenId`: the customer's WeChat openid, for WeChat Pay's JSAPI flow (in WeChat); without it a QR (Native) payment. */
  createPayment(request: {
    paymentId: string;
    amount: bigint;
    currencyCode: CurrencyCode;
    description: string;
    payerOpenId?: string;
  }): Promise<ProviderPayment>;
  /** Stops the provider taking money for it. A payment the customer completes anyway arrives as a late success callback. */
  closePayment(request: { providerPaymentId: string }): Promise<void>;
  /** `paymentAmount`: the whole payment's (WeChat Pay wants the order total with every refund). */
  refund(request: {
    refundId: string;
    providerPaymentId: string;
    amount: bigint;
    paymentAmount: bigint;
    currencyCode: CurrencyCode;
  }): Promise<ProviderRefundOutcome>;
  /** Checks a callback's signature over the raw body and reads it. */
  readCallback(request: { rawBody: string; headers: Headers }): CallbackReading;
  /** Where the provider can be asked how a payment stands (for recovering a missed callback). */
  queryPayment?(request: { providerPaymentId: string }): Promise<ProviderPaymentState>;
  /**
   * The provider's own words for our answer to its callback, when it expects some (Alipay wants
   * the literal `success`, anything else makes it deliver again). Default: our JSON answer.
   */
  answerCallback?(answer: RouteResponse): RouteResponse;
  /** The provider's daily bill of a day (YYYY-MM-DD, the provider's day), as the statement lines finance reconciles. */
  downloadStatement?(request: { date: string }): Promise<ProviderStatementLine[]>;
}

/** One capture or refund in a provider's bill, in our words (finance's statement CSV columns). */
export interface ProviderStatementLine {
  type: 'CAPTURE' | 'REFUND';
  providerReference: string;
  /** Our payment or refund id, as the provider echoes it. */
  merchantReference: string;
  amount: bigint;
  currencyCode: string;
  occurredAt: string;
}

export type ProviderPaymentState = { status: 'NOT_FOUND' } | { status: 'PENDING' | 'SUCCEEDED' | 'CLOSED'; amount: bigint; currencyCode: string };

export interface ProviderPayment {
  providerPaymentId: string;
  /** What the customer opens or scans. */
  action: { url: string; code: string };
}

/** PENDING: the provider took the refund and answers later: a callback (refund.succeeded or refund.failed), WeChat Pay's refund notification, or the recovery job's query. */
export type ProviderRefundOutcome = { status: 'SUCCEEDED'; providerRefundId: string } | { status: 'FAILED'; reason: string } | { status: 'PENDING' };

/** A provider's notice, in our words. */
export type ProviderEvent = ProviderPaymentEvent | ProviderRefundEvent;

interface ProviderNotice {
  /** Unique per notice at the provider: the same notice delivered again has the same id. */
  eventId: string;
  providerPaymentId: string;
  /** The payment's amount (payment events) or the refund's (refund events). */
  amount: bigint;
  currencyCode: string;
}

export interface ProviderPaymentEvent extends ProviderNotice {
  type: 'payment.succeeded' | 'payment.failed';
}

/** The provider's later answer to a refund it had left PENDING. */
export interface ProviderRefundEvent extends ProviderNotice {
  type: 'refund.succeeded' | 'refund.failed';
  /** Our refund id: the idempotency key the refund was sent with. */
  refundId: string;
  providerRefundId: string | null;
  /** Why the provider refused it (refund.failed). */
  reason: string | null;
}

export type CallbackReading =
  | { signature: 'VALID'; event: ProviderEvent }
  /** Signed by the provider but not something we understand. */
  | { signature: 'VALID'; event: null; eventId: string | null; problem: string }
  | { signature: 'MISSING' | 'STALE' | 'BAD_SIGNATURE'; event: null; eventId: string | null; problem: string };
