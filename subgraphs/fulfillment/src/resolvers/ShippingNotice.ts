import { type RequestContext } from '@zhongtai/kit';
import type { ShippingNoticeRow } from '../db/tables.ts';
import { isLateNotice } from '../domain/attention.ts';
import { findNotice, noticeLinesOf } from '../domain/notices.ts';
import { shipmentOfNotice } from '../domain/shipments.ts';
import type { ShippingNoticeLineResolvers, ShippingNoticeResolvers } from '../generated/resolvers.ts';
import { shopRef, orderRef, warehouseRef, skuRef, supplierRef } from './refs.ts';

export const ShippingNotice: ShippingNoticeResolvers = {
  __resolveReference: (ref: { id: string }, ctx: RequestContext) => findNotice(ctx, ref.id),
  order: orderRef,
  shop: shopRef,
  warehouse: warehouseRef,
  supplier: supplierRef,
  lines: (row: ShippingNoticeRow, _: unknown, ctx: RequestContext) => noticeLinesOf(ctx, row.id),
  shipment: (row: ShippingNoticeRow, _: unknown, ctx: RequestContext) => shipmentOfNotice(ctx, row.id),
  late: (row: ShippingNoticeRow) => isLateNotice(row),
  awaitingCustoms: (row: ShippingNoticeRow) => row.customsHold,
};

export const ShippingNoticeLine: ShippingNoticeLineResolvers = { sku: skuRef };
