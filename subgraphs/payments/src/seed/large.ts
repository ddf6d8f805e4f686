import { hasPayment, load, type OrderBlock, orderBlocks, orderIds, refundLines, type Rows, type Stage } from '@zhongtai/kit/largeSeed';
import { payments, refunds } from '../db/tables.ts';

/**
 * 支付: one sandbox payment per checkout, for the order's payable amount in CNY: SUCCEEDED when
 * the order was paid, PENDING while it waits; a SUCCEEDED refund for every refunded order.
 */
export const paymentsStage: Stage<OrderBlock> = {
  name: 'payments',
  estimate: (world) => Math.round(world.scale.orders * 0.98),
  blocks: orderBlocks,
  tables: [
    load(payments, function* ({ plans }: OrderBlock): Rows<typeof payments> {
      for (const o of plans) {
        if (!hasPayment(o)) continue;
        const ids = orderIds(o.n);
        const ref = `sbx_large_${o.n}`;
        yield {
          id: ids.payment,
          orderId: ids.checkout,
          memberId: o.memberId,
          purpose: 'FULL',
          amount: o.payableAmount,
          currencyCode: 'CNY',
          provider: 'sandbox',
          providerPaymentId: ref,
          actionUrl: `https://pay.sandbox.example/pay?ref=${ref}`,
          actionCode: `sandbox://pay/${ref}`,
          status: o.paidAt ? 'SUCCEEDED' : 'PENDING',
          idempotencyKey: `checkout:${ids.checkout}`,
          requestFingerprint: o.n.toString(16).padStart(64, '0'),
          paidAt: o.paidAt,
          createdAt: o.createdAt,
          updatedAt: o.paidAt ?? o.createdAt,
        };
      }
    }),
    load(refunds, function* ({ plans }: OrderBlock): Rows<typeof refunds> {
      for (const o of plans) {
        if (!o.refundedAt) continue;
        const ids = orderIds(o.n);
        const full = o.status === 'CANCELLED';
        yield {
          id: ids.refund,
          paymentId: ids.payment,
          orderId: ids.order,
          kind: 'REQUESTED',
          amount: o.refundedAmount,
          currencyCode: 'CNY',
          reason: full ? '取消订单 Order cancelled' : '退货退款 Returned',
          lines: refundLines(o),
          status: 'SUCCEEDED',
          providerRefundId: `sbx_rfd_large_${o.n}`,
          idempotencyKey: `${ids.order}:large-seed-refund`,
          requestFingerprint: (o.n + 1).toString(16).padStart(64, 'f'),
          succeededAt: o.refundedAt,
          createdAt: o.refundedAt,
          updatedAt: o.refundedAt,
        };
      }
    }),
  ],
};
