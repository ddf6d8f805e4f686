import type { ConnectionArgs, RequestContext } from '@zhongtai/kit';
import type { PaymentStatus } from '../db/tables.ts';
import { findPayment, listPayments, myPayments, paymentsOfOrder, type PaymentFilter, type PaymentSort } from '../domain/payments.ts';
import { listRefunds, loadRefund, type RefundFilter } from '../domain/refunds.ts';
import { paymentsThroughProvider, providerStatementCsv, sandboxStatementCsv } from '../domain/providerStatement.ts';
import { succeededRefunds } from '../domain/succeededRefunds.ts';
import type { QueryResolvers } from '../generated/resolvers.ts';

export const Query: QueryResolvers = {
  payments: (_: unknown, args: ConnectionArgs & { filter?: PaymentFilter | null; sort?: PaymentSort | null }, ctx: RequestContext) =>
    listPayments(ctx, args, args.filter ?? {}, args.sort ?? undefined),
  payment: (_: unknown, { id }: { id: string }, ctx: RequestContext) => findPayment(ctx, id),
  paymentsOfOrder: (_: unknown, { orderId }: { orderId: string }, ctx: RequestContext) => paymentsOfOrder(ctx, orderId),
  refunds: (_: unknown, args: ConnectionArgs & { filter?: RefundFilter | null }, ctx: RequestContext) => listRefunds(ctx, args, args.filter ?? {}),
  refund: (_: unknown, { id }: { id: string }, ctx: RequestContext) => loadRefund(ctx, id),
  myPayments: (_: unknown, args: ConnectionArgs & { filter?: { status?: PaymentStatus | null; orderId?: string | null } | null }, ctx: RequestContext) =>
    myPayments(ctx, args, args.filter ?? {}),
  sandboxProviderStatement: (_: unknown, { date }: { date: string }, ctx: RequestContext) => sandboxStatementCsv(ctx, date),
  succeededRefunds: (_: unknown, args: { after?: string | null; first: number; succeededFrom?: Date | null; succeededTo?: Date | null }, ctx: RequestContext) =>
    succeededRefunds(ctx, args),
  providerStatement: (_: unknown, { provider, date }: { provider: string; date: string }, ctx: RequestContext) => providerStatementCsv(ctx, provider, date),
  paymentsThroughProvider: (_: unknown, { provider, paymentIds }: { provider: string; paymentIds: string[] }, ctx: RequestContext) =>
    paymentsThroughProvider(ctx, provider, paymentIds),
};
