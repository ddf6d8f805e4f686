import { ok, recordTransition, refused, toMoney, type CurrencyCode, type Db, type OrderLifecycleEvent, type RequestContext, type Result } from '@zhongtai/kit';
import { orders, orderStatusChanges, type OrderRow, type OrderStatus } from '../db/tables.ts';
import { STATUS_CHANGE_ID_PREFIX } from './ids.ts';

/**
 * The one transition table of an order. Unpaid orders are CANCELLED by a person or CLOSED by the
 * payment timeout (a held one, ON_HOLD, waits for an operator before it can be paid; a paid one CLOSED when after-sales refunded every line before it shipped); paid orders can be cancelled only before anything ships; a service-only
 * order goes from PAID to DELIVERED when its vouchers are issued.
 */
export const ORDER_TRANSITIONS: Record<OrderStatus, readonly OrderStatus[]> = {
  // ON_HOLD from PENDING_PAYMENT: a presale whose balance payment the risk center sent to review.
  PENDING_PAYMENT: ['PAID', 'ON_HOLD', 'CANCELLED', 'CLOSED'],
  // 风控 REVIEW: placed but held, no payment open; an operator releases it (back to unpaid) or
  // cancels it; nobody deciding within the review window closes it.
  ON_HOLD: ['PENDING_PAYMENT', 'CANCELLED', 'CLOSED'],
  // CLOSED from PAID: every line was refunded through after-sales before anything shipped.
  PAID: ['SHIPPED', 'DELIVERED', 'CANCELLED', 'CLOSED'],
  SHIPPED: ['DELIVERED'],
  DELIVERED: ['COMPLETED'],
  COMPLETED: [],
  CANCELLED: [],
  CLOSED: [],
};

export function canTransition(from: OrderStatus, to: OrderStatus): boolean {
  return ORDER_TRANSITIONS[from].includes(to);
}

const STAMP: Partial<Record<OrderStatus, keyof OrderRow>> = {
  PAID: 'paidAt',
  SHIPPED: 'shippedAt',
  DELIVERED: 'deliveredAt',
  COMPLETED: 'completedAt',
  CANCELLED: 'cancelledAt',
  CLOSED: 'cancelledAt',
};

/**
 * Moves `order` to `to` inside `tx`, guarded on the status it was read with, and records who and
 * why. A racing change makes this one fail with INVALID_TRANSITION instead of both applying.
 */
export async function transition(
  ctx: RequestContext,
  tx: Db,
  order: Pick<OrderRow, 'id' | 'status'>,
  to: OrderStatus,
  reason: string | null,
  field: string[] = ['input', 'orderId'],
  /** When it happened, where that is not now: a payment's time (the order's paidAt is the one OrderPaid announced). */
  at?: Date,
): Promise<Result<OrderRow>> {
  if (!canTransition(order.status, to)) {
    return refused([{ field, code: 'INVALID_TRANSITION', message: `A ${order.status} order cannot become ${to}` }]);
  }
  const now = ctx.now();
  const stamp = STAMP[to];
  const row = await recordTransition(tx, {
    table: orders,
    row: order,
    to,
    set: { updatedAt: now, ...(stamp ? { [stamp]: at ?? now } : {}) },
    reason,
    actor: ctx.claims?.subject ?? 'system',
    history: { table: orderStatusChanges, idPrefix: STATUS_CHANGE_ID_PREFIX, owner: 'orderId' },
    announce: (tx, row) => announce(ctx, tx, row, reason),
  });
  if (!row) return refused([{ field, code: 'INVALID_TRANSITION', message: 'The order changed meanwhile; reload and retry' }]);
  return ok(row);
}

/**
 * Every change is announced in the transaction that made it (the outbox). PAID is announced by
 * the payment handler, which has the lines dispatch needs.
 */
async function announce(ctx: RequestContext, tx: Db, row: OrderRow, reason: string | null): Promise<void> {
  const base: OrderLifecycleEvent = {
    orderId: row.id,
    parentOrderId: row.checkoutId,
    shopId: row.shopId,
    memberId: row.memberId,
    at: row.updatedAt.toISOString(),
  };
  switch (row.status) {
    case 'SHIPPED':
      await ctx.events.publish(tx, 'OrderShipped', base);
      return;
    case 'DELIVERED':
      await ctx.events.publish(tx, 'OrderDelivered', base);
      return;
    case 'COMPLETED': {
      const paid = toMoney(row.payableAmount - row.refundedAmount, row.currency as CurrencyCode);
      await ctx.events.publish(tx, 'OrderCompleted', { ...base, paid: paid.amount, currencyCode: paid.currencyCode });
      return;
    }
    case 'CANCELLED':
    case 'CLOSED': {
      // A presale whose balance was never paid keeps its deposit (nothing refunds it): finance recognises it.
      const kept =
        row.type === 'PRESALE' && row.depositPaidAt && !row.paidAt && row.depositAmount > 0n ? toMoney(row.depositAmount, row.currency as CurrencyCode) : null;
      await ctx.events.publish(tx, 'OrderCancelled', {
        ...base,
        status: row.status,
        reason,
        wasPaid: Boolean(row.paidAt ?? row.depositPaidAt),
        depositKept: kept ? { amount: kept.amount, currencyCode: kept.currencyCode } : null,
      });
      return;
    }
    default:
      return;
  }
}
