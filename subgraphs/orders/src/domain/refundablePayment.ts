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

/** One refund call of a cancellation: from which payment, how much, on which lines. */
export interface CancelRefundPart {
  paymentId: string;
  /** Appended to the cancellation's idempotency key: '' for the first part. */
  keySuffix: string;
  amount: bigint;
  /** The part's share of each line; with money beyond the lines (freight, tax) they add up to less than `amount`. */
  lines: { orderLineId: string; amount: bigint }[];
}

/**
 * Where a cancelled paid order's money goes back (`amount`, held on `lines` by holdWholeRefund).
 * One payment, the checkout's; but a presale paid in full was paid twice: the deposit goes back
 * through the deposit payment (on the lines, in their order, so finance books it against the order's
 * goods) and the rest, freight included, through the balance payment, which also carries the points.
 * Merchants' refunds before the cancel came out of the balance, so the deposit is whole: the
 * deposit part is the smaller of the deposit and `amount`.
 */
export function cancelRefundParts(
  order: Pick<OrderRow, 'type' | 'balancePaymentId' | 'depositAmount'>,
  checkout: Pick<CheckoutRow, 'paymentId'>,
  amount: bigint,
  lines: { orderLineId: string; amount: bigint }[],
): CancelRefundPart[] {
  const onLines = (on: { orderLineId: string; amount: bigint }[]) => on.filter((l) => l.amount > 0n);
  if (!checkout.paymentId) return [];
  if (order.type !== 'PRESALE' || !order.balancePaymentId || order.depositAmount <= 0n)
    return [{ paymentId: checkout.paymentId, keySuffix: '', amount, lines: onLines(lines) }];
  const deposit = amount < order.depositAmount ? amount : order.depositAmount;
  let left = deposit;
  const depositLines: { orderLineId: string; amount: bigint }[] = [];
  const balanceLines: { orderLineId: string; amount: bigint }[] = [];
  for (const l of lines) {
    const take = l.amount < left ? l.amount : left;
    left -= take;
    depositLines.push({ orderLineId: l.orderLineId, amount: take });
    balanceLines.push({ orderLineId: l.orderLineId, amount: l.amount - take });
  }
  const parts: CancelRefundPart[] = [];
  if (amount > deposit) parts.push({ paymentId: order.balancePaymentId, keySuffix: '', amount: amount - deposit, lines: onLines(balanceLines) });
  if (deposit > 0n) parts.push({ paymentId: checkout.paymentId, keySuffix: '-deposit', amount: deposit, lines: onLines(depositLines) });
  return parts;
}
