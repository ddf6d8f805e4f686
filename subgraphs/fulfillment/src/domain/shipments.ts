import { and, asc, eq, gte, isNotNull, isNull, lt, sql, type SQL } from 'drizzle-orm';
import {
  badUserInput,
  listTable,
  loadScoped,
  parseMoney,
  Problems,
  rowById,
  rowsByParent,
  scopedWhere,
  type ConnectionArgs,
  type MoneyInput,
  type RequestContext,
} from '@zhongtai/kit';
import { shipmentTenancy } from './tenancy.ts';
import {
  shipmentLines,
  shipments,
  trackingEvents,
  type ShipmentLineRow,
  type ShipmentRow,
  type TrackingEventRow,
  type TrackingStatus,
} from '../db/shipmentTables.ts';
import { SHIPMENT_ID_PREFIX } from './ids.ts';
import { trackingSubscriptions, type TrackingSubscriptionRow } from '../db/carrierTables.ts';
import type { WorkListFilter } from './notices.ts';

export function loadShipment(ctx: RequestContext, id: string): Promise<ShipmentRow | null> {
  return rowById(ctx, 'fulfillment.shipmentById', shipments, SHIPMENT_ID_PREFIX, id);
}

export async function findShipment(ctx: RequestContext, id: string): Promise<ShipmentRow | null> {
  return loadScoped(ctx, shipmentTenancy, loadShipment(ctx, id), 'read');
}

export function shipmentsOfOrder(ctx: RequestContext, orderId: string): Promise<ShipmentRow[]> {
  return rowsByParent(
    ctx,
    'fulfillment.shipmentsByOrder',
    shipments,
    { parent: shipments.orderId, orderBy: [asc(shipments.shippedAt), asc(shipments.id)] },
    orderId,
  );
}

export function shipmentOfNotice(ctx: RequestContext, noticeId: string): Promise<ShipmentRow | null> {
  return rowsByParent(ctx, 'fulfillment.shipmentByNotice', shipments, { parent: shipments.noticeId }, noticeId).then((rows) => rows[0] ?? null);
}

export function shipmentLinesOf(ctx: RequestContext, shipmentId: string): Promise<ShipmentLineRow[]> {
  return rowsByParent(
    ctx,
    'fulfillment.shipmentLines',
    shipmentLines,
    { parent: shipmentLines.shipmentId, orderBy: [asc(shipmentLines.packageNumber), asc(shipmentLines.orderLineId)] },
    shipmentId,
  );
}

/** The tracking timeline, in the order things happened (not the order they arrived). */
export function timelineOf(ctx: RequestContext, shipmentId: string): Promise<TrackingEventRow[]> {
  return rowsByParent(
    ctx,
    'fulfillment.timeline',
    trackingEvents,
    { parent: trackingEvents.shipmentId, orderBy: [asc(trackingEvents.occurredAt), asc(trackingEvents.id)] },
    shipmentId,
  );
}

export type ShipmentFilter = WorkListFilter & {
  status?: TrackingStatus | null;
  carrierCode?: string | null;
  /** Only parcels a carrier's bill has costed (true), or not yet (false). */
  costed?: boolean | null;
  /** Only costed parcels whose freight margin is below this: 0.00 lists the loss-makers. */
  marginBelow?: MoneyInput | null;
};

/** ATTENTION: the work list's order; MARGIN_*: costed parcels by freight margin (charged minus real cost). */
export type ShipmentSort = 'ATTENTION' | 'MARGIN_ASC' | 'MARGIN_DESC';

/** Admin and merchant list: exceptions first, then late ones, then by promised delivery (attention.ts). */
export function listShipments(ctx: RequestContext, args: ConnectionArgs, filter: ShipmentFilter = {}, sort: ShipmentSort = 'ATTENTION') {
  const s = shipments;
  const conditions: (SQL | undefined)[] = [scopedWhere(ctx, shipmentTenancy, { shopId: filter.shopId })];
  if (filter.status) conditions.push(eq(s.status, filter.status));
  if (filter.carrierCode) conditions.push(eq(s.carrierCode, filter.carrierCode.trim().toUpperCase()));
  if (filter.orderId) conditions.push(eq(s.orderId, filter.orderId));
  if (filter.warehouseId) conditions.push(eq(s.warehouseId, filter.warehouseId));
  if (filter.from) conditions.push(gte(s.shippedAt, new Date(filter.from)));
  if (filter.to) conditions.push(lt(s.shippedAt, new Date(filter.to)));
  if (filter.late != null)
    conditions.push(filter.late ? sql`(${s.progress} <> 'DELIVERED' and ${s.dueBy} < now())` : sql`not (${s.progress} <> 'DELIVERED' and ${s.dueBy} < now())`);
  if (filter.costed != null) conditions.push(filter.costed ? isNotNull(s.realCostAmount) : isNull(s.realCostAmount));
  if (filter.marginBelow) {
    const problems = new Problems();
    const below = parseMoney(filter.marginBelow, problems, ['filter', 'marginBelow']);
    if (below === undefined) throw badUserInput(problems.errors[0]?.message ?? 'Not an amount', ['filter', 'marginBelow']);
    conditions.push(lt(s.freightMarginAmount, below));
  }
  if (sort === 'ATTENTION') return listTable(ctx.db, s, args, { where: and(...conditions), sort: { column: s.queueKey, direction: 'ASC' } });
  // A parcel with no margin yet has no place in a margin order.
  conditions.push(isNotNull(s.freightMarginAmount));
  return listTable(ctx.db, s, args, { where: and(...conditions), sort: { column: s.freightMarginAmount, direction: sort === 'MARGIN_ASC' ? 'ASC' : 'DESC' } });
}

/** A parcel's subscription at a tracking aggregator, batched for a page of shipments. */
export function trackingSubscriptionOf(ctx: RequestContext, shipmentId: string): Promise<TrackingSubscriptionRow | null> {
  return rowsByParent(ctx, 'fulfillment.trackingSubscription', trackingSubscriptions, { parent: trackingSubscriptions.shipmentId }, shipmentId).then(
    (rows) => rows[0] ?? null,
  );
}
