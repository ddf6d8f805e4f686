import { toPayload, type RequestContext } from '@zhongtai/kit';
import type { PaymentPurpose } from '../db/tables.ts';
import { closePayment } from '../domain/closePayment.ts';
import { createPayment, type CreatePaymentInput } from '../domain/createPayment.ts';
import type { RefundPaymentInput } from '../domain/refundInput.ts';
import { refundPayment } from '../domain/refundPayment.ts';
import { setShopPaymentMethods } from '../domain/paymentMethods.ts';
import { sandboxPay } from '../domain/sandboxPay.ts';
import type { MutationResolvers } from '../generated/resolvers.ts';

type Input<T> = { input: T };

export const Mutation: MutationResolvers = {
  createPayment: async (_: unknown, { input }: Input<CreatePaymentInput>, ctx: RequestContext) => toPayload('payment', await createPayment(ctx, input)),
  closePayment: async (_: unknown, { input }: Input<{ orderId: string; purpose: PaymentPurpose }>, ctx: RequestContext) =>
    toPayload('payment', await closePayment(ctx, input)),
  refundPayment: async (_: unknown, { input }: Input<RefundPaymentInput>, ctx: RequestContext) => toPayload('refund', await refundPayment(ctx, input)),
  setShopPaymentMethods: async (_: unknown, { input }: Input<{ shopId: string; methods: string[] }>, ctx: RequestContext) =>
    toPayload('shop', await setShopPaymentMethods(ctx, input)),
  sandboxPay: async (_: unknown, { input }: Input<{ paymentId: string }>, ctx: RequestContext) => toPayload('payment', await sandboxPay(ctx, input)),
};
