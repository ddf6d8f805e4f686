import { and, eq } from 'drizzle-orm';
import {
  forbidden,
  isId,
  ok,
  Problems,
  type RequestContext,
  type Result,
  type RouteResponse,
  logger,
  assertCan,
  callerMember,
  withTraceparent,
} from '@zhongtai/kit';
import { loadPaymentsConfig } from '../config.ts';
import { payments, type PaymentRow } from '../db/tables.ts';
import { SANDBOX, sandboxProvider, signedSandboxCallback } from '../providers/sandbox.ts';
import { paymentTenancy } from './tenancy.ts';
import { PAYMENT_ID_PREFIX } from './ids.ts';

const CALLBACK_TIMEOUT_MS = 10_000;

export const SANDBOX_OFF =
  'The sandbox payment provider is off in production: it would mark orders paid with no money taken (SANDBOX_PROVIDERS=payments turns it on)';

/** CUSTOMER `sandboxPay`: the customer pays their own sandbox payment. */
export async function sandboxPay(ctx: RequestContext, input: { paymentId: string }): Promise<Result<PaymentRow>> {
  callerMember(ctx, paymentTenancy);
  if (!sandboxProvider.enabled()) throw forbidden(SANDBOX_OFF);
  const problems = new Problems();
  if (!isId(PAYMENT_ID_PREFIX, input.paymentId)) return problems.add(['input', 'paymentId'], 'INVALID_ID', `"${input.paymentId}" is not a payment id`).refuse();
  const [payment] = await ctx.db.select().from(payments).where(eq(payments.id, input.paymentId));
  if (!payment) return problems.add(['input', 'paymentId'], 'NOT_FOUND', `Payment ${input.paymentId} not found`).refuse();
  assertCan(ctx, paymentTenancy, payment, 'write');
  return payAtSandbox(ctx, payment, problems);
}

/** GET /hooks/payments/sandbox/pay?ref=…: the sandbox's cashier page (the pay URL), for demos; off in production. */
export async function sandboxPayPage(ctx: RequestContext, ref: string | null): Promise<RouteResponse> {
  const config = loadPaymentsConfig();
  if (config.production || !config.sandboxEnabled || !ref) return { status: 404, body: { error: 'not found' } };
  const [payment] = await ctx.db
    .select()
    .from(payments)
    .where(and(eq(payments.provider, SANDBOX), eq(payments.providerPaymentId, ref)));
  if (!payment) return { status: 404, body: { error: 'not found' } };
  const result = await payAtSandbox(ctx, payment, new Problems());
  if (!result.ok) return { status: 409, body: { errors: result.errors } };
  return { status: 200, body: { paymentId: result.value.id, status: result.value.status } };
}

/**
 * Plays the provider's side: the customer paid, so the sandbox POSTs a signed success callback
 * to the configured callback URL over HTTP, like a third party would, and we read the result back.
 */
async function payAtSandbox(ctx: RequestContext, payment: PaymentRow, problems: Problems): Promise<Result<PaymentRow>> {
  if (payment.provider !== SANDBOX) return problems.add(['input', 'paymentId'], 'INVALID', `Payment ${payment.id} is not a sandbox payment`).refuse();
  if (payment.status !== 'PENDING') {
    return problems.add(['input', 'paymentId'], 'INVALID_TRANSITION', `Payment ${payment.id} is ${payment.status}: there is nothing to pay`).refuse();
  }
  const url = loadPaymentsConfig().sandboxCallbackUrl;
  const callback = signedSandboxCallback({
    type: 'payment.succeeded',
    providerPaymentId: payment.providerPaymentId,
    amount: payment.amount.toString(),
    currency: payment.currencyCode,
  });
  let status: number;
  try {
    // The sandbox is ours: its callback carries the payer's trace, so the payment's consequences join it.
    const headers = withTraceparent(new Headers(callback.headers));
    const response = await fetch(url, { method: 'POST', headers, body: callback.rawBody, signal: AbortSignal.timeout(CALLBACK_TIMEOUT_MS) });
    status = response.status;
    await response.body?.cancel();
  } catch (error) {
    logger(ctx).error('the sandbox could not deliver its callback', { url, error });
    return problems.add(null, 'PROVIDER_ERROR', 'The sandbox could not reach the callback endpoint').refuse();
  }
  if (status !== 200) return problems.add(null, 'PROVIDER_ERROR', `The callback endpoint answered ${status}`).refuse();
  const [after] = await ctx.db.select().from(payments).where(eq(payments.id, payment.id));
  return ok(after!);
}
