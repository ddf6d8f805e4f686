import { ordersService, type EntityScope } from '@zhongtai/kit';
import type { PaymentRow, RefundRow } from '../db/tables.ts';
import { loadPayment } from '../domain/payments.ts';

/**
 * A payment is its customer's; a merchant reaches one through its shop's order (a checkout's payment
 * is each of its shops'), a refund only through the shop order it refunds.
 */
const Payment: EntityScope<PaymentRow> = {
  member: (p) => p.memberId,
  reachedByShop: async (ctx, p, shopId) => (await ordersService.shopsOfOrder(ctx, p.orderId)).includes(shopId),
};
const Refund: EntityScope<RefundRow> = {
  member: async (r, ctx) => (await loadPayment(ctx, r.paymentId))?.memberId ?? null,
  // A refund of a shop order names its lines; one without lines (a whole payment's) is every shop's of it.
  reachedByShop: async (ctx, r, shopId) => {
    const owners = r.lines.length ? r.lines.map((l) => l.orderLineId) : [r.orderId];
    return (await Promise.all(owners.map((id) => ordersService.shopsOfOrder(ctx, id)))).some((shops) => shops.includes(shopId));
  },
};

export const entityScopes = { Payment, Refund };
