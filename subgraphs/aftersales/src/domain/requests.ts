import { and, asc, count, eq, inArray, isNotNull, isNull, type SQL } from 'drizzle-orm';
import {
  badUserInput,
  fulfillmentService,
  isId,
  isUniqueViolation,
  listTable,
  newId,
  ok,
  optionalText,
  ordersService,
  Problems,
  RECORD_SKIPPED_RISK_JOB,
  rowById,
  toMinor,
  type ConnectionArgs,
  type RequestContext,
  type Result,
  rowsByParent,
} from '@zhongtai/kit';
import {
  afterSaleRequests,
  afterSaleSteps,
  OPEN_STATUSES,
  type AfterSaleRequestRow,
  type AfterSaleStatus,
  type AfterSaleStepRow,
  type AfterSaleType,
  type ReasonCode,
} from '../db/tables.ts';
import { assertCanRead, assertOwnCustomer, customerListCondition, staffListCondition } from './access.ts';
import { afterSaleTimers } from './config.ts';
import { AFTER_SALE_ID_PREFIX, AFTER_SALE_STEP_ID_PREFIX, ORDER_ID_PREFIX, ORDER_LINE_ID_PREFIX } from './ids.ts';
import { checkReplacement } from './replacementCheck.ts';
import { assessRequest } from './requestRisk.ts';
import { checkRequestable, lineShare, type LineVouchers } from './rules.ts';

export const AUTO_APPROVE_JOB = 'autoApprove';
const MAX_PHOTOS = 9;

export interface FileRequestInput {
  orderId: string;
  orderLineId: string;
  type: AfterSaleType;
  quantity: number;
  reasonCode: ReasonCode;
  reasonText?: string | null;
  photoUrls?: string[] | null;
  /** EXCHANGE: the SKU wanted instead (default: the line's own). */
  replacementSkuId?: string | null;
}

export function loadRequest(ctx: RequestContext, id: string): Promise<AfterSaleRequestRow | null> {
  return rowById(ctx, 'aftersales.requestById', afterSaleRequests, AFTER_SALE_ID_PREFIX, id);
}

/** One request, for whoever may read it (FORBIDDEN otherwise); null when there is none. */
export async function findRequest(ctx: RequestContext, id: string): Promise<AfterSaleRequestRow | null> {
  const row = await loadRequest(ctx, id);
  if (row) assertCanRead(ctx, row);
  return row;
}

/**
 * 申请售后: the customer asks about units of one line of their own order. The order center says
 * what the line is and how far the order got; this center knows what was already asked. The
 * partial unique index `after_sale_requests_open_line` keeps one open request per line even when
 * several arrive at once. A request nobody answers is approved by a job after the configured time.
 */
export async function fileRequest(ctx: RequestContext, input: FileRequestInput): Promise<Result<AfterSaleRequestRow>> {
  const problems = new Problems();
  if (!isId(ORDER_ID_PREFIX, input.orderId)) problems.add(['input', 'orderId'], 'INVALID_ID', `"${input.orderId}" is not an order id`);
  if (!isId(ORDER_LINE_ID_PREFIX, input.orderLineId)) problems.add(['input', 'orderLineId'], 'INVALID_ID', `"${input.orderLineId}" is not an order line id`);
  const reasonText = optionalText(problems, input.reasonText, ['input', 'reasonText'], 'Reason', 500);
  const photoUrls = checkPhotos(problems, input.photoUrls ?? []);
  if (input.reasonCode === 'OTHER') problems.check(Boolean(reasonText), ['input', 'reasonText'], 'REQUIRED', 'Say what is wrong');
  if (input.replacementSkuId != null)
    problems.check(input.type === 'EXCHANGE', ['input', 'replacementSkuId'], 'INVALID', 'Only an exchange names a replacement');
  if (problems.any) return problems.refuse();

  const { afterSaleOrder: order } = await ctx.services.call(ordersService.afterSaleOrder, { id: input.orderId });
  if (!order) return problems.add(['input', 'orderId'], 'NOT_FOUND', `Order ${input.orderId} not found`).refuse();
  assertOwnCustomer(ctx, order.memberId);
  const line = order.lines.find((l) => l.id === input.orderLineId);
  if (!line) return problems.add(['input', 'orderLineId'], 'NOT_FOUND', 'Not a line of this order').refuse();

  const earlier = await ctx.db.select().from(afterSaleRequests).where(eq(afterSaleRequests.orderLineId, line.id));
  if (earlier.some((r) => isOpen(r.status)))
    return problems.add(['input', 'orderLineId'], 'DUPLICATE', 'This line already has an open after-sale request').refuse();
  const refundedUnits = earlier.filter((r) => r.status === 'REFUNDED').reduce((n, r) => n + r.quantity, 0);
  const timers = afterSaleTimers();
  checkRequestable(problems, order, line, {
    type: input.type,
    quantity: input.quantity,
    alreadyRequested: refundedUnits,
    now: ctx.now(),
    returnWindowSeconds: timers.returnWindowSeconds,
    vouchers: line.productType === 'PHYSICAL' ? null : await lineVouchers(ctx, order.id, line.id),
  });
  if (problems.any) return problems.refuse();
  const replacementSkuId = input.type === 'EXCHANGE' ? await checkReplacement(ctx, problems, line, input.quantity, input.replacementSkuId) : null;
  if (problems.any) return problems.refuse();

  const amount = input.type === 'EXCHANGE' ? 0n : lineShare(toMinor(line.finalAmount), line.quantity, refundedUnits, input.quantity);
  const id = newId(AFTER_SALE_ID_PREFIX);
  const risk = await assessRequest(ctx, { id, memberId: order.memberId, refundAmount: amount, currency: order.currencyCode });
  if ('refusal' in risk) return problems.add(risk.refusal.field, risk.refusal.code, risk.refusal.message).refuse();
  const autoApproveAt = new Date(ctx.now().getTime() + timers.autoApproveSeconds * 1000);
  try {
    const row = await ctx.db.transaction(async (tx) => {
      const [inserted] = await tx
        .insert(afterSaleRequests)
        .values({
          id,
          orderId: order.id,
          orderLineId: line.id,
          shopId: order.shopId,
          memberId: order.memberId,
          skuId: line.skuId,
          type: input.type,
          quantity: input.quantity,
          inTransit: input.type === 'REFUND_ONLY' && line.shippedQuantity > 0,
          reasonCode: input.reasonCode,
          reasonText,
          photoUrls,
          currency: order.currencyCode,
          refundAmount: amount,
          replacementSkuId,
          // REVIEW: never approved automatically, so no deadline to show.
          autoApproveAt: risk.review ? null : autoApproveAt,
        })
        .returning();
      if (!inserted) throw new Error('insert returned no row');
      await tx.insert(afterSaleSteps).values({
        id: newId(AFTER_SALE_STEP_ID_PREFIX),
        requestId: id,
        fromStatus: null,
        toStatus: 'PENDING',
        reason: reasonText ?? input.reasonCode,
        actor: ctx.claims?.subject ?? 'system',
      });
      // Held for a risk review: no automatic approval; staff decide it (the REFUND verdict is in riskAssessments).
      if (!risk.review) await ctx.events.schedule(tx, AUTO_APPROVE_JOB, { requestId: id }, { startAfter: autoApproveAt, singletonKey: `approve-${id}` });
      if (risk.skipped) await ctx.events.schedule(tx, RECORD_SKIPPED_RISK_JOB, { input: risk.skipped }, { singletonKey: `risk-skipped-${id}` });
      // Analytics reports refunds by the reason of the request they came from.
      await ctx.events.publish(tx, 'AfterSaleFiled', {
        requestId: id,
        orderId: inserted.orderId,
        orderLineId: inserted.orderLineId,
        shopId: inserted.shopId,
        memberId: inserted.memberId,
        type: inserted.type,
        reasonCode: inserted.reasonCode,
        quantity: inserted.quantity,
        filedAt: ctx.now().toISOString(),
      });
      return inserted;
    });
    return ok(row);
  } catch (error) {
    if (isUniqueViolation(error, 'after_sale_requests_open_line'))
      return problems.add(['input', 'orderLineId'], 'DUPLICATE', 'This line already has an open after-sale request').refuse();
    throw error;
  }
}

export const isOpen = (status: AfterSaleStatus) => (OPEN_STATUSES as readonly string[]).includes(status);

function checkPhotos(problems: Problems, urls: string[]): string[] {
  problems.check(urls.length <= MAX_PHOTOS, ['input', 'photoUrls'], 'TOO_MANY', `At most ${MAX_PHOTOS} photos`);
  urls.forEach((url, i) => {
    const field = ['input', 'photoUrls', String(i)];
    if (!problems.check(url.length <= 500, field, 'TOO_LONG', 'A photo URL is at most 500 characters')) return;
    problems.check(/^https?:\/\/[^\s]+$/.test(url), field, 'INVALID', 'A photo is an http(s) URL');
  });
  return urls;
}

/** The line's vouchers, counted: redeemed, and refundable now (fulfillment applies the product's rule at its clock). */
async function lineVouchers(ctx: RequestContext, orderId: string, orderLineId: string): Promise<LineVouchers | null> {
  const { serviceVouchers } = await ctx.services.call(fulfillmentService.serviceVouchersOfOrder, { orderId });
  const ofLine = serviceVouchers.filter((v) => v.orderLineId === orderLineId);
  const [first] = ofLine;
  if (!first) return null;
  const [earliestEnd] = ofLine
    .map((v) => v.expiresAt)
    .filter((e): e is string => e !== null)
    .sort();
  return {
    redeemed: ofLine.filter((v) => v.status === 'REDEEMED').length,
    refundable: ofLine.filter((v) => v.refundable).length,
    refundRule: first.refundRule,
    expiresAt: earliestEnd ?? null,
  };
}

export interface RequestFilter {
  shopId?: string | null;
  orderId?: string | null;
  status?: AfterSaleStatus[] | null;
  type?: AfterSaleType | null;
  /** Refunds refused and waiting for an operator's retry (true), or the others (false). */
  refundFailed?: boolean | null;
}

/**
 * Staff lists: a merchant's own shop, operators every shop. Oldest first (a merchant works the
 * queue from the request whose automatic approval comes first).
 */
export function listRequests(ctx: RequestContext, args: ConnectionArgs, filter: RequestFilter = {}) {
  return list(ctx, args, staffListCondition(ctx, filter.shopId), filter);
}

/** The signed-in customer's requests, oldest first. */
export function listMyRequests(ctx: RequestContext, args: ConnectionArgs, filter: RequestFilter = {}) {
  return list(ctx, args, customerListCondition(ctx), filter);
}

function list(ctx: RequestContext, args: ConnectionArgs, scope: SQL | undefined, filter: RequestFilter) {
  const r = afterSaleRequests;
  const conditions: (SQL | undefined)[] = [scope];
  if (filter.orderId) conditions.push(eq(r.orderId, filter.orderId));
  if (filter.status?.length) conditions.push(inArray(r.status, filter.status));
  if (filter.type) conditions.push(eq(r.type, filter.type));
  if (filter.refundFailed != null) conditions.push(filter.refundFailed ? isNotNull(r.refundFailedAt) : isNull(r.refundFailedAt));
  return listTable(ctx.db, r, args, { where: and(...conditions), sort: { column: r.createdAt, direction: 'ASC' } });
}

/** How many of the requests the caller may see are in each status (the tabs of a work list). */
export async function countRequestsByStatus(ctx: RequestContext, filter: RequestFilter = {}): Promise<{ status: AfterSaleStatus; count: number }[]> {
  const r = afterSaleRequests;
  const where = and(
    staffListCondition(ctx, filter.shopId),
    filter.orderId ? eq(r.orderId, filter.orderId) : undefined,
    filter.type ? eq(r.type, filter.type) : undefined,
  );
  return ctx.db.select({ status: r.status, count: count() }).from(r).where(where).groupBy(r.status);
}

/** Requests of an order (Order.afterSales), batched for a page of orders. */
export function requestsOfOrder(ctx: RequestContext, orderId: string): Promise<AfterSaleRequestRow[]> {
  return rowsByParent(
    ctx,
    'aftersales.byOrder',
    afterSaleRequests,
    { parent: afterSaleRequests.orderId, orderBy: [asc(afterSaleRequests.createdAt), asc(afterSaleRequests.id)] },
    orderId,
  );
}

export function stepsOf(ctx: RequestContext, requestId: string): Promise<AfterSaleStepRow[]> {
  return rowsByParent(
    ctx,
    'aftersales.steps',
    afterSaleSteps,
    { parent: afterSaleSteps.requestId, orderBy: [asc(afterSaleSteps.createdAt), asc(afterSaleSteps.id)] },
    requestId,
  );
}

/** Which of the orders have a request still open (finance holds their settlement until it closes). At most 1,000 ids. */
export async function openRequestOrders(ctx: RequestContext, orderIds: string[]): Promise<string[]> {
  if (orderIds.length > 1000) throw badUserInput('At most 1,000 orders at a time');
  if (!orderIds.length) return [];
  const rows = await ctx.db
    .selectDistinct({ orderId: afterSaleRequests.orderId })
    .from(afterSaleRequests)
    .where(and(inArray(afterSaleRequests.orderId, orderIds), inArray(afterSaleRequests.status, [...OPEN_STATUSES])));
  return rows.map((r) => r.orderId);
}
