import type { CheckoutRow, OrderRow } from '../db/tables.ts';

/**
 * The payment a refund of a paid order goes back through: the checkout's payment, or for a
 * presale order paid in full its BALANCE payment. The balance carries the points tender of a
 * presale (presaleBalance.ts), so its refunds give the points back in its proportion
 * (floor(points x goods refunded / goods paid through the balance), cumulative); what a refund
 * asks beyond what is left of the balance goes back through the deposit payment (refundParts).
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
 * Refunds before the cancel came out of the balance first (refundParts), so what is left of the
 * deposit is the smaller of the deposit and `amount`: that is the deposit part.
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

/** The key of a refund's deposit part: the request's own key with this after it. */
export const DEPOSIT_PART_SUFFIX = '-deposit';

/** One payment's share of a refund sent by sendRefund (the main part keeps the caller's key). */
export interface RefundPart {
  paymentId: string;
  keySuffix: '' | typeof DEPOSIT_PART_SUFFIX;
  lines: { orderLineId: string; amount: bigint }[];
  /** Money of the order that is no line's (its freight). */
  orderAmount: bigint;
  /** 跨境综合税 beside the lines. */
  tax: bigint;
}

/**
 * Where a refund of a paid order goes: one part through `paymentId`, except for a presale paid in
 * full, which was paid twice. Its refunds come out of the balance payment first (it carries the
 * points) and, once the balance is refunded whole, out of the deposit payment: the deposit part is
 * what this refund takes beyond the balance's room (`payable - deposit`, less what was refunded
 * before, `refundedAmount` read before this refund's hold). The balance part takes the lines first,
 * then the tax and the freight. A cancellation (cancelRefundParts) then finds the deposit part of
 * what is left, whichever came first.
 */
export function refundParts(
  order: Pick<OrderRow, 'type' | 'balancePaymentId' | 'depositAmount' | 'payableAmount' | 'refundedAmount'>,
  checkout: Pick<CheckoutRow, 'paymentId'> | undefined,
  paymentId: string,
  lines: { orderLineId: string; amount: bigint }[],
  money: { orderAmount: bigint; tax: bigint },
): RefundPart[] {
  const whole: RefundPart = { paymentId, keySuffix: '', lines, ...money };
  const depositPaymentId = checkout?.paymentId;
  if (order.type !== 'PRESALE' || paymentId !== order.balancePaymentId || order.depositAmount <= 0n || !depositPaymentId) return [whole];
  const balanceWhole = order.payableAmount - order.depositAmount;
  let room = balanceWhole > order.refundedAmount ? balanceWhole - order.refundedAmount : 0n;
  const take = (amount: bigint) => {
    const taken = amount < room ? amount : room;
    room -= taken;
    return taken;
  };
  const split = lines.map((l) => {
    const onBalance = take(l.amount);
    return { orderLineId: l.orderLineId, onBalance, onDeposit: l.amount - onBalance };
  });
  const tax = take(money.tax);
  const orderAmount = take(money.orderAmount);
  const linesOf = (part: 'onBalance' | 'onDeposit') => split.map((l) => ({ orderLineId: l.orderLineId, amount: l[part] })).filter((l) => l.amount > 0n);
  const balance: RefundPart = { paymentId, keySuffix: '', lines: linesOf('onBalance'), orderAmount, tax };
  const deposit: RefundPart = {
    paymentId: depositPaymentId,
    keySuffix: DEPOSIT_PART_SUFFIX,
    lines: linesOf('onDeposit'),
    orderAmount: money.orderAmount - orderAmount,
    tax: money.tax - tax,
  };
  const total = (part: RefundPart) => part.lines.reduce((sum, l) => sum + l.amount, 0n) + part.orderAmount + part.tax;
  if (total(deposit) === 0n) return [balance];
  // Nothing left on the balance: the deposit part is the refund, under the caller's key.
  if (total(balance) === 0n) return [{ ...deposit, keySuffix: '' }];
  return [balance, deposit];
}
