import { existing, toMoney, type ConnectionArgs, type RequestContext } from '@zhongtai/kit';
import type { BillLineStatus, CarrierBillLineRow, CarrierBillRow } from '../db/carrierTables.ts';
import { billLines, billSummary, findCarrierBill, loadCarrierBill } from '../domain/carrierBills.ts';
import { loadCarrier } from '../domain/carriers.ts';
import { findShipment } from '../domain/shipments.ts';
import type { CarrierBillLineResolvers, CarrierBillResolvers } from '../generated/resolvers.ts';

export const CarrierBill: CarrierBillResolvers = {
  __resolveReference: (ref: { id: string }, ctx: RequestContext) => findCarrierBill(ctx, ref.id),
  carrier: async (row: CarrierBillRow, _: unknown, ctx: RequestContext) => existing(await loadCarrier(ctx, row.carrierId), 'Carrier', row.carrierId),
  shop: (row: CarrierBillRow) => (row.shopId ? { __typename: 'Shop', id: row.shopId } : null),
  totalCost: (row: CarrierBillRow) => toMoney(row.totalCostAmount, row.currencyCode),
  summary: (row: CarrierBillRow, _: unknown, ctx: RequestContext) => billSummary(ctx, row.id),
  lines: (row: CarrierBillRow, args: ConnectionArgs & { status?: BillLineStatus | null }, ctx: RequestContext) => billLines(ctx, row.id, args, args.status),
};

export const CarrierBillLine: CarrierBillLineResolvers = {
  cost: async (row: CarrierBillLineRow, _: unknown, ctx: RequestContext) =>
    toMoney(row.costAmount, existing(await loadCarrierBill(ctx, row.billId), 'CarrierBill', row.billId).currencyCode),
  shipment: (row: CarrierBillLineRow, _: unknown, ctx: RequestContext) => (row.shipmentId ? findShipment(ctx, row.shipmentId) : null),
};
