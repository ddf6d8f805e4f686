/**
 * 结算 arithmetic, as plain functions: what a statement adds up to, and which items it takes.
 * Amounts are minor units; an item's `net` is what it moved on the shop's payable.
 */
export interface ItemAmounts {
  kind?: 'ORDER' | 'REFUND' | 'ADJUSTMENT';
  gross: bigint;
  refund: bigint;
  commission: bigint;
  adjustment: bigint;
  net: bigint;
  /** Memo: the freight in the order's gross, or in the refund. */
  freight?: bigint;
  /** Memo: the shop's own discounts on the order (not in gross), or on the refunded part. */
  shopDiscount?: bigint;
}

export interface StatementTotals {
  ordersAmount: bigint;
  refundsAmount: bigint;
  commissionAmount: bigint;
  adjustmentsAmount: bigint;
  amountDue: bigint;
  /** Memo: the freight inside the orders, less the freight refunded. */
  freightAmount: bigint;
  /** Memo: the discounts the shop funded on the orders (not in them), less those on refunded parts. */
  shopDiscountsAmount: bigint;
}

/** Opening balance plus the items: orders − refunds − commission + adjustments. */
export function statementTotals(openingBalance: bigint, items: readonly ItemAmounts[]): StatementTotals {
  const sum = (pick: (i: ItemAmounts) => bigint) => items.reduce((s, i) => s + pick(i), 0n);
  const totals = {
    ordersAmount: sum((i) => i.gross),
    refundsAmount: sum((i) => i.refund),
    commissionAmount: sum((i) => i.commission),
    adjustmentsAmount: sum((i) => i.adjustment),
  };
  const amountDue = openingBalance + totals.ordersAmount - totals.refundsAmount - totals.commissionAmount + totals.adjustmentsAmount;
  // Each item's net is posted on its own; the columns must say the same, or an item is corrupt.
  if (amountDue !== openingBalance + sum((i) => i.net)) throw new Error('settlement items whose net differs from their columns');
  const memo = (pick: (i: ItemAmounts) => bigint | undefined) => sum((i) => (i.kind === 'REFUND' ? -1n : 1n) * (pick(i) ?? 0n));
  return { ...totals, amountDue, freightAmount: memo((i) => i.freight), shopDiscountsAmount: memo((i) => i.shopDiscount) };
}

/**
 * What earlier statements left unpaid: the amounts due of the CONFIRMED ones less what was paid
 * out (or is on its way); a failed payout counts as unpaid. A DRAFT statement is not carried: it
 * is paid when it is confirmed, so carrying it too would pay its items twice.
 */
export function openingBalance(
  previous: readonly { amountDue: bigint; status: 'DRAFT' | 'CONFIRMED' }[],
  payouts: readonly { amount: bigint; status: 'PENDING' | 'PAID' | 'FAILED' }[],
): bigint {
  const due = previous.filter((p) => p.status === 'CONFIRMED').reduce((s, p) => s + p.amountDue, 0n);
  const out = payouts.filter((p) => p.status !== 'FAILED').reduce((s, p) => s + p.amount, 0n);
  return due - out;
}

export interface OrderStanding {
  /** Completion + T+N; null while not completed. */
  settleableAt: Date | null;
  /** Whether the order's own revenue is already on a statement. */
  settled: boolean;
  afterSaleOpen: boolean;
}

/**
 * Whether an item goes on a statement ending at `periodEnd`: it happened before the end, and its
 * order's revenue is settled already, or is due (T+N passed) with no after-sale request open.
 * An order's refunds and adjustments wait with its revenue, so a statement shows them together.
 */
export function itemSettleable(item: { occurredAt: Date; orderId: string | null }, order: OrderStanding | undefined, periodEnd: Date): boolean {
  if (item.occurredAt.getTime() >= periodEnd.getTime()) return false;
  if (!item.orderId || !order) return true;
  if (order.settled) return true;
  return order.settleableAt !== null && order.settleableAt.getTime() <= periodEnd.getTime() && !order.afterSaleOpen;
}

/** The period a statement covers, ending at `periodEnd`. */
export function periodStart(period: 'DAILY' | 'WEEKLY', periodEnd: Date): Date {
  return new Date(periodEnd.getTime() - (period === 'DAILY' ? 1 : 7) * 86_400_000);
}
