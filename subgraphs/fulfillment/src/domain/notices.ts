import { and, asc, eq, gte, lt, ne, or, type SQL } from 'drizzle-orm';
import {
  ok,
  Problems,
  type ConnectionArgs,
  type RequestContext,
  type Result,
  listTable,
  rowById,
  assertCan,
  loadScoped,
  scopedWhere,
  rowsByParent,
} from '@zhongtai/kit';
import { shippingNoticeTenancy } from './tenancy.ts';
import {
  serviceVouchers,
  shippingNoticeLines,
  shippingNotices,
  type NoticeStatus,
  type ServiceVoucherRow,
  type ShippingNoticeLineRow,
  type ShippingNoticeRow,
} from '../db/tables.ts';
import { REQUEST_OUTBOUND_JOB } from './dispatch.ts';
import { NOTICE_ID_PREFIX } from './ids.ts';

export function loadNotice(ctx: RequestContext, id: string): Promise<ShippingNoticeRow | null> {
  return rowById(ctx, 'fulfillment.noticeById', shippingNotices, NOTICE_ID_PREFIX, id);
}

export async function findNotice(ctx: RequestContext, id: string): Promise<ShippingNoticeRow | null> {
  return loadScoped(ctx, shippingNoticeTenancy, loadNotice(ctx, id), 'read');
}

export function noticeLinesOf(ctx: RequestContext, noticeId: string): Promise<ShippingNoticeLineRow[]> {
  return rowsByParent(
    ctx,
    'fulfillment.noticeLines',
    shippingNoticeLines,
    { parent: shippingNoticeLines.noticeId, orderBy: [asc(shippingNoticeLines.orderLineId)] },
    noticeId,
  );
}

/** Order.shippingNotices for a page of orders: one query. Scoping is checked per row by the caller. */
export function noticesOfOrder(ctx: RequestContext, orderId: string): Promise<ShippingNoticeRow[]> {
  return rowsByParent(
    ctx,
    'fulfillment.noticesByOrder',
    shippingNotices,
    { parent: shippingNotices.orderId, orderBy: [asc(shippingNotices.createdAt), asc(shippingNotices.id)] },
    orderId,
  );
}

export function vouchersOfOrder(ctx: RequestContext, orderId: string): Promise<ServiceVoucherRow[]> {
  return rowsByParent(
    ctx,
    'fulfillment.vouchersByOrder',
    serviceVouchers,
    { parent: serviceVouchers.orderId, orderBy: [asc(serviceVouchers.orderLineId), asc(serviceVouchers.id)] },
    orderId,
  );
}

export interface WorkListFilter {
  shopId?: string | null;
  orderId?: string | null;
  warehouseId?: string | null;
  /** Notices: paid at or after; shipments: shipped at or after. */
  from?: string | Date | null;
  /** ... and before. */
  to?: string | Date | null;
  /** Only late ones (see attention.ts). */
  late?: boolean | null;
}

export type NoticeFilter = WorkListFilter & { status?: NoticeStatus | null; kind?: ShippingNoticeRow['kind'] | null; supplierId?: string | null };

/** Admin and merchant work list: failed first, then late, then by due time (attention.ts). */
export function listNotices(ctx: RequestContext, args: ConnectionArgs, filter: NoticeFilter = {}) {
  const n = shippingNotices;
  const conditions: (SQL | undefined)[] = [scopedWhere(ctx, shippingNoticeTenancy, { shopId: filter.shopId })];
  if (filter.status) conditions.push(eq(n.status, filter.status));
  if (filter.kind) conditions.push(eq(n.kind, filter.kind));
  if (filter.orderId) conditions.push(eq(n.orderId, filter.orderId));
  if (filter.warehouseId) conditions.push(eq(n.warehouseId, filter.warehouseId));
  if (filter.supplierId) conditions.push(eq(n.supplierId, filter.supplierId));
  if (filter.from) conditions.push(gte(n.paidAt, new Date(filter.from)));
  if (filter.to) conditions.push(lt(n.paidAt, new Date(filter.to)));
  if (filter.late != null) {
    // The request's clock (ctx.now(): a demo or test moved in time), not the database's.
    const now = ctx.now();
    conditions.push(filter.late ? and(ne(n.status, 'SHIPPED'), lt(n.dueBy, now)) : or(eq(n.status, 'SHIPPED'), gte(n.dueBy, now)));
  }
  return listTable(ctx.db, n, args, { where: and(...conditions), sort: { column: n.queueKey, direction: 'ASC' } });
}

/** An operator asks inventory again for a notice it refused (e.g. after fixing stock). */
export async function retryNotice(ctx: RequestContext, input: { id: string }): Promise<Result<ShippingNoticeRow>> {
  const problems = new Problems();
  const notice = await loadNotice(ctx, input.id);
  if (!notice) return problems.add(['input', 'id'], 'NOT_FOUND', 'No such shipping notice').refuse();
  assertCan(ctx, shippingNoticeTenancy, notice, 'manage');
  if (notice.kind !== 'WAREHOUSE' || notice.status !== 'OUTBOUND_FAILED') {
    return problems.add(['input', 'id'], 'INVALID_TRANSITION', 'Only a warehouse notice whose outbound request failed is retried').refuse();
  }
  await ctx.db.transaction((tx) => ctx.events.schedule(tx, REQUEST_OUTBOUND_JOB, { shippingNoticeId: notice.id, retry: ctx.now().getTime() }));
  return ok(notice);
}
