import { and, asc, eq, notInArray, sum, type SQL } from 'drizzle-orm';
import {
  isUniqueViolation,
  newId,
  ok,
  Problems,
  requiredText,
  type ConnectionArgs,
  type RequestContext,
  type Result,
  listTable,
  rowById,
  loadScoped,
  scopedWhere,
  rowsByParent,
} from '@zhongtai/kit';
import { outboundOrderTenancy } from './tenancy.ts';
import { reservationAllocations } from '../db/tables.ts';
import { outboundOrderLines, outboundOrders, type OutboundOrderLineRow, type OutboundOrderRow } from '../db/wmsTables.ts';
import { OUTBOUND_LINE_ID_PREFIX, OUTBOUND_ORDER_ID_PREFIX } from './ids.ts';
import type { WmsFilter } from './inbound.ts';
import { reservationOfOrder } from './reservations.ts';
import { checkQuantity } from './skuQuotes.ts';
import { loadWarehouse } from './warehouses.ts';

export interface CreateOutboundOrderInput {
  shippingNoticeId: string;
  orderId: string;
  warehouseId: string;
  lines: { skuId: string; quantity: number }[];
}

async function byNotice(ctx: RequestContext, shippingNoticeId: string): Promise<OutboundOrderRow | null> {
  const [row] = await ctx.db.select().from(outboundOrders).where(eq(outboundOrders.shippingNoticeId, shippingNoticeId));
  return row ?? null;
}

/** Units of each SKU of an order already on open (not shipped, not cancelled) outbound orders in a warehouse. */
async function unitsOnOpenOrders(ctx: RequestContext, orderId: string, warehouseId: string): Promise<Map<string, number>> {
  const rows = await ctx.db
    .select({ skuId: outboundOrderLines.skuId, n: sum(outboundOrderLines.quantity) })
    .from(outboundOrderLines)
    .innerJoin(outboundOrders, eq(outboundOrders.id, outboundOrderLines.outboundOrderId))
    .where(and(eq(outboundOrders.orderId, orderId), eq(outboundOrders.warehouseId, warehouseId), notInArray(outboundOrders.status, ['SHIPPED', 'CANCELLED'])))
    .groupBy(outboundOrderLines.skuId);
  return new Map(rows.map((r) => [r.skuId, Number(r.n ?? 0)]));
}

/**
 * A warehouse job for the fulfillment center's shipping notice. Its lines must be held by the
 * order's COMMITTED (paid) reservation in this warehouse and not be on another open outbound
 * order. One per shipping notice: a repeated call returns the same outbound order.
 */
export async function createOutboundOrder(ctx: RequestContext, input: CreateOutboundOrderInput): Promise<Result<OutboundOrderRow>> {
  const problems = new Problems();
  const noticeId = requiredText(problems, input.shippingNoticeId, ['input', 'shippingNoticeId'], 'Shipping notice id', 100);
  const orderId = requiredText(problems, input.orderId, ['input', 'orderId'], 'Order id', 100);
  problems.check(input.lines.length > 0, ['input', 'lines'], 'REQUIRED', 'Ship at least one line');
  input.lines.forEach((line, i) => checkQuantity(problems, line.quantity, ['input', 'lines', String(i), 'quantity']));
  if (problems.any) return problems.refuse();
  const existing = await byNotice(ctx, noticeId!);
  if (existing)
    return existing.orderId === orderId
      ? ok(existing)
      : problems.add(['input', 'shippingNoticeId'], 'TAKEN', 'This shipping notice belongs to another order').refuse();
  const warehouse = await loadWarehouse(ctx, input.warehouseId);
  if (!warehouse) return problems.add(['input', 'warehouseId'], 'NOT_FOUND', 'No such warehouse').refuse();
  const reservation = await reservationOfOrder(ctx.db, orderId!);
  if (!reservation) return problems.add(['input', 'orderId'], 'NOT_FOUND', 'No stock is reserved for this order').refuse();
  if (reservation.status !== 'COMMITTED')
    return problems.add(['input', 'orderId'], 'INVALID_TRANSITION', `The order's reservation is ${reservation.status}, not COMMITTED (paid)`).refuse();
  const allocations = await ctx.db
    .select()
    .from(reservationAllocations)
    .where(and(eq(reservationAllocations.reservationId, reservation.id), eq(reservationAllocations.warehouseId, warehouse.id)));
  const open = await unitsOnOpenOrders(ctx, orderId!, warehouse.id);
  const seen = new Set<string>();
  const levelOf = new Map<string, string>();
  input.lines.forEach((line, i) => {
    const field = ['input', 'lines', String(i)];
    if (!problems.check(!seen.has(line.skuId), [...field, 'skuId'], 'DUPLICATE', 'Each SKU once per outbound order')) return;
    seen.add(line.skuId);
    const allocation = allocations.find((a) => a.skuId === line.skuId);
    if (!problems.check(allocation !== undefined, [...field, 'skuId'], 'NOT_FOUND', 'This SKU is not reserved for the order in this warehouse')) return;
    const { quantity, shippedQuantity, releasedQuantity } = allocation!;
    const left = quantity - shippedQuantity - releasedQuantity - (open.get(line.skuId) ?? 0);
    problems.check(line.quantity <= left, [...field, 'quantity'], 'OUT_OF_RANGE', `Only ${left} reserved units are left to ship`);
    levelOf.set(line.skuId, allocation!.stockLevelId);
  });
  if (problems.any) return problems.refuse();
  try {
    return await ctx.db.transaction(async (tx) => {
      const [row] = await tx
        .insert(outboundOrders)
        .values({ id: newId(OUTBOUND_ORDER_ID_PREFIX), shippingNoticeId: noticeId!, orderId: orderId!, warehouseId: warehouse.id, shopId: warehouse.shopId })
        .returning();
      await tx.insert(outboundOrderLines).values(
        input.lines.map((l) => ({
          id: newId(OUTBOUND_LINE_ID_PREFIX),
          outboundOrderId: row!.id,
          skuId: l.skuId,
          stockLevelId: levelOf.get(l.skuId)!,
          quantity: l.quantity,
        })),
      );
      return ok(row!);
    });
  } catch (error) {
    if (!isUniqueViolation(error, 'outbound_orders_notice_key')) throw error;
    return ok((await byNotice(ctx, noticeId!))!);
  }
}

export function loadOutboundOrder(ctx: RequestContext, id: string): Promise<OutboundOrderRow | null> {
  return rowById(ctx, 'inventory.outboundById', outboundOrders, OUTBOUND_ORDER_ID_PREFIX, id);
}

export async function findOutboundOrder(ctx: RequestContext, id: string): Promise<OutboundOrderRow | null> {
  return loadScoped(ctx, outboundOrderTenancy, loadOutboundOrder(ctx, id), 'read');
}

export function outboundLinesOf(ctx: RequestContext, outboundOrderId: string): Promise<OutboundOrderLineRow[]> {
  return rowsByParent(
    ctx,
    'inventory.outboundLines',
    outboundOrderLines,
    { parent: outboundOrderLines.outboundOrderId, orderBy: [asc(outboundOrderLines.skuId)] },
    outboundOrderId,
  );
}

export function listOutboundOrders(ctx: RequestContext, args: ConnectionArgs, filter: WmsFilter & { orderId?: string | null } = {}) {
  const conditions: (SQL | undefined)[] = [scopedWhere(ctx, outboundOrderTenancy, { shopId: filter.shopId })];
  if (filter.warehouseId) conditions.push(eq(outboundOrders.warehouseId, filter.warehouseId));
  if (filter.orderId) conditions.push(eq(outboundOrders.orderId, filter.orderId));
  if (filter.status) conditions.push(eq(outboundOrders.status, filter.status as OutboundOrderRow['status']));
  return listTable(ctx.db, outboundOrders, args, { where: and(...conditions), sort: { column: outboundOrders.createdAt, direction: 'DESC' } });
}
