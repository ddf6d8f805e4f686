import { existing, toMoney, type RequestContext } from '@zhongtai/kit';
import type { ShipmentLineRow, ShipmentRow, TrackingEventRow } from '../db/shipmentTables.ts';
import { isLateShipment } from '../domain/attention.ts';
import { loadCarrier } from '../domain/carriers.ts';
import { loadNotice } from '../domain/notices.ts';
import { findShipment, shipmentLinesOf, timelineOf, trackingSubscriptionOf } from '../domain/shipments.ts';
import type { ShipmentLineResolvers, ShipmentResolvers, TrackingEventResolvers } from '../generated/resolvers.ts';
import { shopRef, orderRef, warehouseRef, skuRef, supplierRef } from './refs.ts';

export const Shipment: ShipmentResolvers = {
  __resolveReference: (ref: { id: string }, ctx: RequestContext) => findShipment(ctx, ref.id),
  order: orderRef,
  shop: shopRef,
  warehouse: warehouseRef,
  supplier: supplierRef,
  shippingNotice: async (row: ShipmentRow, _: unknown, ctx: RequestContext) => existing(await loadNotice(ctx, row.noticeId), 'ShippingNotice', row.noticeId),
  carrier: async (row: ShipmentRow, _: unknown, ctx: RequestContext) => existing(await loadCarrier(ctx, row.carrierId), 'Carrier', row.carrierId),
  packages: async (row: ShipmentRow, _: unknown, ctx: RequestContext) => {
    const byNumber = new Map<number, ShipmentLineRow[]>();
    for (const line of await shipmentLinesOf(ctx, row.id)) byNumber.set(line.packageNumber, [...(byNumber.get(line.packageNumber) ?? []), line]);
    return [...byNumber].map(([number, lines]) => ({ number, lines }));
  },
  timeline: (row: ShipmentRow, _: unknown, ctx: RequestContext) => timelineOf(ctx, row.id),
  late: (row: ShipmentRow) => isLateShipment(row),
  freightCharged: (row: ShipmentRow) => money(row.freightChargedAmount, row),
  realCost: (row: ShipmentRow) => money(row.realCostAmount, row),
  freightMargin: (row: ShipmentRow) => money(row.freightMarginAmount, row),
  trackingSubscription: (row: ShipmentRow, _: unknown, ctx: RequestContext) => trackingSubscriptionOf(ctx, row.id),
};

const money = (amount: bigint | null, row: ShipmentRow) => (amount === null || !row.currencyCode ? null : toMoney(amount, row.currencyCode));

export const ShipmentLine: ShipmentLineResolvers = { sku: skuRef };
export const TrackingEvent: TrackingEventResolvers = { receivedAt: (row: TrackingEventRow) => row.createdAt };
