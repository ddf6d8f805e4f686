import { and, asc, type SQL } from 'drizzle-orm';
import { equalTo, inPeriod, newId, type ConnectionArgs, type RequestContext, listTable, rowById, rowsByParent } from '@zhongtai/kit';
import { refunds, type PaymentRow, type RefundRow, type RefundStatus } from '../db/tables.ts';
import { REFUND_ID_PREFIX } from './ids.ts';

export interface RefundFilter {
  status?: RefundStatus | null;
  kind?: RefundRow['kind'] | null;
  paymentId?: string | null;
  orderId?: string | null;
  createdFrom?: Date | null;
  createdTo?: Date | null;
}

/** Every refund, newest first (operators and analysts). */
export function listRefunds(ctx: RequestContext, args: ConnectionArgs, filter: RefundFilter = {}) {
  const where: (SQL | undefined)[] = [
    ...equalTo(filter, { status: refunds.status, kind: refunds.kind, paymentId: refunds.paymentId, orderId: refunds.orderId }),
    ...inPeriod(refunds.createdAt, filter.createdFrom, filter.createdTo),
  ];
  return listTable(ctx.db, refunds, args, { where: and(...where), sort: { column: refunds.createdAt, direction: 'DESC' } });
}

export function loadRefund(ctx: RequestContext, id: string): Promise<RefundRow | null> {
  return rowById(ctx, 'payments.refundById', refunds, REFUND_ID_PREFIX, id);
}

/** A reference from another center: entityScopes.Refund decides who sees it (through its payment and order). */
export function resolveRefundReference(ctx: RequestContext, id: string): Promise<RefundRow | null> {
  return loadRefund(ctx, id);
}

/** Refunds of a payment, oldest first; a page of payments loads them in one query. */
export function refundsOfPayment(ctx: RequestContext, paymentId: string): Promise<RefundRow[]> {
  return rowsByParent(ctx, 'payments.refundsByPayment', refunds, { parent: refunds.paymentId, orderBy: [asc(refunds.createdAt), asc(refunds.id)] }, paymentId);
}

/** What counts against the capture: refunds under way and done. */
export function committedAmount(rows: Pick<RefundRow, 'status' | 'amount'>[]): bigint {
  return rows.filter((r) => r.status !== 'FAILED').reduce((sum, r) => sum + r.amount, 0n);
}

/** What every refund of a payment starts with: its id, the payment, the order and the payment's currency. */
export function refundOfPayment(payment: PaymentRow) {
  return { id: newId(REFUND_ID_PREFIX), paymentId: payment.id, orderId: payment.orderId, currencyCode: payment.currencyCode };
}
