import type { Money, MoneyInput } from '../money.ts';
import { serviceMutation, serviceOperation } from '../serviceClient.ts';

/** The payment center's internal API, as the order and after-sales centers call it. */
export type PaymentPurpose = 'FULL' | 'DEPOSIT' | 'BALANCE';
export type PaymentStatus = 'PENDING' | 'SUCCEEDED' | 'FAILED' | 'CLOSED';
export type RefundStatus = 'PENDING' | 'SUCCEEDED' | 'FAILED';

export const PAYMENT_ID_PREFIX = 'pay';
export const REFUND_ID_PREFIX = 'rfd';

export interface PaymentView {
  id: string;
  orderId: string;
  memberId: string;
  purpose: PaymentPurpose;
  amount: Money;
  provider: string;
  providerPaymentId: string;
  status: PaymentStatus;
  /** What the customer opens or scans to pay; null once the payment is no longer PENDING. */
  action: { url: string; code: string } | null;
  paidAt: string | null;
  closedAt: string | null;
  createdAt: string;
}

export interface RefundView {
  id: string;
  payment: { id: string };
  orderId: string;
  amount: Money;
  status: RefundStatus;
  reason: string;
  lines: { orderLineId: string; amount: Money }[];
  providerRefundId: string | null;
  failureReason: string | null;
  /** The provider's money and, for a combined payment, the points going back with it (in the payment's proportion). */
  tenders: { kind: 'PROVIDER' | 'POINTS'; amount: Money; points: number | null }[];
  /** The points going back with the money (0 when none); null when the payment recorded no tenders. */
  pointsReturned: number | null;
  createdAt: string;
}

const PAYMENT_FIELDS = `id orderId memberId purpose amount { amount currencyCode } provider providerPaymentId status action { url code } paidAt closedAt createdAt`;
const REFUND_FIELDS = `id payment { id } orderId amount { amount currencyCode } status reason lines { orderLineId amount { amount currencyCode } } providerRefundId failureReason tenders { kind amount { amount currencyCode } points } pointsReturned createdAt`;

export interface CreatePaymentVariables {
  input: {
    orderId: string;
    memberId: string;
    purpose: PaymentPurpose;
    amount: MoneyInput;
    provider?: string;
    /** The customer's choice (SANDBOX, ALIPAY, WECHAT_PAY): every shop of `shopIds` must accept it (else a userError). */
    method?: 'SANDBOX' | 'ALIPAY' | 'WECHAT_PAY';
    shopIds?: string[];
    /** The customer's WeChat openid: WeChat Pay's JSAPI flow instead of a QR code. */
    payerOpenId?: string;
    idempotencyKey: string;
    /** The caller assessed the order in this request (placeOrder, a release): payments does not ask the risk center again. */
    riskAssessed?: boolean;
    /** A combined payment: the member's points (already spent by the caller) paying the rest, and their worth; `amount` is the provider's part. */
    points?: { points: number; amount: MoneyInput; goodsAmount?: MoneyInput };
    /** Where the order goes: the risk center's blocklist checks it. */
    riskAddress?: { province: string; city: string; district: string; detail: string; phone: string } | null;
  };
}

/**
 * Starts paying an order (or a parent order spanning shops): at most one live payment per order
 * and purpose. The same idempotency key gives the same payment; with other input it is refused
 * (IDEMPOTENCY_KEY_REUSED). Show the customer `payment.action`.
 */
export const createPayment = serviceMutation<'createPayment', CreatePaymentVariables['input'], { payment: PaymentView | null }>(
  'payments',
  'createPayment',
  `payment { ${PAYMENT_FIELDS} }`,
);

/**
 * The order timed out unpaid: closes its PENDING payment for the purpose. `payment` is null when
 * there was nothing to close; a paid one is refused (INVALID_TRANSITION): do not close the order.
 */
export const closePayment = serviceMutation<'closePayment', { orderId: string; purpose: PaymentPurpose }, { payment: PaymentView | null }>(
  'payments',
  'closePayment',
  `payment { ${PAYMENT_FIELDS} }`,
);

export interface RefundPaymentVariables {
  input: {
    paymentId: string;
    amount: MoneyInput;
    reason: string;
    idempotencyKey: string;
    lines?: { orderLineId: string; amount: MoneyInput }[];
    /** 跨境综合税 in `amount`, beside the lines (a cross-border order's share of its tax). */
    taxAmount?: MoneyInput;
  };
}

/**
 * Gives money back through the provider. Refused: NOT_CAPTURED (payment not SUCCEEDED),
 * EXCEEDS_CAPTURED (PENDING + SUCCEEDED refunds would pass the payment), CURRENCY_MISMATCH,
 * IDEMPOTENCY_KEY_REUSED. A refund the provider could not take yet comes back PENDING and is
 * retried by the payment center; RefundSucceeded is published when it succeeds.
 */
export const refundPayment = serviceMutation<'refundPayment', RefundPaymentVariables['input'], { refund: RefundView | null }>(
  'payments',
  'refundPayment',
  `refund { ${REFUND_FIELDS} }`,
);

/** Payments of an order, oldest first. */
export const paymentsOfOrder = serviceOperation<{ orderId: string }, { paymentsOfOrder: PaymentView[] }>(
  'payments',
  /* GraphQL */ `query PaymentsOfOrder($orderId: ID!) { paymentsOfOrder(orderId: $orderId) { ${PAYMENT_FIELDS} } }`,
);

/** The sandbox provider's statement file (CSV) of a UTC day, YYYY-MM-DD: finance reconciles against it. */
export const sandboxProviderStatement = serviceOperation<{ date: string }, { sandboxProviderStatement: string }>(
  'payments',
  /* GraphQL */ `
    query SandboxProviderStatement($date: String!) {
      sandboxProviderStatement(date: $date)
    }
  `,
);

/** Refunds that succeeded, by id after `after`, each as its RefundSucceeded (JSON): analytics' rebuild and check; at most 500 a page. */
export const succeededRefunds = serviceOperation<
  { after?: string | null; first: number; succeededFrom?: string | null; succeededTo?: string | null },
  { succeededRefunds: { id: string; refund: string }[] }
>(
  'payments',
  /* GraphQL */ `
    query SucceededRefunds($after: ID, $first: Int!, $succeededFrom: DateTime, $succeededTo: DateTime) {
      succeededRefunds(after: $after, first: $first, succeededFrom: $succeededFrom, succeededTo: $succeededTo) {
        id
        refund
      }
    }
  `,
);

/** A provider's daily bill (sandbox, alipay, wechatpay), downloaded and written in the statement CSV columns; the provider's day, YYYY-MM-DD. */
export const providerStatement = serviceOperation<{ provider: string; date: string }, { providerStatement: string }>(
  'payments',
  /* GraphQL */ `
    query ProviderStatement($provider: String!, $date: String!) {
      providerStatement(provider: $provider, date: $date)
    }
  `,
);

/** Which of these payments went through the provider. */
export const paymentsThroughProvider = serviceOperation<{ provider: string; paymentIds: string[] }, { paymentsThroughProvider: string[] }>(
  'payments',
  /* GraphQL */ `
    query PaymentsThroughProvider($provider: String!, $paymentIds: [ID!]!) {
      paymentsThroughProvider(provider: $provider, paymentIds: $paymentIds)
    }
  `,
);
