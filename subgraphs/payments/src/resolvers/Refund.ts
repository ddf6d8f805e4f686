import { existing, toMoney, type RequestContext } from '@zhongtai/kit';
import type { RefundRow } from '../db/tables.ts';
import { loadPayment } from '../domain/payments.ts';
import { resolveRefundReference } from '../domain/refunds.ts';
import { tenderViews } from '../domain/tenders.ts';
import type { RefundResolvers } from '../generated/resolvers.ts';

export const Refund: RefundResolvers = {
  __resolveReference: (ref: { id: string }, ctx: RequestContext) => resolveRefundReference(ctx, ref.id),
  payment: async (refund: RefundRow, _: unknown, ctx: RequestContext) => existing(await loadPayment(ctx, refund.paymentId), 'Payment', refund.paymentId),
  amount: (refund: RefundRow) => toMoney(refund.amount, refund.currencyCode),
  tenders: (refund: RefundRow) =>
    tenderViews(refund.amount, refund.points === null ? null : { points: refund.points, amount: refund.pointsAmount ?? 0n }, refund.currencyCode),
  pointsReturned: (refund: RefundRow) => refund.points,
  taxAmount: (refund: RefundRow) => toMoney(refund.tax, refund.currencyCode),
  lines: (refund: RefundRow) => refund.lines.map((l) => ({ orderLineId: l.orderLineId, amount: toMoney(BigInt(l.amount), refund.currencyCode) })),
};
