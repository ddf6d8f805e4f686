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
  reachedByShop: async (ctx, r, shopId) => (await ordersService.shopsOfOrder(ctx, r.orderId)).includes(shopId),
};

export const entityScopes = { Payment, Refund };
