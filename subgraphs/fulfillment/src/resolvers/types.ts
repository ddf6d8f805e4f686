import { existing, toMoney, type ConnectionArgs, type RequestContext, can } from '@zhongtai/kit';
import type { FreightRuleRow, FreightTemplateRow, NoticeStatus, ServiceVoucherRow, ShippingNoticeRow } from '../db/tables.ts';
import type { ShipmentLineRow, ShipmentRow, TrackingEventRow } from '../db/shipmentTables.ts';
import { isLateNotice, isLateShipment } from '../domain/attention.ts';
import { loadCarrier } from '../domain/carriers.ts';
import { findTemplate, loadTemplate, rulesOf } from '../domain/freightTemplates.ts';
import { findNotice, listNotices, loadNotice, noticeLinesOf, noticesOfOrder } from '../domain/notices.ts';
import { findShipment, shipmentLinesOf, shipmentOfNotice, shipmentsOfOrder, timelineOf } from '../domain/shipments.ts';
import type { CarrierResolvers, FreightRuleResolvers, FreightTemplateResolvers, OrderResolvers, ServiceVoucherResolvers, ShipmentLineResolvers, ShipmentResolvers, ShippingNoticeLineResolvers, ShippingNoticeResolvers, SupplierResolvers, TrackingEventResolvers } from '../generated/resolvers.ts';
import { shipmentTenancy, shippingNoticeTenancy } from '../domain/tenancy.ts';

type Ctx = RequestContext;
const shopRef = (row: { shopId: string }) => ({ __typename: 'Shop', id: row.shopId });
const orderRef = (row: { orderId: string }) => ({ __typename: 'Order', id: row.orderId });
const warehouseRef = (row: { warehouseId: string | null }) => (row.warehouseId ? { __typename: 'Warehouse', id: row.warehouseId } : null);
const skuRef = (row: { skuId: string }) => ({ __typename: 'Sku', id: row.skuId });
const supplierRef = (row: { supplierId: string | null }) => (row.supplierId ? { __typename: 'Supplier', id: row.supplierId } : null);

/** Procurement's supplier: its drop-ship work list. Scoped like every notice list (a merchant: its shop's). */
export const Supplier: SupplierResolvers = {
  __resolveReference: (ref: { id: string }) => ({ id: ref.id }),
  shippingNotices: (supplier: { id: string }, args: ConnectionArgs & { status?: NoticeStatus | null }, ctx: Ctx) =>
    listNotices(ctx, args, { supplierId: supplier.id, status: args.status }),
};

/**
 * Order's fulfillment side, batched by order id for a page of orders. Rows the caller may not
 * read (another shop's, another customer's) are left out, never an error in the middle of a list.
 */
export const Order: OrderResolvers = {
  __resolveReference: (ref: { id: string }) => ({ id: ref.id }),
  shipments: async (order: { id: string }, _: unknown, ctx: Ctx) => (await shipmentsOfOrder(ctx, order.id)).filter((r) => can(ctx, shipmentTenancy, r, 'read')),
  shippingNotices: async (order: { id: string }, _: unknown, ctx: Ctx) => (await noticesOfOrder(ctx, order.id)).filter((r) => can(ctx, shippingNoticeTenancy, r, 'read')),
};

export const FreightTemplate: FreightTemplateResolvers = {
  __resolveReference: (ref: { id: string }, ctx: Ctx) => findTemplate(ctx, ref.id),
  shop: shopRef,
  freeOverAmount: (row: FreightTemplateRow) => (row.freeOverAmount === null ? null : toMoney(row.freeOverAmount, row.currencyCode)),
  rules: (row: FreightTemplateRow, _: unknown, ctx: Ctx) => rulesOf(ctx, row.id),
};

export const FreightRule: FreightRuleResolvers = {
  firstPrice: async (row: FreightRuleRow, _: unknown, ctx: Ctx) => toMoney(row.firstPrice, existing(await loadTemplate(ctx, row.templateId), 'FreightTemplate', row.templateId).currencyCode),
  additionalPrice: async (row: FreightRuleRow, _: unknown, ctx: Ctx) => toMoney(row.additionalPrice, existing(await loadTemplate(ctx, row.templateId), 'FreightTemplate', row.templateId).currencyCode),
};

export const Carrier: CarrierResolvers = {
  __resolveReference: (ref: { id: string }, ctx: Ctx) => loadCarrier(ctx, ref.id),
};

export const ShippingNotice: ShippingNoticeResolvers = {
  __resolveReference: (ref: { id: string }, ctx: Ctx) => findNotice(ctx, ref.id),
  order: orderRef,
  shop: shopRef,
  warehouse: warehouseRef,
  supplier: supplierRef,
  lines: (row: ShippingNoticeRow, _: unknown, ctx: Ctx) => noticeLinesOf(ctx, row.id),
  shipment: (row: ShippingNoticeRow, _: unknown, ctx: Ctx) => shipmentOfNotice(ctx, row.id),
  late: (row: ShippingNoticeRow) => isLateNotice(row),
};

export const ShippingNoticeLine: ShippingNoticeLineResolvers = { sku: skuRef };

export const Shipment: ShipmentResolvers = {
  __resolveReference: (ref: { id: string }, ctx: Ctx) => findShipment(ctx, ref.id),
  order: orderRef,
  shop: shopRef,
  warehouse: warehouseRef,
  supplier: supplierRef,
  shippingNotice: async (row: ShipmentRow, _: unknown, ctx: Ctx) => existing(await loadNotice(ctx, row.noticeId), 'ShippingNotice', row.noticeId),
  carrier: async (row: ShipmentRow, _: unknown, ctx: Ctx) => existing(await loadCarrier(ctx, row.carrierId), 'Carrier', row.carrierId),
  packages: async (row: ShipmentRow, _: unknown, ctx: Ctx) => {
    const byNumber = new Map<number, ShipmentLineRow[]>();
    for (const line of await shipmentLinesOf(ctx, row.id)) byNumber.set(line.packageNumber, [...(byNumber.get(line.packageNumber) ?? []), line]);
    return [...byNumber].map(([number, lines]) => ({ number, lines }));
  },
  timeline: (row: ShipmentRow, _: unknown, ctx: Ctx) => timelineOf(ctx, row.id),
  late: (row: ShipmentRow) => isLateShipment(row),
};

export const ShipmentLine: ShipmentLineResolvers = { sku: skuRef };
export const TrackingEvent: TrackingEventResolvers = { receivedAt: (row: TrackingEventRow) => row.createdAt };
export const ServiceVoucher: ServiceVoucherResolvers = { sku: (row: ServiceVoucherRow) => skuRef(row) };
