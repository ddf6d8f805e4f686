import { ordersService, SCOPED_BY_FIELDS, type RequestContext } from '@zhongtai/kit';
import type { PaymentRow, RefundRow } from '../db/tables.ts';
import { loadPayment } from '../domain/payments.ts';
import { paymentTenancy, refundTenancy } from '../domain/tenancy.ts';

/** A merchant reaches a payment through its shop's order (a checkout's payment is each of its shops'). */
const Payment = {
  ...paymentTenancy,
  reference: {
    reachedByShop: async (ctx: RequestContext, p: PaymentRow, shopId: string) => (await ordersService.shopsOfOrder(ctx, p.orderId)).includes(shopId),
  },
};

/** A refund is its payment's customer's; a shop's through the shop order it refunds. */
const Refund = {
  ...refundTenancy,
  reference: {
    member: async (r: RefundRow, ctx: RequestContext) => (await loadPayment(ctx, r.paymentId))?.memberId ?? null,
    // A refund of a shop order names its lines; one without lines (a whole payment's) is every shop's of it.
    reachedByShop: async (ctx: RequestContext, r: RefundRow, shopId: string) => {
      const owners = r.lines.length ? r.lines.map((l) => l.orderLineId) : [r.orderId];
      return (await Promise.all(owners.map((id) => ordersService.shopsOfOrder(ctx, id)))).some((shops) => shops.includes(shopId));
    },
  },
};

export const entityScopes = { Payment, Refund, Shop: SCOPED_BY_FIELDS };
