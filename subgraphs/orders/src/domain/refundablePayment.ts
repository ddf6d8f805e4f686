import type { CheckoutRow, OrderRow } from '../db/tables.ts';

/**
 * The payment a refund of a paid order goes back through: the checkout's payment, or for a
 * presale order paid in full its BALANCE payment. The balance carries the points tender of a
 * presale (presaleBalance.ts), so its refunds give the points back in its proportion
 * (floor(points x goods refunded / goods paid through the balance), cumulative); a refund is never
 * more than the balance captured (payments refuses EXCEEDS_CAPTURED), and the deposit stays with
 * the deposit payment.
 */
export function refundablePaymentOf(order: Pick<OrderRow, 'type' | 'balancePaymentId'>, checkout: Pick<CheckoutRow, 'paymentId'> | undefined): string | null {
  if (order.type === 'PRESALE' && order.balancePaymentId) return order.balancePaymentId;
  return checkout?.paymentId ?? null;
}
