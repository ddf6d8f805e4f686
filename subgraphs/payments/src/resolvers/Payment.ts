import { readableRows, toMoney, type RequestContext } from '@zhongtai/kit';
import type { PaymentRow } from '../db/tables.ts';
import { jsapiPayParamsOf } from '../domain/jsapi.ts';
import { callbacksOfPayment, resolvePaymentReference } from '../domain/payments.ts';
import { committedAmount, refundsOfPayment } from '../domain/refunds.ts';
import { tendersOf, tenderViews } from '../domain/tenders.ts';
import { entityScopes } from './scopes.ts';
import type { PaymentResolvers } from '../generated/resolvers.ts';

export const Payment: PaymentResolvers = {
  __resolveReference: (ref: { id: string }, ctx: RequestContext) => resolvePaymentReference(ctx, ref.id),
  amount: (payment: PaymentRow) => toMoney(payment.amount, payment.currencyCode),
  tenders: (payment: PaymentRow) => tenderViews(payment.amount, tendersOf(payment).points, payment.currencyCode),
  // Only worth showing while the customer can still pay.
  action: (payment: PaymentRow) => (payment.status === 'PENDING' ? { url: payment.actionUrl, code: payment.actionCode } : null),
  wechatJsapi: (payment: PaymentRow, _: unknown, ctx: RequestContext) => jsapiPayParamsOf(ctx, payment),
  refundedAmount: async (payment: PaymentRow, _: unknown, ctx: RequestContext) =>
    toMoney(committedAmount(await refundsOfPayment(ctx, payment.id)), payment.currencyCode),
  // A checkout's payment is shared by its shops: each merchant sees the refunds of its own order.
  refunds: async (payment: PaymentRow, _: unknown, ctx: RequestContext) => readableRows(ctx, entityScopes.Refund, await refundsOfPayment(ctx, payment.id)),
  callbacks: (payment: PaymentRow, _: unknown, ctx: RequestContext) => callbacksOfPayment(ctx, payment.id),
};
