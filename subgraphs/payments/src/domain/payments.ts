import { and, asc, eq, type SQL } from 'drizzle-orm';
import {
  equalTo,
  inPeriod,
  type ConnectionArgs,
  type RequestContext,
  type SortDirection,
  listTable,
  rowById,
  callerMember,
  loadScoped,
  rowsByParent,
} from '@zhongtai/kit';
import { payments, providerCallbacks, type PaymentPurpose, type PaymentRow, type PaymentStatus, type ProviderCallbackRow } from '../db/tables.ts';
import { paymentTenancy } from './tenancy.ts';
import { PAYMENT_ID_PREFIX } from './ids.ts';

export interface PaymentFilter {
  status?: PaymentStatus | null;
  purpose?: PaymentPurpose | null;
  provider?: string | null;
  orderId?: string | null;
  memberId?: string | null;
  createdFrom?: Date | null;
  createdTo?: Date | null;
}

export interface PaymentSort {
  field: 'CREATED_AT' | 'AMOUNT';
  direction: SortDirection;
}

const SORT_KEYS = {
  CREATED_AT: payments.createdAt,
  AMOUNT: payments.amount,
} as const;

function conditions(filter: PaymentFilter): (SQL | undefined)[] {
  const p = payments;
  return [
    ...equalTo(filter, { status: p.status, purpose: p.purpose, provider: p.provider, orderId: p.orderId, memberId: p.memberId }),
    ...inPeriod(p.createdAt, filter.createdFrom, filter.createdTo),
  ];
}

function page(ctx: RequestContext, args: ConnectionArgs, where: SQL | undefined, sort: PaymentSort) {
  return listTable(ctx.db, payments, args, { where, sort: { column: SORT_KEYS[sort.field], direction: sort.direction } });
}

/** Every payment (operators and analysts: the schema says who may ask). */
export function listPayments(
  ctx: RequestContext,
  args: ConnectionArgs,
  filter: PaymentFilter = {},
  sort: PaymentSort = { field: 'CREATED_AT', direction: 'DESC' },
) {
  return page(ctx, args, and(...conditions(filter)), sort);
}

/** The signed-in customer's own payments; the member comes from the token, never from input. */
export function myPayments(ctx: RequestContext, args: ConnectionArgs, filter: { status?: PaymentStatus | null; orderId?: string | null } = {}) {
  const memberId = callerMember(ctx, paymentTenancy);
  return page(ctx, args, and(eq(payments.memberId, memberId), ...conditions(filter)), { field: 'CREATED_AT', direction: 'DESC' });
}

export function paymentsOfOrder(ctx: RequestContext, orderId: string): Promise<PaymentRow[]> {
  return ctx.db.select().from(payments).where(eq(payments.orderId, orderId)).orderBy(asc(payments.createdAt), asc(payments.id));
}

/** Batched by id for the whole request; no access check (callers decide). */
export function loadPayment(ctx: RequestContext, id: string): Promise<PaymentRow | null> {
  return rowById(ctx, 'payments.byId', payments, PAYMENT_ID_PREFIX, id);
}

/** `payment(id)`: somebody else's payment is FORBIDDEN, not hidden. */
export async function findPayment(ctx: RequestContext, id: string): Promise<PaymentRow | null> {
  return loadScoped(ctx, paymentTenancy, loadPayment(ctx, id), 'read');
}

/** A reference from another center (Order.payments): entityScopes.Payment decides who sees it. */
export function resolvePaymentReference(ctx: RequestContext, id: string): Promise<PaymentRow | null> {
  return loadPayment(ctx, id);
}

/** Every callback about a payment, oldest first; a page of payments loads them in one query. */
export function callbacksOfPayment(ctx: RequestContext, paymentId: string): Promise<ProviderCallbackRow[]> {
  return rowsByParent(
    ctx,
    'payments.callbacksByPayment',
    providerCallbacks,
    { parent: providerCallbacks.paymentId, orderBy: [asc(providerCallbacks.receivedAt), asc(providerCallbacks.id)] },
    paymentId,
  );
}
