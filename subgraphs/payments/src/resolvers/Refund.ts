import { existing, toMoney, type RequestContext } from '@zhongtai/kit';
import type { RefundRow } from '../db/tables.ts';
import { loadPayment } from '../domain/payments.ts';
import { resolveRefundReference } from '../domain/refunds.ts';
import type { RefundResolvers } from '../generated/resolvers.ts';

export const Refund: RefundResolvers = {
  __resolveReference: (ref: { id: string }, ctx: RequestContext) => resolveRefundReference(ctx, ref.id),
  payment: async (refund: RefundRow, _: unknown, ctx: RequestContext) => existing(await loadPayment(ctx, refund.paymentId), 'Payment', refund.paymentId),
  amount: (refund: RefundRow) => toMoney(refund.amount, refund.currencyCode),
  lines: (refund: RefundRow) => refund.lines.map((l) => ({ orderLineId: l.orderLineId, amount: toMoney(BigInt(l.amount), refund.currencyCode) })),
};
