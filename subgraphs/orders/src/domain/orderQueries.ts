import { and, asc, eq, exists, gte, inArray, isNotNull, lte, type SQL } from 'drizzle-orm';
import {
  equalTo,
  inPeriod,
  anyOf,
  badUserInput,
  parseMoney,
  Problems,
  type MoneyInput,
  unauthenticated,
  type ConnectionArgs,
  type Db,
  type RequestContext,
  type SortDirection,
  listTable,
  rowById,
  loadScoped,
  scopedWhere,
  rowsByParent,
} from '@zhongtai/kit';
import { placedByStaffCondition } from './staffPlacement.ts';
import { orderTenancy } from './tenancy.ts';
import {
  checkouts,
  orderLines,
  orderRefundRequests,
  orders,
  orderStatusChanges,
  type CheckoutRow,
  type OrderLineRow,
  type OrderRow,
  type OrderStatus,
  type OrderType,
} from '../db/tables.ts';

import { ORDER_ID_PREFIX } from './ids.ts';

export interface OrderFilter {
  status?: OrderStatus | null;
  shopId?: string | null;
  memberId?: string | null;
  createdFrom?: Date | null;
  createdTo?: Date | null;
  orderNumber?: string | null;
  skuId?: string | null;
  type?: OrderType | null;
  minPayable?: MoneyInput | null;
  maxPayable?: MoneyInput | null;
  /** 代发: orders with a line this supplier ships. */
  supplierId?: string | null;
  couponTemplateId?: string | null;
  paidFrom?: Date | null;
  paidTo?: Date | null;
  /** 代客下单: orders staff placed for members (true) or members placed themselves (false). */
  placedByStaff?: boolean | null;
}

export interface OrderSort {
  field: keyof typeof SORT_KEYS;
  direction: SortDirection;
}

const SORT_KEYS = {
  CREATED_AT: orders.createdAt,
  UPDATED_AT: orders.updatedAt,
  PAID_AT: orders.paidAt,
  PAYABLE_AMOUNT: orders.payableAmount,
} as const;

const DEFAULT_SORT: OrderSort = { field: 'CREATED_AT', direction: 'DESC' };

/** The back-office list: every filter and sort here has an index (see db/tables.ts). */
export function listOrders(ctx: RequestContext, args: ConnectionArgs, filter: OrderFilter = {}, sort: OrderSort = DEFAULT_SORT) {
  return pageOfOrders(ctx, args, [scopedWhere(ctx, orderTenancy, { shopId: filter.shopId }), ...filterConditions(ctx, filter)], sort);
}

export function listMyOrders(ctx: RequestContext, args: ConnectionArgs, filter: { status?: OrderStatus | null; placedByStaff?: boolean | null } = {}) {
  const memberId = ctx.claims?.memberId;
  if (!memberId) throw unauthenticated();
  return pageOfOrders(
    ctx,
    args,
    [eq(orders.memberId, memberId), filter.status ? eq(orders.status, filter.status) : undefined, placedByStaffCondition(ctx.db, filter.placedByStaff)],
    DEFAULT_SORT,
  );
}

function filterConditions(ctx: RequestContext, filter: OrderFilter): (SQL | undefined)[] {
  const { supplierId } = filter;
  return [
    supplierId
      ? exists(
          ctx.db
            .select({ one: orderLines.id })
            .from(orderLines)
            .where(and(eq(orderLines.supplierId, supplierId), eq(orderLines.orderId, orders.id))),
        )
      : undefined,
    ...equalTo(filter, { status: orders.status, memberId: orders.memberId, type: orders.type, couponTemplateId: orders.couponTemplateId }),
    ...inPeriod(orders.createdAt, filter.createdFrom, filter.createdTo),
    // A payment-date range lists paid orders only (orders_paid_idx leaves the unpaid out).
    ...(filter.paidFrom || filter.paidTo ? [isNotNull(orders.paidAt), ...inPeriod(orders.paidAt, filter.paidFrom, filter.paidTo)] : []),
    filter.orderNumber ? eq(orders.orderNumber, filter.orderNumber.trim()) : undefined,
    filter.skuId
      ? exists(
          ctx.db
            .select({ one: orderLines.id })
            .from(orderLines)
            .where(and(eq(orderLines.orderId, orders.id), eq(orderLines.skuId, filter.skuId))),
        )
      : undefined,
    payableBound(filter.minPayable, 'minPayable', gte),
    payableBound(filter.maxPayable, 'maxPayable', lte),
    placedByStaffCondition(ctx.db, filter.placedByStaff),
  ];
}

/** An amount bound also pins the currency: 100 CNY and 100 USD are not comparable. */
function payableBound(bound: MoneyInput | null | undefined, field: string, op: typeof gte): SQL | undefined {
  if (!bound) return undefined;
  const problems = new Problems();
  const amount = parseMoney(bound, problems, ['filter', field]);
  if (amount === undefined) throw badUserInput(problems.errors[0]!.message, ['filter', field]);
  return and(eq(orders.currency, bound.currencyCode), op(orders.payableAmount, amount));
}

function pageOfOrders(ctx: RequestContext, args: ConnectionArgs, conditions: (SQL | undefined)[], sort: OrderSort) {
  // Keyset paging needs a value in every row: sorting by payment time lists paid orders only.
  if (sort.field === 'PAID_AT') conditions = [...conditions, isNotNull(orders.paidAt)];
  return listTable(ctx.db, orders, args, { where: and(...conditions), sort: { column: SORT_KEYS[sort.field], direction: sort.direction } });
}

/** Batched by id; no access check (callers decide). */
export function loadOrderRow(ctx: RequestContext, id: string): Promise<OrderRow | null> {
  return rowById(ctx, 'orders.byId', orders, ORDER_ID_PREFIX, id);
}

/** An order the caller may read, or null when there is none; FORBIDDEN when it is someone else's. */
export async function readableOrder(ctx: RequestContext, id: string): Promise<OrderRow | null> {
  return loadScoped(ctx, orderTenancy, loadOrderRow(ctx, id), 'read');
}

export function linesOf(ctx: RequestContext, orderId: string): Promise<OrderLineRow[]> {
  return rowsByParent(ctx, 'orders.lines', orderLines, { parent: orderLines.orderId, orderBy: [asc(orderLines.position)] }, orderId);
}

export function ordersOfCheckout(ctx: RequestContext, checkoutId: string): Promise<OrderRow[]> {
  return rowsByParent(ctx, 'orders.ofCheckout', orders, { parent: orders.checkoutId, orderBy: [asc(orders.id)] }, checkoutId);
}

export function loadCheckout(ctx: RequestContext, id: string): Promise<CheckoutRow | null> {
  return ctx.loaders.byId<CheckoutRow>('orders.checkoutById', (ids) => ctx.db.select().from(checkouts).where(anyOf(checkouts.id, ids))).load(id);
}

export function statusHistoryOf(ctx: RequestContext, orderId: string) {
  return rowsByParent(
    ctx,
    'orders.history',
    orderStatusChanges,
    { parent: orderStatusChanges.orderId, orderBy: [asc(orderStatusChanges.createdAt), asc(orderStatusChanges.id)] },
    orderId,
  );
}

/** Refund ids of a page of orders in one query: only requests the provider took. */
export async function refundIdsOf(ctx: RequestContext, orderId: string): Promise<string[]> {
  const rows = await ctx.loaders
    .groupedBy<{ id: string; orderId: string; refundId: string | null }>(
      'orders.refundRequests',
      (r) => r.orderId,
      (ids) =>
        ctx.db
          .select({ id: orderRefundRequests.id, orderId: orderRefundRequests.orderId, refundId: orderRefundRequests.refundId })
          .from(orderRefundRequests)
          .where(anyOf(orderRefundRequests.orderId, ids))
          .orderBy(asc(orderRefundRequests.createdAt), asc(orderRefundRequests.id)),
    )
    .load(orderId);
  return rows.flatMap((r) => (r.refundId ? [r.refundId] : []));
}

/** Every line of the shop orders of one checkout (a coupon or points span all of them). */
export function linesOfCheckout(db: Db, checkoutId: string): Promise<OrderLineRow[]> {
  const ofCheckout = db.select({ id: orders.id }).from(orders).where(eq(orders.checkoutId, checkoutId));
  return db.select().from(orderLines).where(inArray(orderLines.orderId, ofCheckout));
}
